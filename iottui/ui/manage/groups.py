"""Group commands: new, rename, devices, delete, share, unshare."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from iottui.api.models import Group
from iottui.ui.manage.common import clean, find_group, get_fleet, group_write_reason
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.group_forms import GroupForm, ShareForm, UnshareForm
from iottui.ui.registry import CommandContext, command


def _group(ctx: CommandContext) -> Group | None:
    group = ctx.selection.group
    if group is None:
        ctx.app.notify("Select a group in the tree first.", severity="warning")
        return None
    # Prefer the freshest copy of the group (devices, shares) when the fleet has it.
    return find_group(getattr(ctx.app, "fleet", None), group.id) or group


def _refused(app: Any, group: Group, *, share: bool) -> bool:
    reason = group_write_reason(group, share=share)
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
)
async def group_new(ctx: CommandContext) -> None:
    fleet = await get_fleet(ctx.app)
    preselect = [ctx.selection.device.id] if ctx.selection.device else []
    ctx.app.push_screen(GroupForm("create", fleet, preselect=preselect))


@command(
    "group-rename", "Rename group…", "Rename the selected group", writes=True, contexts={"group"}
)
async def group_rename(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=False):
        return
    ctx.app.push_screen(GroupForm("rename", await get_fleet(ctx.app), group))


@command(
    "group-devices",
    "Change group devices…",
    "Add or remove devices of the selected group",
    writes=True,
    contexts={"group"},
)
async def group_devices(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=False):
        return
    ctx.app.push_screen(GroupForm("devices", await get_fleet(ctx.app), group))


@command(
    "group-delete",
    "Delete group…",
    "Delete the selected group (its devices stay)",
    writes=True,
    contexts={"group"},
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
        call=lambda: ctx.app.client.groups.delete(group.id),
        done=f"Group {clean(group.name)!r} deleted.",
    )


@command(
    "group-share",
    "Share group…",
    "Share the selected group with contacts",
    writes=True,
    contexts={"group"},
)
def group_share(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=True):
        return
    ctx.app.push_screen(ShareForm(group))


@command(
    "group-unshare",
    "Unshare group…",
    "Stop sharing the selected group with contacts",
    writes=True,
    contexts={"group"},
)
def group_unshare(ctx: CommandContext) -> None:
    group = _group(ctx)
    if group is None or _refused(ctx.app, group, share=True):
        return
    ctx.app.push_screen(UnshareForm(group))
