"""The fleet answer (``GET /devices``): rendering it, and a cache of each device's JSON.

With 10,000 devices the answer is 27 MB; building it as dicts and encoding it took most of a
second per request. :class:`FleetCache` keeps each device's object rendered and encoded as
UTF-8 bytes, together with everything that object shows:

- the device document itself: writes never change a document in place, they install a new one
  (``_install_device``), so an entry is current only while ``world.devices[id]`` *is* the
  document it was rendered from (sensors, metrics, names, frequencies, params);
- the online state, and the interval of time over which the device's schedule keeps it
  (:meth:`~iottui.sim.signals.Schedule.online_until`), so a device going offline or online
  with the clock, in either direction, is rendered again;
- its alarm severities (the device's and its metrics'): the world replaces its severity maps
  whenever the set of open alarms changes, and the cache then recomputes each device's
  signature and re-renders the devices whose signature changed.

Groups (a few hundred small objects: names, permissions, sharing, contacts) are rendered on
every answer, so group writes need no invalidation. The answer is byte for byte
``json.dumps(render_fleet(world, now), separators=(",", ":"), ensure_ascii=False)``, which the
tests check after every kind of change.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Mapping
from typing import Any

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE
from iottui.gcpause import gc_paused
from iottui.sim.world import World

Doc = dict[str, Any]
#: A device's alarm signature: its own severity and its metrics' (sensor, metric, severity).
Signature = tuple[int | None, tuple[tuple[int, str, int], ...]]

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


# --- rendering (the reference) ----------------------------------------------------------------


def render_metric(world: World, sensor_id: int, metric: Doc) -> Doc:
    out: Doc = {"id": metric["id"], "name": metric["name"]}
    if metric.get("valueUnit"):
        out["valueUnit"] = metric["valueUnit"]
    if metric.get("valueAnnotation"):
        out["valueAnnotation"] = metric["valueAnnotation"]
    out["valueType"] = metric.get("valueType", DEFAULT_VALUE_TYPE)
    sev = world.metric_severity.get((sensor_id, metric["id"]))
    if sev is not None:
        out["alarm"] = str(sev)
    return out


def render_sensor(world: World, sensor: Doc) -> Doc:
    sid = int(sensor["id"])
    out: Doc = {
        "id": sid,
        "provisionedSensorId": sensor.get("provisionedSensorId", str(sid)),
        "name": sensor["name"],
    }
    if sensor.get("systemHealthType") is not None:
        out["systemHealthType"] = sensor["systemHealthType"]
    if sensor.get("sensorType") is not None:
        out["sensorType"] = sensor["sensorType"]
    out["isPluginSensor"] = bool(sensor.get("isPluginSensor", False))
    out["scriptPath"] = sensor.get("scriptPath", "")
    out["metricsCount"] = str(len(sensor["metrics"]))
    out["frequency"] = dict(sensor["frequency"])
    out["metrics"] = [render_metric(world, sid, m) for m in sensor["metrics"]]
    if sensor.get("params"):
        out["params"] = dict(sensor["params"])
    return out


def render_device(world: World, device: Doc, online: bool) -> Doc:
    sensors = device["sensors"]
    types = {s.get("systemHealthType") for s in sensors}
    out: Doc = {
        "id": device["id"],
        "buddyId": device["buddyId"],
        "name": device["name"],
        "deviceType": device["deviceType"],
        "state": 2 if online else 1,
        "sensorsCount": str(len(sensors)),
        "metricsCount": str(sum(len(s["metrics"]) for s in sensors)),
        "description": device.get("description", ""),
        "isMonitoringEnabled": bool(device.get("isMonitoringEnabled", True)),
        "version": device.get("version", ""),
    }
    sev = world.device_severity.get(int(device["id"]))
    if sev is not None:
        out["alarm"] = str(sev)
    out["systemHealthTypes"] = {"CPU": 1 in types, "Memory": 2 in types, "Load": 3 in types}
    out["sensors"] = [render_sensor(world, s) for s in sensors]
    return out


def _contact(world: World, cid: int) -> Doc | None:
    c = world.contacts.get(cid)
    if c is None:
        return None
    return {"id": c["id"], "name": c["name"], "state": c["state"], "email": c.get("email", "")}


def group_contacts(world: World, group: Doc) -> list[Doc]:
    ids: list[int] = []
    if group.get("owner") in world.contacts:
        ids.append(group["owner"])
    ids += [s["userId"] for s in group["sharedWith"] if s["userId"] not in ids]
    return [c for c in (_contact(world, i) for i in ids) if c is not None]


def _shared_with(group: Doc) -> list[Doc]:
    return [
        {
            "userId": s["userId"],
            "name": s["name"],
            "permission": "full" if s["permission"] == 4 else s["permission"],
        }
        for s in group["sharedWith"]
    ]


def render_fleet(world: World, now: int) -> Doc:
    """The whole fleet answer as documents, rendered from scratch (no cache)."""
    data = []
    for group in world.groups.values():
        devices = [world.devices[d] for d in group["deviceIds"] if d in world.devices]
        data.append(
            {
                "id": group["id"],
                "name": group["name"],
                "permission": group["permission"],
                "owner": group.get("owner"),
                "devices": [render_device(world, d, world.is_online(d, now)) for d in devices],
                "sharedWith": _shared_with(group),
                "contacts": group_contacts(world, group),
            }
        )
    return {"data": data, "status": "OK", "timestamp": now}


# --- the cache --------------------------------------------------------------------------------


class FleetCache:
    """Each device's rendered JSON, and the fleet answer joined from it.

    Use under ``world.lock`` (every method reads the world).
    """

    def __init__(self, world: World) -> None:
        # Weak: the cache is the value of a WeakKeyDictionary keyed by this world, and a strong
        # reference from value to key would keep every stopped simulator's world alive.
        self._world = weakref.ref(world)
        #: device id -> (document, valid from, valid until, online, signature, encoded object)
        self._entries: dict[int, tuple[Doc, int, int, bool, Signature | None, bytes]] = {}
        self._severity_maps: tuple[object, object] | None = None
        self._signatures: dict[int, Signature] = {}
        #: Devices rendered so far (tests and benchmarks read it).
        self.rendered = 0

    @property
    def world(self) -> World:
        world = self._world()
        if world is None:
            raise RuntimeError("the simulator's world is gone")
        return world

    def signatures(self) -> dict[int, Signature]:
        """Each device's alarm signature, recomputed when the world's severity maps change."""
        world = self.world
        devices, metrics = world.device_severity, world.metric_severity
        maps = self._severity_maps
        if maps is None or maps[0] is not devices or maps[1] is not metrics:
            per_device: dict[int, list[tuple[int, str, int]]] = {}
            for (sid, mid), sev in metrics.items():
                found = world.sensors.get(sid)
                if found is not None:
                    per_device.setdefault(int(found[0]["id"]), []).append((sid, mid, sev))
            self._signatures = {
                did: (devices.get(did), tuple(sorted(per_device.get(did, ()))))
                for did in devices.keys() | per_device.keys()
            }
            self._severity_maps = (devices, metrics)
        return self._signatures

    def device(self, device: Doc, now: int, signatures: Mapping[int, Signature]) -> bytes:
        """The device's object as UTF-8 JSON, rendered again only if it is stale."""
        did = int(device["id"])
        sig = signatures.get(did)
        entry = self._entries.get(did)
        if entry is not None and entry[0] is device and entry[4] == sig:
            if entry[1] <= now < entry[2]:
                return entry[5]
            # The time the state was known to hold for has passed: look again, and keep the
            # rendering if the state is still the same (every device crosses a slot boundary
            # every two hours; few change state).
            online, until = self.world.schedule(device).online_until(now)
            if online == entry[3]:
                self._entries[did] = (device, now, until, online, sig, entry[5])
                return entry[5]
        else:
            online, until = self.world.schedule(device).online_until(now)
        encoded = _encode(render_device(self.world, device, online)).encode()
        self._entries[did] = (device, now, until, online, sig, encoded)
        self.rendered += 1
        return encoded

    def body(self, now: int) -> bytes:
        """The fleet answer at ``now``: ``{"data": [groups], "status": "OK", "timestamp"}``."""
        world = self.world
        devices = world.devices
        signatures = self.signatures()
        fragment = self.device
        # One flat list joined once: the answer is copied a single time (27 MB for 10,000).
        parts: list[bytes] = [b'{"data":[']
        append = parts.append
        for n, group in enumerate(world.groups.values()):
            head = _encode(
                {
                    "id": group["id"],
                    "name": group["name"],
                    "permission": group["permission"],
                    "owner": group.get("owner"),
                }
            )
            append(f'{"," if n else ""}{head[:-1]},"devices":['.encode())
            first = True
            for did in group["deviceIds"]:
                device = devices.get(did)
                if device is None:
                    continue
                if not first:
                    append(b",")
                first = False
                append(fragment(device, now, signatures))
            tail = (
                f'],"sharedWith":{_encode(_shared_with(group))}'
                f',"contacts":{_encode(group_contacts(world, group))}}}'
            )
            append(tail.encode())
        append(f'],"status":"OK","timestamp":{now}}}'.encode())
        if len(self._entries) > len(devices):  # forget devices that are gone
            for did in [d for d in self._entries if d not in devices]:
                del self._entries[did]
        return b"".join(parts)

    def warm(self, stop: threading.Event, chunk: int = 100) -> int:
        """Render every stale device, ``chunk`` at a time under the world's lock (so requests
        wait at most one chunk); returns how many were rendered. Stops early when ``stop`` is
        set."""
        world = self.world
        with world.lock:
            ids = list(world.devices)
        before = self.rendered
        for i in range(0, len(ids), chunk):
            if stop.is_set():
                break
            with world.lock, gc_paused():
                now = world.now()
                signatures = self.signatures()
                for did in ids[i : i + chunk]:
                    device = world.devices.get(did)
                    if device is not None:
                        self.device(device, now, signatures)
        return self.rendered - before


_caches: weakref.WeakKeyDictionary[World, FleetCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def fleet_cache(world: World) -> FleetCache:
    """The world's fleet cache (made on first use)."""
    with _caches_lock:
        cache = _caches.get(world)
        if cache is None:
            cache = _caches[world] = FleetCache(world)
        return cache
