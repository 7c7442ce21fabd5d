"""``iottui deviceconfigs list|create|update|delete|assign``: device configurations."""

from __future__ import annotations

import argparse

from iottui.api.errors import ValidationError
from iottui.api.models import DeviceConfiguration
from iottui.commands._core import (
    Ctx,
    IdArg,
    Resource,
    SubParsers,
    add_payload_options,
    created_id,
    done,
    find_current,
)
from iottui.commands._output import Column
from iottui.commands._parse import (
    parse_bool,
    parse_int_id,
    parse_name,
    parse_str_id,
    replacement,
    unique,
)
from iottui.commands._payload import (
    Fields,
    load_payload,
)

CONFIG_COLUMNS: list[Column[DeviceConfiguration]] = [
    Column("id", lambda c: c.id),
    Column("name", lambda c: c.name),
    Column("edge_management", lambda c: c.edge_management_enabled, header="EDGE MGMT"),
    Column("edge_modules", lambda c: list(c.edge_module_ids), header="MODULES"),
    Column("devices", lambda c: list(c.assignments.devices)),
    Column("groups", lambda c: list(c.assignments.groups)),
]


CONFIG = IdArg("config_id", "CONFIG_ID", "configuration id", parse_str_id)


class _ConfigInput:
    def __init__(self, args: argparse.Namespace, payload: Fields | None) -> None:
        self.name: str | None = None
        self.edge_management: bool | None = None
        self.module_ids: list[str] | None = None
        self.enforce = True
        if payload is not None:
            self.name = payload.text("name")
            self.edge_management = payload.flag("edge_management", "edge_management_enabled")
            self.module_ids = payload.ids("edge_module_ids")
            enforce = payload.flag("enforce")
            for entry in payload.objects("configuration") or ():
                key = (entry.text("key") or "").lower()
                if entry.flag("enforce") is not None:
                    enforce = entry.flag("enforce")
                if key == "edge-management":
                    for item in entry.objects("value") or ():
                        if (item.text("key") or "").lower() == "enable":
                            self.edge_management = item.flag("value")
                elif key == "edge-module":
                    self.module_ids = entry.ids("value") or []
            if enforce is not None:
                self.enforce = enforce
        if args.name is not None:
            self.name = parse_name(args.name, "configuration")
        if args.edge_management is not None:
            self.edge_management = parse_bool(args.edge_management, option="--edge-management")
        modules = replacement(
            args.module_ids,
            args.no_modules,
            lambda ids: unique(
                parse_str_id(m, option="--module", what="edge module id") for m in ids
            ),
            option="--module",
        )
        if modules is not None:
            self.module_ids = modules
        if args.enforce is not None:
            self.enforce = args.enforce
        if self.name is not None and not self.name.strip():
            raise ValidationError("--name: the name must not be empty", field="--name")


async def create_config(ctx: Ctx) -> int:
    data = _ConfigInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    if data.name is None:
        raise ValidationError("--name is required (or give it in --payload)", field="--name")
    result = await ctx.client.deviceconfigs.create(
        data.name,
        edge_management=data.edge_management,
        edge_module_ids=data.module_ids or (),
        enforce=data.enforce,
    )
    cid = created_id(result)
    return done(ctx, f"created device configuration {cid} ({data.name})", id=cid, name=data.name)


async def update_config(ctx: Ctx) -> int:
    cid = CONFIG.read(ctx.args)
    data = _ConfigInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    # The API takes the whole configuration on every update: what no flag names stays as is.
    current = find_current(ctx, await ctx.client.deviceconfigs.list(), cid, "device configuration")
    if data.name is None:
        data.name = current.name
    if data.edge_management is None:
        data.edge_management = current.edge_management_enabled
    if data.module_ids is None:
        data.module_ids = list(current.edge_module_ids)
    await ctx.client.deviceconfigs.update(
        cid,
        name=data.name,
        edge_management=data.edge_management,
        edge_module_ids=data.module_ids,
        enforce=data.enforce,
    )
    return done(ctx, f"updated device configuration {cid}", id=cid)


async def assign_config(ctx: Ctx) -> int:
    cid = CONFIG.read(ctx.args)
    devices = unique(
        parse_int_id(d, option="--device", what="device id") for d in ctx.args.assign_devices or ()
    )
    groups = unique(
        parse_int_id(g, option="--group", what="group id") for g in ctx.args.assign_groups or ()
    )
    if not devices and not groups:
        raise ValidationError("give at least one --device or --group", field="--device")
    await ctx.client.deviceconfigs.assign(cid, device_ids=devices, group_ids=groups)
    return done(
        ctx,
        f"assigned device configuration {cid} to {len(devices)} device(s), {len(groups)} group(s)",
        id=cid,
        device_ids=devices,
        group_ids=groups,
    )


def _config_inputs(p: argparse.ArgumentParser, *, create: bool) -> None:
    p.add_argument(
        "--name",
        help="the configuration's name" + (" (required)" if create else " (default: keep it)"),
    )
    p.add_argument("--edge-management", metavar="on|off", help="turn edge management on or off")
    p.add_argument(
        "--module",
        dest="module_ids",
        metavar="MODULE_ID",
        action="append",
        help="an edge module to run (repeatable)",
    )
    p.add_argument("--no-modules", action="store_true", help="no edge modules")
    enforce = p.add_mutually_exclusive_group()
    enforce.add_argument(
        "--enforce",
        dest="enforce",
        action="store_const",
        const=True,
        help="enforce the settings on devices (default)",
    )
    enforce.add_argument(
        "--no-enforce", dest="enforce", action="store_const", const=False, help="do not enforce"
    )
    add_payload_options(p, "device configuration")


def register(subparsers: SubParsers) -> None:
    res = Resource(
        subparsers,
        "deviceconfigs",
        help="device configurations (edge management, edge modules): "
        "list, create, update, delete, assign",
        examples=[
            "iottui deviceconfigs list",
            "iottui deviceconfigs assign CONFIG_ID --device 2000000472",
        ],
    )
    res.list_leaf(
        lambda client: client.deviceconfigs.list(),
        CONFIG_COLUMNS,
        empty="(no device configurations)",
        help="list device configurations",
    )
    p = res.leaf(
        "create",
        create_config,
        operation="deviceconfigs.create",
        help="create a device configuration",
        notes=(
            "payload: the API document's {name, configuration [{key: edge-management, value\n"
            "  [{key: enable, value: true}], enforce}, {key: edge-module, value [ids]}]}, or\n"
            "  {name, edge_management, edge_module_ids, enforce}. Flags override it."
        ),
        examples=[
            "iottui deviceconfigs create --name 'Edge on' --edge-management on "
            "--module 5d4ac2eed4f99c207961a162",
        ],
    )
    _config_inputs(p, create=True)
    p = res.leaf(
        "update",
        update_config,
        operation="deviceconfigs.update",
        help="update a device configuration; what no flag names stays as it is",
        examples=[
            "iottui deviceconfigs update CONFIG_ID --edge-management off",
            "iottui deviceconfigs update CONFIG_ID --module MODULE_ID --module MODULE_ID2",
        ],
    )
    CONFIG.add(p)
    _config_inputs(p, create=False)
    res.delete_leaf(
        CONFIG,
        lambda client, cid: client.deviceconfigs.delete(cid),
        noun="device configuration",
        help="delete a device configuration",
        example="iottui deviceconfigs delete CONFIG_ID --yes",
    )
    p = res.leaf(
        "assign",
        assign_config,
        operation="deviceconfigs.assign",
        help="assign a device configuration to devices and groups",
        examples=["iottui deviceconfigs assign CONFIG_ID --device 2000000472 --group 33858"],
    )
    CONFIG.add(p)
    p.add_argument(
        "--device",
        dest="assign_devices",
        metavar="DEVICE_ID",
        nargs="+",
        action="extend",
        help="a device (repeatable)",
    )
    p.add_argument(
        "--group",
        dest="assign_groups",
        metavar="GROUP_ID",
        nargs="+",
        action="extend",
        help="a group (repeatable)",
    )
