"""``iottui values --follow``: the last values that changed (or all of them), every interval.

The loop, its back-off and output: :mod:`iottui.commands._poll`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from iottui.api.models import LastValues, Value
from iottui.commands._core import Ctx
from iottui.commands._output import format_time, format_value, safe_text, to_data
from iottui.commands._poll import Follow, follow_for


@dataclass(frozen=True, slots=True)
class ValueChange:
    """The last value of one metric of one sensor, as polled."""

    sensor_id: int
    metric_id: str
    value: Value
    timestamp: int | None


@dataclass(slots=True)
class ValueTracker:
    """Which last values changed since the previous poll (``every``: all of them, each poll)."""

    every: bool = False
    last: dict[tuple[int, str], Value] = field(default_factory=dict)

    def update(self, results: Sequence[LastValues]) -> list[ValueChange]:
        out: list[ValueChange] = []
        seen: set[tuple[int, str]] = set()
        for result in results:
            for metric, value in result.values.items():
                key = (result.sensor_id, metric)
                if key in seen:  # the same sensor listed twice: once is enough
                    continue
                seen.add(key)
                unchanged = key in self.last and _same(self.last[key], value)
                self.last[key] = value
                if self.every or not unchanged:
                    out.append(ValueChange(result.sensor_id, metric, value, result.timestamp))
        return out


def _same(a: Value, b: Value) -> bool:
    """The same reading: 1 and 1.0 are, True and 1 are not, NaN and NaN are."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or (a != a and b != b)
    return type(a) is type(b) and a == b


VALUE_CSV_HEADER: Final = ("at", "sensor_id", "metric_id", "value", "timestamp")


def csv_line(cells: Sequence[object]) -> str:
    """One CSV row (cells sanitised as in ``--csv`` output)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        ["" if c is None else safe_text(c) for c in cells]
    )
    return buffer.getvalue()


def value_csv_row(at: int, change: ValueChange) -> list[object]:
    return [
        format_time(at, utc=True),
        change.sensor_id,
        change.metric_id,
        format_value(change.value),
        format_time(change.timestamp, utc=True),
    ]


async def follow_values(follow: Follow, sensor_ids: Sequence[int], *, every: bool) -> int:
    """``iottui values --follow``: the last values that changed (or all), every interval."""
    tracker = ValueTracker(every=every)
    header = [False]
    #: For people: (sensor, metric id) -> (name, unit), read once with the first poll.
    labels: dict[tuple[int, str], tuple[str, str]] | None = None if follow.fmt == "table" else {}

    async def fetch() -> tuple[list[LastValues], int]:
        nonlocal labels
        results = list(follow.read(await follow.client.metrics.last_values(list(sensor_ids))))
        if labels is None:
            labels = {
                (m.sensor.id, m.id): (m.name, m.unit or "")
                for m in follow.read(await follow.client.metrics.list())
                if m.sensor is not None and m.sensor.id in sensor_ids
            }
        return results, follow.clock.now_ms()

    def show(snapshot: tuple[list[LastValues], int]) -> None:
        results, at = snapshot
        changes = tracker.update(results)
        if follow.fmt == "csv" and not header[0]:
            follow.stream.line(csv_line(VALUE_CSV_HEADER))
            header[0] = True
        for change in changes:
            if follow.fmt == "csv":
                follow.stream.line(csv_line(value_csv_row(at, change)))
            elif follow.fmt == "json":
                follow.stream.json({"event": "value", "at": at, **to_data(change)})
            else:
                name, unit = (labels or {}).get((change.sensor_id, change.metric_id), ("", ""))
                polled, sampled = format_time(at), format_time(change.timestamp)
                if sampled[:10] == polled[:10]:  # the same day: the time is enough
                    sampled = sampled[11:]
                follow.stream.line(
                    safe_text(
                        f"{polled}  {change.sensor_id}  {name or change.metric_id}  "
                        f"{format_value(change.value)}{' ' + unit if unit else ''}  "
                        f"(sampled {sampled})"
                    )
                )

    return await follow.run(fetch, show)


async def values_follow(ctx: Ctx, sensor_ids: Sequence[int]) -> int:
    """The body of ``iottui values --follow``."""
    follow = follow_for(ctx, "values --follow")
    return await follow_values(follow, sensor_ids, every=bool(ctx.opt("follow_all")))
