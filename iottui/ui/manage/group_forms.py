"""Group forms: create, rename, change devices, share with contacts, unshare."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from rich.text import Text
from textual import work
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static

from iottui.api.enums import Permission
from iottui.api.errors import IoTError
from iottui.api.models import Contact, Created, DeviceSummary, Fleet, Group, Share
from iottui.ui.manage.common import clean, device_label, error_text
from iottui.ui.manage.form import FormScreen

GroupMode = Literal["create", "rename", "devices"]


class GroupForm(FormScreen[Any]):
    """Create a group (name + devices), rename it, or change its devices."""

    def __init__(
        self,
        mode: GroupMode,
        fleet: Fleet,
        group: Group | None = None,
        *,
        preselect: Sequence[int] = (),
        others: Sequence[DeviceSummary] = (),
    ) -> None:
        super().__init__()
        self.mode = mode
        self.fleet = fleet
        known = {d.id for d in fleet.devices()}
        #: Devices of the account that are in no group (from the flat device list).
        self.others = [d for d in others if d.id not in known]
        self.group = group
        self.preselect = set(preselect)
        name = clean(group.name) if group else ""
        self.title_text = {
            "create": "New group",
            "rename": f"Rename group {name!r}",
            "devices": f"Devices of group {name!r}",
        }[mode]
        self.what = {"create": "the new group", "rename": "the rename", "devices": "the devices"}[
            mode
        ]
        self.save_label = "Create" if mode == "create" else "Save"

    def compose_fields(self) -> Iterator[Widget]:
        if self.mode in ("create", "rename"):
            value = clean(self.group.name) if self.group else ""
            yield from self.field("Name", Input(value, id="name", max_length=200), "name")
        if self.mode in ("create", "devices"):
            current = {d.id for d in self.group.devices} if self.group else self.preselect
            options = [(Text(device_label(d)), d.id, d.id in current) for d in self.fleet.devices()]
            devices: SelectionList[int] = SelectionList(*options, id="devices")
            yield from self.field("Devices (space to tick)", devices, "devices")

    def check(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.mode in ("create", "rename"):
            errors = self.name_errors()
            renamed = self.typed("name") != (self.group.name if self.group else None)
            if not errors and self.mode == "rename" and not renamed:
                errors["name"] = "That is already its name."
        return errors

    def selected_devices(self) -> list[int]:
        return list(self.query_one("#devices", SelectionList).selected)

    def confirmation(self) -> tuple[str, Text] | None:
        if self.mode != "devices" or self.group is None:
            return None
        chosen = set(self.selected_devices())
        removed = [d for d in self.group.devices if d.id not in chosen]
        if not removed:
            return None
        body = Text(f"Remove {len(removed)} device(s) from group {clean(self.group.name)!r}:\n")
        for device in removed[:10]:
            body.append(f"  • {clean(device.name)} ({device.id})\n")
        if len(removed) > 10:
            body.append(f"  … and {len(removed) - 10} more\n")
        return "Remove devices from the group?", body

    async def submit(self) -> Any:
        client = self.client
        if self.mode == "create":
            name = self.query_one("#name", Input).value.strip()
            created: Created = await client.groups.create(name, self.selected_devices())
            return created
        assert self.group is not None
        if self.mode == "rename":
            await client.groups.update(
                self.group.id, name=self.query_one("#name", Input).value.strip()
            )
        else:
            await client.groups.update(self.group.id, devices=self.selected_devices())
        return self.group.id

    def success_message(self, result: Any) -> str:
        if self.mode == "create":
            return f"Group {self.query_one('#name', Input).value.strip()!r} created."
        return f"Group {clean(self.group.name if self.group else '')!r} updated."


class ShareForm(FormScreen[Any]):
    """Share a group with contacts at a permission."""

    what = "the share"
    save_label = "Share"

    def __init__(self, group: Group) -> None:
        super().__init__()
        self.group = group
        self.title_text = f"Share group {clean(group.name)!r}"

    def compose_fields(self) -> Iterator[Widget]:
        contacts: SelectionList[int] = SelectionList(id="contacts")
        yield from self.field("Contacts (loading…)", contacts, "contacts")
        perms = [(Text(f"{int(p)} · {p.label}"), int(p)) for p in Permission]
        permission: Select[int] = Select(
            perms, value=int(Permission.READ_ONLY), allow_blank=False, id="permission"
        )
        yield from self.field("Permission", permission, "permission")

    def on_mount(self) -> None:
        self.load_contacts()

    @work(exclusive=True, group="contacts", exit_on_error=False)
    async def load_contacts(self) -> None:
        contacts: list[Contact] = list(self.group.contacts)
        try:
            listed: Sequence[Contact] = await self.client.contacts.list()
        except IoTError as exc:
            if not contacts:
                self.set_field_error("contacts", f"Could not load contacts: {error_text(exc)}")
        else:
            # a contact listed twice (or also on the group) is one choice: merged by id
            known = {c.id for c in contacts}
            for contact in listed:
                if contact.id not in known:
                    known.add(contact.id)
                    contacts.append(contact)
        shared = {s.user_id: s for s in self.group.shared_with if s.user_id is not None}
        widget = self.query_one("#contacts", SelectionList)
        for contact in contacts:
            note = (
                f" — already {shared[contact.id].permission.label}" if contact.id in shared else ""
            )
            label = Text(f"{clean(contact.name)} ({contact.state.label}){note}")
            widget.add_option((label, contact.id))
        heading = Text(f"Contacts ({len(contacts)}; space to tick)")
        self.query_one("#label-contacts", Label).update(heading)
        if contacts:
            # the list had no lines while loading, so the form puts the focus on a field
            # it can show (before or after this): the list, now shown, is what this form
            # is about and keeps it
            self.focus_field(widget)

    def check(self) -> dict[str, str]:
        if not self.query_one("#contacts", SelectionList).selected:
            return {"contacts": "Tick at least one contact to share with."}
        return {}

    async def submit(self) -> Any:
        perm = Permission(int(self.query_one("#permission", Select).value))  # type: ignore[arg-type]
        ids = list(self.query_one("#contacts", SelectionList).selected)
        await self.client.groups.share(self.group.id, [(cid, perm) for cid in ids])
        return ids

    def success_message(self, result: Any) -> str:
        return f"Group {clean(self.group.name)!r} shared with {len(result)} contact(s)."


class UnshareForm(FormScreen[Any]):
    """Stop sharing a group with some of the contacts it is shared with."""

    what = "the unshare"
    save_label = "Unshare"

    def __init__(self, group: Group, shares: Sequence[Share] | None = None) -> None:
        super().__init__()
        self.group = group
        #: The current shares (from Get Groups when given, else the fleet's copy).
        self.shares = tuple(shares) if shares is not None else group.shared_with
        self.title_text = f"Unshare group {clean(group.name)!r}"

    def compose_fields(self) -> Iterator[Widget]:
        options = [
            (Text(f"{clean(s.name)} ({s.permission.label})"), s.user_id, False)
            for s in self.shares
            if s.user_id is not None
        ]
        widget: SelectionList[int] = SelectionList(*options, id="contacts")
        yield from self.field("Shared with (space to tick)", widget, "contacts")
        unknown = [s for s in self.shares if s.user_id is None]
        if unknown:
            names = ", ".join(clean(s.name) for s in unknown)
            yield Static(Text(f"Without a contact id, so not unsharable here: {names}"))
        if not self.shares:
            yield Static(Text("This group is not shared with anyone."))

    def check(self) -> dict[str, str]:
        if not self.query_one("#contacts", SelectionList).selected:
            return {"contacts": "Tick at least one contact to unshare."}
        return {}

    def confirmation(self) -> tuple[str, Text] | None:
        ids = set(self.query_one("#contacts", SelectionList).selected)
        names = [clean(s.name) for s in self.shares if s.user_id in ids]
        body = Text(
            f"Group {clean(self.group.name)!r} will no longer be shared with: {', '.join(names)}."
        )
        return "Unshare the group?", body

    async def submit(self) -> Any:
        ids = list(self.query_one("#contacts", SelectionList).selected)
        await self.client.groups.unshare(self.group.id, ids)
        return ids

    def success_message(self, result: Any) -> str:
        return f"Group {clean(self.group.name)!r} unshared from {len(result)} contact(s)."
