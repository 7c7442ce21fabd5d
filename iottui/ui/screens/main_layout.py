"""The main screen's keys, tabs and timings, apart from its behaviour (:mod:`.main`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.widgets import TabbedContent, TabPane

from iottui.ui.views.alarms import AlarmsView
from iottui.ui.views.chart_panel import CHART_BINDINGS
from iottui.ui.views.detail import DetailView
from iottui.ui.views.rules import RulesView

if TYPE_CHECKING:
    from iottui.ui.live import LiveStore

#: How often (seconds) the screen checks whether a poll is overdue (no requests, a timer).
OVERDUE_CHECK = 0.25
#: Seconds after the cursor's last move before the poller is woken for what became visible.
POKE_DELAY = 0.25

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


def main_tabs(store: LiveStore) -> TabbedContent:
    """The main screen's tabs and their views (mounted right after the first frame)."""
    tabs = TabbedContent(id="tabs", initial="detail")
    tabs.compose_add_child(TabPane("Detail", DetailView(store, id="detail-view"), id="detail"))
    tabs.compose_add_child(TabPane("Alarms", AlarmsView(id="alarms-view"), id="alarms"))
    tabs.compose_add_child(TabPane("Rules", RulesView(id="rules-view"), id="rules"))
    return tabs
