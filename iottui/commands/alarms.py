"""``iottui alarms list|close``: alarms by status, time and severity; closing them."""

from __future__ import annotations

from iottui.api.enums import AlarmStatus, Severity
from iottui.api.models import Alarm
from iottui.commands._alarm_watch import alarms_watch
from iottui.commands._core import (
    Ctx,
    Resource,
    SubParsers,
    each_id,
)
from iottui.commands._output import Column, to_data
from iottui.commands._parse import (
    parse_enum,
    parse_str_id,
    resolve_range,
    unique,
)
from iottui.commands._poll import add_follow_options


def _alarm_source(a: Alarm) -> str:
    if a.source is None:
        return ""
    d = a.source.details
    parts = [p for p in (d.device, d.sensor, d.metric) if p]
    return " › ".join(parts) or a.source.source_key


def _alarm_detail(a: Alarm) -> str:
    if a.source is None:
        return ""
    d = a.source.details
    if d.offline_duration:
        return f"offline {d.offline_duration} min"
    if d.condition:
        value = f" (value {d.value})" if d.value is not None else ""
        return f"{d.condition}{value}"
    return ""


ALARM_COLUMNS: list[Column[Alarm]] = [
    Column("id", lambda a: a.id),
    Column("severity", lambda a: a.severity),
    Column("status", lambda a: a.status),
    Column("type", lambda a: a.type),
    Column("open_time", lambda a: a.open_time, header="OPENED", time=True),
    Column("close_time", lambda a: a.close_time, header="CLOSED", time=True),
    Column("source", _alarm_source),
    Column("condition", _alarm_detail),
    Column("description", lambda a: a.description, header="RULE"),
]


async def list_alarms(ctx: Ctx) -> int:
    args = ctx.args
    status_text = str(args.status).lower()
    statuses = (
        [AlarmStatus.OPEN, AlarmStatus.CLOSED]
        if status_text == "all"
        else [parse_enum(AlarmStatus, args.status, option="--status")]
    )
    start, end = resolve_range(
        now_ms=ctx.now_ms, since=args.since, start=args.start, end=args.end, default_ms=None
    )
    severities = {parse_enum(Severity, s, option="--severity") for s in args.severities or ()}
    alarms: list[Alarm] = []
    for status in statuses:
        alarms.extend(ctx.read(await ctx.client.alarms.list(status, start=start, end=end)))
    if severities:
        alarms = [a for a in alarms if a.severity in severities]
    alarms.sort(key=lambda a: (a.open_time, a.id), reverse=True)
    ctx.out.items(alarms, ALARM_COLUMNS, empty="(no alarms)")
    return 0


async def close(ctx: Ctx) -> int:
    ids = unique(parse_str_id(a, option="ALARM_ID", what="alarm id") for a in ctx.args.alarm_ids)
    ctx.confirm(f"Close alarm(s) {', '.join(ids)}")
    return await each_id(
        ctx,
        ids,
        ctx.client.alarms.close,
        noun="alarm",
        verb="closed",
        report=lambda closed: {"closed": to_data([result for _, result in closed])},
    )


async def watch_alarms(ctx: Ctx) -> int:
    return await alarms_watch(ctx, ALARM_COLUMNS)


def register(subparsers: SubParsers) -> None:
    alarms = Resource(
        subparsers,
        "alarms",
        help="alarms: list by status and time, close",
        examples=["iottui alarms list --status open --since 24h", "iottui alarms close ID --yes"],
    )
    p = alarms.leaf(
        "list",
        list_alarms,
        operation="alarms.list",
        help="list alarms, newest first",
        formats=("table", "json", "csv"),
        notes=(
            "time range: --since 24h, or --start/--end (ISO 8601, epoch ms, now, -2h);\n"
            "  without either the server's default applies (the last 30 days)."
        ),
        examples=[
            "iottui alarms list",
            "iottui alarms list --status closed --since 7d --severity critical",
            "iottui alarms list --status all --start 2026-11-01T00:00Z --end now --csv",
            "iottui alarms list --json | jq -r '.[].id' | xargs iottui alarms close --yes",
        ],
    )
    p.add_argument("--status", default="open", help="open (default), closed or all")
    p.add_argument("--since", metavar="DURATION", help="alarms opened in the last 1h, 24h, 7d")
    p.add_argument("--start", metavar="TIME", help="start of the range")
    p.add_argument("--end", metavar="TIME", help="end of the range (default: now)")
    p.add_argument(
        "--severity",
        dest="severities",
        metavar="SEVERITY",
        action="append",
        help="only this severity: critical, major, minor, warning (repeatable)",
    )

    p = alarms.leaf(
        "close",
        close,
        operation="alarms.close",
        help="close one or more alarms",
        destructive=True,
        notes="Alarms are closed one by one; a failure is reported and the rest still closed.",
        examples=["iottui alarms close 5ea165ef-3d66-407c-82b5-15062a35d89d --yes"],
    )
    p.add_argument("alarm_ids", metavar="ALARM_ID", nargs="+")

    p = alarms.leaf(
        "watch",
        watch_alarms,
        operation="alarms.list",
        help="print the open alarms, then one line per change as it happens",
        notes=(
            "Polls every --refresh seconds (default: the profile's refresh interval). Events:\n"
            "  opened, closed, changed (severity or value); with --json one JSON object per line:\n"
            '  {"event": "opened", "at": <epoch ms>, "initial": true|false, "alarm": {...}} with\n'
            "  the fields of `alarms list --json`. The alarms open at start come first as\n"
            '  "opened" with "initial": true. A server error prints one line on stderr and an\n'
            '  "error" event; the watch retries with back-off (up to 60 s apart) and reports\n'
            '  "recovered". Ctrl-C exits 130; a closed stdout (| head) ends it with 0.'
        ),
        examples=[
            "iottui alarms watch",
            "iottui alarms watch --severity critical --severity major",
            "iottui alarms watch --json | jq -c 'select(.event == \"opened\") | .alarm.id'",
        ],
    )
    p.add_argument(
        "--severity",
        dest="severities",
        metavar="SEVERITY",
        action="append",
        help="only alarms of this severity: critical, major, minor, warning (repeatable)",
    )
    add_follow_options(p)
