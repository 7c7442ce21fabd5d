"""The alarms table: severity-coloured rows, marks, per-alarm close outcomes and filters.

It displays only; :class:`iottui.ui.views.alarms.AlarmsView` holds the alarms, the keys and
the closing. A close that failed shows "failed"
in the State column (the server's reason is in the alarm's detail and in a notice) until the
alarm's state next changes; a close whose answer never came shows "unknown". Only an open alarm
can be marked for closing (:func:`mark_refusal`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from iottui.ui.text import (
    clean,
    fit_value,
    format_age,
    format_time,
    safe,
    severity_text,
    value_forms,
)
from iottui.ui.widgets.columns import Cell, Column, FittedColumns

if TYPE_CHECKING:
    from iottui.api.enums import Severity
    from iottui.api.models import Alarm, AlarmDetails

OUTCOME_STYLES = {
    "closing": "italic",
    "closed": "green",
    "already": "green",
    "failed": "bold red",
    "unknown": "bold yellow",
}


@dataclass(frozen=True, slots=True)
class AlarmFilter:
    """Severity, device and free text (``dev:NAME`` in the text picks a device)."""

    severity: Severity | None = None
    text: str = ""

    def matches(self, alarm: Alarm) -> bool:
        if self.severity is not None and alarm.severity != self.severity:
            return False
        details = alarm.source.details if alarm.source else None
        words = self.text.lower().split()
        for word in words:
            if word.startswith("dev:"):
                device = (details.device if details else "") or ""
                if word[4:] not in device.lower():
                    return False
                continue
            hay = " ".join(
                filter(
                    None,
                    [
                        alarm.description,
                        details.device if details else None,
                        details.sensor if details else None,
                        details.metric if details else None,
                        details.condition if details else None,
                        alarm.id,
                    ],
                )
            ).lower()
            if word not in hay:
                return False
        return True

    def describe(self) -> str:
        parts = []
        if self.severity is not None:
            parts.append(f"severity {self.severity.label}")
        if self.text:
            parts.append(f"text {clean(self.text)!r}")
        return ", ".join(parts) or "none"


def mark_refusal(alarm: Alarm, outcomes: Mapping[str, tuple[str, str]]) -> str | None:
    """Why ``alarm`` cannot be marked for a bulk close (None: it can): a closed alarm has
    nothing to close, unless its close timed out and the outcome is unknown."""
    if alarm.is_open or outcomes.get(alarm.id, ("",))[0] == "unknown":
        return None
    return "That alarm is already closed: nothing to mark"


def _state_of(alarms: Sequence[Alarm], alarm_id: str) -> tuple[object, ...]:
    """What changes when an alarm's state changes: status and changelog, per copy of the id."""
    return tuple((a.status, a.changelog) for a in alarms if a.id == alarm_id)


class CloseOutcomes(dict[str, tuple[str, str]]):
    """The last close outcome per alarm id: ``(state, message)``.

    :meth:`settle` is given every alarm list the app loads: an alarm closed as asked is
    forgotten once it left the open list, and a failure mark clears when the alarm's state
    next changes (closed elsewhere, reopened, a new changelog entry, gone from the list).
    """

    def __init__(self) -> None:
        super().__init__()
        #: the state a failed alarm had when its failure was first seen in a list
        self._basis: dict[str, tuple[object, ...]] = {}

    def settle(self, alarms: Sequence[Alarm]) -> None:
        open_ids = {a.id for a in alarms if a.is_open}
        for alarm_id, (state, _) in list(self.items()):
            if state in ("closed", "already") and alarm_id not in open_ids:
                del self[alarm_id]
            elif state == "failed":
                now = _state_of(alarms, alarm_id)
                seen = self._basis.setdefault(alarm_id, now)
                if now != seen:
                    del self[alarm_id]
        for alarm_id in list(self._basis):
            if self.get(alarm_id, ("",))[0] != "failed":
                del self._basis[alarm_id]

    def __setitem__(self, alarm_id: str, outcome: tuple[str, str]) -> None:
        # a new attempt: its failure is judged against the state at the next list
        self._basis.pop(alarm_id, None)
        super().__setitem__(alarm_id, outcome)


def condition_text(details: AlarmDetails | None) -> str:
    """The alarm's condition; a device-offline alarm's bare duration reads as one."""
    if details is None:
        return ""
    if details.condition:
        return details.condition
    if details.offline_duration:
        return f"offline ≥ {details.offline_duration} min"
    return ""


def sort_alarms(alarms: Sequence[Alarm]) -> list[Alarm]:
    """Open first, then by severity (critical first), then newest first."""
    return sorted(alarms, key=lambda a: (not a.is_open, int(a.severity), -a.open_time))


def _value(alarm: Alarm) -> str:
    details = alarm.source.details if alarm.source else None
    return clean(details.value) if details and details.value else ""


def _keep_place(rows: Sequence[Alarm], was: Alarm, place: int) -> int:
    """The row to put the cursor on after new rows came: the same alarm (the occurrence nearest
    to where the cursor was, when its id repeats), else the same id, else the same place."""
    found = [n for n, alarm in enumerate(rows) if alarm == was]
    found = found or [n for n, alarm in enumerate(rows) if alarm.id == was.id]
    if found:
        return min(found, key=lambda n: abs(n - place))
    return min(place, max(0, len(rows) - 1))


class AlarmsTable(FittedColumns):
    """Alarm rows, one per alarm the server listed.

    Duplicate ids are data, not an error: the API document's own examples reuse alarm ids, and
    a server may list one alarm twice. The table shows both (rows are keyed by position, never
    by the server's id): merging would hide what the server said, and two rows cannot crash
    it. Marks and close outcomes are per id, so they show on every row of that id, as closing
    by id acts on whatever the server means by it.
    """

    fitted = (
        Column("mark", " ", keep=0, least=1, most=1),
        Column("severity", "Severity", keep=1, least=4, most=8),
        Column("device", "Device", keep=2, least=8, most=28),
        Column("metric", "Metric", keep=3, least=6, most=24),
        Column("value", "Value", keep=4, least=1, most=16),
        Column("age", "Age", keep=5, least=3, most=7),
        Column("state", "State", keep=6, least=4, most=8),
        Column("condition", "Condition", keep=7, least=8, most=28),
        Column("sensor", "Sensor", keep=8, least=6, most=20),
        Column("opened", "Opened", keep=9, least=8, most=8),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: the shown alarms in row order (an id may repeat)
        self.alarms: list[Alarm] = []
        self.alarm_ids: list[str] = []
        #: the first shown alarm of each id
        self.by_id: dict[str, Alarm] = {}
        self._shown: object = None
        self._now = 0

    def show(
        self,
        alarms: Sequence[Alarm],
        *,
        marked: set[str],
        outcomes: dict[str, tuple[str, str]],
        now: int,
    ) -> None:
        """Replace the rows (only if anything shown changed), keeping the cursor's alarm."""
        ordered = sort_alarms(alarms)
        fingerprint = (
            tuple(ordered),
            frozenset(marked),
            tuple(sorted(outcomes.items())),
            now // 60_000,
        )
        if fingerprint == self._shown:
            return
        self._shown = fingerprint
        current = self.current()
        place = self.cursor_row
        self.alarms = ordered
        self._now = now
        self.alarm_ids = [a.id for a in ordered]
        self.by_id = {}
        for alarm in ordered:
            self.by_id.setdefault(alarm.id, alarm)
        rows = [self._cells(alarm, marked, outcomes, now) for alarm in ordered]
        self.fit_rows(rows, None if current is None else _keep_place(ordered, current, place))

    def least_of(self, column: Column) -> int:
        if column.key == "value":  # whole, or scaled: never cut
            return max([1, *(min(len(f) for f in value_forms(_value(a), "")) for a in self.alarms)])
        if column.key == "age":  # a number too: "2583d" for an alarm opened in 2019
            return max(
                [column.least, *(len(format_age(a.open_time, self._now)) for a in self.alarms)]
            )
        return column.least

    @staticmethod
    def _cells(
        alarm: Alarm, marked: set[str], outcomes: dict[str, tuple[str, str]], now: int
    ) -> dict[str, Cell]:
        details = alarm.source.details if alarm.source else None
        # the state only: a failure's reason is in the detail and in a notice (it made the
        # column as wide as the message and pushed everything else off screen)
        state, _ = outcomes.get(alarm.id, ("open" if alarm.is_open else "closed", ""))
        value = _value(alarm)
        return {
            "mark": Text("✓" if alarm.id in marked else " ", style="bold"),
            "severity": lambda width: severity_text(alarm.severity, short=width < 8),
            "state": Text(state, style=OUTCOME_STYLES.get(state, "" if alarm.is_open else "dim")),
            "device": safe(details.device if details else ""),
            "sensor": safe(details.sensor if details else ""),
            "metric": safe(details.metric if details else ""),
            "condition": safe(condition_text(details)),
            "value": lambda width: Text(fit_value(value, "", width)) if value else Text(""),
            "opened": Text(format_time(alarm.open_time)),
            "age": Text(format_age(alarm.open_time, now), style="dim"),
        }

    def current(self) -> Alarm | None:
        """The alarm of the cursor's row (itself, not the first alarm with its id)."""
        if not 0 <= self.cursor_row < len(self.alarms):
            return None
        return self.alarms[self.cursor_row]

    def current_id(self) -> str | None:
        alarm = self.current()
        return None if alarm is None else alarm.id
