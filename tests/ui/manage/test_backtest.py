"""Backtest numbers against hand-computed cases (no Textual, no I/O)."""

from __future__ import annotations

from iottui.api.enums import Severity
from iottui.api.models import Threshold
from iottui.ui.manage.backtest import (
    DAY_MS,
    backtest_metric_rule,
    backtest_offline_rule,
    offline_spans,
)

MIN = 60_000
NOW = 10 * DAY_MS
BASE = NOW - 60 * MIN
VALUES = [50, 61, 62, 59, 70, 71, 72, 40, 65, 66]
RECENT = [(BASE + i * MIN, v) for i, v in enumerate(VALUES)]
# Three days ago: two samples over the threshold (an alarm with checkcount <= 2).
OLD = [(NOW - 3 * DAY_MS, 80), (NOW - 3 * DAY_MS + MIN, 80), (NOW - 3 * DAY_MS + 2 * MIN, 10)]


def test_metric_rule_checkcount_two_by_hand() -> None:
    """>=60 twice in a row: opens at samples 2, 5 and 9 (today) and once three days ago."""
    report = backtest_metric_rule(
        {"pump › temp": OLD + RECENT},
        [Threshold("metric>=60", Severity.MAJOR, checkcount=2)],
        now=NOW,
    )
    assert report.counts() == [("last day", 3), ("last week", 4)]
    opens = [a.open_time for a in report.alarms]
    assert opens == [NOW - 3 * DAY_MS + MIN, BASE + 2 * MIN, BASE + 5 * MIN, BASE + 9 * MIN]
    closes = [a.close_time for a in report.alarms]
    assert closes == [NOW - 3 * DAY_MS + 2 * MIN, BASE + 3 * MIN, BASE + 7 * MIN, None]
    assert [a.value for a in report.alarms][1:] == [62.0, 71.0, 66.0]
    assert {a.severity for a in report.alarms} == {Severity.MAJOR}


def test_metric_rule_checkcount_one_and_three() -> None:
    once = backtest_metric_rule({"m": RECENT}, [Threshold("metric>=60")], now=NOW)
    assert [a.open_time for a in once.alarms] == [BASE + MIN, BASE + 4 * MIN, BASE + 8 * MIN]
    thrice = backtest_metric_rule({"m": RECENT}, [Threshold("metric>=60", checkcount=3)], now=NOW)
    assert [(a.open_time, a.close_time) for a in thrice.alarms] == [
        (BASE + 6 * MIN, BASE + 7 * MIN)
    ]


def test_each_threshold_and_source_counts_separately() -> None:
    report = backtest_metric_rule(
        {"a": RECENT, "b": [(BASE, 100)]},
        [Threshold("metric>70"), Threshold("metric<45", Severity.WARNING)],
        now=NOW,
    )
    # a: >70 opens at sample 5 (71); <45 opens at sample 7 (40). b: >70 opens at BASE.
    assert sorted((a.source, a.condition, a.open_time) for a in report.alarms) == [
        ("a", "metric<45", BASE + 7 * MIN),
        ("a", "metric>70", BASE + 5 * MIN),
        ("b", "metric>70", BASE),
    ]


def test_bad_condition_is_reported_not_raised() -> None:
    report = backtest_metric_rule({"a": RECENT}, [Threshold("temp > 5")], now=NOW)
    assert report.alarms == ()
    assert "Threshold 1" in report.errors[0]


def test_empty_history_is_a_note() -> None:
    report = backtest_metric_rule({"a": []}, [Threshold("metric>1")], now=NOW)
    assert report.counts() == [("last day", 0), ("last week", 0)]
    assert "no history" in report.notes[0]


STAMPS = (
    [NOW - 120 * MIN + i * MIN for i in range(61)]  # until one hour ago
    + [NOW - 30 * MIN + i * MIN for i in range(21)]  # back 30 min ago, until 10 min ago
)


def test_offline_spans_from_gaps() -> None:
    spans = offline_spans(STAMPS, interval_ms=MIN, now=NOW)
    assert spans == [(NOW - 59 * MIN, NOW - 30 * MIN), (NOW - 9 * MIN, None)]


def test_offline_rule_by_hand() -> None:
    devices = {"gw-1": (STAMPS, MIN), "bare": ([], None)}
    long = backtest_offline_rule(devices, [Threshold("20")], now=NOW)
    assert [(a.open_time, a.close_time) for a in long.alarms] == [(NOW - 39 * MIN, NOW - 30 * MIN)]
    assert any("bare" in n and "no sensors" in n for n in long.notes)
    short = backtest_offline_rule(devices, [Threshold("5")], now=NOW)
    assert [(a.open_time, a.close_time) for a in short.alarms] == [
        (NOW - 54 * MIN, NOW - 30 * MIN),
        (NOW - 4 * MIN, None),
    ]
    assert short.counts() == [("last day", 2), ("last week", 2)]
