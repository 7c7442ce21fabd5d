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
    """Per chosen device key ``d|<deviceId>``: sample times and the sensor interval in ms
    (None when the device has no sensors).

    A device that is online reports on every sensor, so the sensor with the shortest interval
    (one of its metrics) is enough to see the gaps; fetching every metric of every sensor for
    a week would cost many times more for the same answer.
    """
    result: dict[str, tuple[list[int], int | None]] = {}
    owner: dict[int, str] = {}
    queries: list[SeriesQuery] = []
    for key in keys:
        device_id = int(key.split("|", 1)[1])
        label = labels.get(key, key)
        device = fleet.find_device(device_id)
        sensors = [s for s in (device.sensors if device else ()) if s.metrics]
        if not sensors:
            result[label] = ([], None)
            continue
        fastest = min(sensors, key=lambda s: s.frequency.seconds if s.frequency else 60)
        interval = (fastest.frequency.seconds if fastest.frequency else 60) * 1000
        result[label] = ([], interval)
        owner[fastest.id] = label
        queries.append(SeriesQuery(fastest.id, fastest.metrics[0].id))
    if queries:
        series: list[DataSeries] = await client.metrics.history(queries, start=start, end=end)
        for s in series:
            name = owner.get(s.sensor_id)
            if name is not None:
                result[name][0].extend(p.timestamp for p in s.points)
    return result
