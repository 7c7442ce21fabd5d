"""Metrics: lists, counts, history and last values (operations 18, 19, 42, 43).

History and last values are computed from the signals on demand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE
from iottui.sim import aggregate, signals
from iottui.sim.errors import bad_query, unknown_id
from iottui.sim.handlers.common import Doc, find_metric, fmt_value, ok
from iottui.sim.payload import as_int, query_int, query_json, query_range
from iottui.sim.world import World, freq_ms


def get_metrics(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for device, sensor in world.sensors.values():
        for m in sensor["metrics"]:
            entry: Doc = {"id": m["id"], "name": m["name"]}
            if m.get("valueUnit"):
                entry["valueunit"] = m["valueUnit"]
            if m.get("valueAnnotation"):
                entry["valueannotation"] = m["valueAnnotation"]
            entry["valuetype"] = m.get("valueType", DEFAULT_VALUE_TYPE)
            entry["sensor"] = {
                "id": sensor["id"],
                "name": sensor["name"],
                "device": {"name": device["name"], "id": device["id"]},
            }
            data.append(entry)
    return ok({"metrics": data})


def count_metrics(world: World, query: Mapping[str, str]) -> Doc:
    count = sum(len(s["metrics"]) for _, s in world.sensors.values())
    return ok({"metrics": [count], "deviceCount": len(world.devices)})


#: Most raw points returned per series.
MAX_RAW_POINTS = 50_000


#: Most samples evaluated for one request.
MAX_SAMPLES = 1_000_000


#: Most buckets per aggregated series.
MAX_BUCKETS = 20_000


#: Most sensors per /lastvalues request.
MAX_LASTVALUE_SENSORS = 100


def _metric_queries(world: World, value: Any) -> list[tuple[Doc, Doc, list[Doc], str | None]]:
    if not isinstance(value, list) or not value:
        raise bad_query(
            "metrics", "expected a non-empty JSON array of {sensorId, metricId?, func?}"
        )
    if len(value) > 200:
        raise bad_query("metrics", "at most 200 entries")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise bad_query("metrics", "expected objects {sensorId, metricId?, func?}")
        keys = {k.lower(): v for k, v in item.items()}
        unknown = set(keys) - {"sensorid", "metricid", "func"}
        if unknown:
            raise bad_query("metrics", f"unknown field {sorted(unknown)[0]!r}")
        if keys.get("sensorid") is None:
            raise bad_query("metrics", "each entry needs sensorId")
        func = keys.get("func")
        if func is not None:
            if not isinstance(func, str) or func.upper() not in aggregate.FUNCS:
                raise bad_query("metrics", f"func must be one of {', '.join(aggregate.FUNCS)}")
            func = func.upper()
        sid = as_int("metrics.sensorId", keys["sensorid"])
        found = world.sensors.get(sid)
        if found is None:
            raise unknown_id("sensor", sid)
        device, sensor = found
        mid = keys.get("metricid")
        if mid is not None:
            if not isinstance(mid, str):
                raise bad_query("metrics", "metricId must be a string")
            metric = find_metric(sensor, mid)
            if metric is None:
                raise unknown_id(f"metric of sensor {sid}", mid)
            metrics = [metric]
        else:
            metrics = list(sensor["metrics"])
        out.append((device, sensor, metrics, func))
    return out


def prepare_data(world: World, query: Mapping[str, str]) -> Callable[[], Doc]:
    """Validate a ``/data`` query (under the world lock) and return the computation.

    The computation only reads immutable sensor documents and pure signal functions, so the
    app runs it in a worker thread without the lock: a month of samples does not stall the
    other requests.
    """
    span = query_range(query)
    assert span is not None
    start, end = span
    end = min(end, world.now())  # no samples from the future
    period = query_int(query, "period", lo=1)
    entries = _metric_queries(world, query_json(query, "metrics"))
    total = sum(world.sample_count(s, start, end) * len(ms) for _, s, ms, _ in entries)
    if total > MAX_SAMPLES:
        raise bad_query("range", f"too many samples ({total}); narrow the range")
    if period is not None and (end - start) // period > MAX_BUCKETS:
        raise bad_query("period", f"more than {MAX_BUCKETS} periods in the range")
    if period is None:
        for _, sensor, _, _ in entries:
            if world.sample_count(sensor, start, end) > MAX_RAW_POINTS:
                raise bad_query("range", f"more than {MAX_RAW_POINTS} raw points; set a period")

    def compute() -> Doc:
        data = []
        for device, sensor, metrics, func in entries:
            times = world.sample_times(device, sensor, start, end)
            for metric in metrics:
                samples = [(t, world.value(sensor, metric, t)) for t in times]
                entry: Doc
                if period is None:
                    entry = {
                        "result": [{"value": v, "timestamp": t} for t, v in samples],
                        "metricId": metric["id"],
                        "sensorId": sensor["id"],
                    }
                else:
                    name = func or "AVG"
                    points = aggregate.aggregate(samples, name, start, period)
                    entry = {
                        "result": [{"value": v, "timestamp": t} for t, v in points],
                        "metricId": metric["id"],
                        "func": name,
                        "sensorId": sensor["id"],
                    }
                data.append(entry)
        return ok(data)

    return compute


def get_data(world: World, query: Mapping[str, str]) -> Doc:
    """``GET /data`` in one go (validation and computation)."""
    return prepare_data(world, query)()


def last_values_for(world: World, sensor_ids: list[int], now: int) -> list[Doc]:
    """The ``/lastvalues`` entries of some sensors at ``now`` (unknown ids are left out)."""
    data = []
    cache = world.last_values_cache
    for sid in sensor_ids:
        found = world.sensors.get(sid)
        if found is None:
            continue
        device, sensor = found
        hit = cache.get(sid)
        if hit is not None and hit[0] is sensor and hit[1] <= now < hit[2]:
            if hit[3] is not None:
                data.append(dict(hit[3]))
            continue
        period = freq_ms(sensor.get("frequency"))
        phase = signals.sensor_phase(world.seed, int(sensor["id"]), period)
        valid_until = signals.last_sample_time(period, phase, now) + period
        t = world.last_sample_time(device, sensor, now)
        entry: Doc | None = None
        if t is not None:
            entry = {m["id"]: fmt_value(world.value(sensor, m, t)) for m in sensor["metrics"]}
            entry["sensorId"] = sensor["id"]
            entry["timestamp"] = t
            data.append(dict(entry))
        # No new sample can appear before the next instant of the sensor's grid.
        cache[sid] = (sensor, now, valid_until, entry)
    return data


def get_last_values(world: World, query: Mapping[str, str]) -> Doc:
    value = query_json(query, "sensorids")
    if not isinstance(value, list) or not value:
        raise bad_query("sensorids", "expected a non-empty JSON array of sensor ids")
    if len(value) > MAX_LASTVALUE_SENSORS:
        raise bad_query("sensorids", f"at most {MAX_LASTVALUE_SENSORS} sensor ids per request")
    ids = [as_int("sensorids", v) for v in value]
    return ok(last_values_for(world, ids, world.now()))
