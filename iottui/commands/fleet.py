"""``iottui fleet``: the nested fleet, groups > devices > sensors > metrics, as a tree or JSON."""

from __future__ import annotations

from iottui.api.models import Device, Fleet, Group, Metric, Sensor
from iottui.commands._core import Ctx, SubParsers, add_leaf
from iottui.commands._output import safe_text, to_data

_DEPTHS = ("groups", "devices", "sensors", "metrics")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _group_line(group: Group) -> str:
    alarm = f", alarm {group.alarm.label}" if group.alarm is not None else ""
    devices = _plural(len(group.devices), "device")
    return f"{group.name}  [group {group.id}, {group.permission.label}, {devices}{alarm}]"


def _device_line(device: Device) -> str:
    state = "online" if device.online else "offline"
    alarm = f", alarm {device.alarm.label}" if device.alarm is not None else ""
    return f"{device.name}  [device {device.id}, {state}{alarm}]"


def _sensor_line(sensor: Sensor) -> str:
    freq = ""
    if sensor.frequency is not None:
        unit = sensor.frequency.type.rstrip("s") or sensor.frequency.type
        freq = f", every {_plural(sensor.frequency.value, unit)}"
    kind = ""
    if sensor.system_health_type is not None:
        kind = f", {sensor.system_health_type.label} health"
    elif sensor.is_opcua:
        kind = ", OPC-UA"
    return f"{sensor.name}  [sensor {sensor.id}{kind}{freq}]"


def _metric_line(metric: Metric) -> str:
    unit = f" {metric.unit}" if metric.unit else ""
    alarm = f", alarm {metric.alarm.label}" if metric.alarm is not None else ""
    return f"{metric.name}  [metric {metric.id}, {metric.value_type}{unit}{alarm}]"


def fleet_tree(fleet: Fleet, depth: str = "metrics") -> list[str]:
    """The nested fleet as tree lines (sanitised)."""
    level = _DEPTHS.index(depth)
    lines: list[str] = []

    def add(prefix: str, last: bool, text: str) -> str:
        lines.append(f"{prefix}{'└─ ' if last else '├─ '}{safe_text(text)}")
        return prefix + ("   " if last else "│  ")

    for gi, group in enumerate(fleet.groups):
        lines.append(safe_text(_group_line(group)))
        if level < 1:
            continue
        for di, device in enumerate(group.devices):
            dprefix = add("", di == len(group.devices) - 1, _device_line(device))
            if level < 2:
                continue
            for si, sensor in enumerate(device.sensors):
                sprefix = add(dprefix, si == len(device.sensors) - 1, _sensor_line(sensor))
                if level < 3:
                    continue
                for mi, metric in enumerate(sensor.metrics):
                    add(sprefix, mi == len(sensor.metrics) - 1, _metric_line(metric))
        if gi < len(fleet.groups) - 1:
            lines.append("")
    return lines


async def fleet(ctx: Ctx) -> int:
    """Print the nested fleet: groups > devices > sensors > metrics."""
    data = ctx.read(await ctx.client.fleet.get())
    group_ids = set(ctx.opt("group_ids") or ())
    if group_ids:
        data = Fleet(tuple(g for g in data.groups if g.id in group_ids), data.timestamp)
    if ctx.out.json:
        ctx.out.emit_json(to_data(data))
    elif not data.groups:
        ctx.out.note("(no groups)")
    else:
        for line in fleet_tree(data, ctx.opt("depth") or "metrics"):
            ctx.out.line(line)
    return 0


def register(subparsers: SubParsers) -> None:
    p = add_leaf(
        subparsers,
        ("fleet",),
        fleet,
        operation="fleet.get",
        help="print the nested fleet: groups > devices > sensors > metrics",
        examples=[
            "iottui fleet",
            "iottui fleet --depth devices",
            "iottui fleet --json | jq '.groups[].devices[] | select(.state == 1) | .name'",
        ],
    )
    p.add_argument(
        "--depth",
        choices=_DEPTHS,
        default="metrics",
        help="how deep to print the tree (default: metrics)",
    )
    p.add_argument(
        "--group",
        dest="group_ids",
        metavar="GROUP_ID",
        type=int,
        action="append",
        help="only this group (repeatable)",
    )
