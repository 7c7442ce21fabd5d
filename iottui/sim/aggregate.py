"""Aggregation of samples per period: MIN, MAX, AVG, STDEV, COUNT (numpy-free).

Buckets are aligned on the start of the requested range: bucket ``i`` covers
``[start + i*period, start + (i+1)*period)`` and is reported at its start. Empty buckets are
left out. STDEV is the population standard deviation. Non-numeric samples (status strings)
count for COUNT only; a bucket with no numeric sample has no MIN/MAX/AVG/STDEV.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from iottui.api.conditions import to_number

FUNCS = ("MIN", "MAX", "AVG", "STDEV", "COUNT")


def apply(func: str, values: Sequence[object]) -> float | int | None:
    """One aggregate of some samples; None when it is undefined (no numeric sample)."""
    name = func.upper()
    if name not in FUNCS:
        raise ValueError(f"unknown aggregation {func!r} (one of {', '.join(FUNCS)})")
    if name == "COUNT":
        return len(values)
    numbers = [n for n in (to_number(v) for v in values) if n is not None]
    if not numbers:
        return None
    if name == "MIN":
        return min(numbers)
    if name == "MAX":
        return max(numbers)
    mean = math.fsum(numbers) / len(numbers)
    if name == "AVG":
        return mean
    return math.sqrt(math.fsum((x - mean) ** 2 for x in numbers) / len(numbers))


def aggregate(
    samples: Iterable[tuple[int, object]], func: str, start: int, period: int
) -> list[tuple[int, float | int]]:
    """Aggregate time-ordered ``(timestamp, value)`` samples per ``period`` ms from ``start``.

    Returns ``(bucket start, aggregate)`` pairs for buckets that have a defined aggregate.
    """
    if period <= 0:
        raise ValueError("period must be positive")
    out: list[tuple[int, float | int]] = []
    bucket: int | None = None
    values: list[object] = []
    for t, v in samples:
        b = (t - start) // period
        if bucket is not None and b != bucket:
            _flush(out, func, start + bucket * period, values)
            values = []
        bucket = b
        values.append(v)
    if bucket is not None:
        _flush(out, func, start + bucket * period, values)
    return out


def _flush(out: list[tuple[int, float | int]], func: str, ts: int, values: list[object]) -> None:
    result = apply(func, values)
    if result is not None:
        out.append((ts, _round(result)))


def _round(value: float | int) -> float | int:
    if isinstance(value, int):
        return value
    return round(value, 6)
