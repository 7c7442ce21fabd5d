"""Topics (operations 26-29), and the topic look-ups rules and channels share."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from iottui.sim.errors import invalid
from iottui.sim.handlers.common import Doc, get_by_str, ok
from iottui.sim.payload import Payload, as_str
from iottui.sim.store import Batch
from iottui.sim.world import World


def create_new_topics(
    world: World, batch: Batch, names: Any, field: str = "newTopics"
) -> list[Doc]:
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


def find_topic_ids(world: World, value: Any, field: str) -> list[str]:
    if not isinstance(value, list):
        raise invalid(field, "expected a JSON array of topic ids")
    out = []
    for item in value:
        ident = item.get("id") if isinstance(item, dict) else item
        topic = get_by_str(world.topics, "topic", field, ident)
        if topic["id"] not in out:
            out.append(topic["id"])
    return out


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
    name = p.name()
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
    new["name"] = p.name()
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
