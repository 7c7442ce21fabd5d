"""The main screen's keys, tabs and timings, apart from its behaviour (:mod:`.main`)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker

from iottui.ui.session import Session, session_of
from iottui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the browser and the tabs' views are imported as they are mounted, after
    # the first frame
    from textual.widgets import TabbedContent

    from iottui.ui.live import LiveStore
    from iottui.ui.registry import CommandRegistry
    from iottui.ui.views.alarms import AlarmsView
    from iottui.ui.views.command_line import CommandLine
    from iottui.ui.views.detail import DetailView
    from iottui.ui.views.fleet_browser import FleetBrowser
    from iottui.ui.views.rules import RulesView
    from iottui.ui.widgets.fleet_tree import FleetTree
    from iottui.ui.widgets.footer import LeanFooter

#: How often (seconds) the screen checks whether a poll is overdue (no requests, a timer).
OVERDUE_CHECK = 0.25
#: The longest (seconds) the tabs wait for the server's first fleet when the tree has none to
#: show. Mounted at once, their views' imports and compose (~100 ms of CPU) ran while the
#: early start's thread read and parsed the answer, in one interpreter: the tree came ~100
#: ms later (benchmark 8's timeline, 200 ms away: shown at 634 ms, 534 with the wait).
TABS_WAIT = 1.0
#: Seconds after the cursor's last move before the poller is woken for what became visible.
POKE_DELAY = 0.25

#: The chart's keys, the screen's (the tree keeps the focus while a metric is shown, so the
#: screen passes them on to the detail view's chart panel).
CHART_BINDINGS: list[BindingType] = [
    *(
        Binding(
            str(i), f"chart_range({i})", "Range", id=f"range_{i}", show=i == 1, key_display="1-9"
        )
        for i in range(1, 10)
    ),
    Binding("f", "chart_func", "Aggregation", id="aggregation"),
    Binding("x", "export_history", "Export", id="export_history"),
]


def chart_key_allowed(action: str, commands: CommandRegistry) -> bool:
    """Whether a chart key works (when a chart is shown): the export is a feature command,
    offered once the features are loaded (asking for it must not load them)."""
    if action == "export_history":
        return commands.features_loaded and "history-export" in commands.all()
    return True


#: The main screen's keys (the views add their own: alarms, rules, the tree, the filter).
MAIN_BINDINGS: list[BindingType] = [
    Binding("a", "show_tab('alarms')", "Alarms", id="alarms"),
    Binding("r", "show_tab('rules')", "Rules", id="rules"),
    Binding("i", "show_tab('detail')", "Detail", id="detail", show=False),
    Binding("m", "actions", "Actions", id="actions"),
    Binding("p", "pause", "Pause", id="pause", show=False),  # the status line says "paused"
    Binding("w", "tree_width", "Tree", id="tree_width"),  # narrow, hide, back
    Binding("L", "last_error", "Last error", id="last_error", show=False),  # named in status
    Binding("plus", "interval(1)", "Slower", id="interval_up", show=False),
    Binding("minus", "interval(-1)", "Faster", id="interval_down", show=False),
    Binding("ctrl+r", "refresh_now", "Refresh now", id="refresh_now", show=False),
    Binding("y", "copy", "Copy", id="copy", show=False),
    Binding("escape", "back", "Back", id="back", show=False),
    Binding("q", "app.quit", "Quit", id="quit_main", show=False),
    *CHART_BINDINGS,
]


def parts_after_first_frame() -> tuple[FleetBrowser, CommandLine, LeanFooter]:
    """The fleet browser, the ``:`` line and the footer, mounted right after the first frame,
    which shows none of them (an empty pane; the footer's keys: ~7 ms of its compose)."""
    from iottui.ui.views.command_line import CommandLine
    from iottui.ui.views.fleet_browser import FleetBrowser
    from iottui.ui.widgets.footer import LeanFooter

    return (
        FleetBrowser(id="browser"),
        CommandLine(placeholder=":command  (Tab completes, Esc cancels)", id="command-line"),
        LeanFooter(compact=True),
    )


async def first_fleet_done(first: Worker[None] | None) -> None:
    """Wait until the first fleet's load is done (or failed), at most :data:`TABS_WAIT`; the
    load goes on (``wait_for`` would cancel it: a worker's ``wait`` awaits its task)."""
    if first is not None:
        waiting = asyncio.ensure_future(first.wait())
        waiting.add_done_callback(_quietly)
        await asyncio.wait({waiting}, timeout=TABS_WAIT)


def _quietly(done: asyncio.Future[None]) -> None:
    """Take a wait's outcome (the load reports its own errors)."""
    if not done.cancelled():
        done.exception()


def main_tabs(store: LiveStore) -> TabbedContent:
    """The main screen's tabs and their views (mounted right after the first frame: the
    views' modules are imported then, not before it)."""
    from textual.widgets import TabbedContent, TabPane

    from iottui.ui.views.alarms import AlarmsView
    from iottui.ui.views.detail import DetailView
    from iottui.ui.views.rules import RulesView

    tabs = TabbedContent(id="tabs", initial="detail")
    tabs.compose_add_child(TabPane("Detail", DetailView(store, id="detail-view"), id="detail"))
    tabs.compose_add_child(TabPane("Alarms", AlarmsView(id="alarms-view"), id="alarms"))
    tabs.compose_add_child(TabPane("Rules", RulesView(id="rules-view"), id="rules"))
    return tabs


class MainParts(Screen[None]):
    """The main screen's parts, by type: the status line, of its first frame, and those
    mounted right after it (the browser, its tree, the ``:`` line, the tabs' views), whose
    modules are imported when they are first asked for."""

    @property
    def session(self) -> Session:
        return session_of(self)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def browser(self) -> FleetBrowser:
        from iottui.ui.views.fleet_browser import FleetBrowser

        return self.query_one(FleetBrowser)

    @property
    def fleet_tree(self) -> FleetTree:
        from iottui.ui.widgets.fleet_tree import FleetTree

        return self.query_one(FleetTree)

    @property
    def command_line(self) -> CommandLine:
        from iottui.ui.views.command_line import CommandLine

        return self.query_one(CommandLine)

    @property
    def tabs(self) -> TabbedContent:
        from textual.widgets import TabbedContent

        return self.query_one(TabbedContent)

    @property
    def detail(self) -> DetailView:
        from iottui.ui.views.detail import DetailView

        return self.query_one(DetailView)

    @property
    def alarms(self) -> AlarmsView:
        from iottui.ui.views.alarms import AlarmsView

        return self.query_one(AlarmsView)

    @property
    def rules(self) -> RulesView:
        from iottui.ui.views.rules import RulesView

        return self.query_one(RulesView)

    def show_cursor(self) -> None:
        """The detail view shows the node under the tree's cursor (the tabs just mounted, or
        the first fleet came after them: a slow server)."""
        cursor = self.fleet_tree.cursor_node
        if cursor is not None and cursor.data is not None:
            self.detail.show_node(cursor.data)
