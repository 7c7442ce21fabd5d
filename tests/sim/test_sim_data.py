"""Signals, /data (raw and aggregated) and /lastvalues, checked with reference arithmetic."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from iottui.api import Aggregation, IoTClient
from iottui.api.resources.metrics import SeriesQuery
from iottui.sim import aggregate, signals
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, make_config

HOUR = 3_600_000


def _reference(func: str, values: list[float]) -> float:
    if func == "MIN":
        return min(values)
    if func == "MAX":
        return max(values)
    if func == "AVG":
        return statistics.fmean(values)
    if func == "STDEV":
        return statistics.pstdev(values)
    return float(len(values))


@pytest.mark.parametrize("func", aggregate.FUNCS)
def test_apply_matches_statistics(func: str) -> None:
    rng = random.Random(func)
    for _ in range(50):
        values = [rng.uniform(-1e3, 1e3) for _ in range(rng.randrange(1, 40))]
        assert aggregate.apply(func, values) == pytest.approx(_reference(func, values), abs=1e-9)


def test_aggregate_buckets_and_strings() -> None:
    samples = [(0, 1.0), (5, 3.0), (10, "x"), (12, 5.0), (31, 7.0)]
    assert aggregate.aggregate(samples, "AVG", 0, 10) == [(0, 2.0), (10, 5.0), (30, 7.0)]
    assert aggregate.aggregate(samples, "COUNT", 0, 10) == [(0, 2), (10, 2), (30, 1)]
    assert aggregate.aggregate([(0, "OK")], "MAX", 0, 10) == []
    with pytest.raises(ValueError, match="MEDIAN"):
        aggregate.apply("MEDIAN", [1])


def test_signals_are_deterministic_and_vary() -> None:
    key = signals.metric_key(7, 100001, "temp")
    a = [signals.value_at("temperature", key, T0 + i * 60_000) for i in range(600)]
    b = [signals.value_at("temperature", key, T0 + i * 60_000) for i in range(600)]
    assert a == b
    other = signals.metric_key(8, 100001, "temp")
    assert a != [signals.value_at("temperature", other, T0 + i * 60_000) for i in range(600)]
    assert len(set(a)) > 100
    statuses = {signals.value_at("status", key, T0 + i * 600_000, "string") for i in range(300)}
    assert len(statuses) >= 3
    assert all(isinstance(s, str) for s in statuses)


def test_signals_have_anomalies_above_rule_thresholds() -> None:
    # Over a day, the CPU profile crosses the generated "CPU overload" threshold (>= 90).
    hits = 0
    for metric in range(40):
        key = signals.metric_key(1, 100_000 + metric, "cpu")
        hits += any(
            signals.numeric_value("cpu", key, T0 + i * 60_000) >= 90 for i in range(24 * 60)
        )
    assert hits >= 10


def test_sample_times_and_schedule() -> None:
    times = signals.sample_times(10_000, 1_234, 100_000, 160_000)
    assert list(times) == [101_234, 111_234, 121_234, 131_234, 141_234, 151_234]
    assert signals.last_sample_time(10_000, 1_234, 160_000) == 151_234
    assert signals.last_sample_time(10_000, 1_234, 151_234) == 151_234
    sched = signals.Schedule(signals.device_key(1, 42), offline_prob=0.5)
    grid = range(T0, T0 + 48 * HOUR, 60_000)
    online = list(sched.online_times(grid))
    assert online == [t for t in grid if sched.is_online(t)]
    assert 0 < len(online) < len(grid)
    for start, end in sched.offline_spans(T0, T0 + 48 * HOUR):
        assert end is not None
        assert not sched.is_online(start)
        assert sched.is_online(end)
    dead = signals.Schedule(signals.device_key(1, 43), offline_since=T0)
    assert dead.offline_spans(T0 + HOUR, T0 + 2 * HOUR)[-1] == (T0, None)
    last = dead.last_online_at_or_before(T0 + HOUR)
    assert last is not None
    assert last < T0


async def _numeric_sensor(client: IoTClient, *, online: bool = True) -> tuple[int, str]:
    fleet = await client.fleet.get()
    for device in fleet.devices():
        if device.online != online:
            continue
        for sensor in device.sensors:
            for metric in sensor.metrics:
                if metric.value_type == "double" and sensor.frequency is not None:
                    return sensor.id, metric.id
    raise AssertionError("no such sensor")


@pytest.mark.parametrize(
    "func",
    [Aggregation.MIN, Aggregation.MAX, Aggregation.AVG, Aggregation.STDEV, Aggregation.COUNT],
)
async def test_aggregated_history_matches_reference(
    shared_client: IoTClient, func: Aggregation
) -> None:
    sensor_id, metric_id = await _numeric_sensor(shared_client)
    start, end, period = T0 - 6 * HOUR, T0, 15 * 60_000
    raw = await shared_client.metrics.history(
        [SeriesQuery(sensor_id, metric_id)], start=start, end=end
    )
    points = raw[0].points
    assert points
    assert all(start <= p.timestamp <= end for p in points)
    assert [p.timestamp for p in points] == sorted(p.timestamp for p in points)
    agg = await shared_client.metrics.history(
        [SeriesQuery(sensor_id, metric_id, func)], start=start, end=end, period=period
    )
    assert agg[0].func == func
    buckets: dict[int, list[float]] = {}
    for p in points:
        buckets.setdefault(start + (p.timestamp - start) // period * period, []).append(
            _number(p.value)
        )
    got = {p.timestamp: _number(p.value) for p in agg[0].points}
    assert set(got) == set(buckets)
    for ts, values in buckets.items():
        assert math.isclose(got[ts], _reference(func.value, values), rel_tol=1e-6, abs_tol=1e-6)


async def test_history_without_metric_id_returns_every_metric(shared_client: IoTClient) -> None:
    fleet = await shared_client.fleet.get()
    sensor = next(s for d in fleet.devices() if d.online for s in d.sensors if len(s.metrics) > 1)
    series = await shared_client.metrics.history([SeriesQuery(sensor.id)], start=T0 - HOUR, end=T0)
    assert {s.metric_id for s in series} == {m.id for m in sensor.metrics}
    assert all(s.sensor_id == sensor.id for s in series)


async def test_last_values_are_the_latest_sample(shared_client: IoTClient) -> None:
    fleet = await shared_client.fleet.get()
    sensors = [s for d in fleet.devices() for s in d.sensors][:30]
    values = {
        v.sensor_id: v for v in await shared_client.metrics.last_values([s.id for s in sensors])
    }
    assert values
    for sensor in sensors:
        if sensor.id not in values:
            continue
        entry = values[sensor.id]
        assert entry.timestamp is not None
        assert entry.timestamp <= T0
        assert set(entry.values) == {m.id for m in sensor.metrics}
        assert all(isinstance(v, str) for v in entry.values.values())
        series = await shared_client.metrics.history(
            [SeriesQuery(sensor.id, sensor.metrics[0].id)], start=T0 - 2 * HOUR, end=T0
        )
        last = series[0].points[-1]
        assert last.timestamp == entry.timestamp
        expected = last.value
        text = entry.values[sensor.metrics[0].id]
        if isinstance(expected, float):
            assert float(str(text)) == pytest.approx(expected)
        else:
            assert str(text) == str(expected)


async def test_offline_devices_produce_no_samples(
    shared_server: SimServer, shared_client: IoTClient
) -> None:
    world = shared_server.context.world
    dead = next(d for d in world.devices.values() if d["_sched"]["since"] is not None)
    since = dead["_sched"]["since"]
    assert since < T0
    sensor = dead["sensors"][0]
    series = await shared_client.metrics.history(
        [SeriesQuery(sensor["id"])], start=since - HOUR, end=T0
    )
    for s in series:
        assert s.points
        assert all(p.timestamp < since for p in s.points)
    last = await shared_client.metrics.last_values([sensor["id"]])
    assert last[0].timestamp is not None
    assert last[0].timestamp < since
    fleet = await shared_client.fleet.get()
    device = fleet.find_device(dead["id"])
    assert device is not None
    assert not device.online
    # a flaky device's samples skip its outages
    flaky = next(
        d for d in world.devices.values() if d["_sched"]["p"] > 0.1 and d["_sched"]["since"] is None
    )
    sched = world.schedule(flaky)
    spans = sched.offline_spans(T0 - 24 * HOUR, T0)
    assert spans
    sensor = flaky["sensors"][0]
    series = await shared_client.metrics.history(
        [SeriesQuery(sensor["id"])], start=T0 - 24 * HOUR, end=T0
    )
    for p in series[0].points:
        assert all(not (s <= p.timestamp < (e or T0 + 1)) for s, e in spans)


def test_same_seed_same_data_across_servers() -> None:
    def snapshot(seed: int) -> list[object]:
        with SimServer(make_config(seed=seed, devices=6)) as server:
            world = server.context.world
            sensor_id = sorted(world.sensors)[0]
            device, sensor = world.sensors[sensor_id]
            times = world.sample_times(device, sensor, T0 - HOUR, T0)
            return [sorted(world.devices)] + [
                world.value(sensor, sensor["metrics"][0], t) for t in times
            ]

    assert snapshot(3) == snapshot(3)
    assert snapshot(3) != snapshot(4)


async def test_raw_history_refuses_huge_ranges(shared_client: IoTClient) -> None:
    from iottui.api import BadRequestError

    sensor_id, metric_id = await _numeric_sensor(shared_client)
    with pytest.raises(BadRequestError):
        await shared_client.metrics.history(
            [SeriesQuery(sensor_id, metric_id)], start=T0 - 5 * 365 * 24 * HOUR, end=T0
        )
    # aggregated over a month is fine
    month = await shared_client.metrics.history(
        [SeriesQuery(sensor_id, metric_id, Aggregation.MAX)],
        start=T0 - 30 * 24 * HOUR,
        end=T0,
        period=24 * HOUR,
    )
    assert 28 <= len(month[0].points) <= 31


async def test_no_samples_from_the_future(shared_client: IoTClient) -> None:
    sensor_id, metric_id = await _numeric_sensor(shared_client)
    series = await shared_client.metrics.history(
        [SeriesQuery(sensor_id, metric_id)], start=T0 - HOUR, end=T0 + 10 * HOUR
    )
    assert series[0].points
    assert max(p.timestamp for p in series[0].points) <= T0


def test_long_history_does_not_stall_other_requests(shared_server: SimServer) -> None:
    import json
    import threading
    import time

    from tests.sim.conftest import raw

    world = shared_server.context.world
    sensor_id = next(
        sid
        for sid, (_, s) in world.sensors.items()
        if s["frequency"] == {"type": "seconds", "value": 10}
    )
    metric_id = world.sensors[sensor_id][1]["metrics"][0]["id"]
    params = {
        "range": json.dumps([T0 - 14 * 24 * HOUR, T0]),
        "period": str(24 * HOUR),
        "metrics": json.dumps([{"sensorId": sensor_id, "metricId": metric_id, "func": "STDEV"}]),
    }
    done: list[float] = []

    def slow() -> None:
        with raw(shared_server) as http:
            assert http.get("/data", params=params, timeout=60).status_code == 200
        done.append(time.monotonic())

    requests = shared_server.context.requests
    thread = threading.Thread(target=slow)
    thread.start()
    deadline = time.monotonic() + 30
    while shared_server.context.requests == requests:  # until /data is being answered
        assert time.monotonic() < deadline, "the /data request never arrived"
        time.sleep(0.005)
    with raw(shared_server) as http:
        assert http.get("/user").status_code == 200
    answered = time.monotonic()
    thread.join(60)
    assert done
    assert answered < done[0]  # /user was answered while /data was still computing


def _number(value: object) -> float:
    """A data point's value, which the simulator sends as a number for numeric metrics."""
    assert isinstance(value, int | float), value
    return float(value)
