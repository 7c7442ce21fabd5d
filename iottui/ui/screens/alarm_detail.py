"""One alarm in full: severity, source, details, description and its changelog.

The dialog is as tall as the alarm (at most 90% of the screen, then it scrolls inside) and names
its keys in its bottom border: the main screen's footer below it is not its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

if TYPE_CHECKING:
    from iottui.api.models import Alarm

from iottui.api.problems import write_refusal
from iottui.ui.screens.dialog import Dialog
from iottui.ui.text import clean, format_time, safe, severity_text


def alarm_text(alarm: Alarm, outcome: tuple[str, str] | None = None) -> Text:
    text = Text("Alarm ", style="dim")
    text.append_text(severity_text(alarm.severity))
    text.append(f"  {alarm.status.label}", style="bold")
    text.append(f"  {alarm.type.label}\n", style="dim")
    text.append(f"id {clean(alarm.id) or '(none)'}\n", style="dim")
    if reason := write_refusal(alarm, "This alarm"):
        text.append(f"{reason}\n", style="bold yellow")
    text.append(f"opened {format_time(alarm.open_time, date=True)} UTC\n")
    if alarm.close_time:
        text.append(f"closed {format_time(alarm.close_time, date=True)} UTC\n")
    if outcome is not None:
        text.append(f"last close attempt: {outcome[0]}", style="bold")
        if outcome[1]:
            text.append(f" — {clean(outcome[1])}")
        text.append("\n")
    if alarm.description:
        text.append("\n")
        text.append_text(safe(alarm.description, "italic"))
        text.append("\n")
    source = alarm.source
    if source is not None:
        text.append("\nSource\n", style="bold")
        text.append(f"  key   {clean(source.source_key)}\n")
        if source.id:
            text.append(f"  rule  {clean(source.id)}\n")
        details = source.details
        for label, value in (
            ("device", details.device),
            ("sensor", details.sensor),
            ("metric", details.metric),
            ("condition", details.condition),
            ("value", details.value),
            ("checks", details.cons_check),
            ("offline", details.offline_duration),
        ):
            if value:
                text.append(f"  {label:<9} ")
                text.append_text(safe(value))
                text.append("\n")
    text.append("\nChangelog\n", style="bold")
    if not alarm.changelog:
        text.append("  (empty)\n", style="dim")
    for entry in alarm.changelog:
        text.append(
            f"  {format_time(entry.close_time, date=True) if entry.close_time else '–':<19} "
        )
        text.append(f"{clean(entry.prop)}: {clean(entry.prev_val or '–')} → ")
        text.append(clean(entry.current_val or "–"), style="bold")
        if entry.user_id:
            text.append(f"  by {clean(entry.user_id)}", style="dim")
        text.append("\n")
    return text


class AlarmDetailScreen(Dialog[str | None]):
    """Dismisses with ``"close"`` when the user asks to close the alarm."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="alarm_detail.back"),
        Binding("c", "close_alarm", "Close alarm", id="alarm_detail.close"),
        Binding("y", "copy", "Copy id", id="alarm_detail.copy"),
    ]

    DEFAULT_CSS = """
    AlarmDetailScreen { align: center middle; }
    AlarmDetailScreen > VerticalScroll {
        width: 90%; max-width: 100; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; border-subtitle-color: $text-muted;
    }
    """

    def __init__(self, alarm: Alarm, outcome: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.alarm = alarm
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        keys = "c close · y copy id · Esc back" if self.alarm.is_open else "y copy id · Esc back"
        with VerticalScroll() as box:
            box.border_subtitle = keys
            yield Static(alarm_text(self.alarm, self.outcome), id="alarm-text")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_alarm" and not self.alarm.is_open:
            return None
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_close_alarm(self) -> None:
        self.dismiss("close")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.alarm.id)
        self.notify(f"Copied alarm id {self.alarm.id}")
