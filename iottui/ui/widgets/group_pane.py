"""The detail of a group: its devices (state, alarm, version, sensors) and who it is shared with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from iottui.ui.text import device_state, online_count, safe, severity_text
from iottui.ui.widgets.columns import Cell, Column, FittedColumns
from iottui.ui.widgets.repaint import update_static

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Group

#: The most devices of one group listed (a group of 10,000 stays quick to show).
SHOWN = 2000


def group_header(group: Group) -> Text:
    online = online_count(group.devices)
    text = Text("Group ", style="dim")
    text.append_text(safe(group.name, "bold"))
    counts = f"   id {group.id} · {len(group.devices)} devices"
    text.append(counts + (f" · {online} online" if online is not None else ""), style="dim")
    text.append(f" · your permission: {group.permission.label}", style="dim")
    return text


def sharing_text(group: Group) -> Text:
    if not group.shared_with:
        return Text("Not shared with anyone.", style="dim")
    text = Text("Shared with: ", style="bold")
    for i, share in enumerate(group.shared_with):
        if i:
            text.append(", ")
        text.append_text(safe(share.name))
        text.append(f" ({share.permission.label})", style="dim")
    return text


class GroupDevices(FittedColumns):
    """The group's devices; the columns fit the pane (the name and state first, the version
    last): at 80 columns a table wider than its pane scrolled sideways, and its horizontal
    scrollbar showed as one stray cell above the status line."""

    fitted = (
        Column("name", "Device", keep=0, least=10, most=40),
        Column("state", "State", keep=1, least=5, most=10),
        Column("alarm", "Alarm", keep=2, least=5, most=10),
        Column("version", "Version", keep=4, least=7, most=16),
        Column("sensors", "Sensors", keep=3, least=7, most=7),
    )


class GroupPane(Vertical):
    """Devices table and sharing of one group."""

    DEFAULT_CSS = """
    GroupPane > #group-header { height: auto; padding: 0 1; }
    GroupPane > #group-sharing { height: auto; padding: 0 1; }
    GroupPane > GroupDevices { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.group: Group | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="group-header")
        yield Static(id="group-sharing")
        yield GroupDevices(id="group-devices")

    def show(self, group: Group) -> None:
        if group == self.group:
            return
        self.group = group
        update_static(self.query_one("#group-header", Static), group_header(group))
        update_static(self.query_one("#group-sharing", Static), sharing_text(group))
        # Duplicate ids are data: a device listed twice in a group is shown twice (rows are
        # keyed by position), as the server listed it.
        rows: list[dict[str, Cell]] = [
            {
                "name": safe(device.name),
                "state": device_state(device),
                "alarm": severity_text(device.alarm),
                "sensors": Text(str(len(device.sensors) or device.sensors_count), justify="right"),
                "version": safe(device.version),
            }
            for device in group.devices[:SHOWN]
        ]
        if len(group.devices) > SHOWN:
            rows.append({"name": Text(f"… {len(group.devices) - SHOWN} more", style="dim")})
        self.query_one(GroupDevices).fit_rows(rows, cursor=0)
