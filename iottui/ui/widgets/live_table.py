"""A table of metrics with their live values, units, a sparkline and the value's age.

A refresh updates only the cells whose text changed, so nothing repaints when nothing changed.

Duplicate ids are data: a device may list two sensors with one id, a sensor two metrics with one
id. Every metric the server listed gets its row (rows are keyed by position, never by ids), so
the operator sees both; their values are the same, as values are addressed by (sensor id,
metric id) and the server cannot tell the two apart either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from iottui.api.models import Device, Sensor
from iottui.ui.live import LiveStore
from iottui.ui.text import format_age, format_value, safe, severity_dot, sparkline
from iottui.ui.widgets.fast_table import FastCellsTable

SPARK_WIDTH = 20
#: Sensor and metric names are cut to this many cells so values stay on screen.
NAME_WIDTH = 24


def short_name(value: object) -> Text:
    """A server name as safe text, cut with an ellipsis beyond :data:`NAME_WIDTH` cells."""
    text = safe(value)
    text.truncate(NAME_WIDTH, overflow="ellipsis")
    return text


class LiveTable(FastCellsTable[Text]):
    """Metrics of one device (all sensors) or one sensor, with live values."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "Top", show=False, id="table.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
    ]

    def __init__(self, *, with_sensor: bool = True, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.with_sensor = with_sensor
        self.rows_for: list[tuple[int, str]] = []
        self._cells: dict[tuple[str, str], Text] = {}
        self._units: list[str] = []

    def on_mount(self) -> None:
        if self.with_sensor:
            self.add_column(Text("Sensor"), key="sensor")
        self.add_column(Text("Metric"), key="metric")
        self.add_column(Text(" "), key="alarm", width=1)
        self.add_column(Text("Value"), key="value", width=14)
        self.add_column(Text("Trend (15 min)"), key="trend", width=SPARK_WIDTH)
        self.add_column(Text("Age"), key="age", width=5)

    def show(self, device: Device, sensors: Sequence[Sensor], store: LiveStore, now: int) -> None:
        """Rebuild the rows for new sensors (a new selection)."""
        self.clear()
        self._cells.clear()
        self.rows_for = []
        for sensor in sensors:
            for metric in sensor.metrics:
                key = str(len(self.rows_for))
                cells: list[Text] = []
                if self.with_sensor:
                    cells.append(short_name(sensor.name))
                cells.append(short_name(metric.name))
                cells.append(severity_dot(metric.alarm))
                cells.extend(self._live_cells(sensor.id, metric.id, metric.unit, store, now))
                self.add_row(*cells, key=key)
                self.rows_for.append((sensor.id, metric.id))
                for column, cell in zip(("value", "trend", "age"), cells[-3:], strict=True):
                    self._cells[(key, column)] = cell
        self._units = [m.unit for s in sensors for m in s.metrics]

    def _live_cells(
        self, sensor_id: int, metric_id: str, unit: str, store: LiveStore, now: int
    ) -> list[Text]:
        value, stamp = store.value(sensor_id, metric_id)
        return [
            Text(format_value(value, unit), justify="right"),
            Text(sparkline(store.spark(sensor_id, metric_id), SPARK_WIDTH), style="cyan"),
            Text(format_age(stamp, now), style="dim"),
        ]

    def refresh_values(self, store: LiveStore, now: int) -> int:
        """Update changed cells; returns how many cells changed."""
        changed = 0
        for row, (sensor_id, metric_id) in enumerate(self.rows_for):
            key = str(row)
            unit = self._units[row]
            cells = self._live_cells(sensor_id, metric_id, unit, store, now)
            for column, cell in zip(("value", "trend", "age"), cells, strict=True):
                if self._cells.get((key, column)) != cell:
                    self._cells[(key, column)] = cell
                    self.update_cell(key, column, cell)
                    changed += 1
        return changed

    def selected(self) -> tuple[int, str] | None:
        if not self.rows_for or self.cursor_row < 0 or self.cursor_row >= len(self.rows_for):
            return None
        return self.rows_for[self.cursor_row]

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))
