"""Alarms: list and close (operations 24, 25)."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from iottui.sim.errors import conflict, invalid
from iottui.sim.handlers.common import Doc, get_by_str, ok
from iottui.sim.payload import Payload, query_int, query_range
from iottui.sim.store import Batch
from iottui.sim.world import World


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
