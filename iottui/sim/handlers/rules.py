"""Rules, alarms, topics and channels (operations 20-33)."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from iottui.api.conditions import ConditionError, parse_metric_condition, parse_offline_duration
from iottui.sim.errors import conflict, invalid, unknown_id
from iottui.sim.handlers.common import (
    Doc,
    find_metric,
    get_by_str,
    get_device,
    get_sensor,
    id_list,
    ok,
)
from iottui.sim.payload import Payload, as_str, query_int, query_range
from iottui.sim.store import Batch
from iottui.sim.world import World

# --- topics helpers ---------------------------------------------------------------------------


def _new_topics(world: World, batch: Batch, names: Any, field: str = "newTopics") -> list[Doc]:
    if names is None:
        return []
    if not isinstance(names, list):
        raise invalid(field, "expected a JSON array of names")
    created = []
    for name in names:
        topic: Doc = {
            "id": world.new_hex24(),
            "name": as_str(field, name, max_len=100),
            "channelIds": [],
        }
        batch.put("topic", topic["id"], topic)
        created.append(topic)
    return created


def _topic_ids(world: World, value: Any, field: str) -> list[str]:
    if not isinstance(value, list):
        raise invalid(field, "expected a JSON array of topic ids")
    out = []
    for item in value:
        ident = item.get("id") if isinstance(item, dict) else item
        topic = get_by_str(world.topics, "topic", field, ident)
        if topic["id"] not in out:
            out.append(topic["id"])
    return out


# --- rules ------------------------------------------------------------------------------------

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
        topics = _topic_ids(world, t.get("topicIds", []), "thresholds.topicIds")
        new = _new_topics(world, batch, t.get("newTopics"), "thresholds.newTopics")
        created.extend(new)
        out.append(
            {
                "condition": condition,
                "severity": t.integer("severity", lo=1, hi=4),
                "checkcount": t.opt_integer("checkcount", lo=1, hi=1000) or 1,
                "topicIds": topics + [n["id"] for n in new],
            }
        )
    return out


def create_rule(world: World, p: Payload) -> Doc:
    name = p.text("name", max_len=100)
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
        new["name"] = p.text("name", max_len=100)
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


# --- alarms -----------------------------------------------------------------------------------


def render_alarm(alarm: Doc) -> Doc:
    return {
        "severity": str(alarm["severity"]),
        "changeLog": [dict(c) for c in alarm.get("changeLog", [])],
        "description": alarm.get("description", ""),
        "source": copy.deepcopy(alarm["source"]),
        "id": alarm["id"],
        "type": str(alarm["type"]),
        "openTime": alarm["openTime"],
        "status": str(alarm["status"]),
    }


def get_alarms(world: World, query: Mapping[str, str]) -> Doc:
    status = query_int(query, "status") or 1
    if status not in (1, 3):
        raise invalid("status", "1 (open) or 3 (closed)")
    span = query_range(query, required=False)
    alarms = [a for a in world.alarms.values() if a["status"] == status]
    if span is not None:
        alarms = [a for a in alarms if span[0] <= a["openTime"] <= span[1]]
    alarms.sort(key=lambda a: a["openTime"], reverse=True)
    return ok([render_alarm(a) for a in alarms])


def close_alarm(world: World, p: Payload) -> Doc:
    alarm = get_by_str(world.alarms, "alarm", "id", p.req("id"))
    if alarm["status"] != 1:
        raise conflict(f"alarm {alarm['id']} is already closed")
    user = str(world.user.get("id", "u100000"))
    closed = world.close_alarm_doc(alarm, world.now(), user)
    batch = Batch()
    batch.alarm(closed)
    world.commit(batch)
    world.install_alarms([closed])
    entry = closed["changeLog"][-1]
    return ok(
        {
            "changelog": {
                "closetime": entry["closeTime"],
                "userid": entry["userId"],
                "prevval": entry["prevVal"],
                "currentval": entry["currentVal"],
                "prop": entry["prop"],
            },
            "id": closed["id"],
            "userid": user,
            "opentime": closed["openTime"],
            "status": 3,
        }
    )


# --- topics -----------------------------------------------------------------------------------


def _channel_ids(world: World, value: Any, field: str = "channels") -> list[str]:
    if not isinstance(value, list):
        raise invalid(field, "expected a JSON array of channel ids")
    out = []
    for item in value:
        ident = item.get("id") if isinstance(item, dict) else item
        channel = get_by_str(world.channels, "channel", field, ident)
        if channel["id"] not in out:
            out.append(channel["id"])
    return out


def create_topic(world: World, p: Payload) -> Doc:
    name = p.text("name", max_len=100)
    channels = _channel_ids(world, p.get("channels", []))
    topic: Doc = {"id": world.new_hex24(), "name": name, "channelIds": channels}
    batch = Batch()
    batch.put("topic", topic["id"], topic)
    world.commit(batch)
    world.topics[topic["id"]] = topic
    return ok({"id": topic["id"]})


def delete_topic(world: World, p: Payload) -> Doc:
    topic = get_by_str(world.topics, "topic", "id", p.req("id"))
    batch = Batch()
    batch.delete("topic", topic["id"])
    rules = []
    for rule in world.rules.values():
        if any(topic["id"] in t.get("topicIds", []) for t in rule["thresholds"]):
            r = copy.deepcopy(rule)
            for t in r["thresholds"]:
                t["topicIds"] = [i for i in t.get("topicIds", []) if i != topic["id"]]
            batch.put("rule", r["id"], r)
            rules.append(r)
    world.commit(batch)
    del world.topics[topic["id"]]
    for r in rules:
        world.rules[r["id"]] = r
    return ok(with_data=False)


def update_topic(world: World, p: Payload) -> Doc:
    topic = get_by_str(world.topics, "topic", "id", p.req("id"))
    new = copy.deepcopy(topic)
    new["name"] = p.text("name", max_len=100)
    if p.has("channels"):
        new["channelIds"] = _channel_ids(world, p.req("channels"))
    batch = Batch()
    batch.put("topic", new["id"], new)
    world.commit(batch)
    world.topics[new["id"]] = new
    return ok({"id": new["id"]})


def get_topics(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for topic in world.topics.values():
        entry: Doc = {"name": topic["name"], "id": topic["id"]}
        channels = [world.channels[c] for c in topic["channelIds"] if c in world.channels]
        if channels:
            entry["channels"] = [
                {"name": c["name"], "id": c["id"], "target": c["target"]} for c in channels
            ]
        data.append(entry)
    return ok(data)


# --- channels ---------------------------------------------------------------------------------

_TZ_RE = re.compile(r"^(GMT[+-]\d{2}:\d{2})\s+([A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)*)$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_RE = re.compile(r"^https?://[^\s/]+(/\S*)?$")


def parse_timezone(value: str) -> tuple[str, str]:
    """``"GMT+02:00 Europe/Berlin"`` -> ``("Europe/Berlin", "GMT+02:00")``."""
    match = _TZ_RE.match(value.strip())
    if not match:
        raise invalid("timeZoneId", "expected like 'GMT+02:00 Europe/Berlin'")
    return match.group(2), match.group(1)


def _target(ctype: int, value: str) -> str:
    if ctype == 0 and not _EMAIL_RE.match(value):
        raise invalid("target", "an email channel needs an email address")
    if ctype == 1 and not _URL_RE.match(value):
        raise invalid("target", "a webhook channel needs an http(s) URL")
    return value


def _link_topics(
    world: World, batch: Batch, channel_id: str, topic_ids: list[str] | None, new_topics: list[Doc]
) -> list[Doc]:
    """Subscribe a channel to exactly ``topic_ids`` (+ new topics); None leaves them."""
    changed: list[Doc] = []
    for topic in new_topics:
        topic["channelIds"] = [channel_id]
        changed.append(topic)
    if topic_ids is None:
        return changed
    for topic in world.topics.values():
        has = channel_id in topic["channelIds"]
        want = topic["id"] in topic_ids
        if has != want:
            t = copy.deepcopy(topic)
            if want:
                t["channelIds"].append(channel_id)
            else:
                t["channelIds"].remove(channel_id)
            changed.append(t)
    for t in changed:
        batch.put("topic", t["id"], t)
    return changed


def create_channel(world: World, p: Payload) -> Doc:
    name = p.text("name", max_len=100)
    ctype = p.integer("type", lo=0, hi=1)
    target = _target(ctype, p.text("target", max_len=500))
    tz = p.text("timeZoneId", max_len=100)
    parse_timezone(tz)
    topic_ids = _topic_ids(world, p.get("topicInfos", []), "topicInfos")
    batch = Batch()
    new_topics = _new_topics(world, batch, p.get("newTopics"))
    channel: Doc = {
        "id": world.new_hex24(),
        "name": name,
        "type": ctype,
        "target": target,
        "activeflag": 1,
        "timeZoneId": tz,
    }
    batch.put("channel", channel["id"], channel)
    topics = _link_topics(world, batch, channel["id"], topic_ids, new_topics)
    world.commit(batch)
    world.channels[channel["id"]] = channel
    for t in topics:
        world.topics[t["id"]] = t
    return ok({"id": channel["id"]})


def delete_channel(world: World, p: Payload) -> Doc:
    channel = get_by_str(world.channels, "channel", "id", p.req("id"))
    batch = Batch()
    batch.delete("channel", channel["id"])
    topics = _link_topics(world, batch, channel["id"], [], [])
    world.commit(batch)
    del world.channels[channel["id"]]
    for t in topics:
        world.topics[t["id"]] = t
    return ok(with_data=False)


def update_channel(world: World, p: Payload) -> Doc:
    channel = get_by_str(world.channels, "channel", "id", p.req("id"))
    new = copy.deepcopy(channel)
    new["name"] = p.text("name", max_len=100)
    new["target"] = _target(channel["type"], p.text("target", max_len=500))
    if p.has("type") and p.integer("type", lo=0, hi=1) != channel["type"]:
        raise invalid("type", "the type of a channel cannot change")
    if p.has("timeZoneId"):
        tz = p.text("timeZoneId", max_len=100)
        parse_timezone(tz)
        new["timeZoneId"] = tz
    if p.has("activeflag"):
        new["activeflag"] = p.integer("activeflag", lo=1, hi=2)
    topic_ids = (
        _topic_ids(world, p.req("topicInfos"), "topicInfos") if p.has("topicInfos") else None
    )
    batch = Batch()
    new_topics = _new_topics(world, batch, p.get("newTopics"))
    if new_topics and topic_ids is None:
        topic_ids = [t["id"] for t in world.topics.values() if channel["id"] in t["channelIds"]]
    batch.put("channel", new["id"], new)
    topics = _link_topics(world, batch, channel["id"], topic_ids, new_topics)
    world.commit(batch)
    world.channels[new["id"]] = new
    for t in topics:
        world.topics[t["id"]] = t
    return ok({"id": new["id"]})


def get_channels(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for channel in world.channels.values():
        name, offset = parse_timezone(channel["timeZoneId"])
        data.append(
            {
                "id": channel["id"],
                "name": channel["name"],
                "type": channel["type"],
                "activeflag": channel["activeflag"],
                "timezone": {"name": name, "offset": offset},
                "topicinfos": [
                    {"id": t["id"], "name": t["name"]}
                    for t in world.topics.values()
                    if channel["id"] in t["channelIds"]
                ],
                "target": channel["target"],
            }
        )
    return ok(data)
