"""One dashboard, rendered: its widgets on the 10 x 20 grid, each refreshing on its own timer.

Each tile gets a timer at the widget's refresh interval; a tick starts a fetch unless the
previous one is still running (polls never overlap). Timers pause while the screen is hidden
(another screen on top) and resume, with an immediate refresh, when it shows again.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from iottui.api.errors import IoTError
from iottui.api.models import Dashboard
from iottui.ui.dashboards import data as wdata
from iottui.ui.dashboards.grid import GRID_ROWS, place, rows_used, to_cells
from iottui.ui.dashboards.widget_form import WidgetForm
from iottui.ui.dashboards.widgets import Tile, make_tile, tile_keys
from iottui.ui.manage.common import clean, error_text, get_fleet, named, refuse_write
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.screens.dialog import open_over
from iottui.ui.session import session_of
from iottui.ui.widgets.footer import LeanFooter

if TYPE_CHECKING:
    from iottui.api import IoTClient


class DashboardScreen(Screen[None]):
    """A dashboard's widgets, laid out like the web dashboard, live."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="dashboard.back"),
        Binding("a", "add", "Add widget", id="dashboard.add"),
        Binding("e,enter", "edit", "Edit widget", id="dashboard.edit"),
        Binding("d,delete", "remove", "Remove widget", id="dashboard.remove"),
        Binding("r", "reload", "Reload", id="dashboard.reload"),
        Binding("right,l", "app.focus_next", "Next", show=False),
        Binding("left,h", "app.focus_previous", "Previous", show=False),
    ]
    DEFAULT_CSS = """
    DashboardScreen #dash-title { text-style: bold; padding: 0 1; background: $panel; }
    DashboardScreen #grid { height: 1fr; }
    DashboardScreen #grid > Tile { position: absolute; }
    DashboardScreen #spacer { width: 1; background: transparent; }
    DashboardScreen #dash-status { padding: 0 1; color: $text-muted; height: 1; }
    DashboardScreen #dash-status.-error { color: $error; }
    """

    def __init__(self, dashboard_id: str, name: str = "") -> None:
        super().__init__()
        self.dashboard_id = dashboard_id
        self.dashboard = Dashboard(dashboard_id, name)
        self.timers: dict[str, Timer] = {}
        self.inflight: set[str] = set()
        self.last: dict[str, wdata.WidgetData] = {}

    @property
    def client(self) -> IoTClient:
        return session_of(self).api

    def now(self) -> int:
        return session_of(self).now_ms()

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Dashboard {clean(self.dashboard.name)}"), id="dash-title")
        with ScrollableContainer(id="grid"):
            yield Static("", id="spacer")
        yield Static("Loading…", id="dash-status")
        yield LeanFooter()

    def on_mount(self) -> None:
        self.load()

    def set_status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#dash-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    # --- loading and layout ---------------------------------------------------------------

    @work(exclusive=True, group="dashboard-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            dashboard: Dashboard = await self.client.dashboards.get(self.dashboard_id)
        except IoTError as exc:
            self.set_status(f"Could not load the dashboard: {error_text(exc)}", error=True)
            return
        self.dashboard = dashboard
        self.query_one("#dash-title", Static).update(
            Text(f"Dashboard {clean(dashboard.name)} · {len(dashboard.widgets)} widget(s)")
        )
        for timer in self.timers.values():
            timer.stop()
        self.timers.clear()
        self.inflight.clear()
        grid = self.query_one("#grid", ScrollableContainer)
        await grid.query(Tile).remove()
        keys = tile_keys(list(dashboard.widgets))
        tiles = [
            make_tile(w, id=f"tile-{n}", key=key)
            for n, (w, key) in enumerate(zip(dashboard.widgets, keys, strict=True))
        ]
        await grid.mount_all(tiles)
        self.layout_tiles()
        for tile in tiles:
            seconds = wdata.refresh_ms(tile.model) / 1000
            timer = self.set_interval(seconds, partial(self.refresh_tile, tile))
            self.timers[tile.key] = timer
            cached = self.last.get(tile.key)
            if cached is not None:
                tile.update_data(cached)
            # A reload after an edit refetches only tiles whose data is stale or new.
            if cached is None or self.now() - cached.fetched_at >= seconds * 1000:
                self.refresh_tile(tile)
        if dashboard.widgets:
            tiles[0].focus()
            self.set_status("a add · e edit · d remove · r reload · tab/←→ move between widgets")
        else:
            self.set_status("No widgets yet — a adds one.")

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.layout_tiles)

    def layout_tiles(self) -> None:
        grid = self.query_one("#grid", ScrollableContainer)
        tiles = list(grid.query(Tile))
        width, height = grid.size.width, grid.size.height
        if not tiles or width <= 0 or height <= 0:
            return
        cells = place([(t.model.layout, t.model.type) for t in tiles])
        for tile, cell in zip(tiles, cells, strict=True):
            box = to_cells(cell, width - 1, height)
            tile.styles.offset = (box.left, box.top)
            tile.styles.width = box.width
            tile.styles.height = box.height
        spacer = self.query_one("#spacer", Static)
        spacer.styles.height = round(rows_used(cells) * height / GRID_ROWS)

    # --- refreshing -----------------------------------------------------------------------

    def refresh_tile(self, tile: Tile) -> None:
        wid = tile.key
        if wid in self.inflight or not tile.is_attached:
            return
        self.inflight.add(wid)
        self.run_worker(self._fetch(tile), group=f"tile-{wid}", exit_on_error=False)

    async def _fetch(self, tile: Tile) -> None:
        wid = tile.key
        try:
            result = await wdata.fetch(self.client, tile.model, self.now(), self.last.get(wid))
        except IoTError as exc:
            previous = self.last.get(wid) or wdata.WidgetData()
            result = replace(previous, error=error_text(exc))
        finally:
            self.inflight.discard(wid)
        self.last[wid] = result
        if tile.is_attached:
            tile.update_data(result)

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        for timer in self.timers.values():
            timer.pause()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        for timer in self.timers.values():
            timer.resume()
        for tile in self.query(Tile):
            self.refresh_tile(tile)

    # --- actions --------------------------------------------------------------------------

    def focused_tile(self) -> Tile | None:
        return self.focused if isinstance(self.focused, Tile) else None

    def action_reload(self) -> None:
        self.load()

    def _after_form(self, result: Any) -> None:
        if result is not None:
            if isinstance(result, str):
                # an edited widget: its cached data is outdated
                for key in [k for k in self.last if k.rpartition("#")[0] == result]:
                    del self.last[key]
            self.load()

    async def action_add(self) -> None:
        if refuse_write(self):
            return
        fleet = await get_fleet(self.app)
        open_over(self, WidgetForm(self.dashboard, fleet), self._after_form)

    async def action_edit(self) -> None:
        tile = self.focused_tile()
        if tile is None:
            self.app.notify("Focus a widget first (tab).", severity="warning")
            return
        if refuse_write(self, tile.model, named("Widget", tile.model.name)):
            return
        fleet = await get_fleet(self.app)
        open_over(self, WidgetForm(self.dashboard, fleet, tile.model), self._after_form)

    def action_remove(self) -> None:
        tile = self.focused_tile()
        if tile is None:
            self.app.notify("Focus a widget first (tab).", severity="warning")
            return
        model = tile.model
        if refuse_write(self, model, named("Widget", model.name)):
            return
        confirm_write(
            self.app,
            "Remove widget?",
            Text(
                f"Remove the {model.type.label.lower()} widget {clean(model.name)!r} from "
                f"dashboard {clean(self.dashboard.name)!r}? Its data stays."
            ),
            what=f"removing widget {clean(model.name)!r}",
            call=lambda: self.client.widgets.delete(self.dashboard.id, model.id),
            done=f"Widget {clean(model.name)!r} removed.",
            action="Remove",
            on_success=self.load,
        )
