"""The core (content, i18n, schedule, config...) must work without Kivy."""

import subprocess
import sys

CORE = ["kiosk.content", "kiosk.i18n", "kiosk.schedule", "kiosk.config", "kiosk.display", "kiosk.validate",
        "kiosk.theme", "kiosk.icons", "kiosk.errors", "kiosk.cli", "kiosk.preview", "kiosk.runner",
        "kiosk.admin", "kiosk.watchdog", "kiosk.status", "kiosk.poller",
        "kiosk.fleet.usage", "kiosk.fleet.beat", "kiosk.fleet.heartbeat", "kiosk.fleet.fleetfile",
        "kiosk.fleet.registry", "kiosk.fleet.status", "kiosk.fleet.endpoint", "kiosk.fleet.page",
        "kiosk.fleet.report", "kiosk.fleet.charts", "kiosk.fleet.commands",
        "kiosk.editor.app", "kiosk.editor.command", "kiosk.editor.demo", "kiosk.editor.previews",
        "kiosk.editor.publisher", "kiosk.editor.views"]  # fmt: skip


def test_core_modules_import_no_kivy():
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print('kivy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_check_itself_sees_kivy():
    code = "import sys\nimport kiosk.widgets\nprint('kivy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
