"""``iottui deviceconfigs list|create|update|delete|assign`` and ``iottui edgemodules ...``."""

from __future__ import annotations

import argparse

from iottui.api.errors import NotFoundError, ValidationError
from iottui.api.models import DeviceConfiguration, EdgeModule, PortMapping
from iottui.commands._core import (
    Ctx,
    Resource,
    SubParsers,
    add_payload_options,
    created_id,
    done,
)
from iottui.commands._output import Column
from iottui.commands._parse import (
    Fields,
    load_payload,
    parse_bool,
    parse_int_id,
    parse_port_mapping,
    parse_str_id,
    unique,
)

CONFIG_COLUMNS: list[Column[DeviceConfiguration]] = [
    Column("id", lambda c: c.id),
    Column("name", lambda c: c.name),
    Column("edge_management", lambda c: c.edge_management_enabled, header="EDGE MGMT"),
    Column("edge_modules", lambda c: list(c.edge_module_ids), header="MODULES"),
    Column("devices", lambda c: list(c.assignments.devices)),
    Column("groups", lambda c: list(c.assignments.groups)),
]

MODULE_COLUMNS: list[Column[EdgeModule]] = [
    Column("id", lambda m: m.id),
    Column("name", lambda m: m.name),
    Column("docker_image_name", lambda m: m.docker_image_name, header="IMAGE"),
    Column("access_type", lambda m: m.access_type, header="ACCESS"),
    Column("startup_file", lambda m: m.container_options.startup_file, header="STARTUP FILE"),
    Column(
        "ports",
        lambda m: [f"{p.host_port}:{p.container_port}" for p in m.container_options.port_mapping],
    ),
    Column("device_configurations", lambda m: list(m.device_configuration_ids), header="CONFIGS"),
]


def _name(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise ValidationError(f"--name: the {what} name must not be empty", field="--name")
    return value.strip()


# --- device configurations ------------------------------------------------------------------


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
            self.name = _name(args.name, "configuration")
        if args.edge_management is not None:
            self.edge_management = parse_bool(args.edge_management, option="--edge-management")
        if args.no_modules:
            if args.module_ids:
                raise ValidationError("use either --module or --no-modules", field="--no-modules")
            self.module_ids = []
        elif args.module_ids:
            self.module_ids = unique(
                parse_str_id(m, option="--module", what="edge module id") for m in args.module_ids
            )
        if args.enforce is not None:
            self.enforce = args.enforce
        if self.name is not None and not self.name.strip():
            raise ValidationError("--name: the name must not be empty", field="--name")


async def list_configs(ctx: Ctx) -> int:
    items = await ctx.client.deviceconfigs.list()
    ctx.out.items(items, CONFIG_COLUMNS, empty="(no device configurations)")
    return 0


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
    cid = parse_str_id(ctx.args.config_id, option="CONFIG_ID", what="configuration id")
    data = _ConfigInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    # The API takes the whole configuration on every update: what no flag names stays as is.
    current = next((c for c in await ctx.client.deviceconfigs.list() if c.id == cid), None)
    if current is None:
        raise NotFoundError(
            f"device configuration {cid} not found", status=404, operation="deviceconfigs.update"
        )
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


async def delete_config(ctx: Ctx) -> int:
    cid = parse_str_id(ctx.args.config_id, option="CONFIG_ID", what="configuration id")
    ctx.confirm(f"Delete device configuration {cid}")
    await ctx.client.deviceconfigs.delete(cid)
    return done(ctx, f"deleted device configuration {cid}", id=cid)


async def assign_config(ctx: Ctx) -> int:
    cid = parse_str_id(ctx.args.config_id, option="CONFIG_ID", what="configuration id")
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


# --- edge modules ---------------------------------------------------------------------------


class _ModuleInput:
    def __init__(self, args: argparse.Namespace, payload: Fields | None) -> None:
        self.name: str | None = None
        self.image: str | None = None
        self.access_type: str | None = None
        self.startup_file: str | None = None
        self.ports: list[PortMapping] | None = None
        if payload is not None:
            self.name = payload.text("name", "module_name")
            repo = payload.obj("repository")
            self.image = payload.text("docker_image_name") or (
                repo.text("docker_image_name") if repo else None
            )
            self.access_type = payload.text("access_type") or (
                repo.text("access_type") if repo else None
            )
            options = payload.obj("container_options") or payload
            self.startup_file = options.text("startup_file")
            mapping = options.objects("port_mapping")
            if mapping is not None:
                self.ports = [
                    PortMapping(
                        host_port=item.integer("host_port", required=True) or 0,
                        container_port=item.integer("container_port", required=True) or 0,
                    )
                    for item in mapping
                ]
        if args.name is not None:
            self.name = _name(args.name, "edge module")
        if args.image is not None:
            self.image = args.image.strip()
        if args.access_type is not None:
            self.access_type = args.access_type
        if args.startup_file is not None:
            self.startup_file = args.startup_file
        if args.no_ports:
            if args.ports:
                raise ValidationError("use either --port or --no-ports", field="--no-ports")
            self.ports = []
        elif args.ports:
            self.ports = [parse_port_mapping(p) for p in args.ports]


async def list_modules(ctx: Ctx) -> int:
    ctx.out.items(await ctx.client.edgemodules.list(), MODULE_COLUMNS, empty="(no edge modules)")
    return 0


async def create_module(ctx: Ctx) -> int:
    data = _ModuleInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    if not data.name:
        raise ValidationError("--name is required (or give it in --payload)", field="--name")
    if not data.image:
        raise ValidationError(
            "--image is required (or dockerImageName in --payload)", field="--image"
        )
    result = await ctx.client.edgemodules.create(
        data.name,
        docker_image_name=data.image,
        access_type=data.access_type or "public",
        startup_file=data.startup_file,
        port_mapping=data.ports or (),
    )
    mid = created_id(result)
    return done(ctx, f"created edge module {mid} ({data.name})", id=mid, name=data.name)


async def update_module(ctx: Ctx) -> int:
    mid = parse_str_id(ctx.args.module_id, option="MODULE_ID", what="edge module id")
    data = _ModuleInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    if all(
        v is None for v in (data.name, data.image, data.access_type, data.startup_file, data.ports)
    ):
        raise ValidationError(
            "nothing to change: give --name, --image, --access-type, --startup-file, --port "
            "or --payload"
        )
    await ctx.client.edgemodules.update(
        mid,
        name=data.name,
        docker_image_name=data.image,
        access_type=data.access_type,
        startup_file=data.startup_file,
        port_mapping=data.ports,
    )
    return done(ctx, f"updated edge module {mid}", id=mid)


async def delete_module(ctx: Ctx) -> int:
    mid = parse_str_id(ctx.args.module_id, option="MODULE_ID", what="edge module id")
    ctx.confirm(f"Delete edge module {mid}")
    await ctx.client.edgemodules.delete(mid)
    return done(ctx, f"deleted edge module {mid}", id=mid)


def _module_inputs(p: argparse.ArgumentParser, *, create: bool) -> None:
    p.add_argument("--name", help="the module's name" + (" (required)" if create else ""))
    p.add_argument(
        "--image",
        metavar="NAME",
        help="docker image name: A-Z a-z 0-9 _ -, at most 50" + (" (required)" if create else ""),
    )
    p.add_argument("--access-type", metavar="TYPE", help="repository access type (default: public)")
    p.add_argument("--startup-file", metavar="PATH", help="startup file, a path with an extension")
    p.add_argument(
        "--port",
        dest="ports",
        metavar="HOST:CONTAINER",
        action="append",
        help="a port mapping (repeatable" + ("" if create else "; replaces all") + ")",
    )
    p.add_argument("--no-ports", action="store_true", help="no port mappings")
    add_payload_options(p, "edge module")


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
    res.leaf(
        "list",
        list_configs,
        operation="deviceconfigs.list",
        help="list device configurations",
        formats=("table", "json", "csv"),
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
    p.add_argument("config_id", metavar="CONFIG_ID")
    _config_inputs(p, create=False)
    p = res.leaf(
        "delete",
        delete_config,
        operation="deviceconfigs.delete",
        help="delete a device configuration",
        destructive=True,
        examples=["iottui deviceconfigs delete CONFIG_ID --yes"],
    )
    p.add_argument("config_id", metavar="CONFIG_ID")
    p = res.leaf(
        "assign",
        assign_config,
        operation="deviceconfigs.assign",
        help="assign a device configuration to devices and groups",
        examples=["iottui deviceconfigs assign CONFIG_ID --device 2000000472 --group 33858"],
    )
    p.add_argument("config_id", metavar="CONFIG_ID")
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

    mods = Resource(
        subparsers,
        "edgemodules",
        help="edge modules (docker containers on devices): list, create, update, delete",
        examples=["iottui edgemodules list"],
    )
    mods.leaf(
        "list",
        list_modules,
        operation="edgemodules.list",
        help="list edge modules",
        formats=("table", "json", "csv"),
    )
    p = mods.leaf(
        "create",
        create_module,
        operation="edgemodules.create",
        help="create an edge module",
        notes=(
            "payload: the API document's {name, accessType, dockerImageName, containerOptions\n"
            "  {startupFile, portMapping [{hostPort, containerPort}]}}; flags override it."
        ),
        examples=[
            "iottui edgemodules create --name Collector --image my_collector "
            "--startup-file /app/run.sh --port 8080:80",
        ],
    )
    _module_inputs(p, create=True)
    p = mods.leaf(
        "update",
        update_module,
        operation="edgemodules.update",
        help="update an edge module",
        examples=["iottui edgemodules update MODULE_ID --port 8080:80 --port 8443:443"],
    )
    p.add_argument("module_id", metavar="MODULE_ID")
    _module_inputs(p, create=False)
    p = mods.leaf(
        "delete",
        delete_module,
        operation="edgemodules.delete",
        help="delete an edge module",
        destructive=True,
        examples=["iottui edgemodules delete MODULE_ID --yes"],
    )
    p.add_argument("module_id", metavar="MODULE_ID")
