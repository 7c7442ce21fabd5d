"""The detail of a device: its info, then every sensor's metrics with live values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from iottui.ui.live import LiveStore
from iottui.ui.text import device_state, safe, severity_text
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.repaint import update_static

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Device


def device_info(device: Device) -> Text:
    text = Text("Device ", style="dim")
    text.append_text(safe(device.name, "bold"))
    text.append("  ")
    text.append_text(device_state(device))
    if device.alarm is not None:
        text.append("  alarm ")
        text.append_text(severity_text(device.alarm))
    text.append(f"\nid {device.id}", style="dim")
    if device.buddy_id is not None:
        text.append(f" · buddy {device.buddy_id}", style="dim")
    text.append(f" · {device.device_type.label}", style="dim")
    if device.version:
        text.append(" · version ", style="dim")
        text.append_text(safe(device.version, "dim"))
    text.append(
        f" · {len(device.sensors)} sensors · {sum(len(s.metrics) for s in device.sensors)} metrics",
        style="dim",
    )
    if device.description:
        text.append("\n")
        text.append_text(safe(device.description, "italic"))
    return text


class DevicePane(Vertical):
    """Info and a live table of all the device's metrics."""

    DEFAULT_CSS = """
    DevicePane > #device-info { height: auto; max-height: 6; padding: 0 1; }
    DevicePane > LiveTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.device: Device | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="device-info")
        yield LiveTable(with_sensor=True, id="device-live")

    def show(self, device: Device, store: LiveStore, now: int) -> None:
        same_rows = self.device is not None and self.device.sensors == device.sensors
        self.device = device
        update_static(self.query_one("#device-info", Static), device_info(device))
        table = self.query_one(LiveTable)
        if same_rows:
            table.refresh_values(store, now)
        else:
            table.show(device, device.sensors, store, now)

    def refresh_values(self, store: LiveStore, now: int) -> None:
        self.query_one(LiveTable).refresh_values(store, now)
