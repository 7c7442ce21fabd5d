"""Notification channels (operations 30-33)."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from iottui.api.domain import split_timezone, target_problems, timezone_problems
from iottui.sim.errors import invalid
from iottui.sim.handlers.common import Doc, get_by_str, ok
from iottui.sim.handlers.topics import create_new_topics, find_topic_ids
from iottui.sim.payload import Payload, refuse
from iottui.sim.store import Batch
from iottui.sim.world import World


def parse_timezone(value: str) -> tuple[str, str]:
    """``"GMT+02:00 Europe/Berlin"`` -> ``("Europe/Berlin", "GMT+02:00")``."""
    refuse(timezone_problems(value, "timeZoneId"))
    offset, zone = split_timezone(value) or ("", "")
    return zone, offset


def _target(ctype: int, value: str) -> str:
    refuse(target_problems(ctype, value))
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
    name = p.name()
    ctype = p.integer("type", lo=0, hi=1)
    target = _target(ctype, p.text("target", max_len=500))
    tz = p.text("timeZoneId", max_len=100)
    parse_timezone(tz)
    topic_ids = find_topic_ids(world, p.get("topicInfos", []), "topicInfos")
    batch = Batch()
    new_topics = create_new_topics(world, batch, p.get("newTopics"))
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
    new["name"] = p.name()
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
        find_topic_ids(world, p.req("topicInfos"), "topicInfos") if p.has("topicInfos") else None
    )
    batch = Batch()
    new_topics = create_new_topics(world, batch, p.get("newTopics"))
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
