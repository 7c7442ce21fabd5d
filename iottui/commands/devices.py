"""``iottui devices list``: the account's flat device list."""

from __future__ import annotations

from iottui.api.models import DeviceSummary
from iottui.commands._core import Resource, SubParsers
from iottui.commands._output import Column

DEVICE_COLUMNS: list[Column[DeviceSummary]] = [
    Column("id", lambda d: d.id, align="right"),
    Column("name", lambda d: d.name),
    Column("device_type", lambda d: d.device_type, header="TYPE"),
    Column("buddy_id", lambda d: d.buddy_id, align="right"),
]


def register(subparsers: SubParsers) -> None:
    devices = Resource(subparsers, "devices", help="the flat device list")
    devices.list_leaf(
        lambda client: client.devices.list(),
        DEVICE_COLUMNS,
        empty="(no devices)",
        help="list devices (id, name, type, buddy id)",
        examples=["iottui devices list", "iottui devices list --csv > devices.csv"],
    )
