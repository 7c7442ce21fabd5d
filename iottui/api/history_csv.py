"""The one CSV format of metric history, written by ``iottui metrics history --csv`` and by the
TUI's chart export (``x`` on a metric chart).

One row per sample, oldest first (then by sensor and metric), RFC 4180 quoting, a header row:

    timestamp,time,sensor_id,metric_id,func,value
    1768478400000,2026-01-15T12:00:00.000Z,7,temp,AVG,20.5

``timestamp`` is epoch milliseconds as the server sent it; ``time`` the same instant in ISO 8601
UTC (empty when it is no representable date); ``value`` keeps every digit of a number (a float
is written as Python's shortest round-trip form, never rounded for display); text from the
server is made safe to print (control and bidi characters become visible escapes).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime

from iottui.api.domain.text import clean_text
from iottui.api.models import DataSeries

HEADER: tuple[str, ...] = ("timestamp", "time", "sensor_id", "metric_id", "func", "value")


def iso_utc(ms: int) -> str:
    """Epoch milliseconds as ``2026-01-15T12:00:00.000Z``; "" outside the dates Python knows."""
    try:
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return clean_text(value)


def history_rows(series: Sequence[DataSeries]) -> list[tuple[str, ...]]:
    """The rows (without the header), in the order described above."""
    rows = [
        (p.timestamp, s.sensor_id, s.metric_id or "", s.func.value if s.func else "", p.value)
        for s in series
        for p in s.points
    ]
    rows.sort(key=lambda r: (r[0], str(r[1]), r[2]))
    return [
        (str(ts), iso_utc(ts), _cell(sensor), _cell(metric), _cell(func), _cell(value))
        for ts, sensor, metric, func, value in rows
    ]


def history_csv(series: Sequence[DataSeries]) -> str:
    """The whole CSV text (header and rows, each line ending in ``\\n``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(history_rows(series))
    return buffer.getvalue()
