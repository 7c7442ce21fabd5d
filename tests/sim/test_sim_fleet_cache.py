"""The fleet answer (``GET /devices``) is joined from cached per-device JSON; after every kind of
change it must be byte for byte what a from-scratch rendering gives, and only the devices whose
object changed may be rendered again (a stale entry served is a wrong answer; a cache that
re-renders everything is no cache)."""

from __future__ import annotations

import json
import random
from typing import Any

from iottui.api import AlarmStatus, IoTClient, Permission, RuleType, Severity
from iottui.api.models import Frequency, Metric, RuleSource, Threshold
from iottui.sim import signals
from iottui.sim.handlers.fleetview import fleet_cache, render_fleet
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, advance, make_config, raw

HOUR = 3_600_000


def _fresh(server: SimServer) -> bytes:
    world = server.context.world
    with world.lock:
        doc = render_fleet(world, world.now())
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()


def _rendered(server: SimServer) -> int:
    world = server.context.world
    with world.lock:
        return fleet_cache(world).rendered


def _warm(server: SimServer) -> None:
    assert server.context.fleet_warmed.wait(30)


def _devices(body: bytes) -> dict[int, Any]:
    return {d["id"]: d for g in json.loads(body)["data"] for d in g["devices"]}


def _check(server: SimServer) -> bytes:
    """GET /devices over HTTP equals a fresh rendering at the same instant (fixed clock)."""
    with raw(server) as http:
        response = http.get("/devices")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == _fresh(server)
    return response.content


def _changed(before: bytes, after: bytes) -> set[int]:
    old, new = _devices(before), _devices(after)
    return {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}


def test_warm_cache_answers_without_rendering_again(server: SimServer) -> None:
    _warm(server)
    devices = len(server.context.world.devices)
    assert _rendered(server) == devices  # the warm-up rendered each device once
    first = _check(server)
    second = _check(server)
    assert first == second
    assert _rendered(server) == devices
    doc = json.loads(first)
    assert list(doc) == ["data", "status", "timestamp"]
    assert doc["timestamp"] == T0


def test_without_warm_up_the_first_answer_fills_the_cache() -> None:
    with SimServer(make_config(warm_fleet=False)) as server:
        assert server.context.fleet_warmed.is_set()
        assert _rendered(server) == 0
        _check(server)
        assert _rendered(server) == len(server.context.world.devices)


async def test_sensor_writes_render_only_their_device(client: IoTClient, server: SimServer) -> None:
    _warm(server)
    before = _check(server)
    fleet = await client.fleet.get()
    device = next(d for g in fleet.groups if g.permission in (2, 3, 4) for d in g.devices)
    count = _rendered(server)
    created = await client.sensors.create_custom(
        device.id,
        "Cache probe",
        script_path="/opt/probe.sh",
        frequency=Frequency("seconds", 30),
        metrics=[Metric("t1", "Temp", value_unit="SI.Temperature.CELSIUS")],
    )
    after = _check(server)
    assert _changed(before, after) == {device.id}
    assert _rendered(server) == count + 1
    assert b"Cache probe" in after

    await client.sensors.update(int(created.id), name="Cache probe renamed")
    renamed = _check(server)
    assert _changed(after, renamed) == {device.id}
    assert b"Cache probe renamed" in renamed

    await client.sensors.delete(int(created.id), device.id)
    deleted = _check(server)
    assert deleted == before  # as at the start
    assert _rendered(server) == count + 3


async def test_group_writes_and_sharing(client: IoTClient, server: SimServer) -> None:
    _warm(server)
    before = _check(server)
    count = _rendered(server)
    devices = await client.devices.list()
    contacts = await client.contacts.list()
    group = await client.groups.create("Cache group", [devices[0].id, devices[1].id])
    _check(server)
    await client.groups.update(int(group.id), name="Cache group renamed")
    assert b"Cache group renamed" in _check(server)
    await client.groups.update(int(group.id), devices=[devices[2].id])
    _check(server)
    await client.groups.share(
        int(group.id),
        [(contacts[0].id, Permission.READ_ONLY), (contacts[1].id, Permission.FULL_ACCESS)],
    )
    shared = _check(server)
    assert b'"permission":"full"' in shared
    await client.groups.unshare(int(group.id), [contacts[0].id])
    _check(server)
    await client.groups.delete(int(group.id))
    assert _check(server) == before
    # Groups are rendered on every answer; no device needed rendering again.
    assert _rendered(server) == count


async def test_alarms_opened_and_closed(client: IoTClient, server: SimServer) -> None:
    _warm(server)
    before = _check(server)
    fleet = await client.fleet.get()
    device = next(d for d in fleet.devices() if d.online and d.alarm is None)
    sensor = next(s for s in device.sensors if s.metrics and s.metrics[0].value_type == "double")
    metric = sensor.metrics[0]
    await client.rules.create(
        "Always",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=metric.id, thing_id=sensor.id)],
        thresholds=[Threshold("metric>-1e9", Severity.CRITICAL)],
    )
    count = _rendered(server)
    advance(server, 5 * 60_000)  # the rule engine opens the alarm
    opened = _check(server)
    changed = _changed(before, opened)
    assert device.id in changed
    assert _rendered(server) - count == len(changed)
    wire = _devices(opened)[device.id]
    assert wire["alarm"] == "1"
    wire_metric = next(
        m
        for s in wire["sensors"]
        if s["id"] == sensor.id
        for m in s["metrics"]
        if m["id"] == metric.id
    )
    assert wire_metric["alarm"] == "1"

    alarms = await client.alarms.list(AlarmStatus.OPEN, start=T0 - 48 * HOUR, end=T0 + 48 * HOUR)
    mine = next(a for a in alarms if a.source and a.source.source_key.startswith(f"{device.id}_"))
    count = _rendered(server)
    await client.alarms.close(mine.id)
    closed = _check(server)
    assert _changed(opened, closed) == {device.id}
    assert _rendered(server) == count + 1
    assert "alarm" not in _devices(closed)[device.id]


def test_device_state_follows_the_clock(server: SimServer) -> None:
    _warm(server)
    world = server.context.world
    horizon = T0 + 24 * HOUR
    device, start, end = next(
        (d, s, e)
        for d in world.devices.values()
        for s, e in world.schedule(d).offline_spans(T0 + 1, horizon)
        if s > T0 and e is not None
    )
    before = _check(server)
    assert _devices(before)[device["id"]]["state"] == 2
    count = _rendered(server)
    advance(server, start + 1 - T0)  # into the outage
    during = _check(server)
    assert _devices(during)[device["id"]]["state"] == 1
    assert device["id"] in _changed(before, during)
    # Passing slot boundaries re-renders only devices whose object changed.
    assert _rendered(server) - count == len(_changed(before, during))
    advance(server, end - start)  # back online
    after = _check(server)
    assert _devices(after)[device["id"]]["state"] == 2
    with raw(server) as http:  # and back in time, before the outage
        http.post("/__sim/clock", json={"set": T0}).raise_for_status()
    assert _devices(_check(server))[device["id"]]["state"] == 2


async def test_random_sequence_of_changes(client: IoTClient, server: SimServer) -> None:
    """Writes, alarms and time interleaved at random; every answer equals a fresh one."""
    rng = random.Random(5)
    fleet = await client.fleet.get()
    writable = [d for g in fleet.groups if g.permission in (2, 3, 4) for d in g.devices]
    made: list[tuple[int, int]] = []
    for step in range(25):
        op = rng.choice(("sensor", "rename", "delete", "time", "group", "fetch"))
        if op == "sensor":
            device = rng.choice(writable)
            sensor = await client.sensors.create_custom(
                device.id,
                f"S{step} ü",
                script_path="/opt/s.sh",
                frequency=Frequency("minutes", 1),
                metrics=[Metric("v", "Value", value_type="integer")],
            )
            made.append((int(sensor.id), device.id))
        elif op == "rename" and made:
            await client.sensors.update(rng.choice(made)[0], name=f"R{step} «»")
        elif op == "delete" and made:
            sid, did = made.pop(rng.randrange(len(made)))
            await client.sensors.delete(sid, did)
        elif op == "time":
            advance(server, rng.randrange(1, 4 * HOUR))
        elif op == "group":
            devices = rng.sample(writable, 3)
            await client.groups.create(f'G{step} "q"', [d.id for d in devices])
        _check(server)


def test_online_until_bounds_the_state() -> None:
    """``Schedule.online_until`` gives ``is_online`` and an instant before which it holds."""
    rng = random.Random(11)
    for n in range(40):
        since = T0 + rng.randrange(0, 48 * HOUR) if n % 4 == 0 else None
        schedule = signals.Schedule(signals.device_key(3, n), rng.choice((0.3, 0.6)), since)
        t = T0
        while t < T0 + 72 * HOUR:
            online, until = schedule.online_until(t)
            assert online == schedule.is_online(t)
            assert until > t
            step = max(1, (min(until, T0 + 80 * HOUR) - t) // 50)
            assert all(schedule.is_online(x) == online for x in range(t, until, step)[:60])
            assert schedule.is_online(until - 1) == online
            t = until if until < T0 + 80 * HOUR else T0 + 80 * HOUR
