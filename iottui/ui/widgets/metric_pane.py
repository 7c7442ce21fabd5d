"""The detail of a metric: the big current value with unit and age, and its history chart.

Range presets are the document's data periods (5 min … 1 month, keys 1-9); ``f`` cycles the
aggregation function. The screen fetches; this widget only displays.

The chart widget is mounted when the pane first shows a metric: its module imports plotext,
which a start showing the fleet does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Digits, Static

from iottui.api.enums import Aggregation, DataPeriod
from iottui.ui.live import LiveStore
from iottui.ui.text import clean, fit_value, format_age, safe, severity_text, to_float
from iottui.ui.widgets.chart_data import ChartData
from iottui.ui.widgets.repaint import update_static

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Device, Metric, Sensor

if TYPE_CHECKING:
    from iottui.ui.widgets.chart import HistoryChart

#: Range presets in key order (1 = 5 min … 9 = 1 month).
RANGES: tuple[DataPeriod, ...] = (
    DataPeriod.MIN_5,
    DataPeriod.MIN_15,
    DataPeriod.MIN_30,
    DataPeriod.HOUR_1,
    DataPeriod.HOUR_6,
    DataPeriod.HOUR_12,
    DataPeriod.DAY_1,
    DataPeriod.WEEK_1,
    DataPeriod.MONTH_1,
)
FUNCS: tuple[Aggregation, ...] = (
    Aggregation.AVG,
    Aggregation.MIN,
    Aggregation.MAX,
    Aggregation.STDEV,
    Aggregation.COUNT,
)
_DIGIT_CHARS = set("0123456789.-+ ")


def controls_text(
    period: DataPeriod, func: Aggregation, *, compact: bool = False, width: int | None = None
) -> Text:
    """The range and aggregation legend; in ``width`` cells it breaks between items only (a
    narrow pane showed "8:1" at the end of a line and "week" on the next)."""
    if compact:
        text = Text("Range (1-9) ", style="dim")
        text.append(period.label, style="bold reverse")
        text.append("  Agg (f) ", style="dim")
        text.append(func.value, style="bold reverse")
        return text
    items = [Text("Range", style="dim")]
    for i, preset in enumerate(RANGES, start=1):
        items.append(Text(f"{i}:{preset.label}", style="bold reverse" if preset == period else ""))
    items.append(Text(" Agg (f)", style="dim"))
    items += [Text(f.value, style="bold reverse" if f == func else "dim") for f in FUNCS]
    text = Text()
    line = 0
    for item in items:
        if line and width is not None and line + 1 + item.cell_len > width:
            text.append("\n")
            line = 0
        elif line:
            text.append(" ")
            line += 1
        text.append_text(item)
        line += item.cell_len
    return text


class MetricPane(Vertical):
    """Big value + chart of one metric."""

    DEFAULT_CSS = """
    MetricPane > #metric-header { height: auto; padding: 0 1; }
    MetricPane > #metric-value-row { height: 3; }
    MetricPane #metric-digits { width: auto; padding: 0 1; }
    MetricPane #metric-value-text { width: 1fr; padding: 0 1; content-align: left middle; }
    MetricPane > #metric-controls { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key: tuple[int, str] | None = None
        self.unit = ""
        self._value_key: tuple[str, str] | None = None
        self._controls: tuple[DataPeriod, Aggregation] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="metric-header")
        with Horizontal(id="metric-value-row"):
            yield Digits("", id="metric-digits")
            yield Static(id="metric-value-text")
        yield Static(id="metric-controls")

    def _chart(self) -> HistoryChart:
        """The chart, mounted below the controls on first use."""
        from iottui.ui.widgets.chart import HistoryChart

        try:
            return self.query_one("#metric-chart", HistoryChart)
        except NoMatches:
            chart = HistoryChart(id="metric-chart")
            self.mount(chart)
            return chart

    def show(
        self, device: Device, sensor: Sensor, metric: Metric, store: LiveStore, now: int
    ) -> None:
        self.key = (sensor.id, metric.id)
        self.unit = metric.unit
        self._chart()  # mounted with the first metric (laid out before its history comes)
        header = safe(device.name, "dim")
        header.append(" › ", style="dim")
        header.append_text(safe(sensor.name, "dim"))
        header.append(" › ", style="dim")
        header.append_text(safe(metric.name, "bold"))
        header.append(f"   id {clean(metric.id)} · {clean(metric.value_type)}", style="dim")
        if metric.alarm is not None:
            header.append("  alarm ")
            header.append_text(severity_text(metric.alarm))
        update_static(self.query_one("#metric-header", Static), header)
        self._value_key = None
        self.refresh_values(store, now)

    def refresh_values(self, store: LiveStore, now: int) -> None:
        if self.key is None:
            return
        value, stamp = store.value(*self.key)
        number = to_float(value)
        # the big digits are 3 cells a character: the most precise whole form that fits
        # beside the unit; a form with a prefix or exponent is shown as text (never cut)
        room = max(1, (self.size.width - 18) // 3) if self.size.width else 40
        shown = fit_value(value, "", room)
        digits = shown if number is not None and set(shown) <= _DIGIT_CHARS else ""
        detail = Text(clean(self.unit), style="bold")
        if not digits:
            detail = Text(shown + " ", style="bold")
            detail.append(clean(self.unit))
        detail.append(f"\nupdated {format_age(stamp, now)} ago", style="dim")
        key = (digits, detail.markup)
        if key == self._value_key:
            return
        self._value_key = key
        self.query_one("#metric-digits", Digits).update(digits)
        self.query_one("#metric-value-text", Static).update(detail)

    @property
    def value_text(self) -> str:
        return self.query_one("#metric-digits", Digits).value

    def on_resize(self) -> None:
        if self._controls is not None:
            self.set_controls(*self._controls)

    def set_controls(self, period: DataPeriod, func: Aggregation) -> None:
        self._controls = (period, func)
        compact = self.app.size.width < 110
        self.query_one("#metric-controls", Static).update(
            controls_text(period, func, compact=compact, width=self.size.width - 2 or None)
        )

    def show_chart(self, data: ChartData) -> None:
        self._chart().show(data)
