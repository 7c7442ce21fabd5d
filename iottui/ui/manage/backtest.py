"""Rule backtest: how many alarms a rule would have opened over the last day and week.

Pure computation (no Textual, no I/O): the rule form fetches the history and hands it here.
Metric rules use :func:`iottui.api.conditions.metric_crossings` (the simulator's rule engine
uses the same function, so a backtest and the live engine agree, checkcount included). Each
threshold of a rule is evaluated on its own for each source. Device-offline rules are
backtested from gaps in the history of a device's fastest sensor: a gap longer than twice its
interval is read as the device being offline from one expected sample after the last one
until the next sample arrived.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from iottui.api.conditions import (
    ConditionError,
    metric_crossings,
    offline_crossings,
    parse_metric_condition,
    parse_offline_duration,
)
from iottui.api.enums import Severity
from iottui.api.models import Threshold, Value

DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
#: (label, span in ms), shortest first; the longest is what the form fetches.
DEFAULT_WINDOWS: tuple[tuple[str, int], ...] = (("last day", DAY_MS), ("last week", WEEK_MS))

Samples = Sequence[tuple[int, Value]]


@dataclass(frozen=True, slots=True)
class BacktestAlarm:
    """One alarm the rule would have opened."""

    source: str
    severity: Severity
    condition: str
    open_time: int
    close_time: int | None
    value: float | str | None = None


@dataclass(frozen=True, slots=True)
class BacktestReport:
    """Alarms opened inside the longest window (oldest first), the windows, and caveats."""

    now: int
    alarms: tuple[BacktestAlarm, ...] = ()
    windows: tuple[tuple[str, int], ...] = DEFAULT_WINDOWS
    notes: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    def count(self, span_ms: int) -> int:
        """Alarms opened within the last ``span_ms``."""
        start = self.now - span_ms
        return sum(1 for a in self.alarms if a.open_time >= start)

    def counts(self) -> list[tuple[str, int]]:
        return [(label, self.count(span)) for label, span in self.windows]


def _window_start(now: int, windows: Sequence[tuple[str, int]]) -> int:
    return now - max(span for _, span in windows)


def backtest_metric_rule(
    series: Mapping[str, Samples],
    thresholds: Sequence[Threshold],
    *,
    now: int,
    windows: Sequence[tuple[str, int]] = DEFAULT_WINDOWS,
) -> BacktestReport:
    """Backtest a metric rule.

    Args:
        series: Source label -> time-ordered (timestamp ms, value) samples.
        thresholds: The rule's thresholds (condition ``metric<op>number``, checkcount).
        now: The current time (the windows end here).
        windows: (label, span ms) windows to count alarms in.
    """
    start = _window_start(now, windows)
    alarms: list[BacktestAlarm] = []
    notes: list[str] = []
    errors: list[str] = []
    for n, threshold in enumerate(thresholds, 1):
        try:
            condition = parse_metric_condition(threshold.condition)
        except ConditionError as exc:
            errors.append(f"Threshold {n}: {exc}")
            continue
        checkcount = max(1, threshold.checkcount)
        for label, samples in series.items():
            ordered = sorted(samples, key=lambda s: s[0])
            for c in metric_crossings(ordered, condition, checkcount):
                if start <= c.open_time <= now:
                    alarms.append(
                        BacktestAlarm(
                            label,
                            threshold.severity,
                            str(condition),
                            c.open_time,
                            c.close_time,
                            c.value,
                        )
                    )
    for label, samples in series.items():
        if not samples:
            notes.append(f"{label}: no history in the last week, nothing to test against.")
        else:
            first = min(t for t, _ in samples)
            if first > start + DAY_MS:
                notes.append(f"{label}: history only starts at {first} (ms).")
    alarms.sort(key=lambda a: (a.open_time, a.source))
    return BacktestReport(now, tuple(alarms), tuple(windows), tuple(notes), tuple(errors))


def offline_spans(
    timestamps: Sequence[int], *, interval_ms: int, now: int
) -> list[tuple[int, int | None]]:
    """Offline spans read from gaps in a device's sample times.

    A gap longer than twice ``interval_ms`` between two samples is an offline span from one
    interval after the earlier sample to the later sample; if the last sample is older than
    that at ``now``, the device is still offline (end ``None``). The time before the first
    sample is not counted: history may simply start there.
    """
    if not timestamps:
        return []
    limit = 2 * max(interval_ms, 1)
    ordered = sorted(set(timestamps))
    spans: list[tuple[int, int | None]] = []
    for earlier, later in pairwise(ordered):
        if later - earlier > limit:
            spans.append((earlier + interval_ms, later))
    if now - ordered[-1] > limit:
        spans.append((ordered[-1] + interval_ms, None))
    return spans


def backtest_offline_rule(
    devices: Mapping[str, tuple[Sequence[int], int | None]],
    thresholds: Sequence[Threshold],
    *,
    now: int,
    windows: Sequence[tuple[str, int]] = DEFAULT_WINDOWS,
) -> BacktestReport:
    """Backtest a device-offline rule.

    Args:
        devices: Device label -> (sample timestamps of all its sensors, shortest sensor
            interval in ms, or None when the device has no sensors).
        thresholds: The rule's thresholds; the condition is the offline duration in minutes.
    """
    start = _window_start(now, windows)
    alarms: list[BacktestAlarm] = []
    notes: list[str] = []
    errors: list[str] = []
    for label, (stamps, interval) in devices.items():
        if interval is None:
            notes.append(
                f"{label}: can't be backtested — it has no sensors, so no history shows "
                "when it was offline."
            )
        elif not stamps:
            notes.append(
                f"{label}: can't be backtested — its sensors sent nothing in the last week."
            )
    for n, threshold in enumerate(thresholds, 1):
        try:
            minutes = parse_offline_duration(threshold.condition)
        except ConditionError as exc:
            errors.append(f"Threshold {n}: {exc}")
            continue
        for label, (stamps, interval) in devices.items():
            if interval is None or not stamps:
                continue
            spans = offline_spans(stamps, interval_ms=interval, now=now)
            for c in offline_crossings(spans, minutes, now):
                if start <= c.open_time <= now:
                    alarms.append(
                        BacktestAlarm(
                            label,
                            threshold.severity,
                            f"offline ≥ {threshold.condition} min",
                            c.open_time,
                            c.close_time,
                        )
                    )
    alarms.sort(key=lambda a: (a.open_time, a.source))
    return BacktestReport(now, tuple(alarms), tuple(windows), tuple(notes), tuple(errors))
