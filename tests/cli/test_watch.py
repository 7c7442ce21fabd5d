"""``alarms watch`` and ``values --follow`` against the simulator on a simulated clock.

Each poll's wait is a fake sleep that moves the simulator's clock forward (5 s of poll interval
are 10 simulated minutes), so hours of alarms opening and closing pass in a second, and the
events are checked against what the simulator itself says happened.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from iottui.api import IoTClient
from iottui.api.enums import AlarmStatus, AlarmType, Severity
from iottui.api.errors import (
    APIConnectionError,
    AuthenticationError,
    IoTError,
    RateLimitError,
    ServerError,
)
from iottui.api.models import Alarm, LastValues, MetricInfo
from iottui.api.problems import ItemProblem, ReadList
from iottui.clock import FixedClock
from iottui.commands._alarm_watch import AlarmTracker, watch_alarms
from iottui.commands._poll import (
    Backoff,
    EventStream,
    Follow,
    Outage,
    PollLoop,
    Recovery,
    StreamClosed,
)
from iottui.commands._value_follow import ValueTracker, follow_values
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, make_config

INTERVAL = 5.0
#: Simulated milliseconds per second of poll interval.
SPEEDUP = 120


class Simulated:
    """A fake ``asyncio.sleep`` that moves the simulated clock instead of waiting, and runs
    the test's hook (stop or start the server ...) before a given poll."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.slept: list[float] = []
        self.before_poll: dict[int, Callable[[], None]] = {}

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(int(seconds * 1000 * SPEEDUP))
        hook = self.before_poll.get(len(self.slept) + 1)
        if hook is not None:
            hook()


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def truth(client: IoTClient, now: int) -> dict[str, Alarm]:
    """Every alarm the simulator has, open or closed, by id."""
    found: dict[str, Alarm] = {}
    for status in (AlarmStatus.OPEN, AlarmStatus.CLOSED):
        for alarm in await client.alarms.list(status, start=0, end=now):
            found[alarm.id] = alarm
    return found


def check_alarm_events(events: list[dict[str, Any]], real: dict[str, Alarm], start: int) -> None:
    """Exactly one opened and one closed per alarm, in order, matching the simulator."""
    per_alarm: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if event["event"] in ("opened", "closed", "changed"):
            per_alarm[event["alarm"]["id"]].append(event)
    for alarm_id, alarm in real.items():
        seen = [e["event"] for e in per_alarm.get(alarm_id, []) if e["event"] != "changed"]
        closed_at = alarm.close_time
        if closed_at is not None and closed_at < start:
            assert seen == [], alarm_id  # closed before the watch began: none of its business
        elif alarm.is_open:
            assert seen == ["opened"], (alarm_id, seen)
        else:
            assert seen == ["opened", "closed"], (alarm_id, seen)
            closed = per_alarm[alarm_id][-1]
            assert closed["at"] == closed_at
            assert closed["alarm"]["status"] == int(AlarmStatus.CLOSED)
        for event in per_alarm.get(alarm_id, []):
            if event["event"] == "opened":
                assert event["at"] == alarm.open_time
                assert event["initial"] == (alarm.open_time <= start)
    assert set(per_alarm) <= set(real)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def server(clock: FixedClock, tmp_path: Path) -> Iterator[SimServer]:
    with SimServer(make_config(clock=clock, state_path=tmp_path / "sim.db")) as srv:
        yield srv


@pytest.fixture
async def client(server: SimServer, clock: FixedClock) -> AsyncIterator[IoTClient]:
    async with IoTClient(server.url, server.api_key, max_retries=0, clock=clock) as c:
        yield c


class Run:
    """A follow command writing to strings."""

    def __init__(self, client: IoTClient, clock: FixedClock, sleep: Simulated, **kw: Any) -> None:
        self.out = io.StringIO()
        self.err = io.StringIO()
        options: dict[str, Any] = {"fmt": "json", "polls": 40, "command": "alarms watch"}
        options.update(kw)
        stream = EventStream(self.out, self.err)
        self.follow = Follow(client, stream, INTERVAL, clock, sleep=sleep, **options)

    def events(self) -> list[dict[str, Any]]:
        return lines(self.out)


async def test_watch_reports_every_alarm_once_opened_and_once_closed_in_order(
    client: IoTClient, clock: FixedClock
) -> None:
    sleep = Simulated(clock)
    run = Run(client, clock, sleep)
    assert await watch_alarms(run.follow) == 0
    events = run.events()
    real = await truth(client, clock.now_ms())
    check_alarm_events(events, real, T0)
    opened_live = [e for e in events if e["event"] == "opened" and not e["initial"]]
    closed = [e for e in events if e["event"] == "closed"]
    # the simulated 6.5 hours did open and close alarms, some between two polls
    assert len(opened_live) >= 3
    assert len(closed) >= 3
    # first the alarms open at start, then the changes; fields as `alarms list --json`
    initial = [e for e in events if e["initial"]]
    assert events[: len(initial)] == initial
    assert set(events[0]["alarm"]) >= {"id", "severity", "severity_label", "status", "open_time"}
    assert sleep.slept == [INTERVAL] * 39
    assert run.err.getvalue() == ""


async def test_watch_severity_filter(client: IoTClient, clock: FixedClock) -> None:
    run = Run(client, clock, Simulated(clock))
    wanted = frozenset({Severity.CRITICAL, Severity.MAJOR})
    assert await watch_alarms(run.follow, severities=wanted) == 0
    events = run.events()
    real = await truth(client, clock.now_ms())
    assert events
    assert {e["alarm"]["severity"] for e in events} <= {1, 2}
    check_alarm_events(events, {k: a for k, a in real.items() if a.severity in wanted}, T0)


async def test_watch_recovers_after_the_server_stopped_and_restarted(
    server: SimServer, client: IoTClient, clock: FixedClock
) -> None:
    sleep = Simulated(clock)
    restarted: list[SimServer] = []

    def restart() -> None:
        new = SimServer(server.config, port=server.port)
        new.start()
        restarted.append(new)

    sleep.before_poll[8] = server.stop
    sleep.before_poll[12] = restart
    run = Run(client, clock, sleep, polls=30)
    try:
        assert await watch_alarms(run.follow) == 0
        events = run.events()
        kinds = [e["event"] for e in events]
        assert kinds.count("error") == 1
        assert kinds.count("recovered") == 1
        assert kinds.index("error") < kinds.index("recovered")
        error = events[kinds.index("error")]
        recovered = events[kinds.index("recovered")]
        assert recovered["failed_polls"] == 4  # polls 8, 9, 10, 11
        assert recovered["down_ms"] == recovered["at"] - error["at"] > 0
        # back-off while the server was down: 5, 10, 20, 40 s; then the interval again
        assert sleep.slept[6:12] == [INTERVAL, 5.0, 10.0, 20.0, 40.0, INTERVAL]
        err = run.err.getvalue().splitlines()
        assert len(err) == 2
        assert err[0].startswith("iottui: warning: alarms watch: ")
        assert "retrying with back-off (next in 5s" in err[0]
        assert err[1] == "iottui: alarms watch: reconnected after 9000s (4 failed polls)"
        # nothing lost or doubled over the outage (75 s of back-off: 2.5 simulated hours),
        # alarms that opened or closed while the server was away included
        check_alarm_events(events, await truth(client, clock.now_ms()), T0)
        during = [e for e in events if e.get("alarm") and error["at"] < e["at"] < recovered["at"]]
        assert during
    finally:
        for srv in restarted:
            srv.stop()


async def test_follow_values_prints_what_changed_and_everything_with_all(
    client: IoTClient, clock: FixedClock
) -> None:
    sensors = [s.id for s in (await client.sensors.list())[:4]]
    assert sensors
    changed = Run(client, clock, Simulated(clock), polls=6, command="values")
    assert await follow_values(changed.follow, sensors, every=False) == 0
    every = Run(client, clock, Simulated(clock), polls=6, command="values")
    assert await follow_values(every.follow, sensors, every=True) == 0

    got = changed.events()
    all_lines = every.events()
    polls = sorted({e["at"] for e in all_lines})
    assert len(polls) == 6
    per_poll = [[e for e in all_lines if e["at"] == at] for at in polls]
    assert all(len(p) == len(per_poll[0]) > 0 for p in per_poll)
    assert {e["sensor_id"] for e in all_lines} <= set(sensors)
    assert set(got[0]) == {"event", "at", "sensor_id", "metric_id", "value", "timestamp"}
    # the first poll shows every value; then a metric shows up only when its value moved
    first = [e for e in got if e["at"] == got[0]["at"]]
    assert len(first) == len(per_poll[0])
    last: dict[tuple[int, str], Any] = {}
    for e in first:
        last[(e["sensor_id"], e["metric_id"])] = e["value"]
    assert len(got) < len(all_lines)
    for e in got[len(first) :]:
        key = (e["sensor_id"], e["metric_id"])
        assert last.get(key) != e["value"]
        last[key] = e["value"]


async def test_follow_values_table_names_the_metrics(client: IoTClient, clock: FixedClock) -> None:
    metric = next(m for m in await client.metrics.list() if m.sensor is not None)
    assert metric.sensor is not None
    run = Run(client, clock, Simulated(clock), polls=2, fmt="table", command="values")
    assert await follow_values(run.follow, [metric.sensor.id], every=True) == 0
    lines = [line for line in run.out.getvalue().splitlines() if f"  {metric.name}  " in line]
    assert len(lines) == 2  # one per poll
    assert f"{metric.sensor.id}  {metric.name}  " in lines[0]
    assert "(sampled " in lines[0]


async def test_follow_values_csv(client: IoTClient, clock: FixedClock) -> None:
    sensor = (await client.sensors.list())[0].id
    run = Run(client, clock, Simulated(clock), polls=3, fmt="csv", command="values")
    assert await follow_values(run.follow, [sensor], every=True) == 0
    rows = run.out.getvalue().splitlines()
    assert rows[0] == "at,sensor_id,metric_id,value,timestamp"
    assert rows.count(rows[0]) == 1
    assert len(rows) > 3
    assert all(row.split(",")[1] == str(sensor) for row in rows[1:])


# --- the core, with scripted answers ------------------------------------------------------------


class Script:
    """A fetch that answers from a list: a value, or an exception to raise."""

    def __init__(self, answers: list[object]) -> None:
        self.answers = answers
        self.calls = 0

    async def __call__(self) -> object:
        answer = self.answers[self.calls]
        self.calls += 1
        if isinstance(answer, BaseException):
            raise answer
        return answer


async def test_poll_loop_backs_off_and_reports_one_outage_and_the_recovery() -> None:
    clock = FixedClock(T0)
    sleep = Simulated(clock)
    fetch = Script(
        [
            1,
            APIConnectionError("connection refused"),
            ServerError("boom", status=503),
            RateLimitError("slow down", retry_after=30),
            2,
            APIConnectionError("again"),
            3,
        ]
    )
    got: list[object] = []
    outages: list[tuple[Outage, float]] = []
    recoveries: list[Recovery] = []
    loop = PollLoop(fetch, interval=2, clock=clock, sleep=sleep)
    await loop.run(
        got.append, lambda o, d: outages.append((o, d)), recoveries.append, polls=len(fetch.answers)
    )
    assert got == [1, 2, 3]
    assert [(str(o.error), d) for o, d in outages] == [("connection refused", 2), ("again", 2)]
    assert [r.failed_polls for r in recoveries] == [3, 1]
    # 2, then 4, then max(8, Retry-After 30); the interval after each recovery
    assert sleep.slept == [2, 2, 4, 30, 2, 2]


async def test_poll_loop_stops_on_an_error_retrying_cannot_fix() -> None:
    clock = FixedClock(T0)
    fetch = Script([1, AuthenticationError("401 unauthorized", status=401)])
    loop = PollLoop(fetch, interval=1, clock=clock, sleep=Simulated(clock))
    with pytest.raises(IoTError, match="401"):
        await loop.run(lambda _: None, lambda o, d: None, lambda r: None)


def test_backoff_is_capped() -> None:
    backoff = Backoff(5, maximum=60)
    assert [backoff.next_delay() for _ in range(6)] == [5, 10, 20, 40, 60, 60]
    backoff.reset()
    assert backoff.next_delay() == 5


def alarm(alarm_id: str, severity: Severity = Severity.MAJOR, **changes: Any) -> Alarm:
    base = Alarm(alarm_id, severity, AlarmStatus.OPEN, AlarmType.METRIC, T0)
    return replace(base, **changes)


def test_tracker_changes_and_duplicates() -> None:
    tracker = AlarmTracker()
    first = tracker.update([alarm("a"), alarm("a"), alarm("b")], [], T0)
    assert [(e.event, e.alarm.id, e.initial) for e in first] == [
        ("opened", "a", True),
        ("opened", "b", True),
    ]
    later = tracker.update([alarm("a", Severity.CRITICAL), alarm("b")], [], T0 + 5)
    assert [(e.event, e.alarm.id, e.fields, e.at) for e in later] == [
        ("changed", "a", ("severity",), T0 + 5)
    ]
    # b vanished without showing up closed (yet): closed now; when it does show up, no repeat
    gone = tracker.update([alarm("a", Severity.CRITICAL)], [], T0 + 10)
    assert [(e.event, e.alarm.id, e.at) for e in gone] == [("closed", "b", T0 + 10)]
    closed_b = alarm("b", status=AlarmStatus.CLOSED)
    assert tracker.update([alarm("a", Severity.CRITICAL)], [closed_b], T0 + 15) == []


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_tracker_tells_alarms_with_a_blank_id_apart_by_source_and_time(blank: str) -> None:
    """Regression: only an empty id was missing here, while the API layer's ``has_id`` takes a
    blank one too; a second alarm with the id " " was the first one, and never ``opened``."""
    tracker = AlarmTracker()
    first = tracker.update([alarm(blank), alarm(blank)], [], T0)  # listed twice: one alarm
    assert [(e.event, e.at) for e in first] == [("opened", T0)]
    later = tracker.update([alarm(blank), alarm(blank, open_time=T0 + 1)], [], T0 + 5)
    assert [(e.event, e.at) for e in later] == [("opened", T0 + 1)]


def test_value_tracker_same_readings() -> None:
    tracker = ValueTracker()
    first = tracker.update([LastValues(1, T0, {"t": 1, "on": True, "x": float("nan")})])
    assert len(first) == 3
    # 1.0 is still 1, NaN is still NaN, but 1 is not True; the same sensor twice counts once
    again = [LastValues(1, T0 + 1, {"t": 1.0, "on": 1, "x": float("nan")})] * 2
    assert [(c.metric_id, c.value) for c in tracker.update(again)] == [("on", 1)]


def test_stream_closed_under_the_writer() -> None:
    out = io.StringIO()
    stream = EventStream(out, io.StringIO())
    stream.line("one")
    out.close()
    with pytest.raises(StreamClosed):
        stream.line("two")
    assert stream.reader_gone()


class AlarmsWithProblems:
    """Alarm lists holding one unreadable item at every poll, both at the same path."""

    async def list(
        self,
        status: AlarmStatus = AlarmStatus.OPEN,
        *,
        start: int | None = None,
        end: int | None = None,
    ) -> ReadList[Alarm]:
        items = [alarm("a")] if status == AlarmStatus.OPEN else []
        return ReadList(items, [ItemProblem("data[1].id", "missing")])


class NoMetrics:
    async def last_values(self, sensor_ids: Sequence[int]) -> list[LastValues]:
        return []

    async def list(self) -> list[MetricInfo]:
        return []


class ListsWithProblems:
    """A client (for the follow commands) whose alarm lists hold an unreadable item."""

    def __init__(self) -> None:
        self.alarms = AlarmsWithProblems()
        self.metrics = NoMetrics()


async def test_unreadable_items_are_told_once_or_end_the_watch_with_strict() -> None:
    clock = FixedClock(T0)
    out, err = io.StringIO(), io.StringIO()
    client = ListsWithProblems()
    stream = EventStream(out, err)
    follow = Follow(client, stream, INTERVAL, clock, "json", Simulated(clock), polls=3)
    assert await watch_alarms(follow) == 0
    assert err.getvalue().splitlines() == [
        "iottui: warning: iottui: open alarms: data[1].id: missing",
        "iottui: warning: iottui: closed alarms: data[1].id: missing",
    ]
    assert [json.loads(line)["alarm"]["id"] for line in out.getvalue().splitlines()] == ["a"]
    strict = Follow(client, EventStream(out, err), INTERVAL, clock, strict=True)
    with pytest.raises(
        IoTError, match=r"could not be read \(--strict\): open alarms: data\[1\].id"
    ):
        await watch_alarms(strict)
