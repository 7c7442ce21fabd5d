"""Charts on any time range (issue 10 #5): the time axis shows dates and times when the data is
not near now (a 2019 series was "-3695220.07 minutes ago"), relative times when it is."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from iottui.ui.widgets.chart import HistoryChart
from iottui.ui.widgets.chart_data import DAY, HOUR, MINUTE, ChartData, time_axis

from .helpers import NOW, screen_text


def ms(year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp() * 1000)


def series(start: int, span: int, count: int = 60) -> tuple[int, ...]:
    return tuple(start + span * i // (count - 1) for i in range(count))


def test_the_last_hour_is_minutes_ago() -> None:
    axis = time_axis(series(NOW - HOUR, HOUR), NOW, 60)
    assert axis.title == "minutes ago"
    assert axis.labels[-1] == "0"
    assert axis.labels[0] == "-60"
    assert axis.place(NOW - 30 * MINUTE) == -30


def test_a_month_is_days_ago() -> None:
    assert time_axis(series(NOW - 30 * DAY, 30 * DAY), NOW, 60).title == "days ago"
    assert time_axis(series(NOW - DAY, DAY), NOW, 60).title == "hours ago"


@pytest.mark.parametrize(
    ("start", "span", "labels", "title"),
    [
        # an hour in 2019, read today: the day is in the title, the times on the ticks
        (ms(2019, 3, 4, 10), HOUR, ["10:00", "10:15", "10:30", "10:45", "11:00"], "2019-03-04 UTC"),
        # the first hour of 1970
        (0, HOUR, ["00:00", "00:15", "00:30", "00:45", "01:00"], "1970-01-01 UTC"),
        # an hour in 2100 (a server whose clock is far ahead)
        (ms(2100, 6, 1, 12), HOUR, ["12:00", "12:15", "12:30", "12:45", "13:00"], "2100-06-01 UTC"),
        # a week in 2019: the days, the year in the title
        (
            ms(2019, 3, 4),
            7 * DAY,
            ["03-05", "03-07", "03-09", "03-11"],
            "2019 UTC",
        ),
    ],
)
def test_data_far_from_now_is_dated(start: int, span: int, labels: list[str], title: str) -> None:
    axis = time_axis(series(start, span), NOW, 40)
    assert list(axis.labels) == labels
    assert axis.title == title
    assert axis.low == start
    assert axis.high == start + span


def test_half_a_century_is_years() -> None:
    axis = time_axis((0, ms(2026), ms(2100)), NOW, 60)
    assert axis.title == "UTC"
    assert axis.labels == ("1980", "2000", "2020", "2040", "2060", "2080", "2100")


stamps = st.integers(min_value=0, max_value=ms(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    points=st.lists(stamps, min_size=1, max_size=50),
    now=stamps,
    width=st.integers(min_value=10, max_value=300),
)
def test_any_times_get_a_readable_axis_that_fits(points: list[int], now: int, width: int) -> None:
    axis = time_axis(points, now, width)
    assert 1 <= len(axis.ticks) == len(axis.labels)
    # the labels fit side by side in the width (plotext draws them centred on the ticks)
    assert sum(len(label) for label in axis.labels) + 2 * (len(axis.labels) - 1) <= max(width, 24)
    assert all(axis.low - 1e-9 <= tick <= axis.high + 1e-9 for tick in axis.ticks)
    assert axis.low <= min(axis.places(points))
    assert max(axis.places(points)) <= axis.high
    # never a relative time in the millions: far data is dated
    for label in axis.labels:
        if not re.search(r"[:-]\d|^\d{4}$", label):
            assert abs(float(label)) <= 62 * 24 * 60, (label, axis)


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield HistoryChart()


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (ms(2019, 3, 4, 10), "2019-03-04 UTC"),
        (0, "1970-01-01 UTC"),
        (ms(2100, 1, 1), "2100-01-01 UTC"),
    ],
)
async def test_the_chart_draws_the_dated_axis(start: int, expected: str) -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(HistoryChart)
        times = series(start, HOUR)
        chart.show(ChartData("AVG", times, tuple(float(i % 7) for i in range(len(times))), NOW))
        await pilot.pause()
        text = screen_text(app)
        assert expected in text
        assert "minutes ago" not in text
        assert re.search(r"\d\d:\d\d", text)
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        assert expected in screen_text(app) or expected[:10] in screen_text(app)


async def test_the_chart_draws_minutes_ago_for_now() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(HistoryChart)
        times = series(NOW - HOUR, HOUR)
        chart.show(ChartData("AVG", times, tuple(float(i % 7) for i in range(len(times))), NOW))
        await pilot.pause()
        text = screen_text(app)
        assert "minutes ago" in text
        assert "-60" in text
