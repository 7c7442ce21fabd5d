"""The detail of a sensor: frequency, script path, and its metrics with live values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from iottui.ui.live import LiveStore
from iottui.ui.text import safe, severity_text
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.repaint import update_static

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Device, Sensor


def sensor_info(device: Device, sensor: Sensor) -> Text:
    text = Text("Sensor ", style="dim")
    text.append_text(safe(sensor.name, "bold"))
    text.append(" on ", style="dim")
    text.append_text(safe(device.name))
    if sensor.alarm is not None:
        text.append("  alarm ")
        text.append_text(severity_text(sensor.alarm))
    text.append(f"\nid {sensor.id}", style="dim")
    if sensor.frequency is not None:
        text.append(f" · every {sensor.frequency.seconds} s", style="dim")
    if sensor.system_health_type is not None:
        text.append(f" · system health: {sensor.system_health_type.label}", style="dim")
    if sensor.is_opcua:
        text.append(" · OPC UA", style="dim")
    text.append("\nscript ", style="dim")
    text.append_text(safe(sensor.script_path or "–"))
    return text


class SensorPane(Vertical):
    """Info and a live table of the sensor's metrics."""

    DEFAULT_CSS = """
    SensorPane > #sensor-info { height: auto; padding: 0 1; }
    SensorPane > LiveTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sensor: Sensor | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="sensor-info")
        yield LiveTable(with_sensor=False, id="sensor-live")

    def show(self, device: Device, sensor: Sensor, store: LiveStore, now: int) -> None:
        same_rows = self.sensor is not None and self.sensor == sensor
        self.sensor = sensor
        update_static(self.query_one("#sensor-info", Static), sensor_info(device, sensor))
        table = self.query_one(LiveTable)
        if same_rows:
            table.refresh_values(store, now)
        else:
            table.show(device, [sensor], store, now)

    def refresh_values(self, store: LiveStore, now: int) -> None:
        self.query_one(LiveTable).refresh_values(store, now)
