"""``iottui dashboards list|get|create|update|delete``."""

from __future__ import annotations

from iottui.api.models import Dashboard
from iottui.commands._core import (
    Ctx,
    IdArg,
    Resource,
    SubParsers,
    created_id,
    done,
)
from iottui.commands._output import Column, safe_text, to_data
from iottui.commands._parse import (
    parse_name,
    parse_str_id,
)
from iottui.commands.widgets import WIDGET_COLUMNS

DASHBOARD_COLUMNS: list[Column[Dashboard]] = [
    Column("id", lambda d: d.id),
    Column("name", lambda d: d.name),
]


DASHBOARD = IdArg("dashboard_id", "DASHBOARD_ID", "dashboard id", parse_str_id)


async def get_dashboard(ctx: Ctx) -> int:
    did = DASHBOARD.read(ctx.args)
    dashboard = ctx.read(await ctx.client.dashboards.get(did))
    if ctx.out.json:
        ctx.out.emit_json(to_data(dashboard))
        return 0
    if ctx.out.format == "csv":
        ctx.out.items(list(dashboard.widgets), WIDGET_COLUMNS)
        return 0
    ctx.out.line(
        safe_text(f"{dashboard.name}  [dashboard {dashboard.id}, {len(dashboard.widgets)} widgets]")
    )
    if dashboard.widgets:
        ctx.out.line()
        ctx.out.items(list(dashboard.widgets), WIDGET_COLUMNS)
    return 0


async def create_dashboard(ctx: Ctx) -> int:
    name = parse_name(ctx.args.name, "dashboard")
    result = await ctx.client.dashboards.create(name)
    did = created_id(result)
    return done(ctx, f"created dashboard {did} ({name})", id=did, name=name)


async def update_dashboard(ctx: Ctx) -> int:
    did = DASHBOARD.read(ctx.args)
    await ctx.client.dashboards.update(did, name=parse_name(ctx.args.name, "dashboard"))
    return done(ctx, f"renamed dashboard {did}", id=did)


def register(subparsers: SubParsers) -> None:
    res = Resource(
        subparsers,
        "dashboards",
        help="dashboards: list, get (with widgets), create, update, delete",
        examples=["iottui dashboards list", "iottui dashboards get 5c46c87e9cd2501c5ea361b1"],
    )
    res.list_leaf(
        lambda client: client.dashboards.list(),
        DASHBOARD_COLUMNS,
        empty="(no dashboards)",
        help="list dashboards",
    )
    p = res.leaf(
        "get",
        get_dashboard,
        operation="dashboards.get",
        help="show one dashboard with its widgets",
        formats=("table", "json", "csv"),
        examples=["iottui dashboards get 5c46c87e9cd2501c5ea361b1 --json"],
    )
    DASHBOARD.add(p)
    p = res.leaf(
        "create",
        create_dashboard,
        operation="dashboards.create",
        help="create a dashboard",
        examples=["iottui dashboards create --name 'Floor 3'"],
    )
    p.add_argument("--name", required=True, help="the dashboard's name")
    p = res.leaf(
        "update",
        update_dashboard,
        operation="dashboards.update",
        help="rename a dashboard",
        examples=[
            "iottui dashboards update 5c46c87e9cd2501c5ea361b1 --name 'CPU dash. - 5th room'"
        ],
    )
    DASHBOARD.add(p)
    p.add_argument("--name", required=True, help="the new name")
    res.delete_leaf(
        DASHBOARD,
        lambda client, did: client.dashboards.delete(did),
        noun="dashboard",
        consequence=" and all its widgets",
        help="delete a dashboard and its widgets",
        example="iottui dashboards delete 5c46c87e9cd2501c5ea361b1 --yes",
    )
