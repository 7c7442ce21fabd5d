"""A demo simulator that cannot start ends the app with its reason, however early that is known.

Seen in tmux: a second ``iottui --demo`` on the state another one held crashed (exit 70,
``NoMatches: '#tree-filter'``) instead of saying why. The failure was known while the main
screen was still being composed; Textual mounts nothing once an exit has begun, so the main
screen mounted without its widgets and its ``on_mount`` failed. ``launch.exit_once_shown``
exits once the screen on top is mounted.
"""

from __future__ import annotations

import pytest

from iottui.api.client import IoTClient
from iottui.config import TuiOptions
from iottui.ui.app import IoTApp
from iottui.ui.launch import EXIT_DEMO_FAILED, DemoServer, exit_once_shown, run_app
from iottui.ui.settings import UISettings

REASON = "iottui: the demo simulator could not start: the state is in use by another demo"


def _app() -> IoTApp:
    client = IoTClient("http://127.0.0.1:9", "k", max_retries=0, timeout=1.0)
    settings = UISettings(profile="demo", server="demo", check_tty=False, notify="off")
    return IoTApp(client, settings)


def test_a_demo_failure_told_while_the_main_screen_mounts_is_its_reason_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened: list[bool] = []
    open_main = IoTApp.open_main

    def open_main_then_fail(self: IoTApp) -> None:
        # the main screen is pushed but not composed yet: the earliest a failure can arrive
        open_main(self)
        opened.append(self.screen.is_mounted)
        exit_once_shown(self, EXIT_DEMO_FAILED, REASON)

    monkeypatch.setattr(IoTApp, "open_main", open_main_then_fail)
    code = run_app(_app(), DemoServer(TuiOptions()), headless=True)
    _, err = capsys.readouterr()
    assert opened == [False]  # the exit was asked before the screen had mounted
    assert code == EXIT_DEMO_FAILED == 3
    assert REASON in err
    assert "crashed" not in err
