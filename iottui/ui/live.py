"""Live values: the store of last values and sparkline buffers, and the poll scheduler.

The poller never overlaps polls: the screen's single live worker awaits one poll, then sleeps
for the interval (or until woken early), then polls again. Interval changes and pause take
effect at once (the sleep is woken). A poll still in flight after one interval is *overdue*
(the screen's timer shows the connection as slow and the data as stale without waiting for the
request to time out), and background polls use a timeout close to the interval
(:meth:`Poller.poll_timeout`) so a hanging server is reported as an error soon after.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from iottui.ui.settings import MAX_REFRESH, MIN_REFRESH
from iottui.ui.text import to_float

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import DataSeries, LastValues, Value

#: Points kept per metric for sparklines (15 min of 5 s samples = 180).
SPARK_POINTS = 180
#: How far back sparklines are seeded from history on first view.
SEED_MS = 15 * 60_000
#: Interval steps for ``+`` / ``-``.
STEPS: tuple[float, ...] = (1, 2, 3, 5, 10, 15, 30, 60, 120, 300)

#: A background poll's request timeout is at least this (seconds), however short the interval.
POLL_TIMEOUT_FLOOR = 2.0
#: Retries a background poll's request may make (the next poll comes soon anyway).
POLL_MAX_RETRIES = 1

MetricKey = tuple[int, str]


class LiveStore:
    """The latest values per sensor and a bounded history per metric."""

    def __init__(self, maxlen: int = SPARK_POINTS) -> None:
        self.maxlen = maxlen
        self.last: dict[int, LastValues] = {}
        self.history: dict[MetricKey, deque[float]] = {}
        self._stamps: dict[MetricKey, int] = {}
        self.seeded: set[int] = set()

    def _buffer(self, key: MetricKey) -> deque[float]:
        buf = self.history.get(key)
        if buf is None:
            buf = self.history[key] = deque(maxlen=self.maxlen)
        return buf

    def seed(self, series: Iterable[DataSeries], sensor_ids: Iterable[int]) -> None:
        """Fill buffers from history (older than anything live), once per sensor."""
        for item in series:
            if item.metric_id is None:
                continue
            key = (item.sensor_id, item.metric_id)
            points = sorted(item.points, key=lambda p: p.timestamp)
            values = [v for v in (to_float(p.value) for p in points) if v is not None]
            buf = self._buffer(key)
            live = list(buf)
            buf.clear()
            buf.extend(values[-self.maxlen :])
            buf.extend(live)
            if points:
                self._stamps[key] = max(self._stamps.get(key, 0), points[-1].timestamp)
        self.seeded.update(sensor_ids)

    def update(self, values: Sequence[LastValues]) -> set[int]:
        """Take one refresh; returns the sensor ids whose values changed."""
        changed: set[int] = set()
        for entry in values:
            prev = self.last.get(entry.sensor_id)
            if (
                prev is not None
                and prev.timestamp == entry.timestamp
                and (dict(prev.values) == dict(entry.values))
            ):
                continue
            self.last[entry.sensor_id] = entry
            changed.add(entry.sensor_id)
            stamp = entry.timestamp or 0
            for metric_id, value in entry.values.items():
                key = (entry.sensor_id, metric_id)
                number = to_float(value)
                if number is None or stamp <= self._stamps.get(key, -1):
                    continue
                self._stamps[key] = stamp
                self._buffer(key).append(number)
        return changed

    def value(self, sensor_id: int, metric_id: str) -> tuple[Value, int | None]:
        entry = self.last.get(sensor_id)
        if entry is None:
            return None, None
        return entry.values.get(metric_id), entry.timestamp

    def spark(self, sensor_id: int, metric_id: str) -> Sequence[float]:
        return self.history.get((sensor_id, metric_id), ())


class Poller:
    """Interval, pause and an early wake-up for the live worker."""

    def __init__(self, interval: float) -> None:
        self.interval = clamp(interval)
        self.paused = False
        self.polls = 0
        #: How many sleeps between polls began (a test waits on it to know the loop went round)
        self.sleeps = 0
        #: ``time.monotonic()`` when the poll in flight started (None between polls)
        self.started_at: float | None = None
        self._wake: asyncio.Event | None = None

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        """Mark the block as the poll in flight (for :meth:`overdue`)."""
        self.started_at = time.monotonic()
        try:
            yield
        finally:
            self.started_at = None

    def overdue(self, now: float | None = None) -> bool:
        """A poll has been in flight for longer than one interval."""
        started = self.started_at
        if started is None:
            return False
        return (time.monotonic() if now is None else now) - started > self.interval

    def poll_timeout(self, client_timeout: float) -> float:
        """The request timeout of a background poll: about one interval (at least
        :data:`POLL_TIMEOUT_FLOOR`), never more than the client's own timeout."""
        return min(client_timeout, max(self.interval, POLL_TIMEOUT_FLOOR))

    def _event(self) -> asyncio.Event:
        if self._wake is None:
            self._wake = asyncio.Event()
        return self._wake

    def wake(self) -> None:
        """Poll now (the current sleep ends)."""
        self._event().set()

    async def sleep(self) -> None:
        self.sleeps += 1
        event = self._event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), self.interval)
        event.clear()

    def faster(self) -> float:
        smaller = [s for s in STEPS if s < self.interval]
        self.interval = smaller[-1] if smaller else STEPS[0]
        return self.interval

    def slower(self) -> float:
        larger = [s for s in STEPS if s > self.interval]
        self.interval = larger[0] if larger else STEPS[-1]
        return self.interval

    def set_interval(self, seconds: float) -> float:
        self.interval = clamp(seconds)
        self.wake()
        return self.interval


def clamp(seconds: float) -> float:
    return max(MIN_REFRESH, min(MAX_REFRESH, float(seconds)))
