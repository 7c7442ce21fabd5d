"""A metric's history chart (textual-plotext) with the thresholds of rules drawn as lines.

Importing this module imports plotext (about 30 ms): the screens import it when a chart is
first shown, not at start. What a chart draws, :class:`ChartData`, lives apart for that reason.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual_plotext import PlotextPlot

from iottui.api.enums import Severity
from iottui.ui.widgets.chart_data import ChartData, TimeAxis, time_axis

#: plotext colours for threshold lines by severity (the vendor's severity colours).
THRESHOLD_COLORS: dict[int, str] = {
    Severity.CRITICAL: "red",
    Severity.MAJOR: "orange",
    Severity.MINOR: "yellow",
    Severity.WARNING: "yellow",
}


#: Cells plotext keeps left of the plot for the y-axis ticks (about: it sizes them itself).
Y_TICK_CELLS = 8


class TimePlot(PlotextPlot):
    """A plot over time: the time axis' ticks and title (:func:`time_axis`) are laid out for
    the plot's width at each render, so they fit however wide the plot is drawn."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._stamps: tuple[int, ...] = ()
        self._now = 0
        self._axis_width = -1

    def time_axis(self, stamps: tuple[int, ...], now: int) -> TimeAxis:
        """The axis for these times (x of each point: ``axis.place(ms)``), set on the plot."""
        self._stamps, self._now = stamps, now
        self._axis_width = self.size.width
        return self._set_axis()

    def _set_axis(self) -> TimeAxis:
        axis = time_axis(self._stamps, self._now, max(10, self.size.width - Y_TICK_CELLS))
        self.plt.xticks(list(axis.ticks), list(axis.labels))
        self.plt.xlim(axis.low, axis.high)
        self.plt.xlabel(axis.title)
        return axis

    def render(self) -> RenderResult:
        if self.size.width != self._axis_width:
            self._axis_width = self.size.width
            self._set_axis()
        return super().render()


class HistoryChart(TimePlot):
    """The chart; :meth:`show` replots only when the data changed."""

    DEFAULT_CSS = """
    HistoryChart { height: 1fr; min-height: 8; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data = ChartData()

    def show(self, data: ChartData) -> None:
        if data == self.data:
            return
        self.data = data
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        title = data.title
        axis = self.time_axis(data.stamps, data.now)
        if data.stamps:
            plt.plot(axis.places(data.stamps), list(data.ys), marker="braille")
            low, high = min(data.ys), max(data.ys)
        else:
            low, high = 0.0, 1.0
        # a threshold far outside the data would squash the line flat: list it instead
        reach = max(high - low, abs(high) * 0.1, 1.0)
        off_scale = []
        for value, severity in data.thresholds:
            if data.stamps and not low - reach <= value <= high + reach:
                off_scale.append(f"{value:g}")
                continue
            plt.hline(value, THRESHOLD_COLORS.get(severity, "red"))
            low, high = min(low, value), max(high, value)
        if off_scale:
            title += f" · thresholds off scale: {', '.join(off_scale)}"
        plt.title(title)
        if data.thresholds or not data.stamps:
            pad = (high - low) * 0.05 or 1.0
            plt.ylim(low - pad, high + pad)
        self.refresh()
