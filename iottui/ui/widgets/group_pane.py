"""The detail of a group: its devices (state, alarm, version, sensors) and who it is shared with."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from iottui.api.models import Group
from iottui.ui.text import device_state, online_count, safe, severity_text
from iottui.ui.widgets.fast_table import FastCellsTable
from iottui.ui.widgets.repaint import update_static


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


class GroupPane(Vertical):
    """Devices table and sharing of one group."""

    DEFAULT_CSS = """
    GroupPane > #group-header { height: auto; padding: 0 1; }
    GroupPane > #group-sharing { height: auto; padding: 0 1; }
    GroupPane > DataTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.group: Group | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="group-header")
        yield Static(id="group-sharing")
        table: DataTable[Text] = FastCellsTable(id="group-devices", cursor_type="row")
        yield table

    def on_mount(self) -> None:
        table = self.query_one("#group-devices", DataTable)
        for label, key in (
            ("Device", "name"),
            ("State", "state"),
            ("Alarm", "alarm"),
            ("Version", "version"),
            ("Sensors", "sensors"),
        ):
            table.add_column(Text(label), key=key)

    def show(self, group: Group) -> None:
        if group == self.group:
            return
        self.group = group
        update_static(self.query_one("#group-header", Static), group_header(group))
        update_static(self.query_one("#group-sharing", Static), sharing_text(group))
        table: DataTable[Text] = self.query_one("#group-devices", DataTable)
        table.clear()
        # Duplicate ids are data: a device listed twice in a group is shown twice (rows are
        # keyed by position), as the server listed it.
        for row, device in enumerate(group.devices[:2000]):
            table.add_row(
                safe(device.name),
                device_state(device),
                severity_text(device.alarm),
                safe(device.version),
                Text(str(len(device.sensors) or device.sensors_count), justify="right"),
                key=str(row),
            )
        if len(group.devices) > 2000:
            table.add_row(Text(f"… {len(group.devices) - 2000} more", style="dim"))
