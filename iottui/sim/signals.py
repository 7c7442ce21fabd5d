"""Deterministic signals: a metric's value at time t, and a device's online/offline schedule.

Nothing is stored: every sample is a pure function of ``(seed, metric key, t)``, so ``/data`` can
answer any range, ``/lastvalues`` is "the latest sample before now", and the rule engine, the
benchmarks and the tests all see the same numbers. Signals have a daily cycle, slow drift, noise,
short spikes and occasional anomaly windows that push a value past the thresholds the generated
rules use. Status strings and booleans change over time too.

Samples of a sensor fall on ``k * period + phase`` (``phase`` a stable function of the sensor),
and a device produces no samples while it is offline.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE

_MASK = (1 << 64) - 1
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
MINUTE_MS = 60_000
#: Length of an online/offline schedule slot.
SLOT_MS = 2 * HOUR_MS

SampleValue = float | int | str | bool
#: Later than any clock (an "until" that never comes).
_FOREVER = 1 << 62


def mix64(x: int) -> int:
    """SplitMix64 finaliser: a fast, well-spread 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def unit(key: int, *parts: int) -> float:
    """A deterministic number in [0, 1) from a key and some integers."""
    h = key & _MASK
    for p in parts:
        h = mix64(h ^ (p & _MASK))
    return (h >> 11) / float(1 << 53)


@lru_cache(maxsize=65536)
def key_of(text: str) -> int:
    """A stable 64-bit key of a text (independent of PYTHONHASHSEED)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def metric_key(seed: int, sensor_id: int, metric_id: str) -> int:
    return key_of(f"{seed}:{sensor_id}:{metric_id}")


def device_key(seed: int, device_id: int) -> int:
    return key_of(f"{seed}:device:{device_id}")


@dataclass(frozen=True, slots=True)
class Profile:
    """How a kind of metric behaves.

    ``anomaly_level`` is where the value sits during an anomaly window; generated rules put
    their thresholds between the normal range and it.
    """

    base: float
    daily: float = 0.0
    noise: float = 0.0
    drift: float = 0.0
    spike_prob: float = 0.0
    spike: float = 0.0
    anomaly_prob: float = 0.0
    anomaly_level: float | None = None
    lo: float = -math.inf
    hi: float = math.inf
    decimals: int = 2
    spread: float = 0.0  # per-metric offset of the base, +- spread


PROFILES: dict[str, Profile] = {
    "cpu": Profile(28, 14, 4, 6, 0.01, 40, 0.05, 96, 0, 100, 1, 8),
    "cpu_small": Profile(6, 3, 1.5, 1, 0.01, 10, 0.03, 30, 0, 100, 1, 2),
    "memory": Profile(52, 6, 2, 8, 0.0, 0, 0.04, 93, 0, 100, 1, 10),
    "memory_mb": Profile(1800, 250, 60, 200, 0.0, 0, 0.03, 180, 0, 16000, 0, 400),
    "load": Profile(0.8, 0.5, 0.15, 0.3, 0.01, 2, 0.04, 4.5, 0, 64, 2, 0.3),
    "temperature": Profile(42, 7, 0.6, 3, 0.005, 8, 0.05, 78, -40, 150, 1, 6),
    "humidity": Profile(48, 9, 1.2, 5, 0.0, 0, 0.03, 91, 0, 100, 1, 6),
    "pressure": Profile(101_300, 120, 25, 300, 0.0, 0, 0.02, 98_200, 80_000, 120_000, 0, 400),
    "vibration": Profile(2.5, 0.8, 0.35, 0.4, 0.02, 4, 0.05, 12.5, 0, 50, 2, 0.8),
    "power": Profile(420, 140, 12, 40, 0.01, 300, 0.03, 1250, 0, 5000, 0, 120),
    "voltage": Profile(230, 1.5, 0.8, 1, 0.005, -25, 0.02, 198, 0, 400, 1, 0),
    "current": Profile(1.9, 0.6, 0.05, 0.2, 0.01, 1.5, 0.03, 5.6, 0, 32, 2, 0.4),
    "speed": Profile(12, 6, 1.5, 2, 0.01, 8, 0.03, 34, 0, 60, 1, 3),
    "latitude": Profile(48.1, 0, 0.0004, 0.01, 0, 0, 0, None, -90, 90, 5, 4),
    "longitude": Profile(11.5, 0, 0.0004, 0.01, 0, 0, 0, None, -180, 180, 5, 6),
    "generic": Profile(50, 10, 2, 5, 0.01, 20, 0.03, 95, -1e9, 1e9, 2, 10),
}

STATUS_VALUES = ("OK", "OK", "OK", "OK", "IDLE", "WARN", "MAINTENANCE")
STATUS_ANOMALY = "ERROR"


def kind_for(name: str, value_type: str, value_unit: str | None, annotation: str | None) -> str:
    """Guess a signal kind for a metric a user created (by type, unit and name)."""
    vt = (value_type or "").lower()
    if vt == "string":
        return "status"
    if vt in ("bool", "boolean"):
        return "bool"
    text = f"{name} {value_unit or ''} {annotation or ''}".lower()
    for word, kind in (
        ("temp", "temperature"),
        ("celsius", "temperature"),
        ("humid", "humidity"),
        ("pascal", "pressure"),
        ("pressure", "pressure"),
        ("vib", "vibration"),
        ("watt", "power"),
        ("power", "power"),
        ("volt", "voltage"),
        ("ampere", "current"),
        ("current", "current"),
        ("lat", "latitude"),
        ("lng", "longitude"),
        ("lon", "longitude"),
        ("speed", "speed"),
        ("velocity", "speed"),
        ("cpu", "cpu"),
        ("load", "load"),
        ("mem", "memory"),
    ):
        if word in text:
            return kind
    return "generic"


@lru_cache(maxsize=262144)
def _anomaly_window(key: int, hour: int, prob: float) -> tuple[int, int] | None:
    if prob <= 0 or unit(key, hour, 2) >= prob:
        return None
    start = hour * HOUR_MS + int(unit(key, hour, 3) * 35 * MINUTE_MS)
    length = 6 * MINUTE_MS + int(unit(key, hour, 4) * 18 * MINUTE_MS)
    return start, start + length


def _anomaly(key: int, t: int, prob: float) -> bool:
    """Whether t falls in this metric's anomaly window of its hour (if the hour has one)."""
    window = _anomaly_window(key, t // HOUR_MS, prob)
    return window is not None and window[0] <= t < window[1]


@lru_cache(maxsize=65536)
def _constants(key: int, kind: str) -> tuple[Profile, float, float, float, float]:
    """Per-metric constants: profile, base, daily phase and the two drift phases."""
    p = PROFILES.get(kind, PROFILES["generic"])
    base = p.base + p.spread * (2 * unit(key, 0, 9) - 1)
    return p, base, 0.1 * unit(key, 0, 5), unit(key, 0, 6), unit(key, 0, 7)


_TWO_PI = 2 * math.pi


def numeric_value(kind: str, key: int, t: int) -> float:
    """The numeric value of a metric of this kind at time t (ms)."""
    p, base, phase, ph1, ph2 = _constants(key, kind)
    noise = p.noise * (2 * unit(key, t, 1) - 1) if p.noise else 0.0
    if p.anomaly_level is not None and _anomaly(key, t, p.anomaly_prob):
        value = p.anomaly_level + noise * 2
    else:
        day = (t % DAY_MS) / DAY_MS
        value = base + noise
        if p.daily:
            value += p.daily * math.sin(_TWO_PI * (day - 0.3 + phase))
        if p.drift:
            d1 = math.sin(_TWO_PI * (t / (3.3 * DAY_MS) + ph1))
            d2 = math.sin(_TWO_PI * (t / (11.7 * DAY_MS) + ph2))
            value += p.drift * (d1 + 0.5 * d2) / 1.5
        if p.spike_prob > 0 and unit(key, t, 8) < p.spike_prob:
            value += p.spike * (0.5 + 0.5 * unit(key, t, 10))
    value = min(p.hi, max(p.lo, value))
    return round(value, p.decimals)


def value_at(kind: str, key: int, t: int, value_type: str = DEFAULT_VALUE_TYPE) -> SampleValue:
    """A metric's sample at time t: a float, int, bool or status string by kind and type."""
    if kind == "status" or value_type == "string":
        if _anomaly(key, t, 0.04):
            return STATUS_ANOMALY
        slot = t // (20 * MINUTE_MS)
        return STATUS_VALUES[int(unit(key, slot, 11) * len(STATUS_VALUES))]
    if kind == "bool" or value_type in ("bool", "boolean"):
        slot = t // (15 * MINUTE_MS)
        return unit(key, slot, 12) < 0.8
    number = numeric_value(kind, key, t)
    if value_type == "integer":
        return round(number)
    return number


_TWO53 = float(1 << 53)


def sampler(
    kind: str, key: int, value_type: str = DEFAULT_VALUE_TYPE
) -> Callable[[int], SampleValue]:
    """:func:`value_at` for one metric with its constants bound: ``sampler(k, key, vt)(t) ==
    value_at(k, key, t, vt)`` for every t, but cheaper per sample (the rule engine's replay
    evaluates tens of thousands of samples at start)."""
    if kind in ("status", "bool") or value_type in ("string", "bool", "boolean"):
        return lambda t: value_at(kind, key, t, value_type)
    p, base, phase, ph1, ph2 = _constants(key, kind)
    k = key & _MASK
    noise_amp, daily, drift = p.noise, p.daily, p.drift
    spike_prob, spike = p.spike_prob, p.spike
    anomaly_level, anomaly_prob = p.anomaly_level, p.anomaly_prob
    lo, hi, decimals = p.lo, p.hi, p.decimals
    integer = value_type == "integer"
    sin = math.sin
    # The anomaly window of the hour last asked about (samples come in time order).
    last: list[Any] = [None, None]

    def sample(t: int) -> SampleValue:
        # h0 = mix64(k ^ t), shared by the noise and the spike draws (mix64 inlined)
        x = ((k ^ (t & _MASK)) + 0x9E3779B97F4A7C15) & _MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
        h0 = x ^ (x >> 31)
        if noise_amp:
            x = ((h0 ^ 1) + 0x9E3779B97F4A7C15) & _MASK
            x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
            x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
            noise = noise_amp * (2 * (((x ^ (x >> 31)) >> 11) / _TWO53) - 1)
        else:
            noise = 0.0
        anomalous = False
        if anomaly_level is not None:
            hour = t // HOUR_MS
            if last[0] != hour:
                last[0], last[1] = hour, _anomaly_window(key, hour, anomaly_prob)
            window = last[1]
            anomalous = window is not None and window[0] <= t < window[1]
        if anomalous:
            assert anomaly_level is not None
            value = anomaly_level + noise * 2
        else:
            day = (t % DAY_MS) / DAY_MS
            value = base + noise
            if daily:
                value += daily * sin(_TWO_PI * (day - 0.3 + phase))
            if drift:
                d1 = sin(_TWO_PI * (t / (3.3 * DAY_MS) + ph1))
                d2 = sin(_TWO_PI * (t / (11.7 * DAY_MS) + ph2))
                value += drift * (d1 + 0.5 * d2) / 1.5
            if spike_prob > 0 and (mix64(h0 ^ 8) >> 11) / _TWO53 < spike_prob:
                value += spike * (0.5 + 0.5 * ((mix64(h0 ^ 10) >> 11) / _TWO53))
        number = round(min(hi, max(lo, value)), decimals)
        return round(number) if integer else number

    return sample


def never_reaches(
    kind: str, key: int, value_type: str, op: str, threshold: float
) -> Callable[[int], bool] | None:
    """A cheap test ``t -> True`` only if the sample at t certainly does not satisfy
    ``value <op> threshold`` (None where no such test applies).

    Outside its anomaly window and without a spike, a numeric metric stays within
    ``base +- (noise + daily + drift)``, clamped, then rounded (by at most 0.5 to its decimals
    and again to an integer). Generated rules put their thresholds beyond that range, so the
    rule engine's replay need not compute most samples: only those in anomaly windows or with
    a spike (when a spike could reach the threshold) can match.
    """
    if kind in ("status", "bool") or value_type in ("string", "bool", "boolean"):
        return None
    if op not in (">", ">=", "<", "<="):
        return None
    p, base, _phase, _ph1, _ph2 = _constants(key, kind)
    reach = p.noise + p.daily + p.drift
    margin = 1.01  # the two roundings (0.5 each at most), and room for float error
    low = min(p.hi, max(p.lo, base - reach)) - margin
    high = min(p.hi, max(p.lo, base + reach)) + margin
    spike_low = min(0.0, p.spike) if p.spike_prob > 0 else 0.0
    spike_high = max(0.0, p.spike) if p.spike_prob > 0 else 0.0
    upward = op in (">", ">=")
    if (high >= threshold) if upward else (low <= threshold):
        return None  # the normal range reaches the threshold: every sample counts
    spikes_matter = (
        high + spike_high >= threshold
        if upward
        else min(p.hi, max(p.lo, base - reach + spike_low)) - margin <= threshold
    )
    k = key & _MASK
    spike_prob = p.spike_prob
    anomaly_level, anomaly_prob = p.anomaly_level, p.anomaly_prob
    last: list[Any] = [None, None]

    def rejects(t: int) -> bool:
        if anomaly_level is not None:
            hour = t // HOUR_MS
            if last[0] != hour:
                last[0], last[1] = hour, _anomaly_window(key, hour, anomaly_prob)
            window = last[1]
            if window is not None and window[0] <= t < window[1]:
                return False
        if spikes_matter:
            return not (mix64(mix64(k ^ (t & _MASK)) ^ 8) >> 11) / _TWO53 < spike_prob
        return True

    return rejects


# --- sampling times -------------------------------------------------------------------------


def sensor_phase(seed: int, sensor_id: int, period_ms: int) -> int:
    return key_of(f"{seed}:phase:{sensor_id}") % max(1, period_ms)


def sample_times(period_ms: int, phase: int, start: int, end: int) -> range:
    """Sample instants ``k * period + phase`` within ``[start, end]`` (inclusive)."""
    period_ms = max(1, period_ms)
    first = -((phase - start) // period_ms)  # ceil((start - phase) / period)
    last = (end - phase) // period_ms
    if last < first:
        return range(0)
    return range(first * period_ms + phase, last * period_ms + phase + 1, period_ms)


def last_sample_time(period_ms: int, phase: int, at: int) -> int:
    """The latest sample instant at or before ``at``."""
    period_ms = max(1, period_ms)
    return ((at - phase) // period_ms) * period_ms + phase


# --- device schedules -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Schedule:
    """A device's availability: ``offline_prob`` per 2-hour slot, or offline for good since
    ``offline_since`` (epoch ms)."""

    key: int
    offline_prob: float = 0.02
    offline_since: int | None = None

    def _slot_span(self, slot: int) -> tuple[int, int] | None:
        if unit(self.key, slot, 20) >= self.offline_prob:
            return None
        start = slot * SLOT_MS + 10 * MINUTE_MS + int(unit(self.key, slot, 21) * 60 * MINUTE_MS)
        length = 5 * MINUTE_MS + int(unit(self.key, slot, 22) * 45 * MINUTE_MS)
        return start, start + length

    def is_online(self, t: int) -> bool:
        if self.offline_since is not None and t >= self.offline_since:
            return False
        span = self._slot_span(t // SLOT_MS)
        return span is None or not (span[0] <= t < span[1])

    def online_until(self, t: int) -> tuple[bool, int]:
        """Whether the device is online at ``t``, and an instant after ``t`` before which that
        does not change (the next possible change: a span edge, slot end or ``offline_since``).
        """
        since = self.offline_since
        if since is not None and t >= since:
            return False, _FOREVER
        slot = t // SLOT_MS
        span = self._slot_span(slot)
        if span is not None and span[0] <= t < span[1]:
            online, until = False, span[1]
        elif span is not None and t < span[0]:
            online, until = True, span[0]
        else:
            online, until = True, (slot + 1) * SLOT_MS
        if since is not None and since < until:
            until = since
        return online, until

    def offline_spans(self, start: int, end: int) -> list[tuple[int, int | None]]:
        """Offline spans ``(from, to)`` overlapping ``[start, end]``; ``to`` is None for an
        outage that has not ended."""
        spans: list[tuple[int, int | None]] = []
        stop = end
        if self.offline_since is not None:
            stop = min(end, self.offline_since)
        for slot in range(start // SLOT_MS, stop // SLOT_MS + 1):
            span = self._slot_span(slot)
            if span is None:
                continue
            s, e = span
            if self.offline_since is not None and e > self.offline_since:
                e = self.offline_since
            if s < e and e > start and s <= end and s < stop:
                spans.append((s, e))
        if self.offline_since is not None and self.offline_since <= end:
            spans.append((self.offline_since, None))
        return spans

    def online_times(self, times: range) -> Iterator[int]:
        """The instants of ``times`` at which the device is online."""
        if not times:
            return
        blocked = self.offline_spans(times[0], times[-1])
        if not blocked:
            yield from times
            return
        idx = 0
        for t in times:
            while idx < len(blocked):
                s, e = blocked[idx]
                if e is not None and t >= e:
                    idx += 1
                    continue
                break
            if idx < len(blocked):
                s, e = blocked[idx]
                if s <= t and (e is None or t < e):
                    continue
            yield t

    def last_online_at_or_before(self, t: int) -> int | None:
        """The latest instant <= t at which the device was online (None if never)."""
        if self.offline_since is not None and t >= self.offline_since:
            t = self.offline_since - 1
        span = self._slot_span(t // SLOT_MS)
        if span is not None and span[0] <= t < span[1]:
            t = span[0] - 1
        return t
