"""The one history CSV format (``iottui.api.history_csv``), written by the CLI and the TUI."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from iottui.api.enums import Aggregation
from iottui.api.history_csv import HEADER, history_csv, iso_utc
from iottui.api.models import DataPoint, DataSeries

NOW = 1_768_478_400_000  # 2026-01-15 12:00:00 UTC


def test_rows_oldest_first_across_series_with_every_digit() -> None:
    series = [
        DataSeries(7, "temp", (DataPoint(NOW + 1000, 21.5), DataPoint(NOW, "20")), Aggregation.AVG),
        DataSeries(3, "hum", (DataPoint(NOW, 0.1 + 0.2), DataPoint(NOW + 500, None))),
    ]
    assert history_csv(series).splitlines() == [
        "timestamp,time,sensor_id,metric_id,func,value",
        f"{NOW},2026-01-15T12:00:00.000Z,3,hum,,0.30000000000000004",
        f"{NOW},2026-01-15T12:00:00.000Z,7,temp,AVG,20",
        f"{NOW + 500},2026-01-15T12:00:00.500Z,3,hum,,",
        f"{NOW + 1000},2026-01-15T12:00:01.000Z,7,temp,AVG,21.5",
    ]


def test_no_data_is_the_header_alone() -> None:
    assert history_csv([]) == "timestamp,time,sensor_id,metric_id,func,value\n"


def test_times_python_cannot_place_leave_the_time_empty() -> None:
    assert iso_utc(0) == "1970-01-01T00:00:00.000Z"
    assert iso_utc(4_102_444_800_000) == "2100-01-01T00:00:00.000Z"
    assert iso_utc(10**20) == ""
    assert iso_utc(-(10**20)) == ""


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
SERIES = st.lists(
    st.builds(
        DataSeries,
        sensor_id=st.integers(min_value=-(2**63), max_value=2**63),
        metric_id=st.one_of(st.none(), st.text(max_size=12)),
        points=st.lists(
            st.builds(
                DataPoint,
                timestamp=st.integers(min_value=-(2**62), max_value=2**62),
                value=VALUES,
            ),
            max_size=5,
        ).map(tuple),
        func=st.one_of(st.none(), st.sampled_from(Aggregation)),
    ),
    max_size=4,
)


@given(SERIES)
def test_any_series_reads_back_row_for_row(series: list[DataSeries]) -> None:
    text = history_csv(series)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 1 + sum(len(s.points) for s in series)
    stamps = [int(r[0]) for r in rows[1:]]
    assert stamps == sorted(stamps)
    # the rows are the points, stably sorted by time, sensor and metric: numbers read back exact
    points = sorted(
        (
            (p.timestamp, str(s.sensor_id), s.metric_id or "", p.value)
            for s in series
            for p in s.points
        ),
        key=lambda row: row[:3],
    )
    for row, (_ts, _sensor, _metric, value) in zip(rows[1:], points, strict=True):
        if isinstance(value, bool):
            assert row[5] == ("true" if value else "false")
        elif isinstance(value, int):
            assert int(row[5]) == value
        elif isinstance(value, float):
            assert float(row[5]) == value
        elif value is None:
            assert row[5] == ""
    # nothing a terminal would act on: no control character but the line ends
    assert not any(ord(c) < 32 and c not in "\n\r" for c in text)
