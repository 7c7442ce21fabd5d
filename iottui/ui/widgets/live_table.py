"""A table of metrics with their live values, units, a sparkline and the value's age.

A refresh updates only the cells whose text changed, so nothing repaints when nothing changed.
The columns fit the table's width (:mod:`iottui.ui.widgets.columns`): the metric and its value
with its unit come first, then the alarm dot, the value's age, the sensor and last the trend; a
value is shown whole, or scaled with its unit (``101k hPa``) when its column is narrow, never
cut.

Duplicate ids are data: a device may list two sensors with one id, a sensor two metrics with one
id. Every metric the server listed gets its row (rows are keyed by position, never by ids), so
the operator sees both; their values are the same, as values are addressed by (sensor id,
metric id) and the server cannot tell the two apart either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from iottui.ui.live import LiveStore
from iottui.ui.text import fit_value, format_age, safe, severity_dot, sparkline, value_forms
from iottui.ui.widgets.columns import Column, cut, fit_columns, widest
from iottui.ui.widgets.keyed_table import KeyedTable

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Device, Sensor, Value

SPARK_WIDTH = 20
#: Sensor and metric names are cut to this many cells so values stay on screen.
NAME_WIDTH = 24

COLUMNS: tuple[Column, ...] = (
    Column("sensor", "Sensor", keep=4, least=6, most=NAME_WIDTH),
    Column("metric", "Metric", keep=0, least=8, most=NAME_WIDTH),
    Column("alarm", " ", keep=2, least=1, most=1),
    Column("value", "Value", keep=1, least=4, whole=True),
    Column("age", "Age", keep=3, least=3, whole=True),
    Column("trend", "Trend (15 min)", keep=5, least=SPARK_WIDTH, most=SPARK_WIDTH),
)
#: The cells a live refresh changes.
LIVE = ("value", "trend", "age")


def short_name(value: object) -> Text:
    """A server name as safe text, cut with an ellipsis beyond :data:`NAME_WIDTH` cells."""
    return cut(safe(value), NAME_WIDTH)


@dataclass(slots=True)
class _Row:
    sensor_id: int
    metric_id: str
    unit: str
    sensor: Text
    metric: Text
    alarm: Text
    value: Value = None
    stamp: int | None = None
    spark: tuple[float, ...] = ()


class LiveTable(KeyedTable[Text]):
    """Metrics of one device (all sensors) or one sensor, with live values."""

    DEFAULT_CSS = """
    LiveTable { overflow-x: hidden; }
    """

    def __init__(self, *, with_sensor: bool = True, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.with_sensor = with_sensor
        self.rows_for: list[tuple[int, str]] = []
        self._rows: list[_Row] = []
        self._cells: dict[tuple[str, str], Text] = {}
        #: the columns shown and their widths (see :func:`fit_columns`)
        self.widths: dict[str, int] = {}
        self._grown: dict[str, int] = {}
        self._now = 0

    @property
    def columns_wanted(self) -> tuple[Column, ...]:
        return COLUMNS if self.with_sensor else COLUMNS[1:]

    def on_resize(self) -> None:
        self._layout()

    def show(self, device: Device, sensors: Sequence[Sensor], store: LiveStore, now: int) -> None:
        """Rebuild the rows for new sensors (a new selection)."""
        self._rows = [
            _Row(
                sensor.id,
                metric.id,
                metric.unit,
                safe(sensor.name),
                safe(metric.name),
                severity_dot(metric.alarm),
            )
            for sensor in sensors
            for metric in sensor.metrics
        ]
        self.rows_for = [(r.sensor_id, r.metric_id) for r in self._rows]
        self._grown.clear()
        self._read(store, now)
        self._layout(force=True)

    def _read(self, store: LiveStore, now: int) -> None:
        self._now = now
        for row in self._rows:
            row.value, row.stamp = store.value(row.sensor_id, row.metric_id)
            row.spark = tuple(store.spark(row.sensor_id, row.metric_id))

    def _fit(self) -> dict[str, int]:
        width = self.size.width - self.styles.scrollbar_size_vertical
        if width <= 0:
            width = 80
        shortest = [min(map(cell_len, value_forms(r.value, r.unit))) for r in self._rows]
        content = {
            "sensor": widest([r.sensor for r in self._rows], "Sensor"),
            "metric": widest([r.metric for r in self._rows], "Metric"),
            "alarm": 1,
            "value": widest([value_forms(r.value, r.unit)[0] for r in self._rows], "Value"),
            "age": widest([format_age(r.stamp, self._now) for r in self._rows], "Age"),
            "trend": SPARK_WIDTH,
        }
        # the value and age columns do not narrow while the same rows are shown: a live value
        # one digit shorter must not lay the whole table out again
        for key in ("value", "age"):
            content[key] = self._grown[key] = max(content[key], self._grown.get(key, 0))
        # a value's narrowest is its shortest whole form; an age is a number too ("2583d")
        least = {"value": max(shortest, default=0), "age": content["age"]}
        columns = [replace(c, least=max(c.least, least.get(c.key, 0))) for c in self.columns_wanted]
        return fit_columns(columns, content, width, self.cell_padding)

    def _layout(self, *, force: bool = False) -> None:
        """Show the columns that fit, and the rows; only when the fit changed (or ``force``)."""
        widths = self._fit()
        if widths == self.widths and not force:
            return
        keep = self.cursor_row
        self.widths = widths
        self.clear(columns=True)
        self._cells.clear()
        for column in self.columns_wanted:
            if column.key in widths:
                label = cut(Text(column.label), widths[column.key])
                self.add_column(label, key=column.key, width=widths[column.key])
        for n, row in enumerate(self._rows):
            key = str(n)
            cells = self._cells_of(row, key)
            self.add_row(*(cells[k] for k in widths), key=key)
        if self._rows:
            self.move_cursor(row=min(max(keep, 0), len(self._rows) - 1))

    def _cells_of(self, row: _Row, key: str) -> dict[str, Text]:
        widths = self.widths
        cells = {
            "sensor": cut(row.sensor, widths.get("sensor", NAME_WIDTH)),
            "metric": cut(row.metric, widths.get("metric", NAME_WIDTH)),
            "alarm": row.alarm,
            **self._live_cells(row),
        }
        for column in LIVE:
            self._cells[(key, column)] = cells[column]
        return cells

    def _live_cells(self, row: _Row) -> dict[str, Text]:
        width = self.widths.get("value", 14)
        return {
            "value": Text(fit_value(row.value, row.unit, width), justify="right"),
            "trend": Text(sparkline(row.spark, SPARK_WIDTH), style="cyan"),
            "age": Text(format_age(row.stamp, self._now), style="dim"),
        }

    def refresh_values(self, store: LiveStore, now: int) -> int:
        """Update changed cells; returns how many cells changed."""
        self._read(store, now)
        if self._fit() != self.widths:  # a value that no longer fits: lay out again
            self._layout()
            return len(self._rows) * len(LIVE)
        changed = 0
        for n, row in enumerate(self._rows):
            key = str(n)
            for column, cell in self._live_cells(row).items():
                if column in self.widths and self._cells.get((key, column)) != cell:
                    self._cells[(key, column)] = cell
                    self.update_cell(key, column, cell)
                    changed += 1
        return changed

    def selected(self) -> tuple[int, str] | None:
        if not self.rows_for or self.cursor_row < 0 or self.cursor_row >= len(self.rows_for):
            return None
        return self.rows_for[self.cursor_row]
