"""Editable threshold rows of a rule: condition, severity, consecutive checks, topics."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select

from iottui.api.conditions import ConditionError, parse_metric_condition, parse_offline_duration
from iottui.api.domain import DEFAULT_CHECKCOUNT
from iottui.api.enums import Severity
from iottui.api.models import Threshold
from iottui.ui.manage.common import clean, split_names
from iottui.ui.manage.form_style import compact

_SEVERITIES = [(Text(s.label), int(s)) for s in Severity]


class ThresholdRow(Horizontal):
    """One threshold: condition, severity, checks, topics (comma-separated names)."""

    DEFAULT_CSS = """
    ThresholdRow { height: auto; }
    ThresholdRow .cond { width: 20; }
    ThresholdRow Select { width: 16; }
    ThresholdRow .checks { width: 9; }
    ThresholdRow .topics { width: 1fr; }
    ThresholdRow Button { min-width: 5; width: 5; }
    """

    def __init__(self, threshold: Threshold | None, topic_names: Mapping[str, str]) -> None:
        super().__init__(classes="threshold-row")
        self._t = threshold
        self._topic_names = topic_names

    def compose(self) -> ComposeResult:
        t = self._t
        yield Input(
            clean(t.condition) if t else "",
            placeholder="metric>=60",
            classes="cond",
            name="condition",
        )
        yield Select(
            _SEVERITIES,
            value=int(t.severity) if t else int(Severity.CRITICAL),
            allow_blank=False,
            name="severity",
        )
        yield Input(
            str(t.checkcount if t else DEFAULT_CHECKCOUNT),
            type="integer",
            classes="checks",
            name="checks",
            tooltip="Consecutive checks before an alarm",
        )
        names = [self._topic_names.get(i, i) for i in t.topic_ids] if t else []
        names += list(t.new_topics) if t else []
        yield Input(
            ", ".join(clean(n) for n in names),
            placeholder="topics, comma-separated",
            classes="topics",
            name="topics",
        )
        yield Button("−", name="remove", tooltip="Remove this threshold")

    def on_mount(self) -> None:
        compact(self)

    def value(self, name: str) -> str:
        return next(w for w in self.query(Input) if w.name == name).value.strip()

    def severity(self) -> Severity:
        value = self.query_one(Select).value
        return Severity(value if isinstance(value, int) else 1)

    @on(Button.Pressed)
    def _remove(self, event: Button.Pressed) -> None:
        if event.button.name == "remove":
            event.stop()
            self.remove()


class ThresholdRows(Vertical):
    """The rows and an "add threshold" button."""

    DEFAULT_CSS = "ThresholdRows { height: auto; }"

    def __init__(
        self, thresholds: list[Threshold], topic_names: Mapping[str, str], *, id: str
    ) -> None:
        super().__init__(id=id)
        self._initial = thresholds
        self.topic_names = dict(topic_names)  # id -> name

    def compose(self) -> ComposeResult:
        initial: list[Threshold | None] = list(self._initial) or [None]
        for threshold in initial:
            yield ThresholdRow(threshold, self.topic_names)
        yield Button("+ threshold", id="add-threshold")

    @on(Button.Pressed, "#add-threshold")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        self.mount(ThresholdRow(None, self.topic_names), before="#add-threshold")

    def problems(self, offline: bool) -> list[str]:
        rows = list(self.query(ThresholdRow))
        if not rows:
            return ["Add at least one threshold."]
        out: list[str] = []
        for n, row in enumerate(rows, 1):
            cond = row.value("condition")
            if not cond:
                example = "minutes offline, e.g. 22" if offline else "a condition like metric>=60"
                out.append(f"Threshold {n}: type {example}.")
                continue
            try:
                if offline:
                    parse_offline_duration(cond)
                else:
                    parse_metric_condition(cond)
            except ConditionError as exc:
                out.append(f"Threshold {n}: {exc}")
            checks = row.value("checks")
            if not checks.isdigit() or int(checks) < 1:
                out.append(f"Threshold {n}: consecutive checks must be a whole number ≥ 1.")
        return out

    def read(self, offline: bool) -> list[Threshold]:
        """The thresholds; topic names that exist become ids, the others new topics."""
        by_name = {name.casefold(): tid for tid, name in self.topic_names.items()}
        out: list[Threshold] = []
        for row in self.query(ThresholdRow):
            cond = row.value("condition")
            if not offline:
                with suppress(ConditionError):
                    cond = str(parse_metric_condition(cond))
            ids: list[str] = []
            new: list[str] = []
            for name in split_names(row.value("topics")):
                tid = by_name.get(name.casefold())
                if tid is not None:
                    ids.append(tid)
                elif name not in new:
                    new.append(name)
            checks = row.value("checks")
            out.append(
                Threshold(
                    condition=cond,
                    severity=row.severity(),
                    checkcount=int(checks) if checks.isdigit() else DEFAULT_CHECKCOUNT,
                    topic_ids=tuple(ids),
                    new_topics=tuple(new),
                )
            )
        return out
