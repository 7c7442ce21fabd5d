"""Parsers of dashboards and their widgets."""

from __future__ import annotations

from typing import Any

from iottui.api.enums import (
    Aggregation,
    AxisType,
    DataPeriod,
    ScalingType,
    TemperatureUnit,
    WidgetType,
)
from iottui.api.models import (
    Dashboard,
    Widget,
    WidgetAggregation,
    WidgetLayout,
    WidgetMetric,
    WidgetSensor,
    WidgetSettings,
)
from iottui.api.parse.core import (
    _AXIS_TYPES,
    _DATA_PERIODS,
    _SCALING_TYPES,
    _TEMPERATURE_UNITS,
    _WIDGET_TYPES,
    _each,
    _enum,
    _extra,
    _id_int,
    _id_str,
    _int_or,
    _lower,
    _nested,
    _obj,
    _opt_int,
    _opt_str,
    _req_enum,
    _str_or,
)
from iottui.api.problems import NO_STR_ID

_SETTINGS_KEYS = frozenset(
    {
        "dataperiod",
        "aggregation",
        "refreshinterval",
        "limit",
        "axistype",
        "scalingtype",
        "minvalue",
        "maxvalue",
        "unit",
        "lng",
        "lat",
    }
)
_WIDGET_KEYS = frozenset({"id", "name", "type", "layout", "settings", "metrics"})


def _layout(value: Any, path: str) -> WidgetLayout:
    if value is None:
        return WidgetLayout()
    low = _obj(value, path)
    return WidgetLayout(
        width=_int_or(low, "width", path, 2),
        height=_int_or(low, "height", path, 6),
        x=_opt_int(low, "positionx", path),
        y=_opt_int(low, "positiony", path),
    )


def _settings(value: Any, path: str) -> WidgetSettings:
    if value is None:
        return WidgetSettings()
    low = _obj(value, path)
    agg_raw = low.get("aggregation")
    aggregation: WidgetAggregation | None = None
    if agg_raw is not None:
        apath = f"{path}.aggregation"
        alow = _obj(agg_raw, apath)
        method = _opt_str(alow, "method", apath)
        aggregation = WidgetAggregation(
            method=Aggregation.AVG if not method else Aggregation(method),
            period=_opt_int(alow, "period", apath),
        )
    return WidgetSettings(
        data_period=_enum(DataPeriod, _DATA_PERIODS, low, "dataperiod", path),
        aggregation=aggregation,
        refresh_interval=_opt_int(low, "refreshinterval", path),
        limit=_opt_int(low, "limit", path),
        axis_type=_enum(AxisType, _AXIS_TYPES, low, "axistype", path),
        scaling_type=_enum(ScalingType, _SCALING_TYPES, low, "scalingtype", path),
        min_value=_opt_str(low, "minvalue", path),
        max_value=_opt_str(low, "maxvalue", path),
        unit=_enum(TemperatureUnit, _TEMPERATURE_UNITS, low, "unit", path),
        lng=_opt_str(low, "lng", path),
        lat=_opt_str(low, "lat", path),
        extra=_extra(value, low, _SETTINGS_KEYS),
    )


def _widget_metric(value: Any, path: str) -> WidgetMetric:
    low = _obj(value, path)
    spath = f"{path}.sensor"
    slow = _obj(low.get("sensor"), spath)
    sensor = WidgetSensor(
        id=_id_int(slow),
        name=_opt_str(slow, "name", spath),
        device_name=_opt_str(slow, "beehivename", spath) or _opt_str(slow, "devicename", spath),
        provisioned_sensor_id=_opt_str(slow, "provisionedsensorid", spath),
    )
    return WidgetMetric(
        id=_id_str(low),
        sensor=sensor,
        name=_opt_str(low, "name", path),
        uom=_opt_str(low, "uom", path),
    )


def _widget(value: Any, path: str) -> Widget:
    low = _obj(value, path)
    layout_raw = low.get("layout")
    widget_id = _opt_str(low, "id", path)
    if widget_id is None and type(layout_raw) is dict:
        widget_id = _opt_str(_lower(layout_raw), "widgetid", f"{path}.layout")
    return Widget(
        id=NO_STR_ID if widget_id is None else widget_id,
        name=_str_or(low, "name", path),
        type=_req_enum(WidgetType, _WIDGET_TYPES, low, "type", path),
        layout=_layout(layout_raw, f"{path}.layout"),
        settings=_settings(low.get("settings"), f"{path}.settings"),
        metrics=_nested(low.get("metrics"), f"{path}.metrics", _widget_metric),
        extra=_extra(value, low, _WIDGET_KEYS),
    )


_DASHBOARD_KEYS = frozenset({"id", "name", "widgets"})


def parse_dashboard(value: Any, path: str) -> Dashboard:
    low = _obj(value, path)
    return Dashboard(
        id=_id_str(low),
        name=_str_or(low, "name", path),
        widgets=_nested(low.get("widgets"), f"{path}.widgets", _widget),
        extra=_extra(value, low, _DASHBOARD_KEYS),
    )


def parse_dashboards(value: Any, path: str) -> list[Dashboard]:
    return _each(value, path, parse_dashboard)
