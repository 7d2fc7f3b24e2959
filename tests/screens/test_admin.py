"""The admin panel through real touches: the knock, the PIN pad, the lock-out, the panel."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kiosk import harness
from kiosk.admin import PinGate, hash_pin
from kiosk.app import KNOCK_CORNER_MM

PIN = "2468"


class Moment:
    def __init__(self) -> None:
        self.value = 5000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def admin(app):
    now = Moment()
    saved_gate, saved_knock_now = app.pin_gate, app.knock.now
    app.pin_gate = PinGate(hash_pin(PIN), attempts=3, lock_seconds=300, now=now)
    app.knock.now = now
    app.knock.other_tap()
    yield now
    app.pin_gate, app.knock.now = saved_gate, saved_knock_now
    app.reset()
    harness.settle()


def corner():
    from kivy.core.window import Window

    return 10, Window.height - 10


def knock(app, now, taps=5, gap=0.4):
    for _ in range(taps):
        harness.tap_at(*corner())
        now.value += gap


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        harness.pump(1)
        if condition():
            return True
        time.sleep(0.01)
    return False


def type_pin(app, digits):
    keys = {key.key: key for key in app.pin_pad.ids["keys"].children}
    for digit in [*digits, "ok"]:
        harness.tap(keys[digit])


def test_the_knock_corner_is_where_a_hand_reaches_it(app):
    assert KNOCK_CORNER_MM * app.px_per_mm() >= 40  # some 4 cm: findable for staff, not hit by chance


def test_five_taps_in_the_corner_open_the_pin_pad(app, admin):
    harness.tap_at(540, 960)  # leave the attract screen
    knock(app, admin, taps=4)
    assert app.pin_pad.parent is None
    knock(app, admin, taps=1)
    assert app.pin_pad.parent is not None
    assert app.manager.current == "home"  # the taps did nothing else


def test_slow_taps_do_not_open_it(app, admin):
    harness.tap_at(540, 960)
    knock(app, admin, taps=7, gap=0.8)
    assert app.pin_pad.parent is None


def test_without_a_configured_hash_the_knock_opens_nothing(app):
    assert not app.pin_gate.enabled  # the shipped config has no hash
    harness.tap_at(540, 960)
    for _ in range(5):
        harness.tap_at(*corner())
    assert app.pin_pad.parent is None


def test_the_right_pin_opens_the_panel(app, admin):
    harness.tap_at(540, 960)
    knock(app, admin)
    type_pin(app, PIN)
    assert wait_for(lambda: app.manager.current == "admin")
    assert app.pin_pad.parent is None
    screen = app.manager.get_screen("admin")
    assert wait_for(lambda: len(screen.rows) == 7)
    harness.settle()
    labels = dict(screen.rows)
    assert labels["Kiosk"] == app.kiosk_config.kiosk_id
    assert labels["Standort"] == app.kiosk_config.location
    assert labels["Inhalt"].startswith("Version installiert")
    assert labels["Netz"].startswith("kein Feed")
    assert labels["Speicher"].endswith(")") and " MB" in labels["Speicher"]
    texts = [item["text"] for item in harness.visible_texts(app.manager)]
    assert "Rathaus Flensburg" in texts and "Synchronisieren" in texts


def test_dots_not_digits(app, admin):
    harness.tap_at(540, 960)
    knock(app, admin)
    keys = {key.key: key for key in app.pin_pad.ids["keys"].children}
    for digit in "24":
        harness.tap(keys[digit])
    assert app.pin_pad.ids.dots.text == "••"
    harness.tap(keys["del"])
    assert app.pin_pad.ids.dots.text == "•"


def test_three_wrong_pins_lock_the_pad(app, admin):
    harness.tap_at(540, 960)
    knock(app, admin)
    for attempt in range(2):
        type_pin(app, "1111")
        assert wait_for(lambda: app.pin_pad.message == "Falsche PIN."), attempt
    type_pin(app, "1111")
    assert wait_for(lambda: app.pin_pad.message.startswith("Zu viele falsche PINs"))
    assert "5:00" in app.pin_pad.message
    type_pin(app, PIN)  # the right PIN, but locked
    assert wait_for(lambda: app.pin_pad.message.startswith("Zu viele"))
    harness.pump(5)
    assert app.manager.current != "admin"
    admin.value += 301
    type_pin(app, PIN)
    assert wait_for(lambda: app.manager.current == "admin")


def test_cancel_closes_the_pad(app, admin):
    harness.tap_at(540, 960)
    knock(app, admin)
    harness.tap(app.pin_pad.ids.cancel)
    # Kivy fades a modal out (0.1 s) before it leaves the window; settling ends when the layout stops
    # changing, which with cheap frames can come before the fade's end
    assert harness.pump_until(lambda: app.pin_pad.parent is None, 2.0)
    assert app.manager.current == "home"


def open_panel(app):
    app.show_admin()
    harness.settle()
    return app.manager.get_screen("admin")


def test_test_pattern_opens_and_any_touch_closes_it(app):
    screen = open_panel(app)
    harness.tap(screen.ids.pattern)
    assert app.test_pattern.parent is not None
    harness.tap_at(300, 300)
    assert harness.pump_until(lambda: app.test_pattern.parent is None, 2.0)  # after the modal's fade-out
    assert app.manager.current == "admin"


def test_sync_now_wakes_the_worker(app):
    screen = open_panel(app)
    harness.tap(screen.ids.sync)
    assert "Kein Feed" in screen.notice

    class Worker:
        woken = 0

        def sync_now(self):
            self.woken += 1

        def stop(self):
            pass

    app.worker = worker = Worker()
    try:
        harness.tap(screen.ids.sync)
        assert worker.woken == 1 and "angestoßen" in screen.notice
    finally:
        app.worker = None


@pytest.mark.parametrize(("button", "restart"), [("restart", True), ("leave", False)])
def test_restart_and_leave_stop_the_app(app, monkeypatch, button, restart):
    stopped = []
    monkeypatch.setattr(app, "stop", lambda *args: stopped.append(True))
    screen = open_panel(app)
    try:
        harness.tap(screen.ids[button])
        assert stopped == [True] and app.leaving and app.restart_requested is restart
        from kivy.core.window import Window

        assert not Window.dispatch("on_request_close")  # now the window may close
    finally:
        app.leaving = app.restart_requested = False


def test_the_panel_closes_for_the_next_visitor(app, admin):
    screen = open_panel(app)
    harness.tap(screen.ids.close)
    assert app.manager.current == "attract"
    open_panel(app)
    app.test_pattern.open()
    harness.pump(2)
    app.reset()  # what the idle timeout does
    harness.settle()
    assert harness.pump_until(lambda: app.test_pattern.parent is None, 2.0)  # after the modal's fade-out
    assert app.manager.current == "attract"


def test_hash_pin_command():
    result = subprocess.run([sys.executable, "-m", "kiosk", "hash-pin", "--stdin"], input="97531\n",
                            capture_output=True, text=True, check=True)  # fmt: skip
    stored = result.stdout.split('"')[1]
    from kiosk.admin import verify_pin

    assert verify_pin("97531", stored) and "97531" not in result.stdout
