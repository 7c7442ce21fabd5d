"""The app's own commands (the core of every app's registry) and the palette provider over it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from iottui.ui import registry
from iottui.ui.registry import CommandContext, command

if TYPE_CHECKING:
    from iottui.ui.screens.main import MainScreen


def _main(ctx: CommandContext) -> MainScreen | None:
    return ctx.app.main_screen


@command("alarms", "Show alarms", "Open the alarms tab", operations=("alarms.list",))
def _alarms(ctx: CommandContext) -> None:
    if (screen := _main(ctx)) is not None:
        screen.action_show_tab("alarms")


@command("rules", "Show rules", "Open the rules tab", operations=("rules.list",))
def _rules(ctx: CommandContext) -> None:
    if (screen := _main(ctx)) is not None:
        screen.action_show_tab("rules")


@command(
    "tree",
    "Show the fleet tree",
    "Back to the tree and the detail pane",
    operations=("fleet.get", "metrics.last_values", "metrics.history"),
)
def _tree(ctx: CommandContext) -> None:
    if (screen := _main(ctx)) is not None:
        screen.action_show_tab("detail")


@command("device", "Go to device…", "Jump to a device by name or id: :device NAME")
def _device(ctx: CommandContext) -> None:
    screen = _main(ctx)
    if screen is None:
        return
    if not ctx.argument:
        screen.show_command_line("device ")
        return
    index = screen.fleet_tree.index
    device = index.find_device(ctx.argument) if index is not None else None
    if device is None:
        ctx.app.notify(f"No device matches {ctx.argument!r}", severity="warning")
        return
    screen.browser.action_clear_filter()
    screen.action_show_tab("detail")
    screen.fleet_tree.reveal_device(device.id)


@command(
    "alarm-close",
    "Close alarm…",
    "Close the selected alarm (after confirmation)",
    writes=True,
    contexts={"alarm"},
    operations=("alarms.close", "alarms.list"),
)
def _alarm_close(ctx: CommandContext) -> None:
    screen = _main(ctx)
    if screen is None:
        return
    if ctx.selection.kind != "alarm":
        screen.action_show_tab("alarms")
        ctx.app.notify("Pick an alarm, then press c (or run :alarm-close again)")
        return
    from iottui.ui.views.alarms import AlarmsView

    screen.query_one(AlarmsView).action_close_alarm()


@command("refresh", "Set refresh interval…", "Live refresh every N seconds: :refresh 10")
def _refresh(ctx: CommandContext) -> None:
    screen = _main(ctx)
    if screen is None:
        return
    if not ctx.argument:
        screen.action_refresh_now()
        return
    try:
        seconds = float(ctx.argument)
    except ValueError:
        ctx.app.notify(
            f":refresh needs a number of seconds, not {ctx.argument!r}", severity="warning"
        )
        return
    screen.set_refresh(seconds)


@command("pause", "Pause or resume live refresh", "Toggle live refresh")
def _pause(ctx: CommandContext) -> None:
    if (screen := _main(ctx)) is not None:
        screen.action_pause()


@command("quit", "Quit", "Leave iottui")
def _quit(ctx: CommandContext) -> None:
    ctx.app.exit(0)


@command("help", "Help", "Show the keys of the current screen")
def _help(ctx: CommandContext) -> None:
    ctx.app.action_help()


@command("theme", "Change theme…", "Pick a Textual theme (saved to the profile)")
def _theme(ctx: CommandContext) -> None:
    if ctx.argument:
        if ctx.argument in ctx.app.available_themes:
            ctx.app.theme = ctx.argument
        else:
            ctx.app.notify(f"No theme named {ctx.argument!r}", severity="warning")
        return
    ctx.app.action_change_theme()


class RegistryProvider(Provider):
    """Every registry command in the command palette."""

    def _commands(self) -> list[registry.AppCommand]:
        from iottui.ui.session import session_of

        commands = session_of(self.screen).commands.all()
        return sorted(commands.values(), key=lambda c: c.title.lower())

    def _run(self, name: str) -> None:
        from iottui.ui.app import IoTApp

        if isinstance(self.app, IoTApp):
            self.app.run_command(name)

    async def discover(self) -> Hits:
        for cmd in self._commands():
            yield DiscoveryHit(cmd.title, partial(self._run, cmd.name), help=cmd.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd in self._commands():
            score = max(matcher.match(cmd.title), matcher.match(cmd.name))
            if score > 0:
                yield Hit(
                    score, matcher.highlight(cmd.title), partial(self._run, cmd.name), help=cmd.help
                )
