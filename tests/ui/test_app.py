"""The app as a whole: welcome screen, keymap, help, palette commands, server down and back."""

from __future__ import annotations

import os
import stat

import pytest
from textual.widgets import Input

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.config import TuiOptions, config_path, load_config
from iottui.sim.runner import SimServer
from iottui.ui import app as app_module
from iottui.ui.launch import DemoServer, ui_settings
from iottui.ui.notify import ESC, POP_TITLE, TerminalNotifier
from iottui.ui.screens.help import HelpScreen
from iottui.ui.screens.welcome import WelcomeScreen
from iottui.ui.settings import UISettings
from iottui.ui.widgets.status_line import StatusLine

from .conftest import sim_config
from .helpers import TestApp, main_screen, make_alarms, poll, screen_text, settle, started, until


async def test_welcome_tests_key_and_saves_profile(sim: SimServer, clock: FixedClock) -> None:
    options = TuiOptions()
    settings = ui_settings(None, load_config(), DemoServer(options), options)
    settings.check_tty = False
    app = TestApp(None, settings, clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        screen = app.screen
        screen.query_one("#welcome-url", Input).value = sim.url
        # a wrong key shows the server's exact error and saves nothing
        screen.query_one("#welcome-key", Input).value = "wrong-key"
        await pilot.press("enter")
        await until(pilot, lambda: "✗" in screen_text(app))
        assert not config_path().exists()
        key_box = screen.query_one("#welcome-key", Input)
        assert key_box.password, "the key is not masked"
        key_box.value = sim.api_key
        screen.query_one("#welcome-profile", Input).value = "lab"
        await pilot.press("enter")
        await until(pilot, lambda: "Signed in as" in screen_text(app))
        assert sim.api_key not in screen_text(app)
        config = load_config()
        assert config.active == "lab"
        assert config.get("lab").url == sim.url
        assert stat.S_IMODE(config_path().stat().st_mode) == 0o600
        await pilot.click("#welcome-open")
        await until(pilot, lambda: app.main_screen is not None)
        main = await started(pilot)
        assert main.fleet is not None
        assert app.settings.profile == "lab"


async def test_keymap_rebinds_by_id(client: IoTClient, clock: FixedClock) -> None:
    settings = UISettings(
        profile="t",
        server="sim",
        refresh=60,
        check_tty=False,
        keymap={"alarms": "z", "quit": "ctrl+x"},
    )
    app = TestApp(client, settings, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert screen.active_tab == "detail", "the old key still works"
        await pilot.press("z")
        await settle(pilot)
        assert screen.active_tab == "alarms"
        await pilot.press("ctrl+x")
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 0


async def test_help_lists_bindings_with_ids(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = str(app.screen.query_one("#help-bindings").render())
        for word in ("Filter", "Alarms", "Rules", "Pause", "Copy", "[alarms]", "[quit]"):
            assert word in body
        commands = str(app.screen.query_one("#help-commands").render())
        for name in (":alarms", ":rules", ":device", ":refresh", ":quit"):
            assert name in commands
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_copy_selected_id(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("l", "j")
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == str(screen.selection.device.id)


async def test_server_down_and_back(sim: SimServer, client: IoTClient, clock: FixedClock) -> None:
    app = TestApp(
        client, UISettings(profile="t", server="sim", refresh=60, check_tty=False), clock=clock
    )
    port = int(sim.url.rsplit(":", 1)[1])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("l", "j")
        await settle(pilot)
        await poll(pilot)
        status = screen.query_one(StatusLine)
        assert status.status.state == "ok"
        known = dict(screen.store.last)
        sim.stop()
        await poll(pilot)
        assert status.status.state == "error"
        assert status.status.stale
        assert "error" in screen_text(app)
        assert screen.store.last == known, "last good values were dropped"
        assert screen.fleet is not None
        again = SimServer(sim_config(clock), port=port)
        again.start()
        try:
            await poll(pilot)
            assert status.status.state == "ok"
            assert not status.status.stale
            assert main_screen(app) is screen
        finally:
            again.stop()


def notifier(app: TestApp) -> TerminalNotifier:
    """The app's alarm notifier (the session holds it, from the first frame on)."""
    assert app.session.alarm_notifier is not None
    return app.session.alarm_notifier


def terminal_writes(app: TestApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app's alarm notifiers would send the terminal (built once the first frame
    is drawn: each is given this list's append as its writer)."""
    written: list[str] = []
    build = app._alarm_notifier

    def built() -> TerminalNotifier:
        made = build()
        made.write = written.append
        return made

    monkeypatch.setattr(app, "_alarm_notifier", built)
    return written


async def test_new_critical_and_major_alarms_notify_through_the_terminal(
    sim: SimServer, client: IoTClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = UISettings(profile="t", server="sim", refresh=60, check_tty=False, notify="osc9")
    app = TestApp(client, settings, clock=clock)
    written = terminal_writes(app, monkeypatch)  # what the terminal would have been sent
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        # Alarms already open at start (the seed's dead gateway) are the baseline: no
        # notification, only the title with the open counts.
        assert not [n for n in app._notifications if n.title.startswith("New ")]
        assert [w for w in written if w.startswith(ESC + "]9;")] == []
        assert any(w.startswith(ESC + "]2;iottui t: ") for w in written)
        async with IoTClient(sim.url, sim.api_key) as setup:
            await make_alarms(sim, setup, clock)  # one critical, one major, one warning
        await pilot.press("a")
        await poll(pilot)
        sent = [w for w in written if w.startswith(ESC + "]9;")]
        assert [s.split(":")[1].strip() for s in sent] == ["New critical alarm", "New major alarm"]
        titles = [n.title for n in app._notifications]
        assert titles.count("New critical alarm") == 1
        assert titles.count("New major alarm") == 1
        assert "1 major" in (notifier(app).title or "")
        await poll(pilot)
        assert [w for w in written if w.startswith(ESC + "]9;")] == sent, "notified twice"
    assert written[-1] == POP_TITLE  # the terminal's own title back at exit


async def test_notify_off_writes_nothing_to_the_terminal(
    sim: SimServer, client: IoTClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = UISettings(profile="t", server="sim", refresh=60, check_tty=False, notify="off")
    app = TestApp(client, settings, clock=clock)
    written = terminal_writes(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        async with IoTClient(sim.url, sim.api_key) as setup:
            await make_alarms(sim, setup, clock)
        await pilot.press("a")
        await poll(pilot)
        assert "New critical alarm" in [n.title for n in app._notifications]
    assert written == []


@pytest.mark.animations
def test_ssh_turns_animations_off_and_no_color_is_honoured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    monkeypatch.setenv("NO_COLOR", "1")
    app = TestApp(None, UISettings(check_tty=False))
    assert app.animation_level == "none"
    assert app.no_color
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert TestApp(None, UISettings(check_tty=False)).animation_level != "none"


def test_terminal_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The periodic check ends the app when the terminal is gone (dolphie-style)."""

    def gone(*args: object, **kwargs: object) -> int:
        raise OSError(6, "No such device or address")

    monkeypatch.setattr(os, "isatty", lambda fd: True)
    monkeypatch.setattr(os, "open", gone)
    assert app_module.terminal_alive() is False
    monkeypatch.setattr(os, "isatty", lambda fd: False)
    assert app_module.terminal_alive() is False
