"""A metric's history chart (textual-plotext) with the thresholds of rules drawn as lines.

Importing this module imports plotext (about 30 ms): the screens import it when a chart is
first shown, not at start. What a chart draws, :class:`ChartData`, lives apart for that reason.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

from iottui.api.enums import Severity
from iottui.ui.widgets.chart_data import ChartData

#: plotext colours for threshold lines by severity (the vendor's severity colours).
THRESHOLD_COLORS: dict[int, str] = {
    Severity.CRITICAL: "red",
    Severity.MAJOR: "orange",
    Severity.MINOR: "yellow",
    Severity.WARNING: "yellow",
}


class HistoryChart(PlotextPlot):
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
        plt.xlabel(data.xlabel)
        title = data.title
        if data.xs:
            plt.plot(list(data.xs), list(data.ys), marker="braille")
            low, high = min(data.ys), max(data.ys)
        else:
            low, high = 0.0, 1.0
        # a threshold far outside the data would squash the line flat: list it instead
        reach = max(high - low, abs(high) * 0.1, 1.0)
        off_scale = []
        for value, severity in data.thresholds:
            if data.xs and not low - reach <= value <= high + reach:
                off_scale.append(f"{value:g}")
                continue
            plt.hline(value, THRESHOLD_COLORS.get(severity, "red"))
            low, high = min(low, value), max(high, value)
        if off_scale:
            title += f" · thresholds off scale: {', '.join(off_scale)}"
        plt.title(title)
        if data.thresholds or not data.xs:
            pad = (high - low) * 0.05 or 1.0
            plt.ylim(low - pad, high + pad)
        self.refresh()
