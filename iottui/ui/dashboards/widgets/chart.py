"""Chart widget: the metrics' series drawn with plotext (single or multiple axes, manual
scaling)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult

from iottui.api.conditions import to_number
from iottui.api.enums import AxisType, ScalingType
from iottui.api.models import Value
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile
from iottui.ui.dashboards.widgets.gauge import bounds
from iottui.ui.manage.common import clean
from iottui.ui.widgets.chart import TimePlot


def numeric(points: Sequence[tuple[int, Value]]) -> tuple[list[int], list[float]]:
    """The points that are numbers, as (times in epoch ms, values)."""
    xs: list[int] = []
    ys: list[float] = []
    for ts, value in points:
        number = to_number(value)
        if number is not None:
            xs.append(ts)
            ys.append(number)
    return xs, ys


class ChartTile(Tile):
    """One line per metric; with multiple axes the second and later metrics use the right
    axis (plotext has two); manual scaling fixes the y range on a single axis. The time axis
    is labelled relative to now, or with dates when the data is far from now (see
    :func:`~iottui.ui.widgets.chart_data.time_axis`)."""

    DEFAULT_CSS = "ChartTile { padding: 0; } ChartTile TimePlot { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield TimePlot()

    def data_changed(self, data: WidgetData) -> None:
        plot = self.query_one(TimePlot)
        plt = plot.plt
        plt.clear_figure()
        settings = self.model.settings
        multiple = settings.axis_type == AxisType.MULTIPLE and len(data.labels) > 1
        series = [numeric(data.series.get(key, ())) for key in data.labels]
        axis = plot.time_axis(tuple(t for xs, _ in series for t in xs), data.fetched_at)
        drawn = 0
        for n, ((key, label), (xs, ys)) in enumerate(zip(data.labels.items(), series, strict=True)):
            if not xs:
                continue
            side = "right" if multiple and n > 0 else "left"
            unit = self.unit(data, key)
            name = f"{clean(label)} ({unit})" if unit else clean(label)
            plt.plot(axis.places(xs), ys, label=name, yside=side, marker="braille")
            drawn += 1
        if settings.scaling_type == ScalingType.MANUAL and not multiple:
            low, high = bounds(settings)
            plt.ylim(low, high)
        if not drawn:
            plt.title("no numeric data in this period")
        plot.refresh()
