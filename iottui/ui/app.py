"""The iottui Textual app: built from a client, settings and a clock (the factory used by
:mod:`iottui.ui.launch` and by the tests), which it puts in one :class:`Session`.

Top-level concerns only: bindings that work everywhere, running commands, routing
:class:`DataChanged`, themes, keymap, SSH habits and the terminal check. The screens do the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType

from iottui.clock import Clock, SystemClock
from iottui.ui.messages import DataChanged, FleetLoaded
from iottui.ui.session import Session
from iottui.ui.settings import UISettings

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from textual.command import Provider
    from textual.theme import Theme

    from iottui.api import IoTClient
    from iottui.api.models import Fleet
    from iottui.ui import registry
    from iottui.ui.notify import TerminalNotifier
    from iottui.ui.registry import CommandRegistry
    from iottui.ui.screens.main import MainScreen

#: Textual's own navigation keys, left out of the help list (its intro names them).
STANDARD_KEYS = frozenset(
    {
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
        "ctrl+home",
        "ctrl+end",
        "ctrl+pageup",
        "ctrl+pagedown",
        "tab",
        "shift+tab",
        "ctrl+c",
        "super+c",
        "enter",
    }
)

#: How often (seconds) the app checks that its terminal is still there.
TTY_CHECK_INTERVAL = 5.0
#: Seconds after the first fleet is shown before the feature packages are imported.
FEATURES_DELAY = 0.3


def over_ssh(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


#: The most keys held while the main screen's tabs mount (more are dropped: a stuck key).
HELD_KEYS_MAX = 64


def registry_provider() -> type[Provider]:
    """The palette's provider of the app's commands, imported as the palette opens."""
    from iottui.ui.commands import RegistryProvider

    return RegistryProvider


class IoTApp(App[int]):
    """The terminal UI for one IoT Cloud server."""

    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = "iottui"
    COMMANDS = App.COMMANDS | {registry_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("colon", "command_line", "Command", id="command_line"),
    ]

    def __init__(
        self,
        client: IoTClient | None,
        settings: UISettings | None = None,
        *,
        clock: Clock | None = None,
        commands: CommandRegistry | None = None,
        connect: Callable[[], IoTClient] | None = None,
        early_fleet: Callable[[], Fleet] | None = None,
    ) -> None:
        """``connect`` builds the client when ``client`` is None: the main screen calls it
        in a thread once its first frame is drawn (the launcher's way, so httpx and the
        client are not imported before the first frame)."""
        super().__init__()
        self.session = Session(
            client,
            settings or UISettings(),
            clock or SystemClock(),
            commands,
            connect=connect,
            early_fleet=early_fleet,
        )
        self._terminal_lost = False
        self._held_keys: list[events.Key] | None = None
        self._replayed: list[events.Key] = []  # held keys posted again, handled once each
        #: Whether the first frame is on the terminal (:meth:`on_ready`).
        self.drawn = False
        if over_ssh():
            self.animation_level = "none"
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # --- the session's parts, by their short names ------------------------------------

    @property
    def settings(self) -> UISettings:
        return self.session.settings

    @property
    def client(self) -> IoTClient | None:
        return self.session.client

    @property
    def clock(self) -> Clock:
        return self.session.clock

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.session.read_only = value

    @property
    def fleet(self) -> Fleet | None:
        return self.session.fleet.fleet

    @property
    def selection(self) -> registry.Selection:
        from iottui.ui.registry import Selection

        screen = self.main_screen
        return screen.selection if screen is not None else Selection()

    def request_latency(self) -> float | None:
        """The last request's latency in seconds (shown in the status line)."""
        client = self.session.built_client
        return client.stats.last_latency if client is not None else None

    @property
    def main_screen(self) -> MainScreen | None:
        """The main screen, if it is open (under any dialogs)."""
        from iottui.ui.screens.main import MainScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            held = self._held_keys
            if any(event is replayed for replayed in self._replayed):
                self._replayed = [replayed for replayed in self._replayed if replayed is not event]
            elif held is not None and not self._acts_at_once(event.key):
                if len(held) < HELD_KEYS_MAX:
                    held.append(event)
                return
            self.session.keys_pressed += 1
        await super().on_event(event)

    def _acts_at_once(self, key: str) -> bool:
        """Quit is never held. Textual's palette key (also a priority binding) is: its
        commands ask the main screen what is selected, which its tabs decide."""
        bindings = self._bindings.key_to_bindings.get(key, ())
        return any(binding.priority and binding.action == "quit" for binding in bindings)

    def hold_keys(self) -> None:
        """Hold the keys pressed from now until :meth:`release_keys` (the main screen's tabs,
        to which its keys go, are mounted right after its first frame): an operator who types
        ahead of the screen loses no key, and none goes to a widget that is not there yet."""
        if self._held_keys is None:
            self._held_keys = []

    def release_keys(self) -> None:
        """Handle the held keys, in the order they were pressed, then keys at once."""
        if self._held_keys is not None:
            self.run_worker(self._replay_held(), group="held-keys", exclusive=True)

    async def _replay_held(self) -> None:
        """One held key per frame: a key that opens a screen (``:``, ctrl+p) has it focused
        before the keys typed into it. Keys pressed meanwhile join the end of the queue."""
        held = self._held_keys
        while held:
            key = held.pop(0)
            replay = events.Key(key.key, key.character)
            self._replayed.append(replay)
            self.post_message(replay)
            refreshed = asyncio.Event()
            self.call_after_refresh(refreshed.set)
            await refreshed.wait()
        self._held_keys = None

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        """A write went through: every open screen hears of it (the main screen reloads the
        fleet; a screen showing other server data may reload it)."""
        for screen in self.screen_stack:
            screen.post_message(DataChanged(message.what))

    # --- lifecycle ----------------------------------------------------------------------

    def on_ready(self) -> None:
        """Textual's Ready: the DOM is laid out for the first time. That first frame was
        composed while the app was starting (inside its batch update), so it was never
        written: the main screen is drawn once more, and reads its cached fleet and mounts
        its tabs only once that frame is out (issue 12: the first frame before anything else;
        a ``call_after_refresh`` from its mount ran before any frame was written)."""
        self.drawn = True
        if self.session.alarm_notifier is None:
            self.session.alarm_notifier = self._alarm_notifier()
        screen = self.main_screen
        if screen is not None:
            screen.refresh()
            screen.call_after_refresh(screen.after_first_frame)

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(dict(self.settings.keymap))
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.settings.check_tty and not self.is_headless:
            self.set_interval(TTY_CHECK_INTERVAL, self.check_terminal)
        if not self.session.has_server:
            from iottui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        else:
            fetch = self.session.prefetch_fleet()  # in flight while the first frame is drawn
            if fetch is not None:
                self.run_worker(fetch, group="fleet-prefetch", exit_on_error=False)
            self.open_main()

    @on(FleetLoaded)
    def _load_features_soon(self, message: FleetLoaded) -> None:
        """Import the management and dashboard commands once the server's first fleet is on
        screen (they are not needed to show it, and a cached fleet still waits for the
        client and the server); the screen's keys are then re-evaluated."""
        if message.cached_at_ms is None and not self.session.commands.features_loaded:
            self.set_timer(FEATURES_DELAY, self._load_features)

    def _load_features(self) -> None:
        if not self.session.commands.features_loaded and self.screen_stack:
            self.session.commands.load_features()
            self.screen.refresh_bindings()

    def _alarm_notifier(self) -> TerminalNotifier:
        """Tells of new critical and major alarms (``[ui] notify``): the alarms open when a
        server is connected are its baseline, so a new connection gets a new notifier (the
        first one once the first frame is drawn: no alarm is read before it)."""
        from iottui.ui.notify import for_app

        return for_app(self, self.settings.notify, name=f"iottui {self.settings.profile}")

    async def on_unmount(self) -> None:
        if self.session.alarm_notifier is not None:
            # the terminal's own title back, while the driver runs
            self.session.alarm_notifier.close()
        client = self.session.built_client
        if client is not None:
            with contextlib.suppress(Exception):
                await client.aclose()

    def open_main(self) -> None:
        from iottui.ui.screens.main import MainScreen

        self.hold_keys()  # until its tabs are mounted
        self.push_screen(MainScreen())

    def connect(self, client: IoTClient, profile: str, server: str) -> None:
        """Switch to a new client (from the welcome screen) and open the main screen."""
        from iottui.ui.screens.main import MainScreen

        self.session.connect(client, profile, server)
        if self.session.alarm_notifier is not None:
            self.session.alarm_notifier.close()
        self.session.alarm_notifier = self._alarm_notifier()
        self.hold_keys()  # until its tabs are mounted
        self.switch_screen(MainScreen())

    def _theme_changed(self, theme: Theme) -> None:
        if self.settings.save_theme is not None and theme.name != self.settings.theme:
            self.settings.theme = theme.name
            try:
                self.settings.save_theme(theme.name)
            except Exception as error:  # a config write failing must not end the app
                self.notify(f"Theme not saved: {error}", severity="warning")

    def check_terminal(self) -> None:
        """Exit when the terminal went away (an SSH session dropped), dolphie-style.

        The first check that finds no terminal asks the app to exit; if it is somehow still
        running at the next check, the process ends so nothing is left orphaned.
        """
        if terminal_alive():
            return
        if self._terminal_lost:
            os._exit(1)
        self._terminal_lost = True
        self.exit(1)

    # --- actions ------------------------------------------------------------------------

    def action_help(self) -> None:
        from iottui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        rows = []
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key in STANDARD_KEYS and not binding.id:
                continue  # arrows, paging, Tab: named once in the help's intro
            if binding.description:
                rows.append((self.get_key_display(binding), binding.description, binding.id or ""))
        title = f"Keys on the {type(self.screen).__name__.removesuffix('Screen').lower()} screen"
        self.push_screen(HelpScreen(rows, title))

    def action_command_line(self) -> None:
        screen = self.main_screen
        if screen is not None and self.screen is screen:
            screen.show_command_line()

    def run_command(self, name: str, argument: str = "") -> None:
        """Run a registry command by name (``:`` line, palette, actions menu, keys)."""
        cmd = self.session.commands.get(name)
        if cmd is None:
            close = self.session.commands.complete(name)
            hint = f" (did you mean {', '.join(sorted(close)[:4])}?)" if close else ""
            self.notify(f"Unknown command :{name}{hint}", severity="warning")
            return
        selection = self.selection
        reason = cmd.unavailable(
            selection, read_only=self.read_only, cached=self.session.fleet.cached
        )
        if reason:
            self.notify(f":{name}: {reason}", severity="warning")
            return
        from iottui.ui.registry import CommandContext

        ctx = CommandContext(
            self, selection, argument, origin=self.screen, keys_at=self.session.keys_pressed
        )
        try:
            result = cmd.run(ctx)
        except Exception as error:
            self.notify(f":{name} failed: {error}", severity="error")
            return
        if inspect.isawaitable(result):
            self.run_worker(self._await_command(name, result), group="command", exit_on_error=False)

    async def _await_command(self, name: str, result: Awaitable[None]) -> None:
        try:
            await result
        except Exception as error:  # shown, never a traceback
            self.notify(f":{name} failed: {error}", severity="error")


def terminal_alive() -> bool:
    """False when stdin/stdout lost their terminal (e.g. the SSH connection dropped)."""
    stream = sys.__stdout__
    if stream is None:
        return False
    try:
        if not os.isatty(stream.fileno()):
            return False
        fd = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return False
    with contextlib.suppress(OSError):
        os.close(fd)
    return True


__all__ = ["IoTApp", "registry_provider"]
