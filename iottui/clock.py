"""Clocks: one object tells the time to the simulator, the client's callers and the UI.

Everything that needs "now" takes a :class:`Clock`, so tests and snapshots run on a fixed or
accelerated clock and the figures they show are reproducible.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """A source of wall-clock time in epoch milliseconds."""

    def now_ms(self) -> int: ...


class SystemClock:
    """Real time."""

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that only moves when told to (tests, snapshots)."""

    def __init__(self, now_ms: int) -> None:
        self._now = now_ms
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        with self._lock:
            return self._now

    def advance(self, millis: int) -> int:
        """Move forward by ``millis`` and return the new time."""
        with self._lock:
            self._now += millis
            return self._now

    def set(self, now_ms: int) -> None:
        with self._lock:
            self._now = now_ms

    def __repr__(self) -> str:
        return f"FixedClock({self._now})"


class AcceleratedClock:
    """Time that runs ``factor`` times faster than real time from ``start_ms``."""

    def __init__(self, start_ms: int, factor: float) -> None:
        if factor <= 0:
            raise ValueError("factor must be positive")
        self._start = start_ms
        self._factor = factor
        self._origin = time.monotonic()

    def now_ms(self) -> int:
        return self._start + int((time.monotonic() - self._origin) * 1000 * self._factor)

    def __repr__(self) -> str:
        return f"AcceleratedClock({self._start}, factor={self._factor})"
