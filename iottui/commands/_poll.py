"""The poll loop behind ``iottui alarms watch`` and ``iottui values --follow``.

It has no opinion about what it polls:

* :class:`PollLoop` calls a fetch function every ``interval`` seconds. A *transient* error
  (connection refused or lost, timeout, HTTP 5xx or 429, an unreadable answer) starts an
  outage: it is reported once, then the loop retries with exponential back-off (a 429's
  ``Retry-After`` is honoured) until a poll succeeds, which is reported as the recovery. Any
  other error (a wrong key, a 404) ends the loop: retrying cannot help. Sleep and clock are
  injected, so tests run it on a simulated clock.
* :class:`EventStream` writes one line per event, flushed at once, and notices a reader that
  went away (``| head``): the command then ends quietly with exit status 0.
* :class:`Follow` is how one follow command runs (stream, interval, clock, format); it reports
  outages and recoveries and tells each unreadable item once.

What is polled and how snapshots become events: :mod:`iottui.commands._alarm_watch` and
:mod:`iottui.commands._value_follow`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import select
import stat
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Final, Generic, Literal, Protocol, TypeVar

from iottui.api.errors import (
    APIConnectionError,
    IoTError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
from iottui.api.problems import problems_of
from iottui.clock import Clock
from iottui.commands._core import CLOCK, Ctx
from iottui.commands._output import _C1_IN_JSON, format_time, safe_text
from iottui.config.arguments import refresh_seconds
from iottui.config.model import DEFAULT_REFRESH, MAX_REFRESH, MIN_REFRESH

if TYPE_CHECKING:
    from iottui.api.enums import AlarmStatus
    from iottui.api.models import Alarm, LastValues, MetricInfo

S = TypeVar("S")
T = TypeVar("T")


class AlarmLists(Protocol):
    """What ``alarms watch`` reads: ``client.alarms.list``."""

    async def list(
        self, status: AlarmStatus = ..., *, start: int | None = ..., end: int | None = ...
    ) -> Sequence[Alarm]: ...


class MetricReads(Protocol):
    """What ``values --follow`` reads: ``client.metrics.last_values`` and ``.list``."""

    async def last_values(self, sensor_ids: Sequence[int]) -> Sequence[LastValues]: ...

    async def list(self) -> Sequence[MetricInfo]: ...


class FollowClient(Protocol):
    """The part of :class:`~iottui.api.client.IoTClient` the follow commands use (tests pass
    a fake of it)."""

    @property
    def alarms(self) -> AlarmLists: ...

    @property
    def metrics(self) -> MetricReads: ...


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


# --- one follow command ----------------------------------------------------------------------

Format = Literal["table", "json", "csv"]


@dataclass(slots=True)
class Follow:
    """How a follow command runs: where it writes, how often, on which clock (tests inject)."""

    client: FollowClient
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

    def read(self, value: T, where: str = "") -> T:
        """``value`` as read by the client; its unreadable items (``ReadList.problems``) are
        told on stderr the first time they are seen, or end the command with ``--strict``.
        With ``where``, each path names its answer (``"closed alarms: data[3]"``)."""
        for problem in map(str, problems_of(value, where)):
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


# --- command-line glue ------------------------------------------------------------------------


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
