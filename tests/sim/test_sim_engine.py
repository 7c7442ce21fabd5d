"""The rule engine on a controlled clock: alarms open and close exactly as the shared
condition semantics say, offline rules follow the device schedules, severities propagate."""

from __future__ import annotations

import statistics

from iottui.api import AlarmStatus, AlarmType, IoTClient, RuleType, Severity
from iottui.api.conditions import metric_crossings, offline_crossings, parse_metric_condition
from iottui.api.models import Alarm, RuleSource, Threshold
from iottui.api.resources.metrics import SeriesQuery
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, advance, make_config, raw

HOUR = 3_600_000
WIDE = (T0 - 48 * HOUR, T0 + 48 * HOUR)


async def _alarms(client: IoTClient, status: AlarmStatus) -> list[Alarm]:
    return list(await client.alarms.list(status, start=WIDE[0], end=WIDE[1]))


async def test_metric_rule_matches_reference_semantics(
    client: IoTClient, server: SimServer
) -> None:
    fleet = await client.fleet.get()
    device, sensor = next(
        (d, s)
        for d in fleet.devices()
        if d.online
        for s in d.sensors
        if s.frequency and s.frequency.seconds <= 30 and s.metrics[0].value_type == "double"
    )
    metric = sensor.metrics[0]
    world = server.context.world  # the future, straight from the signal functions
    wd, ws = world.sensors[sensor.id]
    future = [
        world.value(ws, ws["metrics"][0], t)
        for t in world.sample_times(wd, ws, T0 + 1, T0 + 2 * HOUR)
    ]
    median = statistics.median(float(v) for v in future)
    condition = f"metric>={median}"
    rule = await client.rules.create(
        "Median",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=metric.id, thing_id=sensor.id)],
        thresholds=[Threshold(condition, Severity.MINOR, 2)],
    )
    for _ in range(6):
        advance(server, 20 * 60_000)
    end = T0 + 2 * HOUR
    samples = await client.metrics.history(
        [SeriesQuery(sensor.id, metric.id)], start=T0 + 1, end=end
    )
    expected = metric_crossings(
        [(p.timestamp, p.value) for p in samples[0].points], parse_metric_condition(condition), 2
    )
    assert expected, "the median threshold is crossed in two hours"
    mine = [
        a
        for a in await _alarms(client, AlarmStatus.OPEN) + await _alarms(client, AlarmStatus.CLOSED)
        if a.source and a.source.id == rule.id
    ]
    mine.sort(key=lambda a: a.open_time)
    assert [a.open_time for a in mine] == [c.open_time for c in expected]
    assert [a.close_time for a in mine] == [c.close_time for c in expected]
    for alarm, crossing in zip(mine, expected, strict=True):
        assert alarm.type == AlarmType.METRIC
        assert alarm.severity == Severity.MINOR
        assert alarm.description == "Median"
        assert alarm.source is not None
        assert alarm.source.source_key == f"{device.id}_{sensor.id}_{metric.id}"
        details = alarm.source.details
        assert details.device == device.name
        assert details.sensor == sensor.name
        assert details.metric == metric.name
        assert details.cons_check == "2"
        assert details.condition == condition
        assert details.value is not None
        assert float(details.value) == crossing.value
        if crossing.close_time is not None:
            assert alarm.status == AlarmStatus.CLOSED
            assert alarm.changelog[-1].current_val == "Closed By System"
            assert alarm.changelog[-1].prev_val == "Open"


def test_alarm_wire_shape_is_the_documents(server: SimServer) -> None:
    with raw(server) as http:
        body = http.get("/alarms", params={"status": 3, "range": f"[{WIDE[0]},{WIDE[1]}]"}).json()
    assert body["status"] == "OK"
    alarm = body["data"][0]
    assert set(alarm) == {
        "severity",
        "changeLog",
        "description",
        "source",
        "id",
        "type",
        "openTime",
        "status",
    }
    assert isinstance(alarm["severity"], str)
    assert alarm["status"] == "3"
    assert alarm["type"] in ("1", "2")
    assert isinstance(alarm["openTime"], int)
    assert all(isinstance(v, str) for v in alarm["source"]["details"].values())
    assert set(alarm["changeLog"][0]) == {"closeTime", "userId", "prevVal", "currentVal", "prop"}


async def test_severity_shows_on_device_and_metric(client: IoTClient, server: SimServer) -> None:
    fleet = await client.fleet.get()
    device = next(d for d in fleet.devices() if d.online and d.alarm is None)
    sensor = next(s for s in device.sensors if s.metrics and s.metrics[0].value_type == "double")
    metric = sensor.metrics[0]
    source = [RuleSource(metric_id=metric.id, thing_id=sensor.id)]
    await client.rules.create(
        "Minor",
        RuleType.METRIC,
        sources=source,
        thresholds=[Threshold("metric>-1e9", Severity.MINOR)],
    )
    critical = await client.rules.create(
        "Critical",
        RuleType.METRIC,
        sources=source,
        thresholds=[Threshold("metric>-1e9", Severity.CRITICAL)],
    )
    advance(server, 15 * 60_000)
    fleet = await client.fleet.get()
    got = fleet.find_device(device.id)
    assert got is not None
    assert got.alarm == Severity.CRITICAL
    found = fleet.find_sensor(sensor.id)
    assert found is not None
    assert next(m for m in found[1].metrics if m.id == metric.id).alarm == Severity.CRITICAL
    with raw(server) as http:  # on the wire: a string
        wire = http.get("/devices").json()["data"]
    wire_device = next(d for g in wire for d in g["devices"] if d["id"] == device.id)
    assert wire_device["alarm"] == "1"
    crit = next(
        a
        for a in await _alarms(client, AlarmStatus.OPEN)
        if a.source and a.source.id == critical.id
    )
    await client.alarms.close(crit.id)
    got = (await client.fleet.get()).find_device(device.id)
    assert got is not None
    assert got.alarm == Severity.MINOR


async def test_offline_rule_follows_the_schedule(client: IoTClient, server: SimServer) -> None:
    world = server.context.world
    flaky = [
        d for d in world.devices.values() if d["_sched"]["p"] > 0.1 and d["_sched"]["since"] is None
    ]
    horizon = T0 + 12 * HOUR
    device = next(
        d
        for d in flaky
        if any(
            e is not None and e - s >= 10 * 60_000
            for s, e in world.schedule(d).offline_spans(T0 + 1, horizon)
        )
    )
    rule = await client.rules.create(
        "Gone",
        RuleType.DEVICE_OFFLINE,
        sources=[RuleSource(device_id=device["id"])],
        thresholds=[Threshold("10", Severity.MAJOR)],
    )
    for _ in range(12):
        advance(server, HOUR)
    spans = [(s, e) for s, e in world.schedule(device).offline_spans(T0, horizon) if s > T0]
    expected = offline_crossings(spans, 10, horizon)
    mine = sorted(
        (
            a
            for a in await _alarms(client, AlarmStatus.OPEN)
            + await _alarms(client, AlarmStatus.CLOSED)
            if a.source and a.source.id == rule.id
        ),
        key=lambda a: a.open_time,
    )
    assert [a.open_time for a in mine] == [c.open_time for c in expected]
    assert [a.close_time for a in mine] == [c.close_time for c in expected]
    assert all(a.type == AlarmType.DEVICE_OFFLINE for a in mine)
    assert mine[0].source is not None
    assert mine[0].source.source_key == str(device["id"])
    assert mine[0].source.details.offline_duration == "10"


async def test_offline_rule_on_a_dead_device_alarms_at_once(
    client: IoTClient, server: SimServer
) -> None:
    world = server.context.world
    dead = next(d for d in world.devices.values() if d["_sched"]["since"] is not None)
    rule = await client.rules.create(
        "Dead",
        RuleType.DEVICE_OFFLINE,
        sources=[RuleSource(device_id=dead["id"])],
        thresholds=[Threshold("5", Severity.CRITICAL)],
    )
    advance(server, 60_000)
    mine = [
        a for a in await _alarms(client, AlarmStatus.OPEN) if a.source and a.source.id == rule.id
    ]
    assert len(mine) == 1
    advance(server, HOUR)
    assert (
        len(
            [
                a
                for a in await _alarms(client, AlarmStatus.OPEN)
                if a.source and a.source.id == rule.id
            ]
        )
        == 1
    )


def test_device_dead_since_before_the_replay_has_an_open_alarm_at_start() -> None:
    """Regression: a device offline since before the replayed window (dead for days when the
    server starts) had no alarm at all, so the demo started with no open alarm to triage."""
    with SimServer(make_config(replay_hours=2, devices=60, seed=1)) as server, raw(server) as http:
        world = server.context.world
        rule = next(r for r in world.rules.values() if r["name"] == "Gateway offline")
        watched = {int(s["deviceId"]) for s in rule["sources"]}
        dead = [
            d
            for d in world.devices.values()
            if d["id"] in watched
            and d["_sched"]["since"] is not None
            and d["_sched"]["since"] < T0 - 2 * HOUR
        ]
        assert dead, "the seed has a long-dead device watched by the offline rule"
        opened = http.get(
            "/alarms", params={"status": 1, "range": f"[{T0 - 30 * 24 * HOUR},{T0}]"}
        ).json()["data"]
        mine = [a for a in opened if a["source"]["id"] == rule["id"]]
        assert {a["source"]["sourceKey"] for a in mine} >= {str(d["id"]) for d in dead}
        limit = int(rule["thresholds"][0]["condition"]) * 60_000
        for device in dead:
            alarm = next(a for a in mine if a["source"]["sourceKey"] == str(device["id"]))
            assert alarm["openTime"] == device["_sched"]["since"] + limit
        # Closing it by hand sticks: the next evaluation does not reopen the same outage.
        closed_id = mine[0]["id"]
        http.post("/alarms", json={"action": "close", "payload": {"id": closed_id}})
        advance(server, 10 * 60_000)
        again = http.get(
            "/alarms", params={"status": 1, "range": f"[{T0 - 30 * 24 * HOUR},{T0 + HOUR}]"}
        ).json()["data"]
        assert closed_id not in {a["id"] for a in again}


async def test_disabling_a_rule_closes_its_alarms_and_stops_it(
    client: IoTClient, server: SimServer
) -> None:
    fleet = await client.fleet.get()
    sensor = next(
        s
        for d in fleet.devices()
        if d.online
        for s in d.sensors
        if s.metrics and s.metrics[0].value_type == "double"
    )
    rule = await client.rules.create(
        "Noisy",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=sensor.metrics[0].id, thing_id=sensor.id)],
        thresholds=[Threshold("metric>-1e9", Severity.WARNING)],
    )
    advance(server, 10 * 60_000)
    assert any(a.source and a.source.id == rule.id for a in await _alarms(client, AlarmStatus.OPEN))
    await client.rules.disable(str(rule.id))
    assert not any(
        a.source and a.source.id == rule.id for a in await _alarms(client, AlarmStatus.OPEN)
    )
    advance(server, 10 * 60_000)
    assert not any(
        a.source and a.source.id == rule.id for a in await _alarms(client, AlarmStatus.OPEN)
    )
    await client.rules.delete([str(rule.id)])


def test_replay_populates_history_at_start() -> None:
    with SimServer(make_config(replay_hours=24, devices=60, seed=1)) as server, raw(server) as http:
        closed = http.get(
            "/alarms", params={"status": 3, "range": f"[{T0 - 48 * HOUR},{T0}]"}
        ).json()["data"]
        opened = http.get(
            "/alarms", params={"status": 1, "range": f"[{T0 - 48 * HOUR},{T0}]"}
        ).json()["data"]
    assert len(closed) >= 5
    assert all(T0 - 24 * HOUR < a["openTime"] <= T0 for a in closed)
    assert {a["type"] for a in closed + opened} == {"1", "2"}
    assert all(a["changeLog"][-1]["currentVal"] == "Closed By System" for a in closed)
    assert server.context.notifier.deliveries.maxlen is not None
    assert not server.context.notifier.deliveries  # the replay notifies nobody
