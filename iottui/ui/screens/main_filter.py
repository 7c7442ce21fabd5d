"""The main screen's tree filter and refresh controls (a mixin of :class:`MainScreen`)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Input

from iottui.ui.compat import MessagePumpMeta
from iottui.ui.fleet_index import apply_filter

#: Seconds of typing pause before the tree filter is applied.
FILTER_DELAY = 0.15
#: How often (seconds) the screen checks whether a poll is overdue (no requests, a timer).
OVERDUE_CHECK = 0.25


class FilterRefreshMixin(metaclass=MessagePumpMeta):
    # The metaclass collects this mixin's @on handlers (Textual only reads them per class).
    fleet_tree: Any
    poller: Any
    status: Any

    # --- overdue polls --------------------------------------------------------------------

    def watch_overdue_polls(self) -> None:
        """Start the timer that shows a hanging poll within about one interval."""
        self_: Any = self
        self_.set_interval(OVERDUE_CHECK, self.check_overdue_poll)

    def check_overdue_poll(self) -> None:
        """A poll in flight for longer than one interval: the connection is slow and what is
        shown is stale (an error already shown stays; the poll's outcome updates both)."""
        if self.poller.overdue() and self.status.status.state != "error":
            self_: Any = self
            self_.stale = True
            self.status.set(state="slow", stale=True)

    # --- filter -------------------------------------------------------------------------

    def action_filter(self) -> None:
        self_: Any = self
        box = self_.query_one("#tree-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#tree-filter")
    def on_tree_filter(self, event: Input.Changed) -> None:
        """Refilter shortly after typing pauses (one rebuild per burst of keys)."""
        self_: Any = self
        timer = getattr(self, "_filter_timer", None)
        if timer is not None:
            timer.stop()
        self._filter_timer = self_.set_timer(FILTER_DELAY, self.apply_tree_filter)

    def apply_tree_filter(self) -> None:
        self_: Any = self
        index = self.fleet_tree.index
        if index is None:
            return
        query = self_.query_one("#tree-filter", Input).value.strip()
        applied = self.fleet_tree.filter.query if self.fleet_tree.filter else ""
        if query.lower() == applied:
            return
        self.fleet_tree.set_filter(apply_filter(index.devices.values(), query) if query else None)
        self_.call_after_refresh(self.follow_cursor)

    def follow_cursor(self) -> None:
        """Show the node under the tree's cursor (after the tree was rebuilt)."""
        self_: Any = self
        node = self.fleet_tree.cursor_node
        self_.show_node(node.data if node is not None else None)

    @on(Input.Submitted, "#tree-filter")
    def on_tree_filter_done(self) -> None:
        self.fleet_tree.focus()

    def clear_filter(self) -> None:
        self_: Any = self
        box = self_.query_one("#tree-filter", Input)
        if box.value:
            box.value = ""
            self.fleet_tree.set_filter(None)
            self_.call_after_refresh(self.follow_cursor)
        box.display = False
        self.fleet_tree.focus()

    # --- refresh control ----------------------------------------------------------------

    def action_pause(self) -> None:
        self_: Any = self
        self.poller.paused = not self.poller.paused
        self.status.set(paused=self.poller.paused)
        self_.notify("Live refresh paused" if self.poller.paused else "Live refresh resumed")
        if not self.poller.paused:
            self.poller.wake()

    def action_interval(self, direction: int) -> None:
        seconds = self.poller.slower() if direction > 0 else self.poller.faster()
        self.set_refresh(seconds)

    def set_refresh(self, seconds: float) -> None:
        self_: Any = self
        seconds = self.poller.set_interval(seconds)
        self.status.set(interval=seconds)
        self_.notify(f"Refresh every {seconds:g} s")

    def action_refresh_now(self) -> None:
        self._last_fleet = 0.0
        self.poller.wake()
