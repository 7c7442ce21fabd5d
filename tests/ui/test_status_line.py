"""The status line: what it shows, and what gives way when the terminal is narrow."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from iottui.api.enums import Severity
from iottui.ui.widgets.status_line import (
    ERROR_CHARS,
    ERROR_MIN,
    Status,
    StatusLine,
    render_status,
)

from .helpers import TestApp, screen_text, settle, started, until

COUNTS = "Crit 1 Maj 0 Min 3 Warn 0 "
LONG_ERROR = "alarms: HTTP 503 Service Unavailable: the upstream cluster is being upgraded, retry"


def _status(**changes: object) -> Status:
    base = Status(
        profile="prod",
        server="https://iot-gateway.example.com:8443/api/v2",
        state="ok",
        last_refresh_ms=1_768_478_400_000,
        latency=0.018,
        alarms={int(Severity.CRITICAL): 1, int(Severity.MINOR): 3},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_everything_shown_when_it_fits() -> None:
    line = render_status(_status(state="error", last_error="live values: timed out", stale=True))
    plain = line.plain
    assert plain.startswith("prod https://iot-gateway.example.com:8443/api/v2 │ ● error")
    assert "live values: timed out L (stale)" in plain  # L: the key that shows it whole
    assert "every 5s" in plain
    assert plain.endswith(COUNTS)
    assert render_status(_status(), width=200).plain == render_status(_status()).plain


def test_alarm_counts_only_once_read() -> None:
    """Before the server's alarms were read (connecting, a cached fleet on screen) no count is
    shown, not even zeros; once read, every severity's count is, zeros included."""
    unread = render_status(_status(alarms=None, state="connecting")).plain
    assert "Crit" not in unread
    assert "Warn" not in unread
    assert unread.endswith("every 5s")
    assert render_status(_status(alarms={})).plain.endswith("Crit 0 Maj 0 Min 0 Warn 0 ")
    assert render_status(Status()).plain == " │ ● connecting │ ⟳ – │ every 5s"


def test_a_long_error_is_cut_to_its_share() -> None:
    plain = render_status(_status(state="error", last_error=LONG_ERROR * 3)).plain
    assert LONG_ERROR[: ERROR_CHARS - 1] + "…" in plain
    assert LONG_ERROR[:ERROR_CHARS] not in plain


def test_narrow_line_keeps_the_alarm_counts() -> None:
    status = _status(state="error", last_error=LONG_ERROR, stale=True)
    line = render_status(status, width=142)
    assert line.cell_len <= 142
    assert line.plain.endswith(COUNTS)
    assert "(stale)" in line.plain
    assert "https://iot-gateway.example.com:8443/api/v2" in line.plain  # the error gave way
    assert "alarms: HTTP" in line.plain

    narrow = render_status(status, width=80).plain
    assert cell_len(narrow) <= 80
    assert narrow.endswith(COUNTS)
    assert "● error" in narrow
    assert "(stale)" in narrow
    error = narrow.split("● error ", 1)[1].split(" L (stale)", 1)[0]
    # the server's URL gave way, the latency and interval too; the key after the error ("L")
    # takes its cells from the error's share last
    assert ERROR_MIN - 2 <= len(error) <= ERROR_MIN
    assert error.endswith("…")
    assert "18ms" not in narrow
    assert "every 5s" not in narrow
    paused = render_status(replace(status, paused=True), width=80).plain
    assert cell_len(paused) <= 80
    assert "│ paused │" in paused
    assert paused.endswith(COUNTS)
    assert "https://iot-gateway.example.com:8443/api/v2" not in narrow
    assert narrow.startswith("prod │ ● error alarms: HT")


def test_server_text_is_literal() -> None:
    status = _status(server="[bold red]x[/]", state="error", last_error="[link=evil]boom[/link]")
    line = render_status(status, width=200)
    assert "[bold red]x[/]" in line.plain
    assert "[link=evil]boom[/link]" in line.plain
    assert not any("link" in str(span.style) for span in line.spans)


@settings(max_examples=200, deadline=None)
@given(
    server=st.text(max_size=120),
    error=st.text(max_size=200),
    width=st.integers(min_value=100, max_value=240),
    stale=st.booleans(),
    read_only=st.booleans(),
)
def test_any_text_fits_with_the_counts(
    server: str, error: str, width: int, stale: bool, read_only: bool
) -> None:
    status = _status(
        server=server, state="error", last_error=error, stale=stale, read_only=read_only
    )
    line = render_status(status, width=width)
    assert line.cell_len <= width
    assert line.plain.endswith(COUNTS)


async def test_the_widget_fits_its_width(app: TestApp) -> None:
    from iottui.ui.widgets.status_line import StatusLine

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        status = screen.query_one(StatusLine)
        status.set(server="https://iot-gateway.example.com:8443/api/v2")
        await pilot.pause()
        shown = _status_row(app)
        assert re.search(r"Crit \d+ Maj \d+ Min \d+ Warn \d+ *$", shown), shown
        assert "https://iot-gateway.exam" not in shown
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        wide = _status_row(app)
        assert "https://iot-gateway.example.com:8443/api/v2" in wide
        assert re.search(r"Crit \d+ Maj \d+ Min \d+ Warn \d+ *$", wide), wide


def _status_row(app: TestApp) -> str:
    return next(row for row in screen_text(app).splitlines() if " │ ● " in row)


async def test_toasts_never_cover_the_status_line(app: TestApp) -> None:
    """Several long toasts at 80x24 stack above the status line and the footer, never over."""
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await started(pilot)
        for n in range(3):
            screen.notify(f"notice {n}: " + "word " * 40, timeout=60)
        await until(pilot, lambda: len(screen.query("Toast")) == 3)
        await settle(pilot)
        status = screen.query_one(StatusLine).region
        assert status.height == 1
        for toast in screen.query("Toast"):
            assert toast.region.bottom <= status.y, (toast.region, status)
        assert "every" in screen_text(app).splitlines()[status.y]
