"""``iottui groups list|create|update|delete|share|unshare``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from iottui.api.enums import Permission
from iottui.api.errors import ValidationError
from iottui.api.models import GroupInfo
from iottui.commands._core import (
    Ctx,
    IdArg,
    Resource,
    SubParsers,
    created_id,
    done,
    require_change,
)
from iottui.commands._output import Column
from iottui.commands._parse import parse_enum, parse_int_id, replacement, unique

COLUMNS: list[Column[GroupInfo]] = [
    Column("id", lambda g: g.id, align="right"),
    Column("name", lambda g: g.name),
    Column("permission", lambda g: g.permission),
    Column("devices", lambda g: len(g.devices), align="right"),
    Column("shared_with", lambda g: [f"{s.name} ({s.permission.label})" for s in g.shared_with]),
]


GROUP = IdArg("group_id", "GROUP_ID", "group id", parse_int_id)


def _device_ids(ids: Sequence[str] | None) -> list[int]:
    return unique(parse_int_id(d, option="--device", what="device id") for d in ids or ())


async def create(ctx: Ctx) -> int:
    name = ctx.args.name.strip()
    if not name:
        raise ValidationError("--name: the group name must not be empty", field="--name")
    result = await ctx.client.groups.create(name, _device_ids(ctx.args.device_ids))
    gid = created_id(result)
    return done(ctx, f"created group {gid} ({name})", id=gid, name=name)


async def update(ctx: Ctx) -> int:
    gid = GROUP.read(ctx.args)
    name = ctx.args.name.strip() if ctx.args.name is not None else None
    if name == "":
        raise ValidationError("--name: the group name must not be empty", field="--name")
    devices = replacement(ctx.args.device_ids, ctx.args.no_devices, _device_ids, option="--device")
    require_change((name, devices), "--name, --device or --no-devices")
    await ctx.client.groups.update(gid, name=name, devices=devices)
    return done(ctx, f"updated group {gid}", id=gid)


async def share(ctx: Ctx) -> int:
    gid = GROUP.read(ctx.args)
    default = parse_enum(Permission, ctx.args.permission, option="--permission")
    contacts: list[tuple[int, Permission]] = []
    for spec in ctx.args.contacts:
        cid_text, sep, perm_text = str(spec).partition(":")
        cid = parse_int_id(cid_text, option="--contact", what="contact id")
        perm = parse_enum(Permission, perm_text, option="--contact") if sep else default
        contacts.append((cid, perm))
    await ctx.client.groups.share(gid, contacts)
    shared = [{"id": c, "permission": int(p), "permission_label": p.label} for c, p in contacts]
    names = ", ".join(f"{c} ({p.label})" for c, p in contacts)
    return done(ctx, f"shared group {gid} with {names}", id=gid, contacts=shared)


async def unshare(ctx: Ctx) -> int:
    gid = GROUP.read(ctx.args)
    ids = unique(parse_int_id(c, option="--contact", what="contact id") for c in ctx.args.contacts)
    ctx.confirm(f"Stop sharing group {gid} with contact(s) {', '.join(map(str, ids))}")
    await ctx.client.groups.unshare(gid, ids)
    return done(ctx, f"unshared group {gid} from {', '.join(map(str, ids))}", id=gid, contacts=ids)


def _devices_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument(
        "--device",
        dest="device_ids",
        metavar="DEVICE_ID",
        nargs="+",
        action="extend",
        help=help,
    )


def register(subparsers: SubParsers) -> None:
    res = Resource(
        subparsers,
        "groups",
        help="device groups: list, create, update, delete, share, unshare",
        examples=["iottui groups list", "iottui groups create --name Lab --device 5439 597"],
    )
    res.list_leaf(
        lambda client: client.groups.list(),
        COLUMNS,
        empty="(no groups)",
        help="list groups (permission, devices, shares)",
        examples=["iottui groups list", "iottui groups list --json | jq '.[] | {id, name}'"],
    )

    p = res.leaf(
        "create",
        create,
        operation="groups.create",
        help="create a group, optionally with devices",
        examples=["iottui groups create --name 'Floor 3' --device 5439 --device 597"],
    )
    p.add_argument("--name", required=True, help="the group's name")
    _devices_option(p, "a device to put in the group (repeatable; ids from `devices list`)")

    p = res.leaf(
        "update",
        update,
        operation="groups.update",
        help="rename a group or replace its devices",
        examples=[
            "iottui groups update 29988 --name 'Floor 3 (east)'",
            "iottui groups update 29988 --device 5439 597   # the group now holds exactly these",
        ],
    )
    GROUP.add(p)
    p.add_argument("--name", help="the new name")
    _devices_option(p, "the group's devices after the update (repeatable; replaces the list)")
    p.add_argument("--no-devices", action="store_true", help="remove every device from the group")

    res.delete_leaf(
        GROUP,
        lambda client, gid: client.groups.delete(gid),
        noun="group",
        consequence=" (its devices stay in the account)",
        help="delete a group",
        example="iottui groups delete 29988 --yes",
    )

    p = res.leaf(
        "share",
        share,
        operation="groups.share",
        help="share a group with contacts",
        notes=(
            "permissions: read-only (1), read-write (2), owned (3), full-access (4)\n"
            "a contact may carry its own permission: --contact ID:PERMISSION"
        ),
        examples=[
            "iottui groups share 29988 --contact 24599 --permission read-write",
            "iottui groups share 29988 --contact 24599:1 6574:full-access",
        ],
    )
    GROUP.add(p)
    p.add_argument(
        "--contact",
        dest="contacts",
        metavar="CONTACT_ID[:PERMISSION]",
        nargs="+",
        action="extend",
        required=True,
        help="a contact to share with (repeatable; ids from `contacts list`)",
    )
    p.add_argument(
        "--permission",
        default="read-only",
        help="permission for contacts without their own (default: read-only)",
    )

    p = res.leaf(
        "unshare",
        unshare,
        operation="groups.unshare",
        help="stop sharing a group with contacts",
        destructive=True,
        examples=["iottui groups unshare 29988 --contact 24599 --yes"],
    )
    GROUP.add(p)
    p.add_argument(
        "--contact",
        dest="contacts",
        metavar="CONTACT_ID",
        nargs="+",
        action="extend",
        required=True,
        help="a contact to remove from the group's shares (repeatable)",
    )
