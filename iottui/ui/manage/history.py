"""Fetching the history a backtest needs (one request per call, raw samples)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from iottui.api.models import DataSeries, Fleet, Value
from iottui.api.resources.metrics import SeriesQuery


async def fetch_metric_samples(
    client: Any, keys: Sequence[str], labels: Mapping[str, str], *, start: int, end: int
) -> dict[str, list[tuple[int, Value]]]:
    """Raw samples per chosen metric key ``m|<sensorId>|<metricId>``, keyed by its label."""
    wanted: dict[tuple[int, str], str] = {}
    for key in keys:
        _, sid, mid = key.split("|", 2)
        wanted[(int(sid), mid)] = labels.get(key, key)
    queries = [SeriesQuery(sid, mid) for sid, mid in wanted]
    series: list[DataSeries] = await client.metrics.history(queries, start=start, end=end)
    out: dict[str, list[tuple[int, Value]]] = {label: [] for label in wanted.values()}
    for s in series:
        label = wanted.get((s.sensor_id, str(s.metric_id)))
        if label is not None:
            out[label].extend((p.timestamp, p.value) for p in s.points)
    return out


async def fetch_device_stamps(
    client: Any,
    fleet: Fleet,
    keys: Sequence[str],
    labels: Mapping[str, str],
    *,
    start: int,
    end: int,
) -> dict[str, tuple[list[int], int | None]]:
    """Per chosen device key ``d|<deviceId>``: all its sensors' sample times and the shortest
    sensor interval in ms (None when the device has no sensors)."""
    result: dict[str, tuple[list[int], int | None]] = {}
    owner: dict[int, str] = {}
    queries: list[SeriesQuery] = []
    for key in keys:
        device_id = int(key.split("|", 1)[1])
        label = labels.get(key, key)
        device = fleet.find_device(device_id)
        sensors = device.sensors if device else ()
        intervals = [s.frequency.seconds * 1000 for s in sensors if s.frequency]
        interval = min(intervals) if intervals else (60_000 if sensors else None)
        result[label] = ([], interval)
        for sensor in sensors:
            owner[sensor.id] = label
            queries.append(SeriesQuery(sensor.id))
    if queries:
        series: list[DataSeries] = await client.metrics.history(queries, start=start, end=end)
        for s in series:
            name = owner.get(s.sensor_id)
            if name is not None:
                result[name][0].extend(p.timestamp for p in s.points)
    return result
