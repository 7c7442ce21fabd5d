"""Rules (operations 20-23)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from iottui.api.conditions import ConditionError, parse_metric_condition, parse_offline_duration
from iottui.api.domain import DEFAULT_CHECKCOUNT, checkcount_problems
from iottui.sim.errors import invalid, unknown_id
from iottui.sim.handlers.common import (
    Doc,
    find_metric,
    get_by_str,
    get_device,
    get_sensor,
    id_list,
    ok,
)
from iottui.sim.handlers.topics import create_new_topics, find_topic_ids
from iottui.sim.payload import Payload, as_str, refuse
from iottui.sim.store import Batch
from iottui.sim.world import World

_RULE_FIELDS = ("id", "name", "ruleType", "activeflag", "sources", "thresholds")


def _sources(world: World, rule_type: int, value: Any) -> list[Doc]:
    if not isinstance(value, list) or not value:
        raise invalid("sources", "expected a non-empty JSON array")
    out: list[Doc] = []
    for item in value:
        src: Doc
        if not isinstance(item, dict):
            raise invalid("sources", "expected source objects")
        if rule_type == 1:
            s = Payload(item, ("metricId", "thingId", "deviceId"))
            _, sensor = get_sensor(world, "sources.thingId", s.req("thingId"))
            mid = s.text("metricId", max_len=64)
            if find_metric(sensor, mid) is None:
                raise unknown_id(f"metric of sensor {sensor['id']}", mid)
            src = {"metricId": mid, "thingId": sensor["id"]}
        else:
            s = Payload(item, ("deviceId",))
            device = get_device(world, "sources.deviceId", s.req("deviceId"))
            src = {"deviceId": device["id"]}
        if src not in out:
            out.append(src)
    return out


def _thresholds(
    world: World, batch: Batch, rule_type: int, value: Any, created: list[Doc]
) -> list[Doc]:
    if not isinstance(value, list) or not value:
        raise invalid("thresholds", "expected a non-empty JSON array")
    out: list[Doc] = []
    for item in value:
        if not isinstance(item, dict):
            raise invalid("thresholds", "expected threshold objects")
        t = Payload(item, ("condition", "severity", "checkcount", "topicIds", "newTopics"))
        raw = t.req("condition")
        try:
            if rule_type == 1:
                condition = str(parse_metric_condition(as_str("thresholds.condition", raw)))
            else:
                parse_offline_duration(raw if isinstance(raw, str | int | float) else "")
                condition = str(raw).strip()
        except ConditionError as exc:
            raise invalid("thresholds.condition", str(exc)) from None
        topics = find_topic_ids(world, t.get("topicIds", []), "thresholds.topicIds")
        new = create_new_topics(world, batch, t.get("newTopics"), "thresholds.newTopics")
        created.extend(new)
        out.append(
            {
                "condition": condition,
                "severity": t.integer("severity", lo=1, hi=4),
                "checkcount": _checkcount(t),
                "topicIds": topics + [n["id"] for n in new],
            }
        )
    return out


def _checkcount(threshold: Payload) -> int:
    checkcount = threshold.opt_integer("checkcount")
    if checkcount is None:
        return DEFAULT_CHECKCOUNT
    refuse(checkcount_problems(checkcount, "thresholds.checkcount"))
    return checkcount


def create_rule(world: World, p: Payload) -> Doc:
    name = p.name()
    rule_type = p.integer("ruleType", lo=1, hi=2)
    sources = _sources(world, rule_type, p.req("sources"))
    batch = Batch()
    topics: list[Doc] = []
    thresholds = _thresholds(world, batch, rule_type, p.req("thresholds"), topics)
    flag = p.opt_integer("activeflag", lo=1, hi=2) or 1
    rule: Doc = {
        "id": world.new_hex24(),
        "name": name,
        "ruleType": rule_type,
        "activeflag": flag,
        "sources": sources,
        "thresholds": thresholds,
        "_since": world.now(),
    }
    batch.put("rule", rule["id"], rule)
    world.commit(batch)
    for topic in topics:
        world.topics[topic["id"]] = topic
    world.rules[rule["id"]] = rule
    return ok({"id": rule["id"]})


def delete_rule(world: World, p: Payload) -> Doc:
    raw = p.req("id")
    ids = [raw] if isinstance(raw, str) else id_list("id", raw)
    if not ids:
        raise invalid("id", "expected at least one rule id")
    rules = [get_by_str(world.rules, "rule", "id", i) for i in ids]
    batch = Batch()
    gone = {r["id"] for r in rules}
    for rid in gone:
        batch.delete("rule", rid)
    closed = world.close_alarms_where(batch, lambda a: a.get("_rule") in gone, world.now())
    world.commit(batch)
    for rid in gone:
        world.rules.pop(rid, None)
    world.install_alarms(closed)
    return ok(with_data=False)


def update_rule(world: World, p: Payload) -> Doc:
    rule = get_by_str(world.rules, "rule", "id", p.req("id"))
    new = copy.deepcopy(rule)
    batch = Batch()
    topics: list[Doc] = []
    if p.has("name"):
        new["name"] = p.name()
    if p.has("ruleType") and p.integer("ruleType", lo=1, hi=2) != rule["ruleType"]:
        raise invalid("ruleType", "the type of a rule cannot change")
    if p.has("activeflag"):
        new["activeflag"] = p.integer("activeflag", lo=1, hi=2)
    if p.has("sources"):
        new["sources"] = _sources(world, rule["ruleType"], p.req("sources"))
    if p.has("thresholds"):
        new["thresholds"] = _thresholds(world, batch, rule["ruleType"], p.req("thresholds"), topics)
    behaviour = ("activeflag", "sources", "thresholds")
    closed: list[Doc] = []
    if any(new[k] != rule[k] for k in behaviour):
        new["_since"] = world.now()
        closed = world.close_alarms_where(
            batch, lambda a: a.get("_rule") == rule["id"], world.now()
        )
    batch.put("rule", new["id"], new)
    world.commit(batch)
    for topic in topics:
        world.topics[topic["id"]] = topic
    world.rules[new["id"]] = new
    world.install_alarms(closed)
    return ok({"id": new["id"]})


def _render_source(world: World, rule: Doc, src: Doc) -> Doc:
    if rule["ruleType"] == 1:
        found = world.sensors.get(int(src["thingId"]))
        out: Doc = {}
        if found is not None:
            device, sensor = found
            metric = find_metric(sensor, src["metricId"])
            out["devicename"] = device["name"]
            out["sensorname"] = sensor["name"]
            out["metricid"] = src["metricId"]
            out["metricname"] = metric["name"] if metric else src["metricId"]
        else:
            out["metricid"] = src["metricId"]
        out["thingid"] = src["thingId"]
        return out
    dev = world.devices.get(int(src["deviceId"]))
    return {"deviceid": src["deviceId"], "devicename": dev["name"] if dev else ""}


def get_rules(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for rule in world.rules.values():
        data.append(
            {
                "id": rule["id"],
                "name": rule["name"],
                "ruletype": rule["ruleType"],
                "activeflag": rule["activeflag"],
                "thresholds": [
                    {
                        "severity": t["severity"],
                        "condition": t["condition"],
                        "checkcount": t["checkcount"],
                        "topicIds": list(t.get("topicIds", [])),
                    }
                    for t in rule["thresholds"]
                ],
                "sources": [_render_source(world, rule, s) for s in rule["sources"]],
            }
        )
    return ok(data)
