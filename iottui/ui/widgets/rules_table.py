"""The rules table: name, type, active, sources, thresholds with their severities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from iottui.ui.text import SEVERITY_STYLES, clean, safe
from iottui.ui.widgets.columns import Cell, Column, FittedColumns

if TYPE_CHECKING:
    from iottui.api.models import Rule


def sources_text(rule: Rule, limit: int = 2) -> Text:
    labels = [clean(s.label) for s in rule.sources]
    text = Text(", ".join(labels[:limit]))
    if len(labels) > limit:
        text.append(f" +{len(labels) - limit}", style="dim")
    return text


def thresholds_text(rule: Rule, *, compact: bool = False) -> Text:
    """The thresholds with their severities; ``compact`` (a narrow screen) leaves out the word
    ``metric`` and the severity's name, which the colour carries: ``>85 ×3, >95``."""
    text = Text()
    for i, threshold in enumerate(rule.thresholds):
        if i:
            text.append(", " if not compact else " ")
        condition = clean(threshold.condition)
        if compact and condition.lower().startswith("metric"):
            condition = condition[len("metric") :].strip()
        text.append(condition, style=SEVERITY_STYLES.get(int(threshold.severity), ""))
        if not compact:
            text.append(f" {threshold.severity.label}", style="dim")
        if threshold.checkcount > 1:
            text.append(f" ×{threshold.checkcount}", style="dim")
    return text


def _type_cell(rule: Rule) -> Cell:
    label = rule.rule_type.label
    return lambda width: Text(label if len(label) <= width else label.split()[0])


def _thresholds_cell(rule: Rule) -> Cell:
    full = thresholds_text(rule)
    return lambda width: full if full.cell_len <= width else thresholds_text(rule, compact=True)


class RulesTable(FittedColumns):
    """Rule rows, one per rule the server listed.

    Duplicate ids are data: two rules with one id are both shown (rows are keyed by position,
    never by the rule's id), so the operator sees what the server holds; the cursor's rule is
    the row's own rule, whose id a write then uses.
    """

    fitted = (
        Column("name", "Name", keep=0, least=10, most=32),
        Column("type", "Type", keep=3, least=6, most=16),
        Column("active", "Active", keep=2, least=6, most=8),
        Column("sources", "Sources", keep=4, least=10, most=64),
        Column("thresholds", "Thresholds", keep=1, least=6, most=60),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rules: list[Rule] = []
        self._pending: set[str] = set()
        self._shown: object = None

    def least_of(self, column: Column) -> int:
        if column.key == "thresholds":  # the compact thresholds, whole
            return max([6, *(thresholds_text(r, compact=True).cell_len for r in self.rules)])
        return column.least

    def show(self, rules: Sequence[Rule], pending: set[str] | None = None) -> None:
        ordered = sorted(rules, key=lambda r: (r.name.lower(), r.id))
        fingerprint = (tuple(ordered), frozenset(pending or ()))
        if fingerprint == self._shown:
            return
        self._shown = fingerprint
        current = self.current()
        place = self.cursor_row
        self.rules = ordered
        rows: list[dict[str, Cell]] = []
        for rule in ordered:
            if rule.id in (pending or ()):
                active = Text("…", style="italic")
            elif rule.active:
                active = Text("active", style="green")
            else:
                active = Text("disabled", style="dim")
            rows.append(
                {
                    "name": safe(rule.name),
                    "type": _type_cell(rule),
                    "active": active,
                    "sources": sources_text(rule),
                    "thresholds": _thresholds_cell(rule),
                }
            )
        cursor = None
        if current is not None:
            same = [n for n, r in enumerate(ordered) if r.id == current.id]
            cursor = min(same, key=lambda n: abs(n - place)) if same else None
        self.fit_rows(rows, cursor)

    def current(self) -> Rule | None:
        if not self.rules or not 0 <= self.cursor_row < len(self.rules):
            return None
        return self.rules[self.cursor_row]
