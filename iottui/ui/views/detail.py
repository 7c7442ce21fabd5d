"""The detail view: the pane of the node under the tree's cursor (a group, device, sensor or a
metric with its chart), switched in place.

The screen tells it where the cursor went (:meth:`DetailView.follow`): a move shows the node at
once, unless the pane was rebuilt less than :data:`PANE_EVERY` ago (a held ``j``/``k``): then
the node the cursor is on by then is shown when that time is up, so the pane is rebuilt at most
that often and is never more than that behind the cursor (:meth:`DetailView.choose`, on
``Enter``, shows it at once).
The live values come from the screen's :class:`~iottui.ui.live.LiveStore`
(:meth:`DetailView.refresh_values` after each poll); the models from the session's fleet.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from iottui.ui.session import session_of
from iottui.ui.text import format_value
from iottui.ui.views.chart_panel import ChartPanel
from iottui.ui.views.items import shown_in_tab
from iottui.ui.widgets.device_pane import DevicePane
from iottui.ui.widgets.fleet_tree import FleetTree
from iottui.ui.widgets.group_pane import GroupPane
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.repaint import paint_now
from iottui.ui.widgets.sensor_pane import SensorPane

if TYPE_CHECKING:
    from iottui.api.models import Rule
    from iottui.ui.live import LiveStore
    from iottui.ui.widgets.fleet_tree import NodeData

#: The detail pane is rebuilt at most this often (seconds) while the cursor moves: a highlight
#: this long after the last rebuild is shown at once, one sooner (a held j/k) when this time is
#: up, with the node the cursor is on then. A throttle, not a debounce: with a 60 ms debounce,
#: keys ~60 ms apart (benchmark 4) waited for its timer about one time in four, and a held key left
#: the pane behind for as long as it was held.
PANE_EVERY = 0.04

EMPTY_HINT = (
    "Select a group, device, sensor or metric in the tree.\n\n"
    "j/k move · l/h expand/collapse · / filter · a alarms · r rules · m actions · ? help"
)


class DetailView(Vertical):
    """The group, device, sensor or metric pane of the node the tree's cursor is on."""

    @dataclass
    class PaneChanged(Message):
        """The metric pane was shown or left (the chart's keys apply to it only). Not posted
        between the other panes: the screen refreshes its bindings for it, and the footer
        recomposes (new keys mounted, a layout) on a key press that changed no key."""

        pane: str

    def __init__(self, store: LiveStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        #: The node shown (None: nothing yet, or the tree's root).
        self.node: NodeData | None = None
        #: A node a fast-moving cursor asked for, not shown yet.
        self._pending: NodeData | None = None
        self._waiting = False
        self._timer: Timer | None = None
        #: When the pane was last rebuilt (``time.monotonic()``).
        self._shown_at = 0.0

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="empty-pane", id="panes"):
            yield Static(Text(EMPTY_HINT, style="dim"), id="empty-pane")
            yield GroupPane(id="group-pane")
            yield DevicePane(id="device-pane")
            yield SensorPane(id="sensor-pane")
            yield ChartPanel(id="metric-pane")

    @property
    def chart(self) -> ChartPanel:
        return self.query_one(ChartPanel)

    @property
    def pane(self) -> str | None:
        """The id of the pane shown."""
        return self.query_one("#panes", ContentSwitcher).current

    # --- where the cursor is ---------------------------------------------------------------

    def follow(self, node: NodeData) -> None:
        """The tree's cursor moved to ``node``: show it now, or when :data:`PANE_EVERY` since
        the last rebuild is up (whatever node the cursor is on then)."""
        self._pending = node
        if self._waiting:
            return  # the timer shows the latest node
        wait = self._shown_at + PANE_EVERY - time.monotonic()
        if self.node is None or wait <= 0:
            self.show_node(node)
            return
        self._waiting = True
        self._timer = self.set_timer(wait, self.flush)

    def choose(self, node: NodeData) -> None:
        """``Enter`` on ``node``: shown now, whatever a moving cursor left waiting."""
        self.show_node(node)

    def flush(self) -> None:
        """Show the node a moving cursor left waiting, now (nothing when none waits)."""
        if self._waiting:
            self.show_node(self._pending)

    def _cancel_pending(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending, self._waiting = None, False

    def reshow(self) -> None:
        """A new fleet was loaded: the node shown (or waiting) again, from the new models."""
        self.show_node(self._pending if self._waiting else self.node, force=True)

    def show_node(self, node: NodeData | None, *, force: bool = False) -> None:
        self._cancel_pending()
        index = session_of(self).fleet.index
        if node is None or index is None or node.kind in ("root", "more"):
            self.node = None if node is None or node.kind == "root" else self.node
            return
        changed = force or node != self.node
        self.node = node
        if not changed:
            return
        self._shown_at = time.monotonic()
        switcher = self.query_one("#panes", ContentSwitcher)
        before = switcher.current
        now = session_of(self).now_ms()
        if node.kind == "group" and node.group_id in index.groups:
            self.query_one(GroupPane).show(index.groups[node.group_id])
            switcher.current = "group-pane"
        elif node.kind == "device" and node.device_id in index.devices:
            self.query_one(DevicePane).show(index.devices[node.device_id], self.store, now)
            switcher.current = "device-pane"
        elif node.kind == "sensor" and node.sensor_id in index.sensors:
            device, sensor = index.sensors[node.sensor_id]
            self.query_one(SensorPane).show(device, sensor, self.store, now)
            switcher.current = "sensor-pane"
        elif node.kind == "metric" and node.sensor_id in index.sensors and node.metric_id:
            device, sensor = index.sensors[node.sensor_id]
            metric = index.metric(node.sensor_id, node.metric_id)
            if metric is None:
                return
            self.chart.show(device, sensor, metric, self.store, now)
            switcher.current = "metric-pane"
            self.chart.fetch(force=force)
        else:
            switcher.current = "empty-pane"
        shown = switcher.current
        paint_now(self.screen)  # drawn in the cursor's frame
        if shown is not None and shown != before and "metric-pane" in (shown, before):
            self.post_message(self.PaneChanged(shown))

    # --- data in ----------------------------------------------------------------------------

    def refresh_values(self) -> None:
        """The live values of the pane shown, from the store (after a poll)."""
        if not shown_in_tab(self):
            return
        now = session_of(self).now_ms()
        current = self.pane
        if current == "device-pane":
            self.query_one(DevicePane).refresh_values(self.store, now)
        elif current == "sensor-pane":
            self.query_one(SensorPane).refresh_values(self.store, now)
        elif current == "metric-pane":
            self.chart.refresh_values(self.store, now)

    def set_rules(self, rules: Sequence[Rule]) -> None:
        """The rules, for the chart's thresholds."""
        self.chart.set_rules(rules)

    def copy_text(self, focused: Widget | None) -> str:
        """What ``y`` copies, with ``focused`` the focused widget: the value of a table row
        in a pane; with the tree (or nothing) focused, the node's: a metric's value (its id
        when it has none yet), else the group's, device's or sensor's id ("" for nothing)."""
        if isinstance(focused, LiveTable) and (row := focused.selected()) is not None:
            return format_value(self.store.value(*row)[0])
        node = self.node
        if node is None or not (focused is None or isinstance(focused, FleetTree)):
            return ""
        if node.kind == "metric" and node.sensor_id is not None:
            metric_id = node.metric_id or ""
            value, _ = self.store.value(node.sensor_id, metric_id)
            return format_value(value) if value is not None else metric_id
        ident = {"group": node.group_id, "device": node.device_id, "sensor": node.sensor_id}
        found = ident.get(node.kind)
        return "" if found is None else str(found)

    def visible_sensor_ids(self) -> list[int]:
        """Sensors whose values are on screen (nothing when the detail tab is hidden)."""
        node, index = self.node, session_of(self).fleet.index
        if node is None or index is None or not shown_in_tab(self):
            return []
        if node.kind == "device" and node.device_id in index.devices:
            return [s.id for s in index.devices[node.device_id].sensors]
        if node.kind in ("sensor", "metric") and node.sensor_id is not None:
            return [node.sensor_id]
        return []
