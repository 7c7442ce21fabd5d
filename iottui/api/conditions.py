"""Rule conditions: parsing, validation and evaluation, shared by the client, the simulator's
rule engine and the rule backtest, so all three agree on what a condition means.

A metric rule's condition is ``metric<op>number`` with ``op`` one of ``> >= < <= == !=``
(``metric==1``, ``metric>=60``). A device-offline rule's condition is a positive duration
(the document's example is ``"22"``; the simulator and backtest read it as minutes).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from iottui.api.domain.defaults import DEFAULT_CHECKCOUNT
from iottui.api.domain.streak import StreakTracker

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}

_METRIC_RE = re.compile(
    r"^\s*metric\s*(>=|<=|==|!=|>|<)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$"
)
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")


class ConditionError(ValueError):
    """A condition string is not valid for its rule type."""


@dataclass(frozen=True, slots=True)
class MetricCondition:
    """``metric <op> threshold``."""

    op: str
    threshold: float

    def matches(self, value: float | int | str | None) -> bool:
        """Whether a sample meets the condition; non-numeric samples never do."""
        number = to_number(value)
        if number is None:
            return False
        return _OPS[self.op](number, self.threshold)

    def __str__(self) -> str:
        return f"metric{self.op}{format_number(self.threshold)}"


def parse_metric_condition(text: str) -> MetricCondition:
    """Parse ``metric>=60``; raises :class:`ConditionError` with a helpful message."""
    match = _METRIC_RE.match(text or "")
    if not match:
        raise ConditionError(
            f"condition {text!r} is not of the form metric<op>number "
            "with op one of > >= < <= == != (e.g. metric>=60)"
        )
    threshold = float(match.group(2))
    if not math.isfinite(threshold):
        raise ConditionError(f"condition {text!r} needs a finite number")
    return MetricCondition(match.group(1), threshold)


def parse_offline_duration(text: str | int | float) -> float:
    """Parse a device-offline rule's duration (a positive number, in minutes)."""
    match = _DURATION_RE.match(str(text))
    if not match or float(match.group(1)) <= 0:
        raise ConditionError(
            f"offline duration {text!r} must be a positive number of minutes (e.g. 22)"
        )
    return float(match.group(1))


def to_number(value: object) -> float | None:
    """A sample as a float, accepting numbers as strings and booleans; None if not numeric."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "false"):
            return 1.0 if text == "true" else 0.0
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def format_number(value: float) -> str:
    """``60.0`` -> ``"60"``, ``41.5`` -> ``"41.5"``."""
    return str(int(value)) if value.is_integer() else repr(value)


@dataclass(frozen=True, slots=True)
class Crossing:
    """One alarm a rule would open: when it opened, when it recovered (None if still open)."""

    open_time: int
    close_time: int | None
    value: float | str | None


def metric_crossings(
    samples: Iterable[tuple[int, float | int | str | None]],
    condition: MetricCondition,
    checkcount: int = DEFAULT_CHECKCOUNT,
) -> list[Crossing]:
    """Alarms a metric rule opens over time-ordered samples.

    An alarm opens at the ``checkcount``-th consecutive matching sample and recovers at the first
    sample that no longer matches: :class:`~iottui.api.domain.streak.StreakTracker`, which the
    simulator's rule engine steps too, so the backtest and the engine agree.
    """
    if checkcount < 1:
        raise ConditionError("checkcount must be at least 1")
    crossings: list[Crossing] = []
    tracker = StreakTracker(checkcount)
    open_at: tuple[int, float | int | str | None] | None = None
    for timestamp, value in samples:
        step = tracker.step(condition.matches(value))
        if step == "open":
            open_at = (timestamp, value)
        elif step == "close" and open_at is not None:
            crossings.append(Crossing(open_at[0], timestamp, _plain(open_at[1])))
            open_at = None
    if open_at is not None:
        crossings.append(Crossing(open_at[0], None, _plain(open_at[1])))
    return crossings


def offline_crossings(
    offline_spans: Sequence[tuple[int, int | None]], duration_minutes: float, now: int
) -> list[Crossing]:
    """Alarms a device-offline rule opens for (start, end) offline spans in epoch ms.

    An alarm opens once a device has been offline for the duration and recovers when it comes
    back online (``end``; ``None`` while it is still offline at ``now``).
    """
    limit = int(duration_minutes * 60_000)
    result: list[Crossing] = []
    for start, end in offline_spans:
        stop = now if end is None else end
        if stop - start >= limit:
            result.append(Crossing(start + limit, end, None))
    return result


def _plain(value: float | int | str | None) -> float | str | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int):
        return float(value)
    return value
