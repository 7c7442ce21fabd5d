"""Dashboards against the simulator: the seeded dashboard with all seven widget types
rendered on the grid, the list (create, rename, delete), widget add/edit/remove, timers
paused while hidden."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from iottui.api import IoTClient
from iottui.api.enums import WidgetType
from iottui.ui.dashboards.dashboard_screen import DashboardScreen
from iottui.ui.dashboards.list_screen import DashboardNameForm, DashboardsScreen
from iottui.ui.dashboards.widget_form import WidgetForm
from iottui.ui.dashboards.widgets import TILES, Tile
from iottui.ui.manage.confirm import ConfirmScreen
from iottui.ui.manage.picker import Picker

from ..helpers import TestApp
from .util import field_error, form, run, save, screen_text, settle, started, type_in, until

SEEDED = "Plant overview"


async def _open(pilot, name: str = SEEDED) -> DashboardScreen:  # type: ignore[no-untyped-def]
    await run(pilot, "dashboard-open", arg=name)
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    await until(pilot, lambda: bool(screen.query(Tile)))
    await until(pilot, lambda: all(t.data is not None for t in screen.query(Tile)), 10)
    await settle(pilot)
    return screen


async def test_all_seven_widget_types_render(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = await _open(pilot)
        tiles = list(screen.query(Tile))
        assert {t.model.type for t in tiles} == set(TILES)
        for tile in tiles:
            assert isinstance(tile, TILES[tile.model.type])
            assert tile.data is not None
            assert tile.data.error is None
            assert tile.data.last or tile.data.series, tile.model.name
        text = screen_text(pilot.app)
        for tile in tiles:
            assert tile.model.name in text
        assert "°C" in text  # thermometer
        assert "track" in text  # map legend
        assert "longitude" in text
        assert "▕" in text  # gauge bar
        assert "●" in text  # status indicator
        assert "AVG per 5 min" in text  # the chart's period and aggregation
        # Proportional grid: a chart 4 wide is twice as wide as a 2-wide number.
        chart = next(t for t in tiles if t.model.type == WidgetType.CHART)
        number = next(t for t in tiles if t.model.type == WidgetType.NUMBER)
        assert abs(chart.outer_size.width - 2 * number.outer_size.width) <= 2  # rounding
        assert chart.region.x < number.region.x


async def test_timers_pause_while_hidden(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = await _open(pilot)
        assert screen.timers
        assert all(t._active.is_set() for t in screen.timers.values())
        await pilot.press("a")  # the widget form covers the dashboard
        await settle(pilot)
        assert isinstance(pilot.app.screen, WidgetForm)
        assert not any(t._active.is_set() for t in screen.timers.values())
        await pilot.press("escape")
        await settle(pilot)
        assert all(t._active.is_set() for t in screen.timers.values())


async def test_add_edit_and_remove_a_widget(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = await _open(pilot)
        count = len(screen.query(Tile))
        await pilot.press("a")
        await settle(pilot)
        f = form(pilot)
        f.query_one("#type", Select).value = int(WidgetType.GAUGE)
        await type_in(pilot, "#width", "11")
        await type_in(pilot, "#min-value", "50")
        await type_in(pilot, "#max-value", "10")
        await save(pilot)
        assert "must not be empty" in field_error(pilot, "name")
        assert "at least one metric" in field_error(pilot, "metrics")
        assert "1 to 10" in field_error(pilot, "width")
        assert "above min" in field_error(pilot, "max-value")
        await type_in(pilot, "#name", "CPU gauge")
        await type_in(pilot, "#width", "3")
        await type_in(pilot, "#min-value", "0")
        await type_in(pilot, "#max-value", "100")
        picker = f.query_one("#metrics", Picker)
        picker.set_items(picker.items, [picker.items[0].value])
        await save(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        await until(pilot, lambda: len(screen.query(Tile)) == count + 1)
        gauge = next(t for t in screen.query(Tile) if t.model.name == "CPU gauge")
        assert gauge.model.type == WidgetType.GAUGE
        assert gauge.model.layout.width == 3
        assert gauge.model.settings.max_value == "100"
        gauge.focus()
        await pilot.press("e")
        await settle(pilot)
        await type_in(pilot, "#name", "CPU gauge 2")
        await save(pilot)
        await until(pilot, lambda: any(t.model.name == "CPU gauge 2" for t in screen.query(Tile)))
        tile = next(t for t in screen.query(Tile) if t.model.name == "CPU gauge 2")
        tile.focus()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "CPU gauge 2" in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: len(screen.query(Tile)) == count)


async def test_list_create_rename_delete(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "dashboards")
        screen = pilot.app.screen
        assert isinstance(screen, DashboardsScreen)
        table = screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count == 3)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardNameForm)
        await save(pilot)
        assert "must not be empty" in field_error(pilot, "name")
        await type_in(pilot, "#name", "Night shift")
        await save(pilot)
        await until(pilot, lambda: table.row_count == 4)
        created = next(d for d in await client.dashboards.list() if d.name == "Night shift")
        table.move_cursor(row=screen.row_of(table, created.id))
        await pilot.press("e")
        await settle(pilot)
        assert pilot.app.screen.query_one("#name", Input).value == "Night shift"
        await type_in(pilot, "#name", "Night shift B")
        await save(pilot)
        await until(pilot, lambda: any(d.name == "Night shift B" for d in screen.dashboards))
        await pilot.press("d")
        await settle(pilot)
        assert "Night shift B" in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: table.row_count == 3)
