"""``iottui alarms watch``: the open alarms, then one line (or JSON object) per change.

Alarms are polled as two lists: the open alarms, and the alarms closed since the last poll
(by open time, with a margin). The second list is what makes every alarm get exactly one
``opened`` and one ``closed``, including one that opened and closed between two polls or
during an outage. The open window always reaches back to the oldest alarm still open, so an
alarm open for longer than the server's default 30 days is not mistaken for closed. The loop,
its back-off and output: :mod:`iottui.commands._poll`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from iottui.api.enums import AlarmStatus, Severity
from iottui.api.models import Alarm
from iottui.api.problems import has_id
from iottui.commands._core import Ctx
from iottui.commands._output import Column, format_time, safe_text, to_data
from iottui.commands._parse import parse_enum
from iottui.commands._poll import Follow, follow_for

#: The server's default alarm window (the API document: the last 30 days).
ALARM_WINDOW_MS: Final = 30 * 24 * 3600 * 1000

AlarmEventKind = Literal["opened", "closed", "changed"]
AlarmKey = tuple[str, str, int]


def alarm_key(alarm: Alarm) -> AlarmKey:
    """An alarm's identity: its id; one without an id (kept by the parser though unreadable;
    a blank id is none, :func:`~iottui.api.problems.has_id`) by its source and open time."""
    if has_id(alarm):
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
        opened = await alarms.list(AlarmStatus.OPEN, start=start, end=now)
        open_alarms = list(follow.read(opened, "open alarms"))
        open_keys = {alarm_key(a) for a in open_alarms}
        gone = [a.open_time for k, a in tracker.open.items() if k not in open_keys]
        since = now - margin_ms if last[0] is None else last[0] - margin_ms
        closed_start = max(0, min([since, *gone]))
        shut = await alarms.list(AlarmStatus.CLOSED, start=closed_start, end=now)
        closed = list(follow.read(shut, "closed alarms"))
        last[0] = now
        tracker.forget_closed_before(closed_start)
        return open_alarms, closed, now

    return fetch


AlarmColumns = Sequence[Column[Alarm]]


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


async def alarms_watch(ctx: Ctx, columns: AlarmColumns) -> int:
    """The body of ``iottui alarms watch`` (``columns``: those of ``alarms list``)."""
    severities = frozenset(
        parse_enum(Severity, s, option="--severity") for s in ctx.opt("severities") or ()
    )
    follow = follow_for(ctx, "alarms watch")
    return await watch_alarms(follow, severities=severities, columns=columns)
