"""``iottui edgemodules list|create|update|delete``: container images run by edge devices."""

from __future__ import annotations

import argparse

from iottui.api.domain import port_mapping_problems
from iottui.api.errors import ValidationError
from iottui.api.models import EdgeModule, PortMapping
from iottui.commands._core import (
    Ctx,
    IdArg,
    Resource,
    SubParsers,
    add_payload_options,
    created_id,
    done,
    require_change,
)
from iottui.commands._output import Column
from iottui.commands._parse import (
    parse_name,
    parse_port_mapping,
    parse_str_id,
    refuse,
    replacement,
)
from iottui.commands._payload import (
    Fields,
    load_payload,
)

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


MODULE = IdArg("module_id", "MODULE_ID", "edge module id", parse_str_id)


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
            self.name = parse_name(args.name, "edge module")
        if args.image is not None:
            self.image = args.image.strip()
        if args.access_type is not None:
            self.access_type = args.access_type
        if args.startup_file is not None:
            self.startup_file = args.startup_file
        ports = replacement(
            args.ports,
            args.no_ports,
            lambda specs: [parse_port_mapping(p) for p in specs],
            option="--port",
        )
        if ports is not None:
            self.ports = ports
        if self.ports:
            pairs = [(p.host_port, p.container_port) for p in self.ports]
            refuse(port_mapping_problems(pairs, "port"), "--port")


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
    mid = MODULE.read(ctx.args)
    data = _ModuleInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    require_change(
        (data.name, data.image, data.access_type, data.startup_file, data.ports),
        "--name, --image, --access-type, --startup-file, --port or --payload",
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
    mods = Resource(
        subparsers,
        "edgemodules",
        help="edge modules (docker containers on devices): list, create, update, delete",
        examples=["iottui edgemodules list"],
    )
    mods.list_leaf(
        lambda client: client.edgemodules.list(),
        MODULE_COLUMNS,
        empty="(no edge modules)",
        help="list edge modules",
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
    MODULE.add(p)
    _module_inputs(p, create=False)
    mods.delete_leaf(
        MODULE,
        lambda client, mid: client.edgemodules.delete(mid),
        noun="edge module",
        help="delete an edge module",
        example="iottui edgemodules delete MODULE_ID --yes",
    )
