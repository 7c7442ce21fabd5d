"""Tiles rendered on their own (no server): chart with multiple axes and manual scaling,
thermometer in °F, gauge outside its range, status and string tiles."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App, ComposeResult

from iottui.api.enums import AxisType, ScalingType, TemperatureUnit, WidgetType
from iottui.api.models import Widget, WidgetLayout, WidgetMetric, WidgetSensor, WidgetSettings
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets import Tile, make_tile

NOW = 1_768_478_400_000


def _model(kind: WidgetType, settings: WidgetSettings, metrics: int = 1) -> Widget:
    ms = tuple(
        WidgetMetric(f"m{i}", WidgetSensor(5), f"Metric {i}", "SI.Temperature.CELSIUS")
        for i in range(metrics)
    )
    return Widget("w", "Tile", kind, WidgetLayout(), settings, ms)


class Host(App[None]):
    def __init__(self, tile: Tile) -> None:
        super().__init__()
        self.tile = tile

    def compose(self) -> ComposeResult:
        yield self.tile


def _text(app: App[None]) -> str:
    console = Console(width=80, height=24, file=io.StringIO(), color_system=None, record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def _render(model: Widget, data: WidgetData) -> str:
    tile = make_tile(model)
    app = Host(tile)
    async with app.run_test(size=(80, 24)) as pilot:
        tile.update_data(data)
        await pilot.pause()
        return _text(app)


SERIES = {
    "5_m0": tuple((NOW - i * 60_000, 20 + i) for i in range(30)),
    "5_m1": tuple((NOW - i * 60_000, 1000 - i) for i in range(30)),
}
LABELS = {"5_m0": "Metric 0", "5_m1": "Metric 1"}
UNITS = {"5_m0": "SI.Temperature.CELSIUS", "5_m1": "SI.Temperature.CELSIUS"}


async def test_chart_multiple_axes_and_manual_scaling() -> None:
    multi = _model(WidgetType.CHART, WidgetSettings(axis_type=AxisType.MULTIPLE), 2)
    text = await _render(multi, WidgetData(SERIES, {}, LABELS, UNITS, False, NOW))
    assert "Metric 0 (°C)" in text
    assert "Metric 1 (°C)" in text
    assert "1000" in text  # the right axis carries the second metric's scale
    manual = _model(
        WidgetType.CHART,
        WidgetSettings(scaling_type=ScalingType.MANUAL, min_value="0", max_value="100"),
    )
    one = {"5_m0": SERIES["5_m0"]}
    text = await _render(manual, WidgetData(one, {}, {"5_m0": "Metric 0"}, UNITS, False, NOW))
    assert "100" in text  # the data only reach 49: the axis follows the manual range


async def test_value_tiles() -> None:
    last = {"5_m0": 100}
    labels = {"5_m0": "Metric 0"}
    thermo = _model(WidgetType.THERMOMETER, WidgetSettings(unit=TemperatureUnit.FAHRENHEIT))
    text = await _render(thermo, WidgetData({}, last, labels, UNITS, True, NOW))
    assert "212 °F" in text
    gauge = _model(WidgetType.GAUGE, WidgetSettings(min_value="0", max_value="50"))
    text = await _render(gauge, WidgetData({}, last, labels, UNITS, True, NOW))
    assert "outside the gauge's range" in text
    status = _model(WidgetType.STATUS_INDICATOR, WidgetSettings())
    text = await _render(status, WidgetData({}, {"5_m0": "0"}, labels, {}, True, NOW))
    assert "● OFF" in text
    string = _model(WidgetType.STRING, WidgetSettings())
    text = await _render(string, WidgetData({}, {"5_m0": "[b]Running[/b]"}, labels, {}, True, NOW))
    assert "[b]Running[/b]" in text
