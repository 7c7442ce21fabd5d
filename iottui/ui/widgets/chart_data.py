"""What a history chart draws, and its time axis, apart from the chart widget so that computing
them does not import plotext (see :mod:`iottui.ui.widgets.chart`).

The time axis reads whatever times the server sent, 1970 to 2100: data near now is labelled
relative to now ("minutes ago", as an operator watching a machine reads it); data that is not
(a range far in the past, a server whose clock is off, points from the future) is labelled
with dates and times (UTC), never as millions of minutes ago.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
#: Tick steps of an absolute axis, each a round amount of time: ("ms", n) every n ms from
#: 1970 (seconds to weeks), ("month", n) every n-th month start, ("year", n) every n-th new year.
TIME_STEPS: tuple[tuple[str, int], ...] = (
    *(("ms", n * 1_000) for n in (1, 2, 5, 10, 15, 30)),
    *(("ms", n * 60_000) for n in (1, 2, 5, 10, 15, 30)),
    *(("ms", n * 3_600_000) for n in (1, 2, 3, 6, 12)),
    *(("ms", n * 86_400_000) for n in (1, 2, 7, 14)),
    *(("month", n) for n in (1, 2, 3, 6)),
    *(("year", n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)),
)
#: About how long each kind of step is (to guess the number of ticks before making them).
_STEP_MS = {"ms": 1, "month": 30 * 86_400_000, "year": 365 * 86_400_000}
#: The times a calendar can label (years 1 to 9999).
_FIRST_MS = -62_135_596_800_000
_LAST_MS = 253_402_300_799_999
#: Relative units: (ms, axis label); the first whose reach covers the data is used.
RELATIVE_UNITS: tuple[tuple[int, str, int], ...] = (
    (MINUTE, "minutes ago", 2 * HOUR),
    (HOUR, "hours ago", 2 * DAY),
    (DAY, "days ago", 62 * DAY),
)
#: Cells between two tick labels, and the most ticks an axis gets.
TICK_GAP = 3
MOST_TICKS = 8


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """A time axis: x of a time is ``(ms - origin) / scale``; ticks, their labels, the title."""

    origin: int
    scale: int
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    title: str
    low: float
    high: float

    def place(self, ms: int) -> float:
        return (ms - self.origin) / self.scale

    def places(self, stamps: Sequence[int]) -> list[float]:
        return [(ms - self.origin) / self.scale for ms in stamps]


def is_near(stamps: Sequence[int], now: int) -> bool:
    """Whether the points are close enough to ``now`` to be labelled relative to it: all in
    the past (a little clock skew aside), the oldest within the reach of a relative unit and
    within twice the points' own span (or two hours) of now."""
    if not stamps:
        return True
    low, high = min(stamps), max(stamps)
    if high > now + MINUTE:
        return False
    reach = now - low
    return reach <= max(2 * (high - low), 2 * HOUR) and reach <= RELATIVE_UNITS[-1][2]


def time_axis(stamps: Sequence[int], now: int, width: int) -> TimeAxis:
    """The axis for points at ``stamps`` (epoch ms) on a plot ``width`` cells wide."""
    if is_near(stamps, now):
        return _relative_axis(stamps, now, width)
    return _absolute_axis(stamps, width)


def _relative_axis(stamps: Sequence[int], now: int, width: int) -> TimeAxis:
    reach = now - min(stamps, default=now)
    unit, title = next(((u, t) for u, t, r in RELATIVE_UNITS if reach <= r), RELATIVE_UNITS[-1][:2])
    low = (min(stamps, default=now - unit) - now) / unit
    high = max((max(stamps, default=now) - now) / unit, 0.0)
    low = min(low, high - 1.0)  # at least one unit wide: a tick at a round number in it
    ticks, labels = _nice_ticks(low, high, width)
    return TimeAxis(now, unit, ticks, labels, title, low, high)


def _nice_ticks(low: float, high: float, width: int) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Ticks at round numbers (1, 2, 5 times a power of ten) between ``low`` and ``high``."""
    span = high - low
    label_cells = max(len(_number(low)), len(_number(high))) + 2
    most = _most(width, label_cells)
    power = 10 ** math.floor(math.log10(span / most)) if span > 0 else 1.0
    for factor in (1, 2, 5, 10, 20, 50):
        step = factor * power
        if span / step + 1 <= most:
            break
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + step * 1e-9:
        ticks.append(0.0 if abs(tick) < step * 1e-9 else tick)
        tick += step
    return tuple(ticks), tuple(_number(t) for t in ticks)


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _most(width: int, label_cells: int) -> int:
    return max(2, min(MOST_TICKS, width // (label_cells + TICK_GAP)))


def _absolute_axis(stamps: Sequence[int], width: int) -> TimeAxis:
    low, high = min(stamps), max(stamps)
    if high - low < SECOND:
        low, high = low - MINUTE, high + MINUTE
    span = high - low
    if low < _FIRST_MS or high > _LAST_MS:  # not calendar dates: a few even ticks, as numbers
        step = -(-span // 4)
        even = tuple(float(t) for t in range(low, high + 1, step))
        return TimeAxis(
            0, 1, even, tuple(_stamp(t, "") for t in even), "time (epoch ms)", low, high
        )
    same_year = _stamp(low, "%Y") == _stamp(high, "%Y")
    ticks: list[int] = [low]
    fmt = "%Y"
    for kind, size in TIME_STEPS:
        fmt = _format_for(kind, size, span, same_year)
        most = _most(width, len(_stamp(low, fmt)))
        if span / (size * _STEP_MS[kind]) + 1 > most + 1:
            continue
        ticks = _ticks(kind, size, low, high)
        if len(ticks) <= most:
            break
    ticks = ticks or [low]
    labels = tuple(_stamp(t, fmt) for t in ticks)
    title = _context(low, high, fmt)
    return TimeAxis(0, 1, tuple(float(t) for t in ticks), labels, title, low, high)


def _ticks(kind: str, size: int, low: int, high: int) -> list[int]:
    """The round times between ``low`` and ``high``: multiples of ``size`` ms from 1970, or the
    starts of every ``size``-th month or year."""
    if kind == "ms":
        return list(range(-(-low // size) * size, high + 1, size))
    first = datetime.fromtimestamp(low / 1000, tz=UTC)
    if kind == "month":
        index = first.year * 12 + first.month - 1
        index += -index % size
        months: list[int] = []
        while True:
            year, month = divmod(index, 12)
            if year > 9999:
                return months
            tick = _ms(datetime(year, month + 1, 1, tzinfo=UTC))
            if tick > high:
                return months
            if tick >= low:
                months.append(tick)
            index += size
    year = first.year + (-first.year % size)
    out: list[int] = []
    while year <= 9999:
        tick = _ms(datetime(year, 1, 1, tzinfo=UTC))
        if tick > high:
            break
        if tick >= low:
            out.append(tick)
        year += size
    return out


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _format_for(kind: str, size: int, span: int, same_year: bool) -> str:
    """The strftime format of tick labels on an axis ``span`` ms long."""
    if kind == "year":
        return "%Y"
    if kind == "month":
        return "%Y-%m"
    if size < MINUTE:
        return "%H:%M:%S"
    if size < DAY:
        return "%H:%M" if span < DAY else "%m-%d %H:%M"
    return "%m-%d" if same_year else "%Y-%m-%d"


def _context(low: int, high: int, fmt: str) -> str:
    """The axis title: what the labels leave out (the day, or the year), and the zone."""
    if "%Y" in fmt:
        return "UTC"
    first, last = _stamp(low, "%Y-%m-%d"), _stamp(high, "%Y-%m-%d")
    if "%d" not in fmt:
        return f"{first} UTC" if first == last else f"{first} – {last} UTC"
    return f"{first[:4]} UTC" if first[:4] == last[:4] else f"{first[:4]}–{last[:4]} UTC"


def _stamp(ms: float, fmt: str) -> str:
    if not fmt:
        return f"{ms:.0f}"
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime(fmt)
    except (OverflowError, OSError, ValueError):
        return f"{ms:.0f}"  # beyond what a calendar date can show: the number itself


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the chart draws: the points' times (epoch ms) and values, ``now`` being when."""

    title: str = ""
    stamps: tuple[int, ...] = ()
    ys: tuple[float, ...] = ()
    now: int = 0
    thresholds: tuple[tuple[float, int], ...] = ()
    message: str = ""
    extra: tuple[str, ...] = field(default=())

    def axis(self, width: int = 80) -> TimeAxis:
        return time_axis(self.stamps, self.now, width)

    @property
    def xlabel(self) -> str:
        """The time axis' title ("minutes ago", "2019-03-04 UTC", ...)."""
        return self.axis().title
