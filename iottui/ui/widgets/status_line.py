"""The status line: profile, server, connection state, last refresh, latency, open alarms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
    alarms: Mapping[int, int] = field(default_factory=dict)
    interval: float = 5.0
    paused: bool = False
    read_only: bool = False
    stale: bool = False


def render_status(status: Status) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    if status.read_only:
        text.append(" READ-ONLY ", style="bold reverse")
        text.append(" ")
    text.append(clean(status.profile), style="bold")
    text.append(" ")
    text.append(clean(status.server), style="dim")
    text.append(" │ ")
    state_style = {"ok": "green", "slow": "yellow", "error": "bold red"}.get(status.state, "dim")
    text.append(f"● {status.state}", style=state_style)
    if status.state == "error" and status.last_error:
        text.append(f" {clean(status.last_error)[:60]}", style="red")
    if status.stale:
        text.append(" (stale)", style="yellow")
    text.append(" │ ")
    text.append(f"⟳ {format_time(status.last_refresh_ms)}")
    if status.latency is not None:
        text.append(f" {status.latency * 1000:.0f}ms", style="dim")
    text.append(" │ ")
    text.append(
        "paused" if status.paused else f"every {status.interval:g}s",
        style="bold yellow" if status.paused else "",
    )
    text.append(" │ ")
    for severity in SEVERITY_ORDER:
        count = status.alarms.get(int(severity), 0)
        style = SEVERITY_STYLES[int(severity)] if count else "dim"
        text.append(f"{severity.label[:4]} {count} ", style=style)
    return text


class StatusLine(Static):
    """One line at the bottom; repaints only when what it shows changed."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.status = Status()

    def set(self, **changes: object) -> None:
        new = replace(self.status, **changes)  # type: ignore[arg-type]
        if new != self.status:
            self.status = new
            # one line high whatever it shows: a repaint, not a layout of the whole screen
            self.update(render_status(new), layout=False)
