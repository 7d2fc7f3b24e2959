"""The harness that drives the kiosk without a main loop."""

from __future__ import annotations

import time

from kiosk import harness


def test_pump_for_lets_a_due_interval_run_even_after_one_slow_frame(app):
    from kivy.clock import Clock

    fired = []
    Clock.schedule_once(lambda _dt: time.sleep(0.5), 0)  # one frame that takes all of the time
    event = Clock.schedule_interval(lambda _dt: fired.append(time.monotonic()), 0.25)
    try:
        harness.pump_for(0.4)
    finally:
        event.cancel()
    assert fired, "an interval of 0.25 s never ran in 0.4 s of frames"
