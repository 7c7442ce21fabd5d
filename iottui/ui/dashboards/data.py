"""What a dashboard widget shows, and how it is fetched.

A widget's data period decides the request: ``LIVE`` reads the last values (a live chart or
map keeps the values it has seen, up to the widget's ``limit``; it starts from the last hour
of raw history); any other period reads the history of that span, aggregated with
the widget's aggregation when it has a period. Keys are ``"<sensorId>_<metricId>"``, the
form the map widget's ``lng``/``lat`` settings use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from iottui.api.enums import Aggregation, DataPeriod, WidgetType
from iottui.api.models import DataSeries, LastValues, Value, Widget
from iottui.api.resources.metrics import SeriesQuery
from iottui.ui.manage.common import clean

LIVE_SEED_MS = 60 * 60_000
DEFAULT_LIMIT = 900
#: At most this many aggregation buckets per series (a month at 1 s would be 2.6 million).
MAX_BUCKETS = 2000
DEFAULT_REFRESH_MS = {True: 5_000, False: 60_000}
MIN_REFRESH_MS = 1_000

Points = tuple[tuple[int, Value], ...]
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def metric_key(sensor_id: int, metric_id: str) -> str:
    return f"{sensor_id}_{metric_id}"


def keeps_history(kind: WidgetType) -> bool:
    """Chart and map draw series; the others show one latest value."""
    return kind in (WidgetType.CHART, WidgetType.MAP)


def is_live(widget: Widget) -> bool:
    period = widget.settings.data_period
    return period is None or period == DataPeriod.LIVE or period.millis == 0


def refresh_ms(widget: Widget) -> int:
    interval = widget.settings.refresh_interval
    if not interval or interval <= 0:
        return DEFAULT_REFRESH_MS[is_live(widget)]
    return max(interval, MIN_REFRESH_MS)


@dataclass(frozen=True, slots=True)
class WidgetData:
    """Everything a widget renderer needs (keys are ``sensorId_metricId``)."""

    series: Mapping[str, Points] = field(default_factory=lambda: _EMPTY)
    last: Mapping[str, Value] = field(default_factory=lambda: _EMPTY)
    labels: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    units: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    live: bool = True
    fetched_at: int = 0
    error: str | None = None

    def keys(self) -> list[str]:
        return list(self.labels)

    def value(self, key: str | None = None) -> Value:
        """The latest value of ``key`` (default: the first metric)."""
        keys = self.keys()
        if key is None:
            key = keys[0] if keys else None
        return None if key is None else self.last.get(key)


@dataclass(frozen=True, slots=True)
class Plan:
    """The request for one refresh."""

    live: bool
    start: int
    end: int
    period: int | None = None
    func: str | None = None


def plan(widget: Widget, now: int) -> Plan:
    if is_live(widget):
        return Plan(True, now - LIVE_SEED_MS, now)
    span = (widget.settings.data_period or DataPeriod.LIVE).millis
    agg = widget.settings.aggregation
    period = agg.period if agg and agg.period else None
    if period is not None:
        period = max(period, -(-span // MAX_BUCKETS))
    func = str(agg.method) if agg and period else None
    return Plan(False, now - span, now, period, func)


def describe(widget: Widget) -> str:
    """One line: period, aggregation, refresh (for the widget's subtitle)."""
    period = widget.settings.data_period or DataPeriod.LIVE
    agg = widget.settings.aggregation
    bits = [period.label]
    if not is_live(widget) and agg and agg.period:
        bits.append(f"{agg.method} per {_span(agg.period)}")
    bits.append(f"↻ {_span(refresh_ms(widget))}")
    return " · ".join(bits)


def _span(ms: int) -> str:
    if ms % 3_600_000 == 0:
        return f"{ms // 3_600_000} h"
    if ms % 60_000 == 0:
        return f"{ms // 60_000} min"
    return f"{ms / 1000:g} s"


def _labels(widget: Widget) -> tuple[dict[str, str], dict[str, str]]:
    labels: dict[str, str] = {}
    units: dict[str, str] = {}
    for m in widget.metrics:
        key = metric_key(m.sensor.id, m.id)
        labels[key] = clean(m.name or m.id)
        units[key] = clean(m.uom or "")
    return labels, units


async def fetch(client: Any, widget: Widget, now: int, previous: WidgetData | None) -> WidgetData:
    """One refresh of ``widget`` (raises the client's IoTError on failure)."""
    labels, units = _labels(widget)
    p = plan(widget, now)
    sensor_ids = sorted({m.sensor.id for m in widget.metrics})
    if not sensor_ids:
        return WidgetData(labels=labels, units=units, live=p.live, fetched_at=now)
    if p.live:
        last: dict[str, Value] = {}
        stamps: dict[str, int] = {}
        values: list[LastValues] = await client.metrics.last_values(sensor_ids)
        for lv in values:
            for mid, value in lv.values.items():
                key = metric_key(lv.sensor_id, mid)
                if key in labels:
                    last[key] = value
                    stamps[key] = lv.timestamp or now
        series: dict[str, Points] = {}
        if keeps_history(widget.type):
            limit = widget.settings.limit or DEFAULT_LIMIT
            if previous is None or not previous.live:
                seeded = await _history(client, widget, p)
                base = {k: list(v) for k, v in seeded.items()}
            else:
                base = {k: list(v) for k, v in previous.series.items()}
            for key in labels:
                points = base.get(key, [])
                if key in last and (not points or points[-1][0] < stamps[key]):
                    points.append((stamps[key], last[key]))
                series[key] = tuple(points[-limit:])
        return WidgetData(series, last, labels, units, True, now)
    hist = await _history(client, widget, p)
    latest = {k: v[-1][1] for k, v in hist.items() if v}
    return WidgetData(hist, latest, labels, units, False, now)


async def _history(client: Any, widget: Widget, p: Plan) -> dict[str, Points]:
    queries = []
    for m in widget.metrics:
        func = Aggregation(p.func) if p.func else None
        queries.append(SeriesQuery(m.sensor.id, m.id, func))
    result: list[DataSeries] = await client.metrics.history(
        queries, start=p.start, end=p.end, period=p.period
    )
    out: dict[str, Points] = {}
    for s in result:
        key = metric_key(s.sensor_id, str(s.metric_id))
        points = sorted(((pt.timestamp, pt.value) for pt in s.points), key=lambda x: x[0])
        out[key] = tuple(points)
    return out
