"""The status line: profile, server, connection state, last refresh, latency, open alarms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from iottui.ui.text import SEVERITY_ORDER, SEVERITY_STYLES, clean, format_time

#: Above this latency (seconds) the connection is shown as slow.
SLOW_LATENCY = 2.0


@dataclass(frozen=True, slots=True)
class Status:
    """Everything the status line shows; equal statuses render nothing new."""

    profile: str = ""
    server: str = ""
    state: str = "connecting"  # connecting | ok | slow | error
    last_error: str = ""
    last_refresh_ms: int | None = None
    latency: float | None = None
    #: Open alarms by severity; None until the server's alarms were read (a cached fleet
    #: knows none: no count is shown as if it were known).
    alarms: Mapping[int, int] | None = None
    interval: float = 5.0
    paused: bool = False
    read_only: bool = False
    stale: bool = False
    #: When the fleet shown was saved to the fleet cache (ms), while it is shown.
    cached_at_ms: int | None = None


#: The key that shows the last error whole (the main screen's), named after the error.
LAST_ERROR_KEY = "L"
#: The longest part of an error message shown, when the line has room.
ERROR_CHARS = 60
#: Shortened to fit, an error message keeps at least this many characters.
ERROR_MIN = 12


def render_status(status: Status, width: int | None = None) -> Text:
    """The line; with ``width`` (cells), parts give way so that the state and the alarm
    counts stay on screen: first the error message shrinks (to ``ERROR_MIN`` cells), then the
    server's URL, then the latency, then the refresh interval (``paused`` stays), then the rest
    of the message. What still does not fit is cut at the end with an ellipsis.
    """
    head = Text()
    if status.read_only:
        head.append(" READ-ONLY ", style="bold reverse")
        head.append(" ")
    head.append(clean(status.profile), style="bold")
    server = clean(status.server)
    state = Text(" │ ")
    state_style = {"ok": "green", "slow": "yellow", "error": "bold red"}.get(status.state, "dim")
    state.append(f"● {status.state}", style=state_style)
    if status.cached_at_ms is not None:
        state.append(f" · cached {format_time(status.cached_at_ms)[:5]}", style="bold yellow")
    error = _fit(clean(status.last_error), ERROR_CHARS) if status.state == "error" else ""
    stale = " (stale)" if status.stale else ""
    tail = _tail(status, latency=True, interval=True)

    if width is not None:

        def over() -> int:
            # an error is followed by the key that shows it whole: " L"
            parts = (cell_len(server) + 1 if server else 0) + (cell_len(error) + 3 if error else 0)
            return head.cell_len + state.cell_len + len(stale) + tail.cell_len + parts - width

        if over() > 0:
            error = _fit(error, max(ERROR_MIN, cell_len(error) - over()))
        if over() > 0:
            server = _fit(server, cell_len(server) - over())
        if over() > 0:
            tail = _tail(status, latency=False, interval=True)
        if over() > 0:
            tail = _tail(status, latency=False, interval=False)
        if over() > 0:  # "● error" stays
            error = _fit(error, max(1, cell_len(error) - over()))

    text = Text(no_wrap=True, overflow="ellipsis")
    text.append_text(head)
    if server:
        text.append(" ")
        text.append(server, style="dim")
    text.append_text(state)
    if error:
        text.append(f" {error}", style="red")
        text.append(f" {LAST_ERROR_KEY}", style="bold")
    if stale:
        text.append(stale, style="yellow")
    text.append_text(tail)
    return text


def _tail(status: Status, *, latency: bool, interval: bool) -> Text:
    """Last refresh (and latency), refresh interval or ``paused``, open alarms by severity
    (once read)."""
    tail = Text(" │ ")
    tail.append(f"⟳ {format_time(status.last_refresh_ms)}")
    if latency and status.latency is not None:
        tail.append(f" {status.latency * 1000:.0f}ms", style="dim")
    if status.paused:
        tail.append(" │ ")
        tail.append("paused", style="bold yellow")
    elif interval:
        tail.append(f" │ every {status.interval:g}s")
    if status.alarms is None:
        return tail
    tail.append(" │ ")
    for severity in SEVERITY_ORDER:
        count = status.alarms.get(int(severity), 0)
        style = SEVERITY_STYLES[int(severity)] if count else "dim"
        tail.append(f"{severity.short_label} {count} ", style=style)
    return tail


def _fit(text: str, size: int) -> str:
    """``text`` in at most ``size`` cells, an ellipsis marking a cut."""
    if cell_len(text) <= size:
        return text
    if size <= 0:
        return ""
    fitted = Text(text)
    fitted.truncate(size, overflow="ellipsis")
    return fitted.plain


class StatusLine(Static):
    """One line at the bottom; repaints only when what it shows changed."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.status = Status()
        self._width = 0
        #: What is failing now (by the name of the read: "fleet", "alarms", …).
        self._failing: set[str] = set()
        #: The last error, whole, and when (ms): the line shows its start only.
        self.last_error: tuple[str, int] | None = None

    def set(self, **changes: object) -> None:
        new = replace(self.status, **changes)  # type: ignore[arg-type]
        if new != self.status:
            self.status = new
            self._render_line()

    def failed(self, what: str, text: str, now_ms: int) -> bool:
        """A read failed: the line says so (and stale); True for the first failure of a run
        (the screen tells of it once, not for every read that fails after it)."""
        first = not self._failing
        self._failing.add(what)
        self.last_error = (f"{what} failed: {text}", now_ms)
        self.set(state="error", last_error=f"{what}: {text}", stale=True)
        return first

    def succeeded(self, what: str, latency: float | None, now_ms: int) -> bool:
        """A read worked: once nothing fails any more, the state is ok (or slow) and not
        stale; True when that ends a run of failures (the connection is back)."""
        was_failing = bool(self._failing)
        self._failing.discard(what)
        if self._failing:
            return False
        state = "slow" if latency is not None and latency > SLOW_LATENCY else "ok"
        self.set(state=state, last_error="", latency=latency, stale=False, last_refresh_ms=now_ms)
        return was_failing

    def overdue(self, overdue: bool) -> None:
        """``overdue``: a poll is in flight for longer than one interval: the connection is
        slow and what is shown is stale (an error shown stays; the poll's outcome sets both)."""
        if overdue and self.status.state != "error":
            self.set(state="slow", stale=True)

    def show_last_error(self) -> None:
        """The last error in full, in a dialog (the line has room for its start only)."""
        from iottui.ui.screens.last_error import LastErrorScreen

        if self.last_error is not None:
            text, at_ms = self.last_error
            current = self.status.state == "error"
            self.app.push_screen(LastErrorScreen(text, at_ms, current=current))

    def on_resize(self) -> None:
        if self.content_size.width != self._width:
            self._render_line()

    def _render_line(self) -> None:
        self._width = self.content_size.width
        line = render_status(self.status, self._width or None)
        # one line high whatever it shows: a repaint, not a layout of the whole screen
        self.update(line, layout=False)
