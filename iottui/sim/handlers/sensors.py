"""Sensors: custom, OPC-UA and system-health (operations 12-17)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from iottui.api.domain import (
    OPCUA_SCRIPT_PATH,
    frequency_problems,
    frequency_unit,
    read_metrics,
    read_nodeids,
)
from iottui.sim import signals
from iottui.sim.errors import conflict, invalid, unknown_id
from iottui.sim.handlers.common import Doc, get_device, get_sensor, ok, require_device_writable
from iottui.sim.payload import Payload, as_int, as_str, refuse, whole_number
from iottui.sim.store import Batch
from iottui.sim.world import World

HEALTH_NAMES = {1: "CPU", 2: "Memory", 3: "Load"}

_SENSOR_FIELDS = (
    "name",
    "deviceId",
    "scriptPath",
    "frequency",
    "metrics",
    "sensorType",
    "params",
    "systemHealthType",
)
_METRIC_FIELDS = ("id", "name", "valueType", "valueUnit", "valueAnnotation")


def parse_frequency(value: Any, *, field: str = "frequency") -> Doc:
    """A frequency by the one rule of :mod:`iottui.api.domain.frequency`."""
    if not isinstance(value, dict):
        raise invalid(field, "expected {type, value}")
    f = Payload(value, ("type", "value"))
    unit, raw = f.req("type"), f.req("value")
    number = whole_number(raw)  # "10" is read as 10, as the server does
    refuse(frequency_problems(unit, raw if number is None else number, field))
    return {"type": frequency_unit(unit), "value": number}


def parse_metrics(value: Any, old: list[Doc] | None = None) -> list[Doc]:
    """Metric definitions by the one rule of :mod:`iottui.api.domain.metrics`."""
    if not isinstance(value, list):
        raise invalid("metrics", "expected a non-empty JSON array")
    kinds = {m["id"]: m.get("_kind") for m in old or []}
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise invalid(f"metrics[{i}]", "expected metric objects")
        m = Payload(item, _METRIC_FIELDS)
        items.append(tuple(m.get(name) for name in _METRIC_FIELDS))
    definitions, problems = read_metrics(items)
    refuse(problems)
    out: list[Doc] = []
    for d in definitions:
        doc: Doc = {"id": d.id, "name": d.name, "valueType": d.value_type}
        if d.value_unit:
            doc["valueUnit"] = d.value_unit
        if d.value_annotation:
            doc["valueAnnotation"] = d.value_annotation
        doc["_kind"] = kinds.get(d.id) or signals.kind_for(
            d.name, d.value_type, d.value_unit, d.value_annotation
        )
        out.append(doc)
    return out


def parse_params(value: Any, metrics: list[Doc]) -> Doc:
    """OPC-UA params: the nodeids mapping, by the one rule of :mod:`iottui.api.domain.nodeids`."""
    if not isinstance(value, dict):
        raise invalid("params", "expected {nodeids}")
    p = Payload(value, ("nodeids",))
    text = p.text("nodeids", max_len=4000)
    _pairs, problems = read_nodeids(text, [m["id"] for m in metrics], "params.nodeids")
    refuse(problems)
    return {"nodeids": text}


def _is_opcua(sensor: Doc) -> bool:
    return bool(sensor.get("params")) or "opcua" in str(sensor.get("scriptPath", "")).lower()


def _add_sensor(world: World, device: Doc, sensor: Doc) -> Doc:
    new_device = copy.deepcopy(device)
    new_device["sensors"].append(sensor)
    batch = Batch()
    batch.put("device", new_device["id"], new_device)
    batch.meta["next_sensor_id"] = world.next_sensor_id + 1
    world.commit(batch)
    world.next_sensor_id += 1
    _install_device(world, new_device)
    return ok({"id": sensor["id"]})


def _install_device(world: World, device: Doc) -> None:
    old = world.devices.get(device["id"])
    if old is not None:
        for s in old["sensors"]:
            world.sensors.pop(int(s["id"]), None)
    world.devices[device["id"]] = device
    for s in device["sensors"]:
        world.sensors[int(s["id"])] = (device, s)


def create_sensor(world: World, p: Payload) -> Doc:
    """Create a custom, OPC-UA or system-health sensor (by the payload's shape)."""
    Payload(p.raw, _SENSOR_FIELDS)
    if p.has("systemHealthType"):
        return _create_health(world, p)
    return _create_custom(world, p)


def _new_sensor_doc(world: World, name: str, frequency: Doc, metrics: list[Doc]) -> Doc:
    sid = world.next_sensor_id
    return {
        "id": sid,
        "name": name,
        "provisionedSensorId": str(sid),
        "scriptPath": "",
        "isPluginSensor": False,
        "frequency": frequency,
        "metrics": metrics,
        "_createdAt": world.now(),
    }


def _create_custom(world: World, p: Payload) -> Doc:
    name = p.name()
    device = get_device(world, "deviceId", p.req("deviceId"))
    script = p.text("scriptPath", max_len=500)
    frequency = parse_frequency(p.req("frequency"))
    metrics = parse_metrics(p.req("metrics"))
    sensor_type = p.opt_integer("sensorType", lo=0)
    params = parse_params(p.req("params"), metrics) if p.has("params") else None
    require_device_writable(world, device)
    doc = _new_sensor_doc(world, name, frequency, metrics)
    doc["scriptPath"] = script
    if sensor_type is not None:
        doc["sensorType"] = sensor_type
    if params is not None:
        doc["params"] = params
    if _is_opcua(doc):
        if params is None:
            raise invalid("params", f"an OPC-UA sensor ({OPCUA_SCRIPT_PATH}) needs params.nodeids")
        if any(_is_opcua(s) for s in device["sensors"]):
            raise conflict(f"device {device['id']} already has an OPC-UA sensor")
    return _add_sensor(world, device, doc)


def _create_health(world: World, p: Payload) -> Doc:
    name = p.name()
    device = get_device(world, "deviceId", p.req("deviceId"))
    frequency = parse_frequency(p.req("frequency"))
    htype = p.integer("systemHealthType", lo=1, hi=3)
    for extra in ("metrics", "params", "scriptPath"):
        if p.has(extra):
            raise invalid(extra, "not allowed for a system-health sensor")
    require_device_writable(world, device)
    if any(s.get("systemHealthType") == htype for s in device["sensors"]):
        raise conflict(f"device {device['id']} already has a {HEALTH_NAMES[htype]} sensor")
    import random

    from iottui.sim.generate import health_metrics

    metrics = health_metrics(htype, random.Random(world.next_sensor_id * 7919 + world.seed))
    doc = _new_sensor_doc(world, name, frequency, metrics)
    doc["systemHealthType"] = htype
    return _add_sensor(world, device, doc)


def delete_sensor(world: World, p: Payload) -> Doc:
    device, sensor = get_sensor(world, "id", p.req("id"))
    did = as_int("deviceId", p.req("deviceId"))
    if did not in (device["id"], device["buddyId"]):
        raise unknown_id(f"sensor on device {did}", sensor["id"])
    require_device_writable(world, device)
    return _replace_sensor(world, device, sensor, None)


def update_sensor(world: World, p: Payload) -> Doc:
    Payload(p.raw, ("id", "name", "frequency", "scriptPath", "sensorType", "metrics", "params"))
    device, sensor = get_sensor(world, "id", p.req("id"))
    require_device_writable(world, device)
    new = copy.deepcopy(sensor)
    if p.has("name"):
        new["name"] = p.name()
    if p.has("frequency"):
        new["frequency"] = parse_frequency(p.req("frequency"))
    if p.has("scriptPath"):
        if sensor.get("systemHealthType") is not None:
            raise invalid("scriptPath", "not allowed for a system-health sensor")
        new["scriptPath"] = as_str("scriptPath", p.req("scriptPath"), max_len=500)
    if p.has("sensorType"):
        new["sensorType"] = p.integer("sensorType", lo=0)
    if p.has("metrics"):
        if sensor.get("systemHealthType") is not None:
            raise invalid("metrics", "the metrics of a system-health sensor are fixed")
        new["metrics"] = parse_metrics(p.req("metrics"), sensor["metrics"])
    if p.has("params"):
        new["params"] = parse_params(p.req("params"), new["metrics"])
    elif new.get("params"):
        parse_params(new["params"], new["metrics"])
    if _is_opcua(new) and not _is_opcua(sensor):
        if not new.get("params"):
            raise invalid("params", "an OPC-UA sensor needs params.nodeids")
        if any(_is_opcua(s) for s in device["sensors"] if s["id"] != sensor["id"]):
            raise conflict(f"device {device['id']} already has an OPC-UA sensor")
    _replace_sensor(world, device, sensor, new)
    return ok({"id": sensor["id"]})


def _replace_sensor(world: World, device: Doc, sensor: Doc, new: Doc | None) -> Doc:
    """Replace (or delete, ``new=None``) a sensor, cascading to rules, widgets and alarms."""
    sid = int(sensor["id"])
    kept = {m["id"] for m in new["metrics"]} if new is not None else set()
    gone = {m["id"] for m in sensor["metrics"]} - kept

    def dropped(sensor_id: Any, metric_id: Any) -> bool:
        return sensor_id == sid and (metric_id in gone)

    new_device = copy.deepcopy(device)
    new_device["sensors"] = [
        (new if s["id"] == sid else s) for s in new_device["sensors"] if new or s["id"] != sid
    ]
    batch = Batch()
    batch.put("device", new_device["id"], new_device)
    rules: list[Doc] = []
    for rule in world.rules.values():
        if rule["ruleType"] != 1:
            continue
        sources = [s for s in rule["sources"] if not dropped(s.get("thingId"), s.get("metricId"))]
        if len(sources) != len(rule["sources"]):
            r = copy.deepcopy(rule)
            r["sources"] = sources
            batch.put("rule", r["id"], r)
            rules.append(r)
    dashboards: list[Doc] = []
    for dash in world.dashboards.values():
        changed = False
        d = copy.deepcopy(dash)
        for w in d["widgets"]:
            metrics = [m for m in w["metrics"] if not dropped(m["sensorId"], m["id"])]
            if len(metrics) != len(w["metrics"]):
                w["metrics"] = metrics
                changed = True
        if changed:
            batch.put("dashboard", d["id"], d)
            dashboards.append(d)
    closed = world.close_alarms_where(
        batch, lambda a: dropped(a.get("_sensor"), a.get("_metric")), world.now()
    )
    world.commit(batch)
    _install_device(world, new_device)
    for r in rules:
        world.rules[r["id"]] = r
    for d in dashboards:
        world.dashboards[d["id"]] = d
    world.install_alarms(closed)
    world.recompute_severities()
    return ok(with_data=False)


def get_sensors(world: World, query: Mapping[str, str]) -> Doc:
    data = [
        {
            "name": s["name"],
            "id": s["id"],
            "provisionedsensorid": s.get("provisionedSensorId", str(s["id"])),
            "device": {"name": d["name"], "id": d["id"]},
        }
        for d, s in world.sensors.values()
    ]
    return ok(data)


def count_sensors(world: World, query: Mapping[str, str]) -> Doc:
    return ok([len(world.sensors)])
