"""Group commands: new, rename, devices, delete, share, unshare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from iottui.api.errors import IoTError
from iottui.api.models import DeviceSummary, Group, GroupInfo
from iottui.ui.manage.common import (
    clean,
    error_text,
    find_group,
    get_fleet,
    group_write_reason,
    id_refusal,
)
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.group_forms import GroupForm, ShareForm, UnshareForm
from iottui.ui.registry import CommandContext, Selection, command


def _reason(group: Group | None, *, share: bool) -> str | None:
    """Why ``group`` may not be changed (or shared): the user's permission, or no id."""
    return group_write_reason(group, share=share) or id_refusal(group, "Group")


def _may_change(selection: Selection) -> str | None:
    return _reason(selection.group, share=False)


def _may_share(selection: Selection) -> str | None:
    return _reason(selection.group, share=True)


def _group(ctx: CommandContext) -> Group | None:
    group = ctx.selection.group
    if group is None:
        ctx.app.notify("Select a group in the tree first.", severity="warning")
        return None
    # Prefer the freshest copy of the group (devices, shares) when the fleet has it.
    return find_group(ctx.session.fleet.fleet, group.id) or group


def _refused(app: Any, group: Group, *, share: bool) -> bool:
    reason = _reason(group, share=share)
    if reason:
        app.notify(reason, title="Not allowed", severity="warning")
        return True
    return False


@command(
    "group-new",
    "New group…",
    "Create a group and pick its devices",
    writes=True,
    contexts={"none", "group", "device"},
    operations=("groups.create", "fleet.get", "devices.list"),
)
async def group_new(ctx: CommandContext) -> None:
    fleet = await get_fleet(ctx.app)
    preselect = [ctx.selection.device.id] if ctx.selection.device else []
    others = await _all_devices(ctx.app)
    ctx.open(GroupForm("create", fleet, preselect=preselect, others=others))


async def _all_devices(app: Any) -> list[DeviceSummary]:
    """The flat device list (it includes devices that are in no group); empty on error."""
    try:
        devices: list[DeviceSummary] = await app.client.devices.list()
    except IoTError as exc:
        app.notify(f"Devices outside groups not listed: {error_text(exc)}", severity="warning")
        return []
    return devices


@command(
    "group-rename",
    "Rename group…",
    "Rename the selected group",
    writes=True,
    contexts={"group"},
    operations=("groups.update",),
    check=_may_change,
)
async def group_rename(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=False):
        return
    ctx.open(GroupForm("rename", await get_fleet(ctx.app), group))


@command(
    "group-devices",
    "Change group devices…",
    "Add or remove devices of the selected group",
    writes=True,
    contexts={"group"},
    operations=("groups.update", "devices.list"),
    check=_may_change,
)
async def group_devices(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=False):
        return
    others = await _all_devices(ctx.app)
    ctx.open(GroupForm("devices", await get_fleet(ctx.app), group, others=others))


@command(
    "group-delete",
    "Delete group…",
    "Delete the selected group (its devices stay)",
    writes=True,
    contexts={"group"},
    operations=("groups.delete",),
    check=_may_share,
)
def group_delete(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=True):
        return
    body = Text(
        f"Delete group {clean(group.name)!r} (id {group.id})? Its {len(group.devices)} "
        "device(s) are not deleted, but the group and its shares are gone."
    )
    confirm_write(
        ctx.app,
        "Delete group?",
        body,
        what=f"deleting group {clean(group.name)!r}",
        call=lambda: ctx.session.api.groups.delete(group.id),
        done=f"Group {clean(group.name)!r} deleted.",
    )


@command(
    "group-share",
    "Share group…",
    "Share the selected group with contacts",
    writes=True,
    contexts={"group"},
    operations=("groups.share", "contacts.list"),
    check=_may_share,
)
def group_share(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=True):
        return
    ctx.open(ShareForm(group))


@command(
    "group-unshare",
    "Unshare group…",
    "Stop sharing the selected group with contacts",
    writes=True,
    contexts={"group"},
    operations=("groups.unshare", "groups.list"),
    check=_may_share,
)
async def group_unshare(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=True):
        return
    infos: Sequence[GroupInfo]
    try:
        infos = await ctx.session.api.groups.list()
    except IoTError as exc:
        ctx.app.notify(f"Current shares not loaded: {error_text(exc)}", severity="warning")
        infos = []
    info = next((g for g in infos if g.id == group.id), None)
    ctx.open(UnshareForm(group, info.shared_with if info else None))
