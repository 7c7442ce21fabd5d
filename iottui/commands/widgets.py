"""``iottui widgets create|update|delete``: the widgets on a dashboard (see `dashboards get`)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from iottui.api.enums import (
    Aggregation,
    AxisType,
    DataPeriod,
    ScalingType,
    TemperatureUnit,
    WidgetType,
)
from iottui.api.errors import ValidationError
from iottui.api.models import Widget, WidgetAggregation, WidgetLayout, WidgetSettings
from iottui.commands._core import (
    Ctx,
    Resource,
    SubParsers,
    add_payload_options,
    created_id,
    done,
    find_current,
    require_change,
)
from iottui.commands._output import Column
from iottui.commands._parse import (
    parse_duration_ms,
    parse_enum,
    parse_int_id,
    parse_name,
    parse_number,
    parse_sensor_metric,
    parse_str_choice,
    parse_str_id,
)
from iottui.commands._payload import (
    Fields,
    load_payload,
)

WIDGET_COLUMNS: list[Column[Widget]] = [
    Column("id", lambda w: w.id),
    Column("name", lambda w: w.name),
    Column("type", lambda w: w.type),
    Column("x", lambda w: w.layout.x, align="right"),
    Column("y", lambda w: w.layout.y, align="right"),
    Column("width", lambda w: w.layout.width, header="W", align="right"),
    Column("height", lambda w: w.layout.height, header="H", align="right"),
    Column("data_period", lambda w: w.settings.data_period, header="PERIOD"),
    Column("metrics", lambda w: [f"{m.sensor.id}:{m.id}" for m in w.metrics]),
]


_PERIOD_WORDS = {"live": DataPeriod.LIVE, "1mo": DataPeriod.MONTH_1, "1month": DataPeriod.MONTH_1}


def parse_data_period(text: str, *, option: str = "--data-period") -> DataPeriod:
    """A data period: live, 5m, 15m, 30m, 1h, 6h, 12h, 1d, 1w, 1mo, or its number 1-10."""
    value = str(text).strip().lower()
    if value in _PERIOD_WORDS:
        return _PERIOD_WORDS[value]
    if value.isdigit():
        return parse_enum(DataPeriod, value, option=option)
    try:
        millis = parse_duration_ms(value, option=option)
    except ValidationError:
        millis = -1
    for member in DataPeriod:
        if member.millis == millis and millis > 0:
            return member
    raise ValidationError(
        f"{option}: {text!r} is not one of live, 5m, 15m, 30m, 1h, 6h, 12h, 1d, 1w, 1mo (or 1-10)",
        field=option,
    )


def _lnglat(text: str, option: str) -> str:
    """``SENSOR:METRIC`` or ``SENSOR_METRIC`` -> the document's ``"<sensorId>_<metricId>"``."""
    if ":" in text:
        sensor, metric = parse_sensor_metric(text, option=option)
        return f"{sensor}_{metric}"
    sensor_text, sep, metric = text.partition("_")
    if not sep or not metric:
        raise ValidationError(f"{option}: {text!r} is not SENSOR_ID:METRIC_ID", field=option)
    return f"{parse_int_id(sensor_text, option=option, what='sensor id')}_{metric}"


def _payload_metrics(p: Fields) -> list[tuple[int, str]] | None:
    items = p.array("metrics")
    if items is None:
        return None
    out: list[tuple[int, str]] = []
    for i, item in enumerate(items):
        where = f"{p.where}: metrics[{i}]"
        if isinstance(item, str):
            out.append(parse_sensor_metric(item, option=where))
            continue
        if not isinstance(item, dict):
            raise ValidationError(f"{where}: must be an object or 'SENSOR:METRIC'", field="metrics")
        f = Fields(item, where)
        sensor_obj = f.obj("sensor")
        sensor = (
            sensor_obj.integer("id")
            if sensor_obj is not None
            else f.integer("sensor_id", "thing_id")
        )
        metric = f.text("id", "metric_id")
        if sensor is None or not metric:
            raise ValidationError(f"{where}: needs sensor {{id}} and id", field="metrics")
        out.append((sensor, metric))
    return out


def _payload_layout(p: Fields) -> WidgetLayout | None:
    f = p.obj("layout")
    if f is None:
        return None
    return WidgetLayout(
        width=f.integer("width") or 2,
        height=f.integer("height") or 6,
        x=f.integer("position_x", "x"),
        y=f.integer("position_y", "y"),
    )


def _payload_settings(p: Fields) -> WidgetSettings | None:
    f = p.obj("settings")
    if f is None:
        return None
    where = f.where
    agg = f.obj("aggregation")

    def enum_or_none(enum_cls: Any, *names: str) -> Any:
        raw = f.raw(*names)
        return None if raw is None else parse_enum(enum_cls, raw, option=f"{where}: {names[0]}")

    return WidgetSettings(
        data_period=enum_or_none(DataPeriod, "data_period"),
        aggregation=(
            WidgetAggregation(
                method=parse_str_choice(Aggregation, agg.text("method") or "AVG", option=agg.where),
                period=agg.integer("period"),
            )
            if agg is not None
            else None
        ),
        refresh_interval=f.integer("refresh_interval"),
        limit=f.integer("limit"),
        axis_type=enum_or_none(AxisType, "axis_type"),
        scaling_type=enum_or_none(ScalingType, "scaling_type"),
        min_value=f.text("min_value"),
        max_value=f.text("max_value"),
        unit=enum_or_none(TemperatureUnit, "unit"),
        lng=f.text("lng"),
        lat=f.text("lat"),
    )


def _layout_flags(args: argparse.Namespace, base: WidgetLayout | None) -> WidgetLayout | None:
    given = {
        k: getattr(args, k) for k in ("width", "height", "x", "y") if getattr(args, k) is not None
    }
    if not given:
        return base
    layout = dataclasses.replace(base or WidgetLayout(), **given)
    if not 1 <= layout.width <= 10:
        raise ValidationError("--width must be 1-10 (the grid is 10 wide)", field="--width")
    if not 1 <= layout.height <= 20:
        raise ValidationError("--height must be 1-20 (the grid is 20 high)", field="--height")
    if layout.x is not None and not 0 <= layout.x <= 10 - layout.width:
        raise ValidationError(
            f"--x must be 0-{10 - layout.width} for width {layout.width}", field="--x"
        )
    if layout.y is not None and not 0 <= layout.y <= 20 - layout.height:
        raise ValidationError(
            f"--y must be 0-{20 - layout.height} for height {layout.height}", field="--y"
        )
    return layout


def _settings_flags(args: argparse.Namespace, base: WidgetSettings | None) -> WidgetSettings | None:
    changes: dict[str, Any] = {}
    if args.data_period is not None:
        changes["data_period"] = parse_data_period(args.data_period)
    if args.aggregation is not None or args.aggregation_period is not None:
        current = (base.aggregation if base else None) or WidgetAggregation()
        changes["aggregation"] = WidgetAggregation(
            method=(
                parse_str_choice(Aggregation, args.aggregation, option="--aggregation")
                if args.aggregation
                else current.method
            ),
            period=(
                parse_duration_ms(args.aggregation_period, option="--aggregation-period")
                if args.aggregation_period
                else current.period
            ),
        )
    if args.refresh is not None:
        changes["refresh_interval"] = parse_duration_ms(args.refresh, option="--refresh")
    if args.limit is not None:
        if args.limit < 1:
            raise ValidationError("--limit must be at least 1", field="--limit")
        changes["limit"] = args.limit
    if args.axis is not None:
        changes["axis_type"] = parse_enum(AxisType, args.axis, option="--axis")
    if args.scaling is not None:
        changes["scaling_type"] = parse_enum(ScalingType, args.scaling, option="--scaling")
    for name in ("min_value", "max_value"):
        raw = getattr(args, name)
        if raw is not None:
            parse_number(raw, option="--" + name.split("_")[0])
            changes[name] = str(raw).strip()
    if args.unit is not None:
        unit = {"c": "celsius", "f": "fahrenheit"}.get(args.unit.strip().lower(), args.unit)
        changes["unit"] = parse_enum(TemperatureUnit, unit, option="--unit")
    if args.lng is not None:
        changes["lng"] = _lnglat(args.lng, "--lng")
    if args.lat is not None:
        changes["lat"] = _lnglat(args.lat, "--lat")
    if not changes:
        return base
    return dataclasses.replace(base or WidgetSettings(), **changes)


def _check_settings(kind: WidgetType | None, settings: WidgetSettings | None) -> None:
    if settings is None:
        return
    if settings.scaling_type == ScalingType.MANUAL and (
        settings.min_value is None or settings.max_value is None
    ):
        raise ValidationError("manual scaling needs --min and --max", field="--scaling")
    low, high = (
        None if value is None else parse_number(value, option=option)
        for value, option in ((settings.min_value, "--min"), (settings.max_value, "--max"))
    )
    if low is not None and high is not None and low >= high:
        raise ValidationError("--min must be below --max", field="--min")
    if kind == WidgetType.MAP and (settings.lng is None) != (settings.lat is None):
        raise ValidationError("a map widget needs both --lng and --lat", field="--lng")


class _WidgetInput:
    def __init__(
        self, args: argparse.Namespace, payload: Fields | None, current: Widget | None
    ) -> None:
        self.dashboard_id: str | None = None
        self.name: str | None = None
        self.type: WidgetType | None = None
        self.metrics: list[tuple[int, str]] | None = None
        layout: WidgetLayout | None = None
        settings: WidgetSettings | None = None
        if payload is not None:
            self.dashboard_id = payload.text("dashboard_id")
            self.name = payload.text("name")
            if payload.has("type"):
                self.type = parse_enum(
                    WidgetType, payload.raw("type"), option=f"{payload.where}: type"
                )
            self.metrics = _payload_metrics(payload)
            layout = _payload_layout(payload)
            settings = _payload_settings(payload)
        if args.dashboard_id is not None:
            self.dashboard_id = parse_str_id(
                args.dashboard_id, option="--dashboard", what="dashboard id"
            )
        if args.name is not None:
            self.name = parse_name(args.name, "widget")
        if args.widget_type is not None:
            self.type = parse_enum(WidgetType, args.widget_type, option="--type")
        if args.metrics:
            self.metrics = [parse_sensor_metric(m) for m in args.metrics]
        self.layout = _layout_flags(
            args, layout if layout is not None else (current.layout if current else None)
        )
        if (
            self.layout is not None
            and current is not None
            and self.layout == current.layout
            and layout is None
        ):
            self.layout = None  # unchanged
        self.settings = _settings_flags(
            args, settings if settings is not None else (current.settings if current else None)
        )
        if (
            self.settings is not None
            and current is not None
            and self.settings == current.settings
            and settings is None
        ):
            self.settings = None
        _check_settings(self.type or (current.type if current else None), self.settings)


async def create_widget(ctx: Ctx) -> int:
    data = _WidgetInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file), None)
    if not data.dashboard_id:
        raise ValidationError(
            "--dashboard is required (or dashboardId in --payload)", field="--dashboard"
        )
    if not data.name:
        raise ValidationError("--name is required (or give it in --payload)", field="--name")
    if data.type is None:
        raise ValidationError("--type is required (or give it in --payload)", field="--type")
    if not data.metrics:
        raise ValidationError("give at least one --metric SENSOR_ID:METRIC_ID", field="--metric")
    if data.type == WidgetType.MAP and (data.settings is None or data.settings.lng is None):
        raise ValidationError(
            "a map widget needs --lng and --lat (the metrics holding longitude and latitude)",
            field="--lng",
        )
    result = await ctx.client.widgets.create(
        data.dashboard_id,
        data.name,
        data.type,
        metrics=data.metrics,
        layout=data.layout,
        settings=data.settings,
    )
    wid = created_id(result)
    text = f"added {data.type.label.lower()} widget {data.name!r} to dashboard {data.dashboard_id}"
    return done(
        ctx,
        text + (f" (id {wid})" if wid is not None else ""),
        id=wid,
        dashboard_id=data.dashboard_id,
    )


def _needs_current(args: argparse.Namespace) -> bool:
    names = (
        "width",
        "height",
        "x",
        "y",
        "data_period",
        "aggregation",
        "aggregation_period",
        "refresh",
        "limit",
        "axis",
        "scaling",
        "min_value",
        "max_value",
        "unit",
        "lng",
        "lat",
    )
    return any(getattr(args, n) is not None for n in names)


async def update_widget(ctx: Ctx) -> int:
    args = ctx.args
    wid = parse_str_id(args.widget_id, option="WIDGET_ID", what="widget id")
    payload = load_payload(args.payload, args.payload_file)
    did = args.dashboard_id or (payload.text("dashboard_id") if payload is not None else None)
    if not did:
        raise ValidationError("--dashboard is required", field="--dashboard")
    current: Widget | None = None
    if _needs_current(args):
        # Layout and settings are sent whole: start from the widget as it is now.
        dashboard = await ctx.client.dashboards.get(did)
        current = find_current(ctx, dashboard.widgets, wid, "widget", where=f" on dashboard {did}")
    data = _WidgetInput(args, payload, current)
    require_change(
        (data.name, data.type, data.metrics, data.layout, data.settings),
        "--name, --type, --metric, layout or settings flags",
    )
    await ctx.client.widgets.update(
        did,
        wid,
        name=data.name,
        type=data.type,
        metrics=data.metrics,
        layout=data.layout,
        settings=data.settings,
    )
    return done(ctx, f"updated widget {wid}", id=wid, dashboard_id=did)


async def delete_widget(ctx: Ctx) -> int:
    wid = parse_str_id(ctx.args.widget_id, option="WIDGET_ID", what="widget id")
    did = parse_str_id(ctx.args.dashboard_id, option="--dashboard", what="dashboard id")
    ctx.confirm(f"Remove widget {wid} from dashboard {did}")
    await ctx.client.widgets.delete(did, wid)
    return done(ctx, f"removed widget {wid}", id=wid, dashboard_id=did)


WIDGET_HELP = (
    "types: chart (1), number (2), gauge (7), thermometer (8), map (9), string (10),\n"
    "  status-indicator (11).\n"
    "layout on the 10 x 20 grid: --width (default 2; chart and map 4), --height (default 6),\n"
    "  --x, --y.\n"
    "settings: --data-period live|5m|15m|30m|1h|6h|12h|1d|1w|1mo, --aggregation MIN|MAX|AVG|\n"
    "  STDEV|COUNT with --aggregation-period 5m, --refresh 60s, --limit N; chart: --axis\n"
    "  single|multiple, --scaling auto|manual with --min/--max; gauge/thermometer: --min/--max;\n"
    "  thermometer: --unit C|F; map: --lng/--lat SENSOR_ID:METRIC_ID.\n"
    "payload: the API document's widget object {dashboardId, name, type, metrics [{sensor\n"
    "  {id}, id}], layout {width, height, positionX, positionY}, settings {...}}; flags win."
)


def _widget_inputs(p: argparse.ArgumentParser, *, create: bool) -> None:
    p.add_argument(
        "--dashboard", dest="dashboard_id", metavar="DASHBOARD_ID", help="the dashboard (required)"
    )
    p.add_argument("--name", help="the widget's name" + (" (required)" if create else ""))
    p.add_argument(
        "--type",
        dest="widget_type",
        metavar="KIND",
        help="chart, number, gauge, thermometer, map, string, status-indicator",
    )
    p.add_argument(
        "--metric",
        dest="metrics",
        metavar="SENSOR_ID:METRIC_ID",
        action="append",
        help="a metric to show (repeatable" + ("" if create else "; replaces all") + ")",
    )
    g = p.add_argument_group("layout")
    g.add_argument("--width", type=int, help="1-10 grid units")
    g.add_argument("--height", type=int, help="1-20 grid units")
    g.add_argument("--x", type=int, help="left column (0-9)")
    g.add_argument("--y", type=int, help="top row (0-19)")
    g = p.add_argument_group("settings")
    g.add_argument(
        "--data-period", metavar="PERIOD", help="live, 5m, 15m, 30m, 1h, 6h, 12h, 1d, 1w, 1mo"
    )
    g.add_argument("--aggregation", metavar="FUNC", help="MIN, MAX, AVG, STDEV, COUNT")
    g.add_argument("--aggregation-period", metavar="DURATION", help="aggregation period, e.g. 5m")
    g.add_argument("--refresh", metavar="DURATION", help="refresh interval, e.g. 60s")
    g.add_argument("--limit", type=int, help="maximum number of points")
    g.add_argument("--axis", help="chart: single or multiple")
    g.add_argument("--scaling", help="chart: auto or manual")
    g.add_argument(
        "--min", dest="min_value", metavar="N", help="minimum (manual scaling, gauge, thermometer)"
    )
    g.add_argument(
        "--max", dest="max_value", metavar="N", help="maximum (manual scaling, gauge, thermometer)"
    )
    g.add_argument("--unit", help="thermometer: C or F")
    g.add_argument("--lng", metavar="SENSOR_ID:METRIC_ID", help="map: the longitude metric")
    g.add_argument("--lat", metavar="SENSOR_ID:METRIC_ID", help="map: the latitude metric")
    add_payload_options(p, "widget")


def register(subparsers: SubParsers) -> None:
    widgets = Resource(
        subparsers,
        "widgets",
        help="widgets on dashboards: create, update, delete (see `dashboards get` to list them)",
        examples=[
            "iottui widgets create --dashboard ID --name Temp --type number --metric 96314:temp"
        ],
    )
    p = widgets.leaf(
        "create",
        create_widget,
        operation="widgets.create",
        help="add a widget to a dashboard",
        notes=WIDGET_HELP,
        examples=[
            "iottui widgets create --dashboard 5c5af70fb0e37d00056d25ea --name Temperature "
            "--type chart --metric 96314:temp --data-period 1h --aggregation AVG "
            "--aggregation-period 1m",
            "iottui widgets create --dashboard 5c5af70fb0e37d00056d25ea --name Where --type map "
            "--metric 96314:lng --metric 96314:lat --lng 96314:lng --lat 96314:lat",
            "iottui widgets create --payload-file widget.json",
        ],
    )
    _widget_inputs(p, create=True)
    p = widgets.leaf(
        "update",
        update_widget,
        operation="widgets.update",
        help="update a widget (layout and settings flags change only what they name)",
        notes=WIDGET_HELP,
        examples=[
            "iottui widgets update 5e5f5434a7287b0a4573be6a --dashboard 5c5af70fb0e37d00056d25ea "
            "--width 4 --data-period 1d",
        ],
    )
    p.add_argument("widget_id", metavar="WIDGET_ID")
    _widget_inputs(p, create=False)
    p = widgets.leaf(
        "delete",
        delete_widget,
        operation="widgets.delete",
        help="remove a widget from a dashboard",
        destructive=True,
        examples=[
            "iottui widgets delete 5e5f5434a7287b0a4573be6a "
            "--dashboard 5c5af70fb0e37d00056d25ea --yes"
        ],
    )
    p.add_argument("widget_id", metavar="WIDGET_ID")
    p.add_argument(
        "--dashboard",
        dest="dashboard_id",
        metavar="DASHBOARD_ID",
        required=True,
        help="the widget's dashboard",
    )
