"""One rule in full: type, state, every source and threshold.

The dialog is as tall as the rule (at most 90% of the screen, then it scrolls inside) and names
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
    from iottui.api.models import Rule

from iottui.api.problems import write_refusal
from iottui.ui.screens.dialog import Dialog
from iottui.ui.text import SEVERITY_STYLES, clean, safe


def rule_text(rule: Rule) -> Text:
    text = Text("Rule ", style="dim")
    text.append_text(safe(rule.name, "bold"))
    text.append("  ")
    text.append("active" if rule.active else "disabled", style="green" if rule.active else "dim")
    text.append(f"\nid {clean(rule.id) or '(none)'} · {rule.rule_type.label}\n", style="dim")
    if reason := write_refusal(rule, "This rule"):
        text.append(f"{reason}\n", style="bold yellow")
    text.append("\nSources\n", style="bold")
    for source in rule.sources:
        text.append("  • ")
        text.append_text(safe(source.label))
        ids = []
        if source.thing_id is not None:
            ids.append(f"sensor {source.thing_id}")
        if source.metric_id:
            ids.append(f"metric {clean(source.metric_id)}")
        if source.device_id is not None:
            ids.append(f"device {source.device_id}")
        if ids:
            text.append(f"  ({', '.join(ids)})", style="dim")
        text.append("\n")
    text.append("\nThresholds\n", style="bold")
    for threshold in rule.thresholds:
        text.append("  • ")
        text.append(
            clean(threshold.condition), style=SEVERITY_STYLES.get(int(threshold.severity), "")
        )
        text.append(f"  {threshold.severity.label}, {threshold.checkcount} consecutive check(s)")
        if threshold.topic_ids:
            text.append(f", topics {', '.join(clean(t) for t in threshold.topic_ids)}", style="dim")
        text.append("\n")
    return text


class RuleDetailScreen(Dialog[str | None]):
    """Dismisses with ``"toggle"`` to enable/disable, or a registry command name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="rule_detail.back"),
        Binding("e", "toggle_rule", "Enable/disable", id="rule_detail.toggle"),
        Binding("y", "copy", "Copy id", id="rule_detail.copy"),
    ]

    DEFAULT_CSS = """
    RuleDetailScreen { align: center middle; }
    RuleDetailScreen > VerticalScroll {
        width: 90%; max-width: 100; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1; border-subtitle-color: $text-muted;
    }
    """

    def __init__(self, rule: Rule) -> None:
        super().__init__()
        self.rule = rule

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_subtitle = "e enable/disable · y copy id · Esc back"
            yield Static(rule_text(self.rule), id="rule-text")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_toggle_rule(self) -> None:
        self.dismiss("toggle")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.rule.id)
        self.notify(f"Copied rule id {self.rule.id}")
