"""``iottui metrics list|count|history|values`` and ``iottui values``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from iottui.api.enums import Aggregation
from iottui.api.errors import ValidationError
from iottui.api.history_csv import history_csv
from iottui.api.models import LastValues, MetricInfo, Value
from iottui.api.resources import SeriesQuery
from iottui.commands._core import Ctx, Resource, SubParsers, add_leaf
from iottui.commands._output import Column, to_data
from iottui.commands._parse import (
    parse_duration_ms,
    parse_int_id,
    parse_str_choice,
    resolve_range,
    unique,
)
from iottui.commands._poll import add_follow_options
from iottui.commands._value_follow import values_follow

COLUMNS: list[Column[MetricInfo]] = [
    Column("id", lambda m: m.id),
    Column("name", lambda m: m.name),
    Column("value_type", lambda m: m.value_type, header="TYPE"),
    Column("unit", lambda m: m.unit),
    Column("sensor_id", lambda m: m.sensor.id if m.sensor else None, align="right"),
    Column("sensor", lambda m: m.sensor.name if m.sensor else None),
    Column(
        "device_id",
        lambda m: m.sensor.device.id if m.sensor and m.sensor.device else None,
        align="right",
    ),
    Column("device", lambda m: m.sensor.device.name if m.sensor and m.sensor.device else None),
]


async def list_metrics(ctx: Ctx) -> int:
    items: Sequence[MetricInfo] = ctx.read(await ctx.client.metrics.list())
    sensors = set(ctx.opt("sensor_ids") or ())
    devices = set(ctx.opt("device_ids") or ())
    if sensors:
        items = [m for m in items if m.sensor is not None and m.sensor.id in sensors]
    if devices:
        items = [
            m
            for m in items
            if m.sensor is not None
            and m.sensor.device is not None
            and m.sensor.device.id in devices
        ]
    ctx.out.items(items, COLUMNS, empty="(no metrics)")
    return 0


async def count(ctx: Ctx) -> int:
    result = await ctx.client.metrics.count()
    pairs: list[tuple[str, object]] = [("metrics", result.metrics)]
    if result.device_count is not None:
        pairs.append(("devices", result.device_count))
    ctx.out.record(pairs, data=to_data(result))
    return 0


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    timestamp: int
    sensor_id: int
    metric_id: str | None
    func: str | None
    value: Value


_TABLE_ROWS: list[Column[_Row]] = [
    Column("time", lambda r: r.timestamp, time=True),
    Column("sensor_id", lambda r: r.sensor_id, align="right"),
    Column("metric_id", lambda r: r.metric_id, header="METRIC"),
    Column("func", lambda r: r.func),
    Column("value", lambda r: r.value, align="right"),
]


def _queries(args: argparse.Namespace) -> list[tuple[int, str | None, Aggregation | None]]:
    func = parse_str_choice(Aggregation, args.func, option="--func") if args.func else None
    out: list[tuple[int, str | None, Aggregation | None]] = []
    for spec in args.series or ():
        parts = str(spec).split(":")
        if len(parts) > 3 or not parts[0].strip():
            raise ValidationError(
                f"--series: {spec!r} is not SENSOR_ID[:METRIC_ID[:FUNC]]", field="--series"
            )
        sensor = parse_int_id(parts[0], option="--series", what="sensor id")
        metric = parts[1].strip() or None if len(parts) > 1 else None
        own = (
            parse_str_choice(Aggregation, parts[2], option="--series")
            if len(parts) > 2 and parts[2].strip()
            else func
        )
        out.append((sensor, metric, own))
    sensors = unique(
        parse_int_id(s, option="--sensor", what="sensor id") for s in args.sensor_ids or ()
    )
    metrics: list[str | None] = list(unique(m.strip() for m in args.metric_ids or ())) or [None]
    if args.metric_ids and not sensors:
        raise ValidationError(
            "--metric needs --sensor (or use --series SENSOR:METRIC)", field="--metric"
        )
    for sensor in sensors:
        for metric in metrics:
            out.append((sensor, metric, func))
    if not out:
        raise ValidationError("give at least one --sensor (or --series)", field="--sensor")
    return unique(out)


async def history(ctx: Ctx) -> int:
    args = ctx.args
    queries = [SeriesQuery(sensor_id=s, metric_id=m, func=f) for s, m, f in _queries(args)]
    start, end = resolve_range(
        now_ms=ctx.now_ms,
        since=args.range,
        start=args.start,
        end=args.end,
        default_ms=3_600_000,
        since_option="--range",
    )
    assert start is not None
    assert end is not None
    period = parse_duration_ms(args.period, option="--period") if args.period else None
    if period is None and any(q.func is not None for q in queries):
        raise ValidationError(
            "--func aggregates per --period; give --period too (e.g. --period 5m)", field="--period"
        )
    series = ctx.read(
        await ctx.client.metrics.history(queries, start=start, end=end, period=period)
    )
    if ctx.out.json:
        ctx.out.emit_json(to_data(series))
        return 0
    if ctx.out.format == "csv":
        ctx.out.line(history_csv(series).rstrip("\n"))  # the one history CSV format
        return 0
    rows = [
        _Row(p.timestamp, s.sensor_id, s.metric_id, s.func.value if s.func else None, p.value)
        for s in series
        for p in s.points
    ]
    rows.sort(key=lambda r: (r.timestamp, r.sensor_id, r.metric_id or ""))
    ctx.out.items(rows, _TABLE_ROWS, data=None, empty="(no data in this time range)")
    return 0


# --- last values ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Value:
    sensor_id: int
    timestamp: int | None
    metric_id: str
    value: Value
    name: str = ""
    unit: str = ""


_VALUE_COLUMNS: list[Column[_Value]] = [
    Column("sensor_id", lambda v: v.sensor_id, align="right"),
    Column("metric_id", lambda v: v.metric_id, header="METRIC"),
    Column("name", lambda v: v.name),
    Column("value", lambda v: v.value, align="right"),
    Column("unit", lambda v: v.unit),
    Column("time", lambda v: v.timestamp, time=True),
]


async def last_values(ctx: Ctx) -> int:
    ids = unique(
        parse_int_id(s, option="--sensor", what="sensor id") for s in ctx.args.value_sensor_ids
    )
    if ctx.opt("follow"):
        return await values_follow(ctx, ids)
    if ctx.opt("follow_all") or ctx.opt("follow_refresh"):
        raise ValidationError("--all and --refresh go with --follow", field="--follow")
    results: Sequence[LastValues] = ctx.read(await ctx.client.metrics.last_values(ids))
    if ctx.out.json:
        ctx.out.emit_json(to_data(results))
        return 0
    # Names and units for people (metric ids are often hex): one more read.
    known = {
        (m.sensor.id, m.id): m
        for m in (await ctx.client.metrics.list() if results else [])
        if m.sensor is not None
    }
    rows = []
    for r in results:
        for metric, value in r.values.items():
            info = known.get((r.sensor_id, metric))
            name, unit = (info.name, info.unit) if info is not None else ("", "")
            rows.append(_Value(r.sensor_id, r.timestamp, metric, value, name, unit))
    ctx.out.items(rows, _VALUE_COLUMNS, empty="(no values)")
    return 0


def _values_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sensor",
        dest="value_sensor_ids",
        metavar="SENSOR_ID",
        nargs="+",
        action="extend",
        required=True,
        help="a sensor (repeatable; more than 100 are fetched in chunks)",
    )
    follow = p.add_argument_group("follow")
    follow.add_argument(
        "-f",
        "--follow",
        action="store_true",
        help="poll until interrupted; print the values that changed (NDJSON with --json)",
    )
    follow.add_argument(
        "--all",
        dest="follow_all",
        action="store_true",
        help="with --follow: print every value at every poll, changed or not",
    )
    add_follow_options(follow)


def register(subparsers: SubParsers) -> None:
    res = Resource(
        subparsers,
        "metrics",
        help="metrics: list, count, history (raw or aggregated), last values",
        examples=[
            "iottui metrics list --sensor 106631",
            "iottui metrics history --sensor 106631 --metric temp --range 1h --func AVG "
            "--period 5m --csv",
        ],
    )
    p = res.leaf(
        "list",
        list_metrics,
        operation="metrics.list",
        help="list metrics with their sensor and device",
        formats=("table", "json", "csv"),
        examples=["iottui metrics list", "iottui metrics list --device 2000565656 --csv"],
    )
    p.add_argument(
        "--sensor",
        dest="sensor_ids",
        metavar="SENSOR_ID",
        type=int,
        action="append",
        help="only metrics of this sensor (repeatable)",
    )
    p.add_argument(
        "--device",
        dest="device_ids",
        metavar="DEVICE_ID",
        type=int,
        action="append",
        help="only metrics of this device (repeatable)",
    )

    res.leaf("count", count, operation="metrics.count", help="print the number of metrics")

    p = res.leaf(
        "history",
        history,
        operation="metrics.history",
        help="metric history: raw samples, or aggregates per period",
        formats=("table", "json", "csv"),
        notes=(
            "series: every --sensor with every --metric (no --metric: all the sensor's metrics),\n"
            "  plus each --series SENSOR_ID[:METRIC_ID[:FUNC]].\n"
            "time range: --range 1h (default; ends now or at --end), or --start/--end as\n"
            "  ISO 8601, epoch milliseconds, 'now' or -2h.\n"
            "aggregation: --func MIN|MAX|AVG|STDEV|COUNT with --period 5m; without --period the\n"
            "  raw samples are returned.\n"
            "CSV columns: timestamp (epoch ms), time (ISO 8601 UTC), sensor_id, metric_id, func,\n"
            "  value; one row per sample."
        ),
        examples=[
            "iottui metrics history --sensor 106631 --metric temp --range 24h",
            "iottui metrics history --sensor 106631 --metric temp --range 1h --func AVG "
            "--period 5m --csv > temp.csv",
            "iottui metrics history --series 106631:temp:MAX --series 106632:load:AVG "
            "--start 2026-11-24T00:00Z --end 2026-11-25T00:00Z --period 1h --json",
        ],
    )
    p.add_argument(
        "--sensor",
        dest="sensor_ids",
        metavar="SENSOR_ID",
        nargs="+",
        action="extend",
        help="a sensor (repeatable)",
    )
    p.add_argument(
        "--metric",
        dest="metric_ids",
        metavar="METRIC_ID",
        nargs="+",
        action="extend",
        help="a metric of the sensors (repeatable)",
    )
    p.add_argument(
        "--series",
        metavar="SENSOR[:METRIC[:FUNC]]",
        action="append",
        help="one series, precisely (repeatable)",
    )
    p.add_argument(
        "--range", metavar="DURATION", help="how far back: 15m, 1h, 24h, 7d (default: 1h)"
    )
    p.add_argument("--start", metavar="TIME", help="start of the range")
    p.add_argument("--end", metavar="TIME", help="end of the range (default: now)")
    p.add_argument("--func", metavar="FUNC", help="aggregation: MIN, MAX, AVG, STDEV, COUNT")
    p.add_argument("--period", metavar="DURATION", help="aggregation period: 1m, 5m, 1h")

    p = res.leaf(
        "values",
        last_values,
        operation="metrics.last_values",
        help="the last value of every metric of some sensors (same as `iottui values`)",
        formats=("table", "json", "csv"),
        examples=["iottui metrics values --sensor 106631 106632"],
    )
    _values_parser(p)

    p = add_leaf(
        subparsers,
        ("values",),
        last_values,
        operation="metrics.last_values",
        help="the last value of every metric of some sensors",
        formats=("table", "json", "csv"),
        examples=[
            "iottui values --sensor 106631 106632",
            "iottui values --sensor 106631 --json | jq '.[0].values'",
            "iottui values --sensor 106631 106632 --follow --csv >> values.csv",
        ],
    )
    _values_parser(p)
