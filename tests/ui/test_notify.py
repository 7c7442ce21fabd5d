"""Terminal notifications for new critical and major alarms (``iottui.ui.notify``)."""

from __future__ import annotations

import itertools
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iottui.api.enums import AlarmStatus, AlarmType, Severity
from iottui.api.models import Alarm, AlarmDetails, AlarmSource
from iottui.ui.notify import (
    BEL,
    ESC,
    NOTIFY_MODES,
    POP_TITLE,
    PUSH_TITLE,
    AlarmNotifier,
    Notification,
    NotifyMode,
    TerminalNotifier,
    counts_text,
    notification_sequence,
    open_counts,
    strip_controls,
    title_sequence,
)

T0 = 1_768_478_400_000


class Clock:
    """Monotonic seconds that move only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def alarm(
    alarm_id: str,
    severity: Severity = Severity.CRITICAL,
    *,
    open_: bool = True,
    device: str | None = "boiler-1",
    condition: str | None = "temp > 80",
    description: str = "Boiler too hot",
    opened: int = T0,
) -> Alarm:
    return Alarm(
        id=alarm_id,
        severity=severity,
        status=AlarmStatus.OPEN if open_ else AlarmStatus.CLOSED,
        type=AlarmType.METRIC,
        open_time=opened,
        description=description,
        source=AlarmSource(
            source_key="d_s_m", details=AlarmDetails(device=device, condition=condition)
        ),
    )


def notified_ids(notes: list[Notification]) -> list[str]:
    return [i for n in notes for i in n.alarm_ids]


def test_alarms_open_at_start_never_notify() -> None:
    logic = AlarmNotifier(clock=Clock())
    start = [alarm("a"), alarm("b", Severity.MAJOR)]
    assert logic.snapshot(start) == []
    assert logic.snapshot(start) == []
    # still open later, still no notification; a new one does
    assert notified_ids(logic.snapshot([*start, alarm("c")])) == ["c"]


def test_one_notification_per_new_alarm_and_never_twice() -> None:
    clock = Clock()
    logic = AlarmNotifier(clock=clock)
    logic.snapshot([])
    first = logic.snapshot([alarm("x"), alarm("y", Severity.MAJOR)])
    assert [(n.title, n.alarm_ids) for n in first] == [
        ("New critical alarm", ("x",)),
        ("New major alarm", ("y",)),
    ]
    assert first[0].body == "boiler-1: temp > 80 · Boiler too hot"
    clock.now += 600
    # listed again, listed twice (duplicate ids are data), closed and reopened: nothing new
    assert logic.snapshot([alarm("x"), alarm("x"), alarm("y", Severity.MAJOR)]) == []
    assert logic.snapshot([alarm("x", open_=False)]) == []
    assert logic.snapshot([alarm("x")]) == []


def test_minor_and_warning_do_not_notify_until_they_escalate() -> None:
    logic = AlarmNotifier(clock=Clock())
    logic.snapshot([])
    assert logic.snapshot([alarm("m", Severity.MINOR), alarm("w", Severity.WARNING)]) == []
    escalated = logic.snapshot([alarm("m", Severity.CRITICAL)])
    assert notified_ids(escalated) == ["m"]
    assert logic.snapshot([alarm("m", Severity.MAJOR)]) == []


def test_a_storm_is_summed_up_in_one_notification() -> None:
    clock = Clock()
    logic = AlarmNotifier(clock=clock, burst=3, window=60)
    logic.snapshot([])
    storm = [alarm(f"s{i}", Severity.MAJOR if i % 2 else Severity.CRITICAL) for i in range(40)]
    notes = logic.snapshot(storm)
    assert len(notes) == 1
    (summary,) = notes
    assert summary.summary
    assert summary.title == "40 new alarms"
    assert summary.body.startswith("20 critical, 20 major; first: ")
    assert sorted(summary.alarm_ids) == sorted(a.id for a in storm)
    assert summary.severity == Severity.CRITICAL
    # more alarms while the storm goes on: held, then one summary once the window has passed
    clock.now += 10
    more = [alarm(f"t{i}") for i in range(5)]
    assert logic.snapshot(storm + more) == []
    clock.now += 10
    even_more = [*more, alarm("u1")]
    assert logic.snapshot(storm + even_more) == []
    clock.now += 45
    (late,) = logic.snapshot(storm + even_more)
    assert late.summary
    assert sorted(late.alarm_ids) == sorted(a.id for a in even_more)
    # calm again after another window: one by one
    clock.now += 61
    assert [n.summary for n in logic.snapshot([*storm, *even_more, alarm("v")])] == [False]


def test_burst_budget_spans_snapshots() -> None:
    clock = Clock()
    logic = AlarmNotifier(clock=clock, burst=3, window=60)
    logic.snapshot([])
    assert len(logic.snapshot([alarm("a"), alarm("b")])) == 2
    clock.now += 5
    # a third fits, a fourth and fifth at once do not: one summary of both
    assert notified_ids(logic.snapshot([alarm("c")])) == ["c"]
    clock.now += 5
    (summary,) = logic.snapshot([alarm("d"), alarm("e")])
    assert summary.summary
    assert summary.alarm_ids == ("d", "e")


def test_a_held_alarm_that_closes_before_the_summary_is_dropped() -> None:
    clock = Clock()
    logic = AlarmNotifier(clock=clock, burst=1, window=60)
    logic.snapshot([])
    assert logic.snapshot([alarm("a"), alarm("b")])[0].summary
    clock.now += 1
    assert logic.snapshot([alarm("c")]) == []  # held
    clock.now += 70
    assert logic.snapshot([]) == []  # c closed meanwhile: nothing to say


def test_alarms_without_an_id_are_told_apart_by_source_and_time() -> None:
    logic = AlarmNotifier(clock=Clock())
    logic.snapshot([alarm("", opened=T0)])
    assert notified_ids(logic.snapshot([alarm("", opened=T0), alarm("", opened=T0 + 1)])) == [""]


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_alarms_with_a_blank_id_are_counted_apart_by_source_and_time(blank: str) -> None:
    """Regression: only an empty id was missing here, while the API layer's ``has_id`` takes a
    blank one too; two open alarms with the id " " were counted, and notified, as one."""
    alarms = [alarm(blank, opened=T0), alarm(blank, opened=T0 + 1), alarm(blank, opened=T0)]
    assert open_counts(alarms) == {Severity.CRITICAL: 2}
    logic = AlarmNotifier(clock=Clock())
    logic.snapshot(alarms[:1])
    assert notified_ids(logic.snapshot(alarms)) == [blank]


def test_counts_and_title_text() -> None:
    logic = AlarmNotifier(clock=Clock())
    logic.snapshot(
        [
            alarm("a", Severity.WARNING),
            alarm("b", Severity.CRITICAL),
            alarm("c", Severity.CRITICAL),
            alarm("d", Severity(9)),
            alarm("e", Severity.MAJOR, open_=False),
        ]
    )
    assert counts_text(logic.counts) == "2 critical, 1 warning, 1 unknown 9"
    assert counts_text({}) == "no open alarms"


class Terminal:
    """What the app's driver would have been given."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def __call__(self, text: str) -> None:
        self.written.append(text)

    @property
    def text(self) -> str:
        return "".join(self.written)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("osc9", f"{ESC}]9;iottui: New critical alarm: boiler-1: temp > 80 · Boiler too hot{BEL}"),
        (
            "osc777",
            f"{ESC}]777;notify;iottui: New critical alarm;"
            f"boiler-1: temp > 80 · Boiler too hot{BEL}",
        ),
        ("bell", BEL),
    ],
)
def test_each_mode_writes_its_sequence(mode: NotifyMode, expected: str) -> None:
    term = Terminal()
    shown: list[Notification] = []
    notifier = TerminalNotifier(
        mode, term, name="iottui prod", show=shown.append, notifier=AlarmNotifier(clock=Clock())
    )
    notifier.alarms([alarm("old", Severity.MINOR)])
    assert term.written == [PUSH_TITLE, title_sequence("iottui prod: 1 minor")]
    term.written.clear()
    notifier.alarms([alarm("old", Severity.MINOR), alarm("new")])
    assert term.written == [title_sequence("iottui prod: 1 critical, 1 minor"), expected]
    assert [n.alarm_ids for n in shown] == [("new",)]
    term.written.clear()
    # nothing changed: nothing written
    notifier.alarms([alarm("old", Severity.MINOR), alarm("new")])
    assert term.written == []
    notifier.close()
    assert term.written == [POP_TITLE]


def test_off_writes_nothing_at_all_but_still_shows_in_the_app() -> None:
    term = Terminal()
    shown: list[Notification] = []
    notifier = TerminalNotifier(
        "off", term, show=shown.append, notifier=AlarmNotifier(clock=Clock())
    )
    notifier.alarms([alarm("a")])
    notifier.alarms([alarm("a"), alarm("b")])
    notifier.close()
    assert term.written == []
    assert [n.alarm_ids for n in shown] == [("b",)]


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="osc9, osc777, bell, off"):
        TerminalNotifier("osc99", Terminal())  # type: ignore[arg-type]


def test_server_text_is_sanitised_in_the_sequence() -> None:
    term = Terminal()
    notifier = TerminalNotifier("osc777", term, notifier=AlarmNotifier(clock=Clock()))
    notifier.alarms([])
    hostile = alarm(
        "h",
        device="dev\x1b]2;pwned\x07\u202eevil\x9b31m",
        condition="x;y\r\nrm -rf /\x00",
        description="rule;\x1b[2J",
    )
    notifier.alarms([hostile])
    sequence = term.written[-1]
    # every control character shown as a visible escape: the sequence cannot be ended early
    assert sequence == (
        f"{ESC}]777;notify;iottui: New critical alarm;"
        + r"dev\x1b]2;pwned\x07\u202eevil\x9b31m: x;y rm -rf /\x00 · rule;\x1b[2J"
        + BEL
    )


OSC = re.compile(r"\x1b\](?:9|777|2);[^\x00-\x1f\x7f-\x9f]*\x07")

hostile_text = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["\x1b", "\x07", "\x9c", "\u202e", "\u2066", ";", "\n", "\x1b\\"]),
    ),
    max_size=150,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    mode=st.sampled_from(["osc9", "osc777"]),
    device=st.none() | hostile_text,
    condition=st.none() | hostile_text,
    description=hostile_text,
    profile=hostile_text,
)
def test_any_server_text_gives_one_well_formed_sequence(
    mode: NotifyMode, device: str | None, condition: str | None, description: str, profile: str
) -> None:
    term = Terminal()
    notifier = TerminalNotifier(mode, term, name=profile, notifier=AlarmNotifier(clock=Clock()))
    notifier.alarms([])
    notifier.alarms([alarm("z", device=device, condition=condition, description=description)])
    for chunk in term.written:
        if chunk in (PUSH_TITLE, POP_TITLE):
            continue
        # exactly one sequence, its only control characters the ESC ] opener and the BEL
        assert OSC.fullmatch(chunk), repr(chunk)
        assert len(chunk) < 600


severities = st.sampled_from([*Severity, Severity(7)])


@settings(max_examples=100, deadline=None)
@given(
    snapshots=st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(list(string.ascii_lowercase[:12])), severities, st.booleans()
            ),
            max_size=15,
        ),
        min_size=1,
        max_size=12,
    ),
    steps=st.lists(st.floats(0, 120), min_size=12, max_size=12),
)
def test_never_twice_never_for_the_start_never_more_than_the_budget(
    snapshots: list[list[tuple[str, Severity, bool]]], steps: list[float]
) -> None:
    clock = Clock()
    logic = AlarmNotifier(clock=clock, burst=3, window=60)
    seen: list[str] = []
    at_start = {i for i, _, is_open in snapshots[0] if is_open}
    history: list[tuple[float, Notification]] = []
    for step, snapshot in zip(steps, snapshots, strict=False):
        clock.now += step
        notes = logic.snapshot([alarm(i, s, open_=o) for i, s, o in snapshot])
        open_ids = {i for i, s, o in snapshot if o}
        for note in notes:
            assert set(note.alarm_ids) <= open_ids
            assert not set(note.alarm_ids) & at_start
            history.append((clock.now, note))
        seen += notified_ids(notes)
        # at most one notification per alarm, ever
        assert len(seen) == len(set(seen))
    # individual notifications: never more than the burst within any window
    singles = [t for t, n in history if not n.summary]
    for t in singles:
        assert sum(1 for u in singles if t <= u < t + 60) <= 3
    summaries = [t for t, n in history if n.summary]
    assert all(b - a >= 60 for a, b in itertools.pairwise(summaries))


def test_strip_controls() -> None:
    assert strip_controls("a\x1b[31mb\tc\n\nd\u200f") == r"a\x1b[31mb c d\u200f"
    assert strip_controls(None) == ""
    assert strip_controls("x" * 300) == "x" * 199 + "…"
    assert notification_sequence("off", Notification("t", "b", ("a",), Severity.MAJOR)) == ""
    assert set(NOTIFY_MODES) == {"osc9", "osc777", "bell", "off"}
