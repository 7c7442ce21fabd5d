"""Sensor commands: new custom / system-health / OPC-UA sensor, edit, delete."""

from __future__ import annotations

from rich.text import Text

from iottui.api.models import Device, Sensor
from iottui.ui.manage.common import clean, get_fleet, group_write_reason, id_refusal
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.sensor_forms import SensorForm, SensorKind, sensor_kind
from iottui.ui.registry import CommandContext, Selection, SelectionKind, command


def _may_add(selection: Selection) -> str | None:
    """Why no sensor may be added to the selected device: the group's permission, no id."""
    return group_write_reason(selection.group) or id_refusal(selection.device, "Device")


def _may_change(selection: Selection) -> str | None:
    """Why the selected sensor may not be changed: as :func:`_may_add`, or it has no id."""
    return _may_add(selection) or id_refusal(selection.sensor, "Sensor")


def _refused(ctx: CommandContext, reason: str | None) -> bool:
    if reason:
        ctx.app.notify(reason, title="Not allowed", severity="warning")
        return True
    return False


async def _device(ctx: CommandContext) -> Device | None:
    device = ctx.selection.device
    if device is None:
        ctx.app.notify("Select a device in the tree first.", severity="warning")
        return None
    if _refused(ctx, _may_add(ctx.selection)):
        return None
    fleet = await get_fleet(ctx.app)
    return fleet.find_device(device.id) or device


async def _new(ctx: CommandContext, kind: SensorKind) -> None:
    device = await _device(ctx)
    if device is None:
        return
    if kind == "opcua":
        existing = next((s for s in device.sensors if s.is_opcua), None)
        if existing is not None:
            ctx.app.notify(
                f"{clean(device.name)!r} already has an OPC-UA sensor ({clean(existing.name)!r}); "
                "only one per device is supported. Edit that one instead.",
                severity="warning",
            )
            return
    ctx.open(SensorForm(kind, device))


_DEVICE_CONTEXTS: frozenset[SelectionKind] = frozenset({"device", "sensor", "metric"})


@command(
    "sensor-new",
    "New custom sensor…",
    "Add a script-based sensor with metrics to the device",
    writes=True,
    contexts=_DEVICE_CONTEXTS,
    operations=("sensors.create_custom",),
    check=_may_add,
)
async def sensor_new(ctx: CommandContext) -> None:
    await _new(ctx, "custom")


@command(
    "sensor-new-health",
    "New system-health sensor…",
    "Measure the device's CPU, memory or load",
    writes=True,
    contexts=_DEVICE_CONTEXTS,
    operations=("sensors.create_system_health",),
    check=_may_add,
)
async def sensor_new_health(ctx: CommandContext) -> None:
    await _new(ctx, "health")


@command(
    "sensor-new-opcua",
    "New OPC-UA sensor…",
    "Map OPC-UA node ids to metrics (one such sensor per device)",
    writes=True,
    contexts=_DEVICE_CONTEXTS,
    operations=("sensors.create_custom",),
    check=_may_add,
)
async def sensor_new_opcua(ctx: CommandContext) -> None:
    await _new(ctx, "opcua")


def _sensor(ctx: CommandContext) -> tuple[Device, Sensor] | None:
    sel = ctx.selection
    if sel.sensor is None or sel.device is None:
        ctx.app.notify("Select a sensor (or one of its metrics) first.", severity="warning")
        return None
    if _refused(ctx, _may_change(sel)):
        return None
    return sel.device, sel.sensor


@command(
    "sensor-edit",
    "Edit sensor…",
    "Change the sensor's name, frequency, script or metrics",
    writes=True,
    contexts={"sensor", "metric"},
    operations=("sensors.update",),
    check=_may_change,
)
def sensor_edit(ctx: CommandContext) -> None:
    found = _sensor(ctx)
    if found is not None:
        device, sensor = found
        ctx.open(SensorForm(sensor_kind(sensor), device, sensor))


@command(
    "sensor-delete",
    "Delete sensor…",
    "Delete the sensor, its metrics and their history",
    writes=True,
    contexts={"sensor", "metric"},
    operations=("sensors.delete",),
    check=_may_change,
)
def sensor_delete(ctx: CommandContext) -> None:
    found = _sensor(ctx)
    if found is None:
        return
    device, sensor = found
    names = ", ".join(clean(m.name) for m in sensor.metrics[:6])
    more = f" and {len(sensor.metrics) - 6} more" if len(sensor.metrics) > 6 else ""
    body = Text(
        f"Delete sensor {clean(sensor.name)!r} (id {sensor.id}) from device "
        f"{clean(device.name)!r}?\nIts {len(sensor.metrics)} metric(s) go with it"
        + (f": {names}{more}." if names else ".")
        + "\nRules that watch them stop firing."
    )
    confirm_write(
        ctx.app,
        "Delete sensor?",
        body,
        what=f"deleting sensor {clean(sensor.name)!r}",
        call=lambda: ctx.session.api.sensors.delete(sensor.id, device.id),
        done=f"Sensor {clean(sensor.name)!r} deleted.",
    )
