"""Helpers shared by the request handlers: answers, id look-ups, value formatting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from iottui.sim.errors import denied, invalid, unknown_id
from iottui.sim.payload import Payload, as_id_str, as_int
from iottui.sim.world import World

Doc = dict[str, Any]
GetHandler = Callable[[World, Mapping[str, str]], Doc]
PostHandler = Callable[[World, Payload], Doc]


def ok(data: Any = None, *, timestamp: int | None = None, with_data: bool = True) -> Doc:
    """A success body: ``{"data": ..., "status": "OK"}`` (+ ``timestamp`` where documented)."""
    body: Doc = {}
    if with_data:
        body["data"] = data
    body["status"] = "OK"
    if timestamp is not None:
        body["timestamp"] = timestamp
    return body


def fmt_value(value: Any) -> str:
    """A sample as the text ``/lastvalues`` sends (``"49"``, ``"21.5"``, ``"OK"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def get_group(world: World, field: str, value: Any) -> Doc:
    gid = as_int(field, value)
    group = world.groups.get(gid)
    if group is None:
        raise unknown_id("group", gid)
    return group


def get_device(world: World, field: str, value: Any) -> Doc:
    did = as_int(field, value)
    device = world.find_device(did)
    if device is None:
        raise unknown_id("device", did)
    return device


def get_sensor(world: World, field: str, value: Any) -> tuple[Doc, Doc]:
    sid = as_int(field, value)
    found = world.sensors.get(sid)
    if found is None:
        raise unknown_id("sensor", sid)
    return found


def get_by_str(table: Mapping[str, Doc], kind: str, field: str, value: Any) -> Doc:
    ident = as_id_str(field, value)
    doc = table.get(ident)
    if doc is None:
        raise unknown_id(kind, ident)
    return doc


def find_metric(sensor: Doc, metric_id: str) -> Doc | None:
    return next((m for m in sensor["metrics"] if m["id"] == metric_id), None)


def require_device_writable(world: World, device: Doc) -> None:
    if not world.device_writable(int(device["id"])):
        raise denied(f"device {device['id']} is only in groups shared with you read-only")


def id_list(field: str, value: Any) -> list[str]:
    """A list of string ids (``["5d4...", ...]``)."""
    if not isinstance(value, list):
        raise invalid(field, "expected a JSON array of ids")
    return [as_id_str(field, v) for v in value]
