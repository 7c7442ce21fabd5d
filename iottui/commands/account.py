"""``iottui account ...``, ``iottui fleet``, ``iottui devices list``, ``iottui contacts list``."""

from __future__ import annotations

from iottui.api.models import Contact, Device, DeviceSummary, Fleet, Group, Metric, Sensor
from iottui.commands._core import Ctx, Resource, SubParsers, add_leaf, done
from iottui.commands._output import Column, safe_text, to_data

# --- account --------------------------------------------------------------------------------


async def token(ctx: Ctx) -> int:
    """Print the assignment token."""
    value = await ctx.client.account.token()
    if ctx.out.json:
        ctx.out.emit_json({"token": value})
    else:
        ctx.out.line(safe_text(value))
    return 0


async def regenerate_token(ctx: Ctx) -> int:
    """Regenerate the assignment token and print the new one."""
    ctx.confirm("Regenerate the assignment token (the current token stops working)")
    value = await ctx.client.account.regenerate_token()
    if ctx.out.json:
        return done(ctx, "", token=value)
    ctx.out.line(safe_text(value))
    return 0


async def user(ctx: Ctx) -> int:
    """Print the user and their license."""
    info = await ctx.client.account.user()
    license_text = ""
    if info.license is not None:
        license_text = info.license.type
        if info.license.version is not None:
            license_text += f" (version {info.license.version})"
    ctx.out.record(
        [
            ("id", info.id),
            ("name", info.display_name),
            ("email", info.email),
            ("license", license_text),
            ("eula agreed", info.eula_agreement),
        ],
        data=to_data(info),
    )
    return 0


# --- fleet ----------------------------------------------------------------------------------

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
    data = await ctx.client.fleet.get()
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


DEVICE_COLUMNS: list[Column[DeviceSummary]] = [
    Column("id", lambda d: d.id, align="right"),
    Column("name", lambda d: d.name),
    Column("device_type", lambda d: d.device_type, header="TYPE"),
    Column("buddy_id", lambda d: d.buddy_id, align="right"),
]


async def devices_list(ctx: Ctx) -> int:
    """Print the flat device list."""
    items = await ctx.client.devices.list()
    ctx.out.items(items, DEVICE_COLUMNS, empty="(no devices)")
    return 0


CONTACT_COLUMNS: list[Column[Contact]] = [
    Column("id", lambda c: c.id, align="right"),
    Column("name", lambda c: c.name),
    Column("state", lambda c: c.state),
    Column("email", lambda c: c.email),
]


async def contacts_list(ctx: Ctx) -> int:
    """Print the contacts and their state."""
    items = await ctx.client.contacts.list()
    ctx.out.items(items, CONTACT_COLUMNS, empty="(no contacts)")
    return 0


def register(subparsers: SubParsers) -> None:
    account = Resource(
        subparsers,
        "account",
        help="the account: user info, license, assignment token",
        examples=["iottui account user", "iottui account token --json | jq -r .token"],
    )
    account.leaf(
        "token",
        token,
        operation="account.token",
        help="print the assignment token (used to assign devices to this account)",
        examples=["iottui account token"],
    )
    account.leaf(
        "regenerate-token",
        regenerate_token,
        operation="account.regenerate_token",
        help="regenerate the assignment token; the old token stops working",
        destructive=True,
        examples=["iottui account regenerate-token --yes"],
    )
    account.leaf(
        "user",
        user,
        operation="account.user",
        help="print the user: name, email, license, EULA",
        examples=["iottui account user --json"],
    )

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

    devices = Resource(subparsers, "devices", help="the flat device list")
    devices.leaf(
        "list",
        devices_list,
        operation="devices.list",
        help="list devices (id, name, type, buddy id)",
        formats=("table", "json", "csv"),
        examples=["iottui devices list", "iottui devices list --csv > devices.csv"],
    )

    contacts = Resource(subparsers, "contacts", help="contacts to share groups with")
    contacts.leaf(
        "list",
        contacts_list,
        operation="contacts.list",
        help="list contacts and their state (online, busy, away, offline)",
        formats=("table", "json", "csv"),
        examples=["iottui contacts list"],
    )
