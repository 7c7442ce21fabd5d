"""Device configurations (operations 44-48)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from iottui.sim.errors import invalid
from iottui.sim.handlers.common import Doc, get_by_str, get_device, get_group, ok
from iottui.sim.handlers.edgemodules import module_view
from iottui.sim.payload import Payload, as_bool
from iottui.sim.store import Batch
from iottui.sim.world import World


def _configuration(world: World, value: Any) -> list[Doc]:
    if not isinstance(value, list):
        raise invalid("configuration", "expected a JSON array of {key, value, enforce}")
    out: list[Doc] = []
    for item in value:
        if not isinstance(item, dict):
            raise invalid("configuration", "expected objects {key, value, enforce}")
        c = Payload(item, ("key", "value", "enforce"))
        key = c.text("key").lower()
        raw = c.req("value")
        enforce = as_bool("configuration.enforce", c.get("enforce", False))
        if not isinstance(raw, list):
            raise invalid("configuration.value", "expected a JSON array")
        if key == "edge-management":
            entries = []
            for e in raw:
                if not isinstance(e, dict):
                    raise invalid("configuration.value", "expected [{key: enable, value: bool}]")
                ep = Payload(e, ("key", "value"))
                if ep.text("key").lower() != "enable":
                    raise invalid("configuration.value.key", "only 'enable' is known")
                entries.append({"key": "enable", "value": as_bool("value", ep.req("value"))})
            out.append({"key": key, "value": entries, "enforce": enforce})
        elif key == "edge-module":
            ids = []
            for e in raw:
                ident = e.get("id") if isinstance(e, dict) else e
                module = get_by_str(world.edgemodules, "edge module", "configuration.value", ident)
                ids.append(module["id"])
            out.append({"key": key, "value": ids, "enforce": enforce})
        else:
            raise invalid("configuration.key", "one of edge-management, edge-module")
        if sum(1 for o in out if o["key"] == key) > 1:
            raise invalid("configuration.key", f"{key!r} given twice")
    return out


def create_deviceconfig(world: World, p: Payload) -> Doc:
    cfg = {
        "id": world.new_uuid(),
        "name": p.name(),
        "configuration": _configuration(world, p.req("configuration")),
        "assignments": {"devices": [], "groups": []},
    }
    _save_cfg(world, cfg)
    return ok({"id": cfg["id"]})


def _save_cfg(world: World, cfg: Doc) -> None:
    batch = Batch()
    batch.put("deviceconfig", cfg["id"], cfg)
    world.commit(batch)
    world.deviceconfigs[cfg["id"]] = cfg


def update_deviceconfig(world: World, p: Payload) -> Doc:
    cfg = copy.deepcopy(get_by_str(world.deviceconfigs, "device configuration", "id", p.req("id")))
    cfg["name"] = p.name()
    if p.has("configuration"):
        cfg["configuration"] = _configuration(world, p.req("configuration"))
    _save_cfg(world, cfg)
    return ok({}, timestamp=world.now())


def delete_deviceconfig(world: World, p: Payload) -> Doc:
    cfg = get_by_str(world.deviceconfigs, "device configuration", "id", p.req("id"))
    batch = Batch()
    batch.delete("deviceconfig", cfg["id"])
    world.commit(batch)
    del world.deviceconfigs[cfg["id"]]
    return ok(with_data=False)


def assign_deviceconfig(world: World, p: Payload) -> Doc:
    cfg = copy.deepcopy(get_by_str(world.deviceconfigs, "device configuration", "id", p.req("id")))
    if p.has("deviceIds"):
        devices = p.array("deviceIds")
        cfg["assignments"]["devices"] = list(
            dict.fromkeys(str(get_device(world, "deviceIds", d)["id"]) for d in devices)
        )
    if p.has("groupIds"):
        groups = p.array("groupIds")
        cfg["assignments"]["groups"] = list(
            dict.fromkeys(str(get_group(world, "groupIds", g)["id"]) for g in groups)
        )
    if not p.has("deviceIds") and not p.has("groupIds"):
        raise invalid("deviceIds", "give deviceIds and/or groupIds")
    _save_cfg(world, cfg)
    return ok(with_data=False)


def get_deviceconfigs(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for cfg in world.deviceconfigs.values():
        configuration = []
        for entry in cfg["configuration"]:
            if entry["key"] == "edge-module":
                value = [
                    module_view(world.edgemodules[m])
                    for m in entry["value"]
                    if m in world.edgemodules
                ]
            else:
                value = copy.deepcopy(entry["value"])
            configuration.append({"key": entry["key"], "value": value, "enforce": entry["enforce"]})
        data.append(
            {
                "name": cfg["name"],
                "configuration": configuration,
                "id": cfg["id"],
                "assignments": copy.deepcopy(cfg["assignments"]),
            }
        )
    return ok(data)
