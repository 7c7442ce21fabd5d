"""The rules table: name, type, active, sources, thresholds with their severities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from iottui.api.models import Rule
from iottui.ui.text import SEVERITY_STYLES, clean, safe


def sources_text(rule: Rule, limit: int = 2) -> Text:
    labels = [clean(s.label) for s in rule.sources]
    text = Text(", ".join(labels[:limit]))
    if len(labels) > limit:
        text.append(f" +{len(labels) - limit}", style="dim")
    return text


def thresholds_text(rule: Rule) -> Text:
    text = Text()
    for i, threshold in enumerate(rule.thresholds):
        if i:
            text.append(", ")
        text.append(
            clean(threshold.condition), style=SEVERITY_STYLES.get(int(threshold.severity), "")
        )
        text.append(f" {threshold.severity.label}", style="dim")
        if threshold.checkcount > 1:
            text.append(f" ×{threshold.checkcount}", style="dim")
    return text


class RulesTable(DataTable[Text]):
    """Rule rows, one per rule the server listed.

    Duplicate ids are data: two rules with one id are both shown (rows are keyed by position,
    never by the rule's id), so the operator sees what the server holds; the cursor's rule is
    the row's own rule, whose id a write then uses.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "Top", show=False, id="table.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
        Binding("e", "screen.toggle_rule", "Enable/disable", id="toggle_rule"),
        Binding("n", "screen.rule_command('rule-new')", "New", id="rule_new"),
        Binding("E", "screen.rule_command('rule-edit')", "Edit", id="rule_edit"),
        Binding("d", "screen.rule_command('rule-delete')", "Delete", id="rule_delete"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.rules: list[Rule] = []
        self._pending: set[str] = set()
        self._shown: object = None

    def on_mount(self) -> None:
        for label, key in (
            ("Name", "name"),
            ("Type", "type"),
            ("Active", "active"),
            ("Sources", "sources"),
            ("Thresholds", "thresholds"),
        ):
            self.add_column(Text(label), key=key)

    def show(self, rules: Sequence[Rule], pending: set[str] | None = None) -> None:
        ordered = sorted(rules, key=lambda r: (r.name.lower(), r.id))
        fingerprint = (tuple(ordered), frozenset(pending or ()))
        if fingerprint == self._shown:
            return
        self._shown = fingerprint
        current = self.current()
        place = self.cursor_row
        self.clear()
        self.rules = ordered
        for row, rule in enumerate(ordered):
            if rule.id in (pending or ()):
                active = Text("…", style="italic")
            elif rule.active:
                active = Text("active", style="green")
            else:
                active = Text("disabled", style="dim")
            self.add_row(
                safe(rule.name),
                Text(rule.rule_type.label),
                active,
                sources_text(rule),
                thresholds_text(rule),
                key=str(row),
            )
        if current is not None:
            same = [n for n, r in enumerate(ordered) if r.id == current.id]
            if same:
                self.move_cursor(row=min(same, key=lambda n: abs(n - place)))

    def current(self) -> Rule | None:
        if not self.rules or not 0 <= self.cursor_row < len(self.rules):
            return None
        return self.rules[self.cursor_row]

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))
