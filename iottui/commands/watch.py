"""Following the server from scripts: ``iottui alarms watch`` and ``iottui values --follow``.

The shared core is headless and has no opinion about what it polls:

* :class:`PollLoop` calls a fetch function every ``interval`` seconds. A *transient* error
  (connection refused or lost, timeout, HTTP 5xx or 429, an unreadable answer) starts an
  outage: it is reported once, then the loop retries with exponential back-off (a 429's
  ``Retry-After`` is honoured) until a poll succeeds, which is reported as the recovery. Any
  other error (a wrong key, a 404) ends the loop: retrying cannot help. Sleep and clock are
  injected, so tests run it on a simulated clock.
* :class:`AlarmTracker` and :class:`ValueTracker` turn successive snapshots into events.
* :class:`EventStream` writes one line per event, flushed at once, and notices a reader that
  went away (``| head``): the command then ends quietly with exit status 0.

Alarms are polled as two lists: the open alarms, and the alarms closed since the last poll
(by open time, with a margin). The second list is what makes every alarm get exactly one
``opened`` and one ``closed``, including one that opened and closed between two polls or
during an outage. The open window always reaches back to the oldest alarm still open, so an
alarm open for longer than the server's default 30 days is not mistaken for closed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import json
import os
import select
import stat
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Final, Generic, Literal, TypeVar

from iottui.api.enums import AlarmStatus, Severity
from iottui.api.errors import (
    APIConnectionError,
    IoTError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
from iottui.api.models import Alarm, LastValues, Value
from iottui.api.problems import problems_of
from iottui.clock import Clock
from iottui.commands._core import CLOCK, Ctx
from iottui.commands._output import _C1_IN_JSON, format_time, format_value, safe_text, to_data
from iottui.commands._parse import parse_enum
from iottui.config.model import DEFAULT_REFRESH, MAX_REFRESH, MIN_REFRESH

__all__ = [
    "AlarmEvent",
    "AlarmTracker",
    "Backoff",
    "EventStream",
    "PollLoop",
    "StreamClosed",
    "ValueChange",
    "ValueTracker",
    "is_transient",
]

S = TypeVar("S")
T = TypeVar("T")

#: The server's default alarm window (the API document: the last 30 days).
ALARM_WINDOW_MS: Final = 30 * 24 * 3600 * 1000
#: Longest pause between two attempts during an outage, in seconds.
MAX_BACKOFF: Final = 60.0


def is_transient(error: BaseException) -> bool:
    """Whether retrying later may help: connection problems, timeouts, 5xx, 429, garbage."""
    return isinstance(
        error, APIConnectionError | ServerError | RateLimitError | ResponseFormatError
    )


def one_line(error: BaseException) -> str:
    """An error as one line of text, control characters made visible."""
    return safe_text(" ".join(str(error).split()) or type(error).__name__)


@dataclass(slots=True)
class Backoff:
    """Delays between attempts during an outage: ``interval``, then doubling up to ``maximum``."""

    interval: float
    maximum: float = MAX_BACKOFF
    failures: int = 0

    def next_delay(self, error: BaseException | None = None) -> float:
        """Count one more failure and answer how long to wait before the next attempt."""
        self.failures += 1
        delay = min(self.maximum, self.interval * 2.0 ** (self.failures - 1))
        if isinstance(error, RateLimitError) and error.retry_after and error.retry_after > 0:
            delay = max(delay, min(error.retry_after, self.maximum))
        return delay

    def reset(self) -> None:
        self.failures = 0


class StreamClosed(Exception):
    """The reader of the output went away (``| head`` exited)."""


@dataclass(frozen=True, slots=True)
class Outage:
    """A poll failed after the previous one succeeded."""

    at: int
    error: BaseException


@dataclass(frozen=True, slots=True)
class Recovery:
    """A poll succeeded after an outage."""

    at: int
    failed_polls: int
    down_ms: int


class PollLoop(Generic[S]):
    """Poll ``fetch`` every ``interval`` seconds until ``stop()`` says so.

    Args:
        fetch: One poll: answers a snapshot or raises an :class:`IoTError`.
        interval: Seconds between the starts of two successful polls.
        clock: Tells "now" for events (epoch milliseconds).
        sleep: Waits a number of seconds (``asyncio.sleep``; tests pass their own).
        stop: Checked before every poll and after every wait (e.g. "stdout closed").
    """

    def __init__(
        self,
        fetch: Callable[[], Awaitable[S]],
        *,
        interval: float,
        clock: Clock,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        stop: Callable[[], bool] = lambda: False,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        self.fetch = fetch
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self.stop = stop
        self.backoff = Backoff(interval, max(max_backoff, interval))
        self.polls = 0

    async def run(
        self,
        on_snapshot: Callable[[S], None],
        on_outage: Callable[[Outage, float], None],
        on_recovery: Callable[[Recovery], None],
        *,
        polls: int | None = None,
    ) -> None:
        """Poll until stopped (or ``polls`` attempts, for tests). A permanent error propagates."""
        outage: Outage | None = None
        while not self.stop() and (polls is None or self.polls < polls):
            self.polls += 1
            try:
                snapshot = await self.fetch()
            except IoTError as exc:
                if not is_transient(exc):
                    raise
                delay = self.backoff.next_delay(exc)
                if outage is None:
                    outage = Outage(self.clock.now_ms(), exc)
                    on_outage(outage, delay)
            else:
                if outage is not None:
                    now = self.clock.now_ms()
                    on_recovery(Recovery(now, self.backoff.failures, now - outage.at))
                    outage = None
                self.backoff.reset()
                on_snapshot(snapshot)
                delay = self.interval
            if self.stop() or (polls is not None and self.polls >= polls):
                return
            await self.sleep(delay)


# --- output ------------------------------------------------------------------------------------


def _pipe_closed(stream: IO[str]) -> bool:
    """True when ``stream`` is a pipe whose reader has gone (poll reports an error on it)."""
    poll = getattr(select, "poll", None)
    if poll is None:  # pragma: no cover - Windows: found on the next write instead
        return False
    try:
        fd = stream.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return False
        poller = poll()
        poller.register(fd, 0)  # errors and hang-ups are always reported
        return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return False


def dumps_line(data: Any) -> str:
    """One line of JSON (NDJSON), control characters escaped as in ``--json`` output."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _C1_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class EventStream:
    """Writes event lines to ``out`` (flushed one by one) and notes to ``err``."""

    def __init__(self, out: IO[str], err: IO[str]) -> None:
        self.out = out
        self.err = err
        self.closed = False

    def line(self, text: str) -> None:
        try:
            self.out.write(text + "\n")
            self.out.flush()
        except BrokenPipeError:
            self.closed = True
            raise StreamClosed from None
        except ValueError:  # the stream was closed under us
            self.closed = True
            raise StreamClosed from None

    def json(self, data: Mapping[str, Any]) -> None:
        self.line(dumps_line(data))

    def note(self, text: str) -> None:
        """A line on stderr (never mixed into the event stream)."""
        try:
            self.err.write(safe_text(text) + "\n")
            self.err.flush()
        except (BrokenPipeError, ValueError):
            pass

    def reader_gone(self) -> bool:
        if not self.closed and _pipe_closed(self.out):
            self.closed = True
        return self.closed


def quiet_stdout() -> None:
    """After the reader went away: point stdout at /dev/null so the interpreter's final flush
    of what is still buffered does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def outage_note(command: str, outage: Outage, retry_in: float) -> str:
    return (
        f"iottui: warning: {command}: {one_line(outage.error)}; "
        f"retrying with back-off (next in {retry_in:g}s, at most {MAX_BACKOFF:g}s apart)"
    )


def recovery_note(command: str, recovery: Recovery) -> str:
    return (
        f"iottui: {command}: reconnected after {recovery.down_ms / 1000:g}s "
        f"({recovery.failed_polls} failed poll{'s' if recovery.failed_polls != 1 else ''})"
    )


# --- alarms ----------------------------------------------------------------------------------

AlarmEventKind = Literal["opened", "closed", "changed"]
AlarmKey = tuple[str, str, int]


def alarm_key(alarm: Alarm) -> AlarmKey:
    """An alarm's identity: its id; one without an id (kept by the parser though unreadable)
    by its source and open time."""
    if alarm.id:
        return (alarm.id, "", 0)
    return ("", alarm.source.source_key if alarm.source is not None else "", alarm.open_time)


def _value(alarm: Alarm) -> str | None:
    return alarm.source.details.value if alarm.source is not None else None


@dataclass(frozen=True, slots=True)
class AlarmEvent:
    """One change of one alarm. ``at`` is when it happened: the alarm's open time, its close
    time, or (a change, or a close the server gave no time for) the poll that saw it."""

    event: AlarmEventKind
    at: int
    alarm: Alarm
    initial: bool = False
    #: For ``changed``: which of ``severity`` and ``value`` changed.
    fields: tuple[str, ...] = ()

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event": self.event, "at": self.at, "initial": self.initial}
        if self.event == "changed":
            out["changed"] = list(self.fields)
        out["alarm"] = to_data(self.alarm)
        return out


_ORDER: Final = {"opened": 0, "changed": 1, "closed": 2}


@dataclass(slots=True)
class AlarmTracker:
    """Turns (open alarms, recently closed alarms) snapshots into events.

    Args:
        severities: Only events of alarms with one of these severities (before or after a
            change); all when empty.
    """

    severities: frozenset[Severity] = frozenset()
    open: dict[AlarmKey, Alarm] = field(default_factory=dict)
    #: Closed alarms already accounted for (seen closed, or reported closed) -> open time.
    closed: dict[AlarmKey, int] = field(default_factory=dict)
    started: bool = False

    def _wanted(self, *alarms: Alarm | None) -> bool:
        return not self.severities or any(
            a is not None and a.severity in self.severities for a in alarms
        )

    def window_start(self, now: int, since: int | None) -> int:
        """Where the open list must start: 30 days back, or the oldest alarm still open."""
        oldest = min((a.open_time for a in self.open.values()), default=now)
        start = min(now - ALARM_WINDOW_MS, oldest)
        return max(0, start if since is None else min(start, since))

    def update(
        self, open_alarms: Iterable[Alarm], closed_alarms: Iterable[Alarm], now: int
    ) -> list[AlarmEvent]:
        """The events between the previous snapshot and this one (the first snapshot: one
        ``opened`` per open alarm, ``initial``), in the order they happened."""
        open_now: dict[AlarmKey, Alarm] = {}
        for alarm in open_alarms:
            open_now.setdefault(alarm_key(alarm), alarm)  # duplicate ids: one alarm
        closed_now: dict[AlarmKey, Alarm] = {}
        for alarm in closed_alarms:
            key = alarm_key(alarm)
            if key not in open_now:
                closed_now.setdefault(key, alarm)
        events: list[AlarmEvent] = []
        if not self.started:
            self.started = True
            events = [AlarmEvent("opened", a.open_time, a, initial=True) for a in open_now.values()]
            self.closed.update((k, a.open_time) for k, a in closed_now.items())
        else:
            for key, alarm in open_now.items():
                before = self.open.get(key)
                if before is None:
                    events.append(AlarmEvent("opened", alarm.open_time, alarm))
                    self.closed.pop(key, None)  # reopened: a new life
                    continue
                changed = tuple(
                    name
                    for name, old, new in (
                        ("severity", before.severity, alarm.severity),
                        ("value", _value(before), _value(alarm)),
                    )
                    if old != new
                )
                if changed and self._wanted(before, alarm):
                    events.append(AlarmEvent("changed", now, alarm, fields=changed))
            for key, alarm in closed_now.items():
                if key in self.closed:
                    continue
                if key not in self.open:  # opened and closed between two polls
                    events.append(AlarmEvent("opened", alarm.open_time, alarm))
                events.append(AlarmEvent("closed", alarm.close_time or now, alarm))
                self.closed[key] = alarm.open_time
            for key, alarm in self.open.items():
                if key not in open_now and key not in self.closed:
                    # gone from the open list but not (yet) in the closed one
                    events.append(AlarmEvent("closed", now, alarm))
                    self.closed[key] = alarm.open_time
        self.open = open_now
        events = [e for e in events if e.event == "changed" or self._wanted(e.alarm)]
        events.sort(key=lambda e: (e.at, _ORDER[e.event]))
        return events

    def forget_closed_before(self, start: int) -> None:
        """Drop closed alarms that opened before ``start`` (they cannot be listed again)."""
        self.closed = {k: t for k, t in self.closed.items() if t >= start}


def alarm_snapshot_fetcher(
    follow: Follow, tracker: AlarmTracker, margin_ms: int
) -> Callable[[], Awaitable[tuple[list[Alarm], list[Alarm], int]]]:
    """One alarms poll: the open alarms (a window reaching the oldest open one) and the closed
    ones opened since the previous poll (less ``margin_ms``) or since an alarm now gone."""
    last: list[int | None] = [None]

    alarms = follow.client.alarms

    async def fetch() -> tuple[list[Alarm], list[Alarm], int]:
        now = follow.clock.now_ms()
        start = tracker.window_start(now, None)
        open_alarms = list(follow.read(await alarms.list(AlarmStatus.OPEN, start=start, end=now)))
        open_keys = {alarm_key(a) for a in open_alarms}
        gone = [a.open_time for k, a in tracker.open.items() if k not in open_keys]
        since = now - margin_ms if last[0] is None else last[0] - margin_ms
        closed_start = max(0, min([since, *gone]))
        closed = list(
            follow.read(await alarms.list(AlarmStatus.CLOSED, start=closed_start, end=now))
        )
        last[0] = now
        tracker.forget_closed_before(closed_start)
        return open_alarms, closed, now

    return fetch


# --- values ---------------------------------------------------------------------------------


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


# --- the commands ---------------------------------------------------------------------------

Format = Literal["table", "json", "csv"]


@dataclass(slots=True)
class Follow:
    """How a follow command runs: where it writes, how often, on which clock (tests inject)."""

    client: Any
    stream: EventStream
    interval: float
    clock: Clock
    fmt: Format = "table"
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    #: Stop after this many polls (tests); None: until interrupted.
    polls: int | None = None
    command: str = "iottui"
    #: ``--strict``: an unreadable item ends the command (exit 1) instead of a warning.
    strict: bool = False
    #: The unreadable items already reported (each is told once, not at every poll).
    problems: set[str] = field(default_factory=set)

    def read(self, value: T) -> T:
        """``value`` as read by the client; its unreadable items (``ReadList.problems``) are
        told on stderr the first time they are seen, or end the command with ``--strict``."""
        for problem in map(str, problems_of(value)):
            if problem in self.problems:
                continue
            self.problems.add(problem)
            self.stream.note(f"iottui: warning: {self.command}: {problem}")
            if self.strict:
                raise IoTError(f"an item could not be read (--strict): {problem}")
        return value

    def loop(self, fetch: Callable[[], Awaitable[S]]) -> PollLoop[S]:
        return PollLoop(
            fetch,
            interval=self.interval,
            clock=self.clock,
            sleep=self.sleep,
            stop=self.stream.reader_gone,
        )

    def outage(self, outage: Outage, retry_in: float) -> None:
        """The first error of an outage: one line on stderr, one event."""
        self.stream.note(outage_note(self.command, outage, retry_in))
        message = one_line(outage.error)
        if self.fmt == "json":
            self.stream.json({"event": "error", "at": outage.at, "error": message})
        elif self.fmt == "table":
            self.stream.line(f"{format_time(outage.at)}  {'error':<9} {message}")

    def recovery(self, recovery: Recovery) -> None:
        self.stream.note(recovery_note(self.command, recovery))
        if self.fmt == "json":
            self.stream.json(
                {
                    "event": "recovered",
                    "at": recovery.at,
                    "failed_polls": recovery.failed_polls,
                    "down_ms": recovery.down_ms,
                }
            )
        elif self.fmt == "table":
            self.stream.line(
                f"{format_time(recovery.at)}  {'recovered':<9} after "
                f"{recovery.down_ms / 1000:g}s, {recovery.failed_polls} failed poll(s)"
            )

    async def run(self, fetch: Callable[[], Awaitable[S]], on_snapshot: Callable[[S], None]) -> int:
        """Poll until interrupted or the reader goes away (exit status 0)."""
        loop = self.loop(fetch)
        with contextlib.suppress(StreamClosed):
            await loop.run(on_snapshot, self.outage, self.recovery, polls=self.polls)
        if self.stream.closed:
            quiet_stdout()
        return 0


AlarmColumns = Sequence[Any]


def alarm_line(event: AlarmEvent, columns: AlarmColumns) -> str:
    """``time  event  severity  id  source  condition  rule`` for people."""
    cells = {c.key: c.cell(event.alarm) for c in columns}
    kind = event.event + (f" ({', '.join(event.fields)})" if event.fields else "")
    parts = [
        format_time(event.at),
        f"{kind:<9}",
        f"{cells.get('severity', ''):<8}",
        cells.get("id", ""),
        cells.get("source", ""),
        cells.get("condition", ""),
        cells.get("description", ""),
    ]
    return safe_text("  ".join(p for p in parts if p))


async def watch_alarms(
    follow: Follow,
    *,
    severities: frozenset[Severity] = frozenset(),
    columns: AlarmColumns = (),
) -> int:
    """``iottui alarms watch``: the open alarms, then one line per change."""
    tracker = AlarmTracker(severities)
    margin = int(max(60.0, 3 * follow.interval) * 1000)
    fetch = alarm_snapshot_fetcher(follow, tracker, margin)

    def show(snapshot: tuple[list[Alarm], list[Alarm], int]) -> None:
        for event in tracker.update(*snapshot):
            if follow.fmt == "json":
                follow.stream.json(event.data())
            else:
                follow.stream.line(alarm_line(event, columns))

    return await follow.run(fetch, show)


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


# --- command-line glue ------------------------------------------------------------------------


def refresh_seconds(value: str) -> float:
    """An ``argparse`` type: a refresh interval within the config's bounds."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not MIN_REFRESH <= seconds <= MAX_REFRESH:
        raise argparse.ArgumentTypeError(
            f"must be between {MIN_REFRESH:g} and {MAX_REFRESH:g} seconds, got {value}"
        )
    return seconds


def add_follow_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--refresh SECONDS``: how often to poll (the profile's ``refresh`` by default)."""
    parser.add_argument(
        "--refresh",
        dest="follow_refresh",
        type=refresh_seconds,
        metavar="SECONDS",
        help=f"poll every SECONDS ({MIN_REFRESH:g}-{MAX_REFRESH:g}; default: the profile's "
        "refresh interval)",
    )


def follow_for(ctx: Ctx, command: str) -> Follow:
    """A :class:`Follow` for a command run from the shell: stdout, stderr, the real clock."""
    interval = ctx.opt("follow_refresh") or ctx.opt("profile_refresh") or DEFAULT_REFRESH
    return Follow(
        ctx.client,
        EventStream(sys.stdout, sys.stderr),
        float(interval),
        CLOCK[0],
        fmt=ctx.out.format,
        command=command,
        strict=bool(ctx.opt("strict")),
    )


async def alarms_watch(ctx: Ctx) -> int:
    """The body of ``iottui alarms watch``."""
    from iottui.commands.alarms import ALARM_COLUMNS

    severities = frozenset(
        parse_enum(Severity, s, option="--severity") for s in ctx.opt("severities") or ()
    )
    follow = follow_for(ctx, "alarms watch")
    return await watch_alarms(follow, severities=severities, columns=ALARM_COLUMNS)


async def values_follow(ctx: Ctx, sensor_ids: Sequence[int]) -> int:
    """The body of ``iottui values --follow``."""
    follow = follow_for(ctx, "values --follow")
    return await follow_values(follow, sensor_ids, every=bool(ctx.opt("follow_all")))
