"""Groups: list, create, rename, delete, share and unshare (operations 6-11)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from iottui.sim.errors import denied, invalid, unknown_id
from iottui.sim.handlers.common import Doc, get_device, get_group, ok
from iottui.sim.handlers.fleetview import group_contacts
from iottui.sim.payload import Payload
from iottui.sim.store import Batch
from iottui.sim.world import World


def get_groups(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for group in world.groups.values():
        devices = [world.devices[d] for d in group["deviceIds"] if d in world.devices]
        data.append(
            {
                "id": group["id"],
                "name": group["name"],
                "permission": group["permission"],
                "sharedWith": [
                    {"userId": s["userId"], "name": s["name"], "permission": s["permission"]}
                    for s in group["sharedWith"]
                ],
                "devices": [
                    {"id": d["buddyId"], "tvId": d["id"], "name": d["name"]} for d in devices
                ],
                "contacts": group_contacts(world, group),
            }
        )
    return ok(data)


def _device_ids(world: World, value: Any) -> list[int]:
    if not isinstance(value, list):
        raise invalid("devices", "expected a JSON array of device ids")
    out: list[int] = []
    for item in value:
        device = get_device(world, "devices", item)
        if device["id"] not in out:
            out.append(device["id"])
    return out


def _group_name(p: Payload) -> str:
    return p.name()


def create_group(world: World, p: Payload) -> Doc:
    name = _group_name(p)
    devices = _device_ids(world, p.get("devices", []))
    gid = world.next_group_id
    group: Doc = {
        "id": gid,
        "name": name,
        "permission": 3,
        "owner": int(str(world.user.get("id", "u100000")).lstrip("u") or 0),
        "deviceIds": devices,
        "sharedWith": [],
    }
    batch = Batch()
    batch.put("group", gid, group)
    batch.meta["next_group_id"] = gid + 1
    world.commit(batch)
    world.groups[gid] = group
    world.next_group_id = gid + 1
    return ok({"id": gid})


def _require(group: Doc, *, share: bool) -> None:
    perm = int(group["permission"])
    if share and perm not in (3, 4):
        raise denied(f"group {group['id']} is shared with you without full access")
    if not share and perm not in (2, 3, 4):
        raise denied(f"group {group['id']} is shared with you read-only")


def delete_group(world: World, p: Payload) -> Doc:
    group = get_group(world, "id", p.req("id"))
    _require(group, share=True)
    batch = Batch()
    batch.delete("group", group["id"])
    changed = []
    for cfg in world.deviceconfigs.values():
        groups = cfg["assignments"]["groups"]
        if str(group["id"]) in groups:
            new = copy.deepcopy(cfg)
            new["assignments"]["groups"] = [g for g in groups if g != str(group["id"])]
            batch.put("deviceconfig", new["id"], new)
            changed.append(new)
    world.commit(batch)
    del world.groups[group["id"]]
    for cfg in changed:
        world.deviceconfigs[cfg["id"]] = cfg
    return ok(with_data=False)


def update_group(world: World, p: Payload) -> Doc:
    group = get_group(world, "id", p.req("id"))
    _require(group, share=False)
    new = copy.deepcopy(group)
    if p.has("name"):
        new["name"] = _group_name(p)
    if p.has("devices"):
        new["deviceIds"] = _device_ids(world, p.get("devices"))
    batch = Batch()
    batch.put("group", new["id"], new)
    world.commit(batch)
    world.groups[new["id"]] = new
    return ok(with_data=False)


def share_group(world: World, p: Payload) -> Doc:
    group = get_group(world, "id", p.req("id"))
    _require(group, share=True)
    contacts = p.array("contacts")
    new = copy.deepcopy(group)
    shared = {s["userId"]: s for s in new["sharedWith"]}
    for item in contacts:
        if not isinstance(item, dict):
            raise invalid("contacts", "expected objects {id, permission}")
        entry = Payload(item, ("id", "permission"))
        cid = entry.integer("id")
        perm = entry.integer("permission", lo=1, hi=4)
        contact = world.contacts.get(cid)
        if contact is None:
            raise unknown_id("contact", cid)
        shared[cid] = {"userId": cid, "name": contact["name"], "permission": perm}
    new["sharedWith"] = list(shared.values())
    batch = Batch()
    batch.put("group", new["id"], new)
    world.commit(batch)
    world.groups[new["id"]] = new
    return ok(with_data=False)


def unshare_group(world: World, p: Payload) -> Doc:
    group = get_group(world, "id", p.req("id"))
    _require(group, share=True)
    contacts = p.array("contacts")
    new = copy.deepcopy(group)
    present = {s["userId"] for s in new["sharedWith"]}
    drop: set[int] = set()
    for item in contacts:
        if not isinstance(item, dict):
            raise invalid("contacts", "expected objects {id}")
        cid = Payload(item, ("id",)).integer("id")
        if cid not in present:
            raise unknown_id("contact shared with this group", cid)
        drop.add(cid)
    new["sharedWith"] = [s for s in new["sharedWith"] if s["userId"] not in drop]
    batch = Batch()
    batch.put("group", new["id"], new)
    world.commit(batch)
    world.groups[new["id"]] = new
    return ok(with_data=False)
