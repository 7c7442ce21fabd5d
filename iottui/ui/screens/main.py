"""The main screen: layout, the live poller and message routing.

Left, the fleet browser (:mod:`iottui.ui.views.fleet_browser`: filter and tree); right, the tabs
with the detail view (:mod:`iottui.ui.views.detail`, the panes and the chart panel), the alarms
and the rules views; then the ``:`` line, the status line and the footer. One live worker polls
(never overlapping itself) and posts what it loaded (``iottui.ui.messages``); the handlers here
hand it to the views, which post up what they need (a reload, a command, counts for the status
line). Copy (``y``), the actions menu (``m``) and the ``:`` line are the screen's.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.worker import Worker

from iottui.ui import messages as msg
from iottui.ui.app import IoTApp
from iottui.ui.live import LiveStore, Poller
from iottui.ui.live_reads import LiveReads, PollPlan
from iottui.ui.screens.main_layout import (
    MAIN_BINDINGS,
    OVERDUE_CHECK,
    POKE_DELAY,
    MainParts,
    chart_key_allowed,
    first_fleet_done,
    main_tabs,
    parts_after_first_frame,
)
from iottui.ui.text import clean
from iottui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:  # the browser and the tabs' views: imported as they mount, after it
    from iottui.api.models import Fleet
    from iottui.ui.registry import Selection
    from iottui.ui.views.alarms import AlarmsView
    from iottui.ui.views.command_line import CommandLine
    from iottui.ui.views.fleet_browser import FleetBrowser
    from iottui.ui.views.rules import RulesView
    from iottui.ui.widgets.fleet_tree import FleetTree, NodeData


class MainScreen(MainParts):
    """Fleet browser + tabs + status line."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.store = LiveStore()
        self.poller = Poller(self.session.settings.refresh)
        self.reads = LiveReads(self.session, self.post_message)
        self._poke_timer: Timer | None = None
        self._tree_width = 0
        #: The tabs are mounted right after the first frame; their keys wait for them.
        self._tabs_mounted = False
        self._first_fleet: Worker[None] | None = None

    @property
    def fleet(self) -> Fleet | None:
        """The session's fleet (the one copy)."""
        return self.session.fleet.fleet

    def compose(self) -> ComposeResult:
        # The first frame is what it shows (paint first): the layout and the status line. The
        # browser, the hidden ``:`` line, the footer and the tabs come right after it.
        with Horizontal(id="body"):
            yield Vertical(id="left")
        yield StatusLine(id="status")

    def on_mount(self) -> None:
        settings = self.session.settings
        profile, server, read_only = settings.profile, settings.server, settings.read_only
        self.status.set(
            profile=profile, server=server, interval=self.poller.interval, read_only=read_only
        )
        self.set_interval(OVERDUE_CHECK, lambda: self.status.overdue(self.poller.overdue()))
        if not isinstance(self.app, IoTApp) or self.app.drawn:
            self.call_after_refresh(self.after_first_frame)
        # else the app calls it once its first frame is on the terminal (this screen's)

    async def after_first_frame(self) -> None:
        """Right after the first frame: the browser, the cached fleet (read on the UI thread:
        a thread would share the interpreter with the drawing), then the tabs."""
        browser, command_line, footer = parts_after_first_frame()
        await self.query_one("#left", Vertical).mount(browser)
        await self.mount(command_line, before=self.status)
        await self.mount(footer)
        self.fleet_tree.focus()
        cache = self.session.settings.fleet_cache
        if self.fleet is None and cache is not None:
            cached = cache.load()
            if cached is not None:
                self.on_fleet_loaded(msg.FleetLoaded(cached.fleet, round(cached.saved_at * 1000)))
        if self.fleet is None and self.session.has_server:  # the tree waits for the server
            self._first_fleet = self.run_worker(self.reads.first_fleet(), exit_on_error=False)
        self.run_worker(self._tabs_after_first_fleet(), group="tabs")

    async def _tabs_after_first_fleet(self) -> None:
        await first_fleet_done(self._first_fleet)  # the tree first (TABS_WAIT)
        self.call_after_refresh(self._mount_tabs)

    async def _mount_tabs(self) -> None:
        """The tabs and their views, showing the node under the cursor; then the live worker."""
        body = self.query_one("#body", Horizontal)
        if not body.is_attached:  # the app ended before its first frame (a demo cannot start)
            return
        await body.mount(main_tabs(self.store))
        self._tabs_mounted = True
        self.refresh_bindings()
        self.show_cursor()
        self.live_loop()
        if isinstance(self.app, IoTApp):
            self.app.release_keys()  # those pressed before the tabs were there

    @property
    def ready(self) -> bool:  # whole: the tabs are mounted (right after the first frame)
        return self._tabs_mounted

    @property
    def node(self) -> NodeData | None:
        """The node the detail view shows."""
        return self.detail.node

    @property
    def active_tab(self) -> str:
        return self.tabs.active

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
        if self._first_fleet is not None:  # its fleet is the first poll's
            with contextlib.suppress(Exception):
                await self._first_fleet.wait()
        await self.reads.run(self.poller, self.poll_plan)

    def poll_plan(self) -> PollPlan:
        """What the screen shows now, which decides what a poll reads."""
        return PollPlan(
            sensor_ids=self.detail.visible_sensor_ids(),
            seeded=self.store.seeded,
            tab=self.active_tab,
            show_closed=self.alarms.show_closed,
            interval=self.poller.interval,
        )

    async def poll_once(self) -> None:
        """One poll, as the live worker runs it (the benchmarks drive it)."""
        await self.reads.poll(self.session.api, self.poll_plan())

    # --- the fleet ------------------------------------------------------------------------

    @on(msg.FleetLoaded)
    def on_fleet_loaded(self, message: msg.FleetLoaded) -> None:
        store = self.session.fleet
        if message.cached_at_ms is not None and store.fleet is not None:
            return  # the server answered first: the cache has nothing to add
        index = store.load(message.fleet, cached_at_ms=message.cached_at_ms)
        self.browser.set_fleet(index, cached=store.cached, problems=message.fleet.problems)
        self.status.set(cached_at_ms=store.cached_at_ms)
        if not self._tabs_mounted:
            return  # shown once they are
        if self.detail.node is None:  # the first fleet, after the tabs (a slow server)
            self.show_cursor()
        else:
            self.detail.reshow()

    def on_fleet_tree_cursor_moved(self, message: FleetTree.CursorMoved) -> None:
        if not self._tabs_mounted:
            return  # the detail view follows the cursor once it is mounted
        self.detail.follow(message.node)
        # poll soon for what just became visible (once the cursor rests)
        if self._poke_timer is not None:
            self._poke_timer.stop()
        self._poke_timer = self.set_timer(POKE_DELAY, self.poller.wake)

    def on_fleet_browser_chosen(self, message: FleetBrowser.Chosen) -> None:
        if self._tabs_mounted:
            self.detail.choose(message.node)

    def on_detail_view_pane_changed(self) -> None:
        self.refresh_bindings()  # the chart's keys apply to the metric pane only

    # --- what the poller loaded -----------------------------------------------------------

    @on(msg.DataChanged)
    def on_data_changed(self) -> None:
        """A write went through: reload the fleet (and alarms, rules) on the next poll, now."""
        self.action_refresh_now()

    @on(msg.LiveValues)
    def on_live_values(self, message: msg.LiveValues) -> None:
        self.store.update(message.values)
        self.detail.refresh_values()
        self.status.set(last_refresh_ms=self.session.now_ms())

    @on(msg.SparkSeeded)
    def on_spark_seeded(self, message: msg.SparkSeeded) -> None:
        self.store.seed(message.series, message.sensor_ids)
        self.detail.refresh_values()

    @on(msg.RulesLoaded)
    def on_rules_loaded(self, message: msg.RulesLoaded) -> None:
        self.rules.show_rules(message.rules, message.problems)
        self.detail.set_rules(message.rules)

    @on(msg.AlarmsLoaded)
    def on_alarms_loaded(self, message: msg.AlarmsLoaded) -> None:
        alarms, closed, problems = message.alarms, message.include_closed, message.problems
        self.alarms.show_alarms(alarms, closed, problems)

    # (the views' messages by their handler names: no view is imported before the first frame)
    def on_alarms_view_counts_changed(self, message: AlarmsView.CountsChanged) -> None:
        self.status.set(alarms=message.counts)

    def on_alarms_view_reload_wanted(self) -> None:
        self.reads.last_alarms = 0.0
        self.poller.wake()

    @on(msg.CallFailed)
    def on_call_failed(self, message: msg.CallFailed) -> None:
        text = getattr(message.error, "desc", None) or message.error.message
        known = self.status.last_error is not None
        if self.status.failed(message.what, text, self.session.now_ms()):
            self.notify(f"{message.what} failed: {text}", title="Server", severity="error")
        if not known:
            self.refresh_bindings()  # L shows it in full from now on

    @on(msg.CallSucceeded)
    def on_call_succeeded(self, message: msg.CallSucceeded) -> None:
        latency = self.app.request_latency() if isinstance(self.app, IoTApp) else None
        if self.status.succeeded(message.what, latency, self.session.now_ms()):
            self.notify("Connection restored", title="Server")
            self.reads.last_fleet = 0.0

    # --- selection, copy, actions menu, command line ---------------------------------------

    @property
    def selection(self) -> Selection:
        from iottui.ui.registry import Selection

        tab = self.active_tab
        if tab == "alarms" and (alarm := self.alarms.current()) is not None:
            return Selection("alarm", alarm=alarm)
        if tab == "rules" and (rule := self.rules.current()) is not None:
            return Selection("rule", rule=rule)
        self.detail.flush()  # the pane agrees with what the command acts on
        return self.browser.selection()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the key from the footer (None would show it dimmed)
        if not self._tabs_mounted:
            return False  # the first frame: the screen's keys act on the tabs, not there yet
        if action in ("chart_range", "chart_func", "export_history"):
            shown = self.active_tab == "detail" and self.detail.pane == "metric-pane"
            return shown and chart_key_allowed(action, self.session.commands)
        if action == "last_error":
            return self.status.last_error is not None
        if action == "tree_width":
            return self.active_tab == "detail"
        return True

    def action_copy(self) -> None:
        """``y``: the value or id under the cursor (the alarms and rules views copy their own)."""
        self.detail.flush()  # copy what is under the cursor, even mid-throttle
        text = self.detail.copy_text(self.focused)
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

        def chosen(name: str | None) -> None:
            if name:
                self.run_command(name)

        from iottui.ui.screens.actions_menu import menu_for

        self.app.push_screen(menu_for(selection, self.session), chosen)

    def show_command_line(self, text: str = "") -> None:
        self.command_line.open(text)

    def on_command_line_closed(self) -> None:
        self.focus_home()

    def on_command_line_run(self, message: CommandLine.Run) -> None:
        self.run_command(message.name, message.argument)

    def run_command(self, name: str, argument: str = "") -> None:
        """Run a registry command by name through the app (it knows the selection)."""
        if isinstance(self.app, IoTApp):
            self.app.run_command(name, argument)

    def on_rules_view_command_wanted(self, message: RulesView.CommandWanted) -> None:
        """The rules view asks for a registry command (its n, E, d)."""
        message.stop()
        self.run_command(message.name)

    # --- keys -------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc: back to the detail tab, and to the tree."""
        if self.active_tab != "detail":
            self.action_show_tab("detail")
        else:
            self.focus_home()

    def action_show_tab(self, tab: str) -> None:
        self.tabs.active = tab
        self.focus_home()
        self.poller.wake()

    def focus_home(self) -> None:
        """Focus the open tab's own widget (a key must never go to a widget not drawn: the tree
        is hidden on the alarms and rules tabs, and on ``w``)."""
        if self.active_tab == "alarms":
            self.alarms.table.focus()
        elif self.active_tab == "rules":
            self.rules.table.focus()
        elif self._tree_width < 2:  # (the tab switch shows #left after this)
            self.fleet_tree.focus()
        else:
            self.set_focus(None)

    def on_tabbed_content_tab_activated(self) -> None:
        # alarms and rules get the full width; the tree comes back with the detail tab
        self.query_one("#left").display = self.active_tab == "detail" and self._tree_width < 2
        if self.active_tab == "alarms":
            self.alarms.draw()
        elif self.active_tab == "detail":
            self.detail.refresh_values()
        self.refresh_bindings()
        self.poller.wake()

    def action_tree_width(self) -> None:
        """``w``: the tree pane normal, narrow, hidden, in turn (the detail gets the room)."""
        self._tree_width = (self._tree_width + 1) % 3
        left = self.query_one("#left")
        left.set_class(self._tree_width == 1, "-narrow")
        left.display = self._tree_width < 2
        self.focus_home()

    def action_last_error(self) -> None:
        """``L``: the last error in full (the status line has room for its start only)."""
        self.status.show_last_error()

    def action_pause(self) -> None:
        self.poller.paused = not self.poller.paused
        self.status.set(paused=self.poller.paused)
        self.notify("Live refresh paused" if self.poller.paused else "Live refresh resumed")
        if not self.poller.paused:
            self.poller.wake()

    def action_interval(self, direction: int) -> None:
        self.set_refresh(self.poller.slower() if direction > 0 else self.poller.faster())

    def set_refresh(self, seconds: float) -> None:
        seconds = self.poller.set_interval(seconds)
        self.status.set(interval=seconds)
        self.notify(f"Refresh every {seconds:g} s")

    def action_refresh_now(self) -> None:
        self.reads.last_fleet = 0.0
        self.poller.wake()

    def action_chart_range(self, number: int) -> None:
        self.detail.chart.set_range(number)

    def action_chart_func(self) -> None:
        self.detail.chart.cycle_func()

    def action_export_history(self) -> None:
        self.run_command("history-export")
