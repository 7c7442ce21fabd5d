"""Chart widget: the metrics' series drawn with plotext (single or multiple axes, manual
scaling)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from textual.app import ComposeResult
from textual_plotext import PlotextPlot

from iottui.api.conditions import to_number
from iottui.api.enums import AxisType, ScalingType
from iottui.api.models import Value
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile
from iottui.ui.dashboards.widgets.gauge import bounds
from iottui.ui.manage.common import clean

DATE_IN = "d/m/Y H:M:S"


def stamp(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%d/%m/%Y %H:%M:%S")


def numeric(points: Sequence[tuple[int, Value]]) -> tuple[list[str], list[float]]:
    """The points that are numbers, as (plotext dates, values)."""
    xs: list[str] = []
    ys: list[float] = []
    for ts, value in points:
        number = to_number(value)
        if number is not None:
            xs.append(stamp(ts))
            ys.append(number)
    return xs, ys


class ChartTile(Tile):
    """One line per metric; with multiple axes the second and later metrics use the right
    axis (plotext has two); manual scaling fixes the y range on a single axis."""

    DEFAULT_CSS = "ChartTile { padding: 0; } ChartTile PlotextPlot { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield PlotextPlot()

    def data_changed(self, data: WidgetData) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        plt.date_form(DATE_IN, "H:M")
        settings = self.model.settings
        multiple = settings.axis_type == AxisType.MULTIPLE and len(data.labels) > 1
        drawn = 0
        for n, (key, label) in enumerate(data.labels.items()):
            xs, ys = numeric(data.series.get(key, ()))
            if not xs:
                continue
            side = "right" if multiple and n > 0 else "left"
            unit = self.unit(data, key)
            name = f"{clean(label)} ({unit})" if unit else clean(label)
            plt.plot(xs, ys, label=name, yside=side, marker="braille")
            drawn += 1
        if settings.scaling_type == ScalingType.MANUAL and not multiple:
            low, high = bounds(settings)
            plt.ylim(low, high)
        if not drawn:
            plt.title("no numeric data in this period")
        plot.refresh()
