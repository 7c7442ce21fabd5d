"""The Inventory screen: every device, sensor and metric of the account as flat lists, with
the server's counts (devices that are in no group show up here too)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, TabbedContent, TabPane

from iottui.ui.manage.common import clean
from iottui.ui.manage.screen_base import ManageScreen, by_name
from iottui.ui.manage.tables import manage_table
from iottui.ui.registry import CommandContext, command


class InventoryScreen(ManageScreen):
    """Flat lists of devices (``/devices/list``), sensors (``/sensors``), metrics
    (``/metrics``) and the counts (``/sensors/count``, ``/metrics/count``)."""

    BINDINGS: ClassVar[list[BindingType]] = []
    screen_title = "Inventory — devices, sensors and metrics"

    def __init__(self, tab: str = "devices") -> None:
        super().__init__()
        self.initial_tab = tab

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Devices", id="devices"):
                yield manage_table("devices-table")
            with TabPane("Sensors", id="sensors"):
                yield manage_table("sensors-table")
            with TabPane("Metrics", id="metrics"):
                yield manage_table("metrics-table")
        yield from self.compose_status()

    async def load(self) -> None:
        self.set_status("Loading…")
        client = self.client
        devices = by_name(self.read(await self.attempt("devices", client.devices.list(), ())))
        sensors = by_name(self.read(await self.attempt("sensors", client.sensors.list(), ())))
        metrics = by_name(self.read(await self.attempt("metrics", client.metrics.list(), ())))
        # the server's counts; the lists' lengths when a count cannot be read
        sensor_count = await self.attempt("the sensor count", client.sensors.count(), None)
        metric_count = await self.attempt("the metric count", client.metrics.count(), None)
        self.fill(
            self.query_one("#devices-table", DataTable),
            [
                (
                    str(d.id),
                    [
                        Text(clean(d.name)),
                        Text(str(d.id)),
                        Text(d.device_type.label),
                        Text("" if d.buddy_id is None else str(d.buddy_id)),
                    ],
                )
                for d in devices
            ],
        )
        self.fill(
            self.query_one("#sensors-table", DataTable),
            [
                (
                    str(s.id),
                    [
                        Text(clean(s.name)),
                        Text(str(s.id)),
                        Text(clean(s.device.name) if s.device else ""),
                    ],
                )
                for s in sensors
            ],
        )
        rows = []
        for m in metrics:
            sensor = m.sensor
            device = sensor.device if sensor else None
            rows.append(
                (
                    f"{sensor.id if sensor else ''}_{m.id}",
                    [
                        Text(clean(m.name)),
                        Text(clean(m.unit)),
                        Text(clean(m.value_type)),
                        Text(clean(sensor.name) if sensor else ""),
                        Text(clean(device.name) if device else ""),
                        Text(clean(m.id)),
                    ],
                )
            )
        self.fill(self.query_one("#metrics-table", DataTable), rows)
        sensors_total = len(sensors) if sensor_count is None else sensor_count
        counted = metric_count.metrics if metric_count is not None else None
        metrics_total = len(metrics) if counted is None else counted
        self.set_status(
            f"{len(devices)} device(s) · {sensors_total} sensor(s) · {metrics_total} metric(s) "
            "(counts from the server)"
        )


@command(
    "inventory",
    "Inventory…",
    "Every device, sensor and metric as flat lists, with counts",
    operations=("devices.list", "sensors.list", "sensors.count", "metrics.list", "metrics.count"),
)
def inventory_command(ctx: CommandContext) -> None:
    ctx.open(InventoryScreen())
