"""The main screen: fleet tree on the left; detail, alarms and rules tabs on the right.

Workers fetch (one live worker that never overlaps itself), messages carry (``iottui.ui.messages``),
and the handlers here render. The alarms and rules tabs are views
(:mod:`iottui.ui.views.alarms`, :mod:`iottui.ui.views.rules`): the screen hands them what the
poller loaded and routes what they post.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static, TabbedContent, TabPane, Tree
from textual.widgets.tree import TreeNode

from iottui.api.errors import IoTError
from iottui.api.models import Fleet, Rule
from iottui.ui import messages as msg
from iottui.ui.fleet_index import apply_filter
from iottui.ui.live import POLL_MAX_RETRIES, LiveStore, Poller
from iottui.ui.registry import Selection
from iottui.ui.screens.actions_menu import ActionsMenu, commands_for
from iottui.ui.screens.main_chart import ChartMixin
from iottui.ui.screens.main_filter import FilterRefreshMixin
from iottui.ui.session import Session, session_of
from iottui.ui.settings import UISettings
from iottui.ui.text import clean, format_value
from iottui.ui.views.alarms import AlarmsView
from iottui.ui.views.command_line import CommandLine
from iottui.ui.views.rules import RulesView
from iottui.ui.widgets.device_pane import DevicePane
from iottui.ui.widgets.fleet_tree import FleetTree, NodeData
from iottui.ui.widgets.footer import LeanFooter
from iottui.ui.widgets.group_pane import GroupPane
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.metric_pane import MetricPane
from iottui.ui.widgets.sensor_pane import SensorPane
from iottui.ui.widgets.status_line import SLOW_LATENCY, StatusLine

#: Alarms are listed over this window (the API default, on the app's clock).
ALARM_WINDOW_MS = 30 * 86_400_000
#: Alarms are refreshed this often (seconds) while other data is polled too.
ALARM_EVERY = 15.0
#: The fleet cache is written after the first fleet from the server, then at most this often
#: (seconds), and only when the structure changed.
CACHE_SAVE_EVERY = 600.0
#: Seconds after the server's fleet is shown before it is saved (serialising a big fleet
#: holds the interpreter: not while the frame that shows it is being drawn).
CACHE_SAVE_DELAY = 1.0

#: Highlights closer together than this (seconds) are the cursor moving fast (a held j/k):
#: the detail pane is then rebuilt once, this long after the last of them. A highlight after
#: the cursor rested this long is shown at once.
PANE_DEBOUNCE = 0.06

_NO_PENDING = object()

EMPTY_HINT = (
    "Select a group, device, sensor or metric in the tree.\n\n"
    "j/k move · l/h expand/collapse · / filter · a alarms · r rules · m actions · ? help"
)


class MainScreen(ChartMixin, FilterRefreshMixin, Screen[None]):
    """Tree + tabs + status line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("a", "show_tab('alarms')", "Alarms", id="alarms"),
        Binding("r", "show_tab('rules')", "Rules", id="rules"),
        Binding("i", "show_tab('detail')", "Detail", id="detail", show=False),
        Binding("m", "actions", "Actions", id="actions"),
        Binding("p", "pause", "Pause", id="pause"),
        Binding("plus", "interval(1)", "Slower", id="interval_up", show=False),
        Binding("minus", "interval(-1)", "Faster", id="interval_down", show=False),
        Binding("ctrl+r", "refresh_now", "Refresh now", id="refresh_now", show=False),
        Binding("y", "copy", "Copy", id="copy", show=False),
        Binding("escape", "back", "Back", id="back", show=False),
        Binding("q", "app.quit", "Quit", id="quit_main", show=False),
        *ChartMixin.CHART_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.store = LiveStore()
        self.poller = Poller(self.session.settings.refresh)
        self.node: NodeData | None = None
        self.rules: list[Rule] = []
        self.stale = False
        self._failing: set[str] = set()
        self._last_alarms = 0.0
        self._last_fleet = 0.0
        self._cache_saved: float | None = None
        self._pane_shown: str | None = "empty-pane"
        #: the node a highlight asked for, not shown yet (``_NO_PENDING``: nothing waiting)
        self._pending_node: object = _NO_PENDING
        self._pane_timer: Timer | None = None
        self._last_highlight = 0.0
        self.init_chart()

    @property
    def session(self) -> Session:
        return session_of(self)

    @property
    def app_settings(self) -> UISettings:
        return self.session.settings

    @property
    def fleet(self) -> Fleet | None:
        """The session's fleet (the one copy)."""
        return self.session.fleet.fleet

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield Input(placeholder="filter devices, sensors, metrics", id="tree-filter")
                yield FleetTree(id="tree")
            with TabbedContent(id="tabs", initial="detail"):
                with (
                    TabPane("Detail", id="detail"),
                    ContentSwitcher(initial="empty-pane", id="panes"),
                ):
                    yield Static(Text(EMPTY_HINT, style="dim"), id="empty-pane")
                    yield GroupPane(id="group-pane")
                    yield DevicePane(id="device-pane")
                    yield SensorPane(id="sensor-pane")
                    yield MetricPane(id="metric-pane")
                with TabPane("Alarms", id="alarms"):
                    yield AlarmsView(id="alarms-view")
                with TabPane("Rules", id="rules"):
                    yield RulesView(id="rules-view")
        yield CommandLine(placeholder=":command  (Tab completes, Esc cancels)", id="command-line")
        yield StatusLine(id="status")
        yield LeanFooter(compact=True)

    def on_mount(self) -> None:
        settings = self.app_settings
        self.status.set(
            profile=settings.profile,
            server=settings.server,
            interval=self.poller.interval,
            read_only=settings.read_only,
        )
        self.query_one("#tree-filter").display = False
        self.query_one("#command-line").display = False
        tree = self.query_one(FleetTree)
        tree.cursor_listener = self.cursor_moved
        tree.focus()
        self.watch_overdue_polls()
        cache = self.app_settings.fleet_cache
        if self.fleet is None and cache is not None:
            ready = cache.preloaded()  # read while the UI was starting: in the first frame
            if ready is not None:
                self.on_fleet_loaded(msg.FleetLoaded(ready.fleet, round(ready.saved_at * 1000)))
            else:
                self.show_cached_fleet()
        self.live_loop()

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def fleet_tree(self) -> FleetTree:
        return self.query_one(FleetTree)

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    # --- the live worker ----------------------------------------------------------------

    @work(exclusive=True, group="live", exit_on_error=False)
    async def live_loop(self) -> None:
        """One poll at a time: fleet (periodically), values of visible sensors, alarms, rules."""
        if self.session.built_client is None:
            # paint first: the client (httpx, the parsers) is built once this screen's first
            # frame is drawn, in a thread, so the UI keeps drawing meanwhile
            painted = asyncio.Event()
            self.call_after_refresh(painted.set)
            await painted.wait()
            try:
                await self.session.connect_in_thread()
            except Exception as error:  # e.g. a CA bundle that cannot be read
                failed = IoTError(f"cannot connect: {type(error).__name__}: {error}")
                self.post_message(msg.CallFailed("connect", failed))
                return
        client = self.session.api
        while True:
            if not self.poller.paused:
                # Once the fleet is shown, a poll's requests fail fast (about one interval, one
                # retry); the first load and writes (other workers) keep the client's settings.
                options = (
                    client.options(
                        timeout=self.poller.poll_timeout(client.timeout),
                        max_retries=POLL_MAX_RETRIES,
                    )
                    if self.fleet is not None and not self.session.fleet.cached
                    else contextlib.nullcontext()
                )
                with self.poller.in_flight(), options:
                    await self.poll_once()
                self.poller.polls += 1
            await self.poller.sleep()

    async def poll_once(self) -> None:
        client = self.session.api
        now = time.monotonic()
        settings = self.app_settings
        asked = False  # whether this poll has asked the server anything yet
        store = self.session.fleet
        if store.fleet is None or store.cached or now - self._last_fleet >= settings.fleet_refresh:
            asked = True
            loaded = await self._call("fleet", self._load_fleet(client))
            if not loaded and (store.fleet is None or store.cached):
                return  # values, alarms and rules wait for the server's fleet
            if loaded:
                self._last_fleet = now
                await self._call("rules", self._load_rules(client))
        ids = self.visible_sensor_ids()
        if ids:
            asked = True
            unseeded = [i for i in ids if i not in self.store.seeded]
            if unseeded:
                await self._call("history", self._seed(client, unseeded))
            await self._call("live values", self._load_values(client, ids))
        # Alarms every 15 s at most, unless their tab is open, or nothing else was asked: then
        # they are this poll's one request, so that the status line's state and alarm counts
        # are never older than one interval (a server gone is seen while a group is shown).
        alarm_every = max(self.poller.interval, ALARM_EVERY)
        due = not asked or self.active_tab == "alarms" or now - self._last_alarms >= alarm_every
        if due and await self._call("alarms", self._load_alarms(client)):
            self._last_alarms = now
        if self.active_tab == "rules":
            await self._call("rules", self._load_rules(client))

    async def _call(self, what: str, call) -> bool:  # type: ignore[no-untyped-def]
        try:
            await call
        except IoTError as error:
            self.post_message(msg.CallFailed(what, error))
            return False
        except Exception as error:  # a bug must not stop the refresh loop or show a traceback
            wrapped = IoTError(f"{type(error).__name__}: {error}")
            self.post_message(msg.CallFailed(what, wrapped))
            return False
        self.post_message(msg.CallSucceeded(what))
        return True

    async def _load_fleet(self, client) -> None:  # type: ignore[no-untyped-def]
        self.post_message(msg.FleetLoaded(await client.fleet.get()))

    async def _load_rules(self, client) -> None:  # type: ignore[no-untyped-def]
        from iottui.api.problems import problems_of

        rules = await client.rules.list()
        self.post_message(msg.RulesLoaded(rules, problems_of(rules)))

    async def _load_alarms(self, client) -> None:  # type: ignore[no-untyped-def]
        from iottui.api.enums import AlarmStatus
        from iottui.api.problems import problems_of

        end = self.session.now_ms()
        window = {"start": end - ALARM_WINDOW_MS, "end": end}
        with_closed = self.query_one(AlarmsView).show_closed
        listed = await client.alarms.list(AlarmStatus.OPEN, **window)
        alarms, problems = list(listed), problems_of(listed)
        if with_closed:
            closed = await client.alarms.list(AlarmStatus.CLOSED, **window)
            alarms += closed
            problems += problems_of(closed)
        self.post_message(msg.AlarmsLoaded(alarms, with_closed, problems))

    async def _load_values(self, client, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
        self.post_message(msg.LiveValues(await client.metrics.last_values(ids), ids))

    async def _seed(self, client, ids: list[int]) -> None:  # type: ignore[no-untyped-def]
        from iottui.api.resources.metrics import SeriesQuery
        from iottui.ui.live import SEED_MS

        queries = [SeriesQuery(sensor_id) for sensor_id in ids]
        end = self.session.now_ms()
        series = (
            await client.metrics.history(queries, start=end - SEED_MS, end=end) if queries else []
        )
        self.post_message(msg.SparkSeeded(series, ids))

    def visible_sensor_ids(self) -> list[int]:
        """Sensors whose values are on screen (nothing when the detail tab is hidden)."""
        node = self.node
        if node is None or self.active_tab != "detail" or self.fleet_tree.index is None:
            return []
        if node.kind == "device" and node.device_id in self.fleet_tree.index.devices:
            return [s.id for s in self.fleet_tree.index.devices[node.device_id].sensors]
        if node.kind in ("sensor", "metric") and node.sensor_id is not None:
            return [node.sensor_id]
        return []

    # --- message handlers ---------------------------------------------------------------

    @work(thread=True, group="fleet-cache", exit_on_error=False)
    def show_cached_fleet(self) -> None:
        """Read the fleet cache (in a thread: a big file takes a while) and show it, marked,
        until the server's fleet replaces it."""
        cache = self.app_settings.fleet_cache
        cached = cache.load() if cache is not None else None
        if cached is not None:
            self.post_message(msg.FleetLoaded(cached.fleet, round(cached.saved_at * 1000)))

    @work(thread=True, group="fleet-cache-save", exit_on_error=False)
    def save_fleet_cache(self, fleet: Fleet) -> None:
        cache = self.app_settings.fleet_cache
        if cache is not None:
            cache.save(fleet, self.session.now_ms() / 1000)

    @on(msg.FleetLoaded)
    def on_fleet_loaded(self, message: msg.FleetLoaded) -> None:
        store = self.session.fleet
        if message.cached_at_ms is not None and store.fleet is not None:
            return  # the server answered first: the cache has nothing to add
        tree = self.fleet_tree
        cursor = tree.cursor_key()
        tree.set_fleet(store.load(message.fleet, cached_at_ms=message.cached_at_ms))
        tree.set_class(store.cached, "-cached")
        tree.keep_cursor(cursor)
        self.status.set(cached_at_ms=store.cached_at_ms)
        now = time.monotonic()
        if not store.cached and (
            self._cache_saved is None or now - self._cache_saved >= CACHE_SAVE_EVERY
        ):
            self._cache_saved = now
            fleet = message.fleet
            self.set_timer(CACHE_SAVE_DELAY, lambda: self.save_fleet_cache(fleet))
        query = self.query_one("#tree-filter", Input).value
        if query:
            self.fleet_tree.set_filter(apply_filter(self.fleet_tree.index.devices.values(), query))  # type: ignore[union-attr]
        pending = self._pending_node
        target = self.node if pending is _NO_PENDING else pending
        self.show_node(target, force=True)  # type: ignore[arg-type]

    @on(msg.DataChanged)
    def on_data_changed(self) -> None:
        """A write went through: reload the fleet (and alarms, rules) on the next poll, now."""
        self.action_refresh_now()

    @on(msg.LiveValues)
    def on_live_values(self, message: msg.LiveValues) -> None:
        self.store.update(message.values)
        self.refresh_pane_values()
        self.status.set(last_refresh_ms=self.app.clock.now_ms())  # type: ignore[attr-defined]

    @on(msg.SparkSeeded)
    def on_spark_seeded(self, message: msg.SparkSeeded) -> None:
        self.store.seed(message.series, message.sensor_ids)
        self.refresh_pane_values()

    @on(msg.RulesLoaded)
    def on_rules_loaded(self, message: msg.RulesLoaded) -> None:
        self.rules = list(message.rules)
        self.query_one(RulesView).show_rules(message.rules, message.problems)
        self.redraw_chart()

    @on(msg.AlarmsLoaded)
    def on_alarms_loaded(self, message: msg.AlarmsLoaded) -> None:
        self.query_one(AlarmsView).show_alarms(
            message.alarms, message.include_closed, message.problems
        )

    @on(AlarmsView.CountsChanged)
    def on_alarm_counts(self, message: AlarmsView.CountsChanged) -> None:
        self.status.set(alarms=message.counts)

    @on(AlarmsView.ReloadWanted)
    def on_alarms_wanted(self) -> None:
        self._last_alarms = 0.0
        self.poller.wake()

    @on(msg.CallFailed)
    def on_call_failed(self, message: msg.CallFailed) -> None:
        error = message.error
        text = getattr(error, "desc", None) or error.message
        first = not self._failing
        self._failing.add(message.what)
        self.stale = True
        self.status.set(state="error", last_error=f"{message.what}: {text}", stale=True)
        if first:
            self.notify(f"{message.what} failed: {text}", title="Server", severity="error")

    @on(msg.CallSucceeded)
    def on_call_succeeded(self, message: msg.CallSucceeded) -> None:
        was_failing = bool(self._failing)
        self._failing.discard(message.what)
        latency = self.app.request_latency()  # type: ignore[attr-defined]
        if self._failing:
            return
        state = "slow" if latency is not None and latency > SLOW_LATENCY else "ok"
        self.stale = False
        now = self.session.now_ms()
        self.status.set(
            state=state, last_error="", latency=latency, stale=False, last_refresh_ms=now
        )
        if was_failing:
            self.notify("Connection restored", title="Server")
            self._last_fleet = 0.0

    # --- tree and detail ----------------------------------------------------------------

    def cursor_moved(self, node: TreeNode[NodeData]) -> None:
        """The tree cursor moved to ``node`` (called by the tree as it moves, so a pane shown
        at once is painted in the same frame as the cursor)."""
        now = time.monotonic()
        resting = now - self._last_highlight >= PANE_DEBOUNCE
        self._last_highlight = now
        if self.node is None or (resting and self._pending_node is _NO_PENDING):
            # the first highlight, or a single key after the cursor rested: show at once
            self.show_node(node.data)
        else:
            self.schedule_pane(node.data)
        self.poke_poller()

    @on(Tree.NodeSelected, "#tree")
    def on_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        """Enter: the pane follows now, not after the debounce."""
        if self._pending_node is not _NO_PENDING:
            self.flush_pane()

    def schedule_pane(self, node: NodeData | None) -> None:
        """Show ``node`` once the cursor has rested :data:`PANE_DEBOUNCE` (one timer, restarted
        on every highlight)."""
        self._pending_node = node
        if self._pane_timer is not None:
            self._pane_timer.stop()
        self._pane_timer = self.set_timer(PANE_DEBOUNCE, self.flush_pane)

    def flush_pane(self) -> None:
        """Show the node a highlight is waiting on, now (no-op when nothing waits)."""
        if self._pane_timer is not None:
            self._pane_timer.stop()
            self._pane_timer = None
        pending, self._pending_node = self._pending_node, _NO_PENDING
        if pending is not _NO_PENDING:
            self.show_node(pending)  # type: ignore[arg-type]

    def poke_poller(self) -> None:
        """Poll soon for what just became visible (debounced while the cursor moves)."""
        timer = getattr(self, "_poke_timer", None)
        if timer is not None:
            timer.stop()
        self._poke_timer = self.set_timer(0.25, self.poller.wake)

    def show_node(self, node: NodeData | None, *, force: bool = False) -> None:
        if self._pending_node is not _NO_PENDING:
            # an explicit show overrides a highlight still waiting
            self._pending_node = _NO_PENDING
            if self._pane_timer is not None:
                self._pane_timer.stop()
                self._pane_timer = None
        index = self.fleet_tree.index
        if node is None or index is None or node.kind in ("root", "more"):
            self.node = None if node is None or node.kind == "root" else self.node
            return
        changed = force or node != self.node
        self.node = node
        if not changed:
            return
        switcher = self.query_one("#panes", ContentSwitcher)
        now = self.session.now_ms()
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
            self.query_one(MetricPane).show(device, sensor, metric, self.store, now)
            switcher.current = "metric-pane"
            self.request_chart(force=force)
        else:
            switcher.current = "empty-pane"
        if switcher.current != self._pane_shown:
            # the chart keys only apply to the metric pane; the footer changes only then
            self._pane_shown = switcher.current
            self.refresh_bindings()

    def refresh_pane_values(self) -> None:
        if self.active_tab != "detail":
            return
        now = self.session.now_ms()
        current = self.query_one("#panes", ContentSwitcher).current
        if current == "device-pane":
            self.query_one(DevicePane).refresh_values(self.store, now)
        elif current == "sensor-pane":
            self.query_one(SensorPane).refresh_values(self.store, now)
        elif current == "metric-pane":
            self.query_one(MetricPane).refresh_values(self.store, now)

    @property
    def selection(self) -> Selection:
        tab = self.active_tab
        if tab == "alarms" and (alarm := self.query_one(AlarmsView).current()) is not None:
            return Selection("alarm", alarm=alarm)
        if tab == "rules" and (rule := self.query_one(RulesView).current()) is not None:
            return Selection("rule", rule=rule)
        return self.tree_selection()

    def tree_selection(self) -> Selection:
        # a command acts on the node under the cursor, even if the pane has not followed yet
        self.flush_pane()
        node, index = self.node, self.fleet_tree.index
        if node is None or index is None:
            return Selection()
        group = index.groups.get(node.group_id) if node.group_id is not None else None
        device = index.devices.get(node.device_id) if node.device_id is not None else None
        found = index.sensors.get(node.sensor_id) if node.sensor_id is not None else None
        sensor = found[1] if found else None
        metric = (
            index.metric(node.sensor_id, node.metric_id)
            if node.sensor_id is not None and node.metric_id
            else None
        )
        kind = node.kind if node.kind in ("group", "device", "sensor", "metric") else "none"
        return Selection(kind, group=group, device=device, sensor=sensor, metric=metric)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.chart_check(action)

    # --- copy, actions menu, command line -----------------------------------------------

    def action_copy(self) -> None:
        """``y``: the value or id under the cursor (the alarms and rules views copy their own)."""
        self.flush_pane()  # copy what is under the cursor, even mid-debounce
        focused = self.focused
        text = ""
        if isinstance(focused, LiveTable) and (row := focused.selected()) is not None:
            text = format_value(self.store.value(*row)[0])
        elif isinstance(focused, FleetTree) or focused is None:
            node = self.node
            if node is not None and node.kind == "metric" and node.sensor_id is not None:
                metric_id = node.metric_id or ""
                value, _ = self.store.value(node.sensor_id, metric_id)
                text = format_value(value) if value is not None else metric_id
            elif node is not None:
                ident = {
                    "group": node.group_id,
                    "device": node.device_id,
                    "sensor": node.sensor_id,
                }.get(node.kind)
                text = "" if ident is None else str(ident)
        if not text:
            self.notify("Nothing to copy here")
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {clean(text)[:40]}", markup=False)

    def action_actions(self) -> None:
        selection = self.selection
        if selection.kind == "none":
            self.notify("Select something first")
            return
        title = Text(f"Actions for this {selection.kind}", style="bold")

        def chosen(name: str | None) -> None:
            if name:
                self.run_command(name)

        menu = ActionsMenu(title, commands_for(selection), self.session.read_only, selection)
        self.app.push_screen(menu, chosen)

    def show_command_line(self, text: str = "") -> None:
        line = self.query_one("#command-line", Input)
        line.display = True
        line.value = text
        line.cursor_position = len(text)
        line.focus()

    def hide_command_line(self) -> None:
        line = self.query_one("#command-line", Input)
        line.value = ""
        line.display = False
        self.focus_home()

    @on(Input.Submitted, "#command-line")
    def on_command_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().lstrip(":").strip()
        self.hide_command_line()
        if text:
            name, _, argument = text.partition(" ")
            self.run_command(name.lower(), argument.strip())

    def run_command(self, name: str, argument: str = "") -> None:
        """Run a registry command by name through the app (it knows the selection)."""
        from iottui.ui.app import IoTApp

        app = self.app
        if isinstance(app, IoTApp):
            app.run_command(name, argument)

    @on(RulesView.CommandWanted)
    def on_rule_command(self, message: RulesView.CommandWanted) -> None:
        """The rules view asks for a registry command (its n, E, d)."""
        message.stop()
        self.run_command(message.name)

    def action_back(self) -> None:
        """Esc: leave an input, clear a filter, else go back to the tree."""
        focused = self.focused
        if focused is not None and focused.id == "command-line":
            self.hide_command_line()
        elif self.query_one("#tree-filter").display:
            self.clear_filter()
        elif self.active_tab != "detail":
            self.action_show_tab("detail")
        else:
            self.fleet_tree.focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.focus_home()
        self.poller.wake()

    def focus_home(self) -> None:
        """Focus the open tab's own widget (the tree is hidden on the alarms and rules tabs:
        a key must never go to a widget that is not drawn)."""
        if self.active_tab == "alarms":
            self.query_one(AlarmsView).table.focus()
        elif self.active_tab == "rules":
            self.query_one(RulesView).table.focus()
        else:
            self.query_one(FleetTree).focus()

    @on(TabbedContent.TabActivated)
    def on_tab_activated(self) -> None:
        # alarms and rules get the full width; the tree comes back with the detail tab
        self.query_one("#left").display = self.active_tab == "detail"
        if self.active_tab == "alarms":
            self.query_one(AlarmsView).draw()
        elif self.active_tab == "detail":
            self.refresh_pane_values()
        self.refresh_bindings()
        self.poller.wake()
