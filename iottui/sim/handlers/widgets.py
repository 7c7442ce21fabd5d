"""Widgets of a dashboard (operations 39-41)."""

from __future__ import annotations

import copy
import math
from typing import Any

from iottui.sim.aggregate import FUNCS
from iottui.sim.errors import invalid, unknown_id
from iottui.sim.handlers.common import Doc, find_metric, get_by_str, get_sensor, ok
from iottui.sim.handlers.dashboards import save_dashboard
from iottui.sim.payload import Payload, as_int, as_str
from iottui.sim.world import World

WIDGET_TYPES = (1, 2, 7, 8, 9, 10, 11)


GRID_WIDTH = 10


GRID_HEIGHT = 20


def _widget_metrics(world: World, value: Any) -> list[Doc]:
    if not isinstance(value, list) or not value:
        raise invalid("metrics", "expected a non-empty JSON array of {sensor: {id}, id}")
    out: list[Doc] = []
    for item in value:
        if not isinstance(item, dict):
            raise invalid("metrics", "expected objects {sensor: {id}, id}")
        m = Payload(item, ("sensor", "id", "name"))
        sensor_ref = m.obj("sensor")
        _, sensor = get_sensor(world, "metrics.sensor.id", Payload(sensor_ref).req("id"))
        mid = m.text("id", max_len=64)
        if find_metric(sensor, mid) is None:
            raise unknown_id(f"metric of sensor {sensor['id']}", mid)
        out.append({"sensorId": sensor["id"], "id": mid})
    return out


def _layout(value: Any, wtype: int, dash: Doc, old: Doc | None) -> Doc:
    if value is not None and not isinstance(value, dict):
        raise invalid("layout", "expected a JSON object")
    lay = Payload(value or {}, ("width", "height", "positionX", "positionY"))
    base = old or {}
    width = lay.opt_integer("width", lo=1, hi=GRID_WIDTH)
    height = lay.opt_integer("height", lo=1, hi=GRID_HEIGHT)
    width = width or base.get("width") or (4 if wtype in (1, 9) else 2)
    height = height or base.get("height") or 6
    x = lay.opt_integer("positionX", lo=0, hi=GRID_WIDTH - 1)
    y = lay.opt_integer("positionY", lo=0)
    if x is None:
        x = base.get("positionX", 0)
    if y is None:
        y = base.get("positionY")
        if y is None:
            y = max(
                (w["layout"]["positionY"] + w["layout"]["height"] for w in dash["widgets"]),
                default=0,
            )
    if x + width > GRID_WIDTH:
        raise invalid("layout", f"positionX + width exceeds the grid width {GRID_WIDTH}")
    return {"width": width, "height": height, "positionX": x, "positionY": y}


_SETTINGS = (
    "dataPeriod",
    "aggregation",
    "refreshInterval",
    "limit",
    "axisType",
    "scalingType",
    "minValue",
    "maxValue",
    "unit",
    "lng",
    "lat",
)


def _number_text(field: str, value: Any) -> str:
    text = value if isinstance(value, str) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    if text is None or len(text) > 64:
        raise invalid(field, "expected a number as a string")
    try:
        number = float(text)
    except ValueError:
        raise invalid(field, "expected a number as a string") from None
    if not math.isfinite(number):
        raise invalid(field, "expected a finite number")
    return text


def _settings(world: World, value: Any, wtype: int, old: Doc | None) -> Doc:
    if value is not None and not isinstance(value, dict):
        raise invalid("settings", "expected a JSON object")
    s = Payload(value or {}, _SETTINGS)
    out: Doc = dict(
        old
        or {
            "dataPeriod": 1,
            "aggregation": {"method": "AVG", "period": 1000},
            "refreshInterval": 60000,
        }
    )
    for name in _SETTINGS:
        if not s.has(name):
            continue
        raw = s.req(name)
        if name == "dataPeriod":
            out[name] = as_int("settings.dataPeriod", raw, lo=1, hi=10)
        elif name == "aggregation":
            if not isinstance(raw, dict):
                raise invalid("settings.aggregation", "expected {method, period}")
            agg = Payload(raw, ("method", "period"))
            method = (agg.opt_text("method") or "AVG").upper()
            if method not in FUNCS:
                raise invalid("settings.aggregation.method", f"one of {', '.join(FUNCS)}")
            out[name] = {"method": method, "period": agg.opt_integer("period", lo=1) or 1000}
        elif name in ("refreshInterval", "limit"):
            out[name] = as_int(f"settings.{name}", raw, lo=1)
        elif name in ("axisType", "scalingType", "unit"):
            out[name] = as_int(f"settings.{name}", raw, lo=1, hi=2)
        elif name in ("minValue", "maxValue"):
            out[name] = _number_text(f"settings.{name}", raw)
        else:  # lng / lat: "<sensorId>_<metricId>"
            text = as_str(f"settings.{name}", raw, max_len=100)
            sid, _, mid = text.partition("_")
            found = world.sensors.get(as_int(f"settings.{name}", sid)) if sid.isdigit() else None
            if found is None or find_metric(found[1], mid) is None:
                raise invalid(f"settings.{name}", "expected '<sensorId>_<metricId>' of a metric")
            out[name] = text
    if out.get("scalingType") == 2 and out.get("axisType") == 2:
        raise invalid("settings.scalingType", "manual scaling needs a single axis")
    return out


def create_widget(world: World, p: Payload) -> Doc:
    dash = get_by_str(world.dashboards, "dashboard", "dashboardId", p.req("dashboardId"))
    name = p.name()
    wtype = p.integer("type")
    if wtype not in WIDGET_TYPES:
        raise invalid("type", f"one of {', '.join(map(str, WIDGET_TYPES))}")
    metrics = _widget_metrics(world, p.req("metrics"))
    widget = {
        "id": world.new_hex24(),
        "name": name,
        "type": wtype,
        "layout": _layout(p.get("layout"), wtype, dash, None),
        "settings": _settings(world, p.get("settings"), wtype, None),
        "metrics": metrics,
    }
    new = copy.deepcopy(dash)
    new["widgets"].append(widget)
    save_dashboard(world, new)
    return ok({"id": widget["id"]})


def _widget(dash: Doc, ident: Any) -> Doc:
    wid = ident if isinstance(ident, str) else None
    widget = next((w for w in dash["widgets"] if w["id"] == wid), None)
    if widget is None:
        raise unknown_id(f"widget of dashboard {dash['id']}", ident)
    found: Doc = widget
    return found


def delete_widget(world: World, p: Payload) -> Doc:
    dash = get_by_str(world.dashboards, "dashboard", "dashboardId", p.req("dashboardId"))
    widget = _widget(dash, p.req("id"))
    new = copy.deepcopy(dash)
    new["widgets"] = [w for w in new["widgets"] if w["id"] != widget["id"]]
    save_dashboard(world, new)
    return ok(with_data=False)


def update_widget(world: World, p: Payload) -> Doc:
    dash = get_by_str(world.dashboards, "dashboard", "dashboardId", p.req("dashboardId"))
    widget: Doc = copy.deepcopy(_widget(dash, p.req("id")))
    if p.has("name"):
        widget["name"] = p.name()
    if p.has("type"):
        wtype = p.integer("type")
        if wtype not in WIDGET_TYPES:
            raise invalid("type", f"one of {', '.join(map(str, WIDGET_TYPES))}")
        widget["type"] = wtype
    if p.has("metrics"):
        widget["metrics"] = _widget_metrics(world, p.req("metrics"))
    if p.has("layout"):
        widget["layout"] = _layout(p.req("layout"), widget["type"], dash, widget["layout"])
    if p.has("settings"):
        widget["settings"] = _settings(world, p.req("settings"), widget["type"], widget["settings"])
    new = copy.deepcopy(dash)
    new["widgets"] = [widget if w["id"] == widget["id"] else w for w in new["widgets"]]
    save_dashboard(world, new)
    return ok(with_data=False)
