"""The admin panel for staff: the PIN pad, the panel itself and a test pattern.

German only: it is for the city's staff, never for visitors. The PIN is checked and the
status collected on worker threads; results come back through Kivy's clock.
"""

from __future__ import annotations

import logging
import threading
import time

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk import paths, status
from kiosk.widgets import ReusableModal

log = logging.getLogger("kiosk.admin")


class PinPad(ReusableModal):
    """Digits, delete, OK. Shows dots, never the digits."""

    entered = StringProperty("")
    message = StringProperty("")
    MAX_DIGITS = 12

    def on_open(self) -> None:
        self.entered = ""
        gate = App.get_running_app().pin_gate
        self.message = self._locked_message(gate.locked_for()) if gate.locked_for() else ""

    def press(self, key: str) -> None:
        if key == "del":
            self.entered = self.entered[:-1]
        elif key == "ok":
            self.submit()
        elif len(self.entered) < self.MAX_DIGITS:
            self.entered += key

    def submit(self) -> None:
        pin, self.entered = self.entered, ""
        gate = App.get_running_app().pin_gate
        self.message = "Prüfe ..."

        def check() -> None:  # scrypt takes ~50 ms: not on the UI thread
            result = gate.check(pin)
            Clock.schedule_once(lambda _dt: self._checked(result, gate.locked_for()))

        threading.Thread(target=check, name="pin-check", daemon=True).start()

    def _checked(self, result: str, locked_for: float) -> None:
        app = App.get_running_app()
        if result == "ok":
            log.warning("admin panel opened")
            self.message = ""
            self.dismiss()
            app.show_admin()
        elif result == "wrong":
            log.warning("wrong admin PIN")
            self.message = "Falsche PIN."
        else:
            log.warning("admin PIN entry locked for %.0f s", locked_for)
            self.message = self._locked_message(locked_for)

    @staticmethod
    def _locked_message(seconds: float) -> str:
        minutes, rest = divmod(int(seconds + 0.999), 60)
        return f"Zu viele falsche PINs. Gesperrt für {minutes}:{rest:02d} min."


class TestPattern(ReusableModal):
    """Full screen: colour bars, a 100 px grid, corner marks; any touch closes it."""

    def on_touch_down(self, touch) -> bool:
        self.dismiss()
        return True


class AdminScreen(Screen):
    rows = ListProperty([])  # (label, value) pairs from kiosk.status.collect
    notice = StringProperty("")

    def on_rows(self, _screen, rows) -> None:
        grid = self.ids.rows
        grid.clear_widgets()
        for label, value in rows:
            row = Factory.AdminRow()
            row.label, row.value = label, value
            grid.add_widget(row)

    def on_enter(self, *_args) -> None:
        self.notice = ""
        self.refresh()
        self._timer = Clock.schedule_interval(lambda _dt: self.refresh(), 5)

    def on_leave(self, *_args) -> None:
        timer = getattr(self, "_timer", None)
        if timer is not None:
            timer.cancel()

    def refresh(self) -> None:
        app = App.get_running_app()
        config, last_sync, started = app.kiosk_config, dict(app.last_sync), app.started

        def work() -> None:
            rows = status.collect(config, last_sync, started)
            Clock.schedule_once(lambda _dt: setattr(self, "rows", rows))

        threading.Thread(target=work, name="admin-status", daemon=True).start()

    def sync_now(self) -> None:
        app = App.get_running_app()
        if app.worker is None:
            self.notice = "Kein Feed eingerichtet: nichts zu synchronisieren."
            return
        app.worker.sync_now()
        self.notice = f"Synchronisierung angestoßen ({time.strftime('%H:%M:%S')})."

    def show_test_pattern(self) -> None:
        App.get_running_app().test_pattern.open()


Builder.load_file(str(paths.SCREENS / "admin.kv"))
