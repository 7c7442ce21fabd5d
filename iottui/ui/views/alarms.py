"""The alarms view: the alarms tab's info line, filter box and table, and alarm triage.

The screen hands it every alarm list the poller loads (:meth:`AlarmsView.show_alarms`, with the
items of the answers that could not be read) and calls :meth:`AlarmsView.draw` when its tab
opens; the poller reads :attr:`AlarmsView.show_closed` to know whether to list closed alarms
too. Up the view posts :class:`AlarmsView.CountsChanged` (the open alarms per severity, for
the status line), :class:`AlarmsView.ReloadWanted` (it needs a fresh list now: closed alarms
were asked for, a timed-out close could not be re-checked) and, after a close the server
took, :class:`~iottui.ui.messages.DataChanged`.

Closing (``c``, ``C`` for the marked ones, or ``c`` in an alarm's detail) asks first, then
closes one alarm at a time in a worker: every outcome is reported (a notice, the State column,
the detail); a close whose answer never came is re-checked with the server. An alarm the server
sent without an id is shown, but cannot be closed or marked: the notice says why
(:func:`iottui.api.problems.write_refusal`), no request is made.

New critical and major alarms are told of through the session's notifier
(:attr:`iottui.ui.session.Session.alarm_notifier`), from here only: one call per list loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from iottui.api.errors import APITimeoutError, IoTError
from iottui.ui import messages as msg
from iottui.ui.notify import open_counts
from iottui.ui.screens.alarm_detail import AlarmDetailScreen
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.session import session_of
from iottui.ui.text import SEVERITY_ORDER, clean
from iottui.ui.views.items import copy_id, error_text, named, refused, shown_in_tab
from iottui.ui.widgets.alarms_table import AlarmFilter, AlarmsTable, CloseOutcomes, mark_refusal
from iottui.ui.widgets.problems import PROBLEMS_KEY, ProblemsScreen, log_problems, problems_note

if TYPE_CHECKING:
    from iottui.api.enums import Severity
    from iottui.api.models import Alarm
    from iottui.api.problems import ItemProblem

#: What a timed-out close that the server did not apply shows.
RECHECK_NOTE = "not closed (the request timed out); retry with c"
#: Closed alarms are re-checked over this window when a close timed out.
RECHECK_WINDOW_MS = 30 * 86_400_000
#: The keys named in the info line, when it has room for them.
KEYS_HINT = "  (c close · space mark · C close marked · t closed · s severity · / filter)"

_SEVERITY_CYCLE: tuple[Severity | None, ...] = (None, *SEVERITY_ORDER)


class AlarmsView(Vertical):
    """Open (and, on ``t``, closed) alarms with filters, marks and close outcomes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "close_alarm", "Close", id="close_alarm"),
        Binding("space", "mark_alarm", "Mark", id="mark_alarm"),
        Binding("C", "close_marked", "Close marked", id="close_marked"),
        Binding("t", "toggle_closed", "Show closed", id="toggle_closed"),
        Binding("s", "severity_filter", "Severity", id="severity_filter"),
        Binding("slash", "alarm_filter", "Filter", id="alarm_filter"),
        Binding("y", "copy", "Copy id", show=False, id="alarms.copy"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="alarm_filter.clear"),
        Binding(PROBLEMS_KEY, "problems", "Unreadable", show=False, id="alarms.problems"),
    ]

    @dataclass
    class CountsChanged(Message):
        """The open alarms per severity (``int(Severity)`` -> count), for the status line."""

        counts: dict[int, int]

    class ReloadWanted(Message):
        """The view needs a fresh alarm list now (closed alarms asked for, or a close to
        settle): the screen polls."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.alarms: list[Alarm] = []
        #: the unreadable items of the last list
        self.problems: tuple[ItemProblem, ...] = ()
        self._show_closed = False
        self.alarm_filter = AlarmFilter()
        self.marked: set[str] = set()
        self.outcomes = CloseOutcomes()
        #: Every close outcome in order: (alarm id, state, message).
        self.close_log: list[tuple[str, str, str]] = []
        #: Closes that timed out and could not be re-checked yet: settled by the next list.
        self.recheck_pending: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="alarms-info")
        yield Input(placeholder="filter alarms: text, dev:NAME", id="alarm-filter")
        yield AlarmsTable(id="alarms-table")

    def on_mount(self) -> None:
        self.filter_box.display = False
        self.draw_info()

    @property
    def table(self) -> AlarmsTable:
        return self.query_one(AlarmsTable)

    @property
    def filter_box(self) -> Input:
        return self.query_one("#alarm-filter", Input)

    @property
    def show_closed(self) -> bool:
        """Whether closed alarms are listed too (the poller asks for them then)."""
        return self._show_closed

    def current(self) -> Alarm | None:
        """The alarm under the cursor (for the palette's commands and the actions menu)."""
        return self.table.current()

    # --- data in ------------------------------------------------------------------------

    def show_alarms(
        self, alarms: Sequence[Alarm], show_closed: bool, problems: Sequence[ItemProblem] = ()
    ) -> None:
        """A list the poller loaded: open alarms, and closed ones too when ``show_closed``
        (what the poller asked for; what is drawn follows the view's own toggle, which may
        have changed while the list was loading). ``problems``: the unreadable items."""
        self.alarms = list(alarms)
        if tuple(problems) != self.problems:
            log_problems("alarms", problems)
        self.problems = tuple(problems)
        # each alarm once, as the table marks and closes by id and the terminal title counts
        counts = open_counts(self.alarms)
        self.post_message(self.CountsChanged({int(s): n for s, n in counts.items()}))
        # new critical and major alarms: a toast, and the terminal as [ui] notify says
        notifier = session_of(self).alarm_notifier
        if notifier is not None:
            notifier.alarms(self.alarms)
        self.settle_pending({a.id for a in self.alarms if a.is_open})
        self.outcomes.settle(self.alarms)
        if shown_in_tab(self):
            self.draw()

    def draw(self) -> None:
        """Show the alarms that pass the filters (called when the tab opens, and on changes)."""
        shown = [a for a in self.alarms if self.alarm_filter.matches(a)]
        if not self._show_closed:
            shown = [a for a in shown if a.is_open or a.id in self.outcomes]
        now = session_of(self).now_ms()
        self.table.show(shown, marked=self.marked, outcomes=self.outcomes, now=now)
        self.draw_info(len(shown))

    def draw_info(self, shown: int | None = None) -> None:
        text = Text("open + closed" if self._show_closed else "open", style="bold")
        if shown is not None:
            text.append(f" · {shown} shown")
        text.append(f" · filter: {self.alarm_filter.describe()}", style="dim")
        if self.marked:
            text.append(f" · {len(self.marked)} marked", style="bold")
        if note := problems_note(self.problems):
            text.append(" · ")
            text.append_text(note)
        # the keys only when the line has room for them (the footer names them too)
        if text.cell_len + len(KEYS_HINT) <= self.size.width - 2 or not self.size.width:
            text.append(KEYS_HINT, style="dim")
        self.query_one("#alarms-info", Static).update(text)

    def on_resize(self) -> None:
        self.draw_info(None if not self.alarms else len(self.table.alarms))

    # --- filters ------------------------------------------------------------------------

    def action_toggle_closed(self) -> None:
        self._show_closed = not self._show_closed
        self.post_message(self.ReloadWanted())
        self.draw()

    def action_severity_filter(self) -> None:
        current = self.alarm_filter.severity
        nxt = _SEVERITY_CYCLE[(_SEVERITY_CYCLE.index(current) + 1) % len(_SEVERITY_CYCLE)]
        self.alarm_filter = AlarmFilter(nxt, self.alarm_filter.text)
        self.draw()

    def action_alarm_filter(self) -> None:
        box = self.filter_box
        box.display = True
        box.focus()

    @on(Input.Changed, "#alarm-filter")
    def on_filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.alarm_filter = AlarmFilter(self.alarm_filter.severity, event.value)
        self.draw()

    @on(Input.Submitted, "#alarm-filter")
    def on_filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.filter_box.display  # else Esc goes on to the screen (back)
        if action == "problems":
            return bool(self.problems)
        return True

    def action_clear_filter(self) -> None:
        """Esc with the filter box open: empty it, close it, back to the table."""
        box = self.filter_box
        box.value = ""
        box.display = False
        self.alarm_filter = AlarmFilter(self.alarm_filter.severity, "")
        self.table.focus()
        self.draw()

    def action_problems(self) -> None:
        self.app.push_screen(ProblemsScreen("Alarms", self.problems))

    def action_copy(self) -> None:
        copy_id(self, self.current())

    # --- marks and closing --------------------------------------------------------------

    def action_mark_alarm(self) -> None:
        table = self.table
        alarm = table.current()
        if alarm is None or refused(self, alarm, "This alarm"):
            return
        if reason := mark_refusal(alarm, self.outcomes):
            self.notify(reason)
            return
        self.marked ^= {alarm.id}
        self.draw()
        table.action_cursor_down()

    def _writable(self) -> bool:
        if session_of(self).read_only:
            self.notify("This profile is read-only", severity="warning")
            return False
        return True

    def action_close_alarm(self) -> None:
        alarm = self.table.current()
        if alarm is None or refused(self, alarm, "This alarm") or not self._writable():
            return
        if not alarm.is_open and self.outcomes.get(alarm.id, ("",))[0] != "unknown":
            self.notify("That alarm is already closed")
            return
        details = alarm.source.details if alarm.source else None
        question = Text("Close this ")
        question.append_text(named(alarm.severity.label))
        question.append(" alarm on ")
        question.append_text(named(details.device if details else alarm.id))
        question.append("?")
        self.confirm_close(question, [alarm.id])

    def action_close_marked(self) -> None:
        ids = [i for i in dict.fromkeys(self.table.alarm_ids) if i in self.marked]
        if not ids:
            self.notify("Nothing marked: press space on alarms to mark them")
            return
        if self._writable():
            self.confirm_close(Text(f"Close {len(ids)} marked alarm(s)?"), ids)

    def confirm_close(self, question: Text, ids: list[str]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.marked -= set(ids)
                for alarm_id in ids:
                    self.outcomes[alarm_id] = ("closing", "")
                self.draw()
                self.close_alarms(ids)

        confirm = ConfirmScreen(question, title="Close alarms", action="Close")
        self.app.push_screen(confirm, answered)

    @work(group="alarm-close", exit_on_error=False)
    async def close_alarms(self, ids: list[str]) -> None:
        """Close one by one; every outcome is reported, a timeout is re-checked."""
        client = session_of(self).api
        unknown: list[str] = []
        closed = False
        for alarm_id in ids:
            try:
                result = await client.alarms.close(alarm_id)
            except APITimeoutError as error:
                self.post_message(msg.AlarmCloseOutcome(alarm_id, "unknown", error=error))
                unknown.append(alarm_id)
                continue
            except IoTError as error:
                self.post_message(msg.AlarmCloseOutcome(alarm_id, "failed", error=error))
                continue
            closed = True
            self.post_message(msg.AlarmCloseOutcome(alarm_id, "closed", result=result))
        # The ids come from this worker, not from ``outcomes``: the "unknown" messages may not
        # have been handled yet, and a timed-out close must always be re-checked.
        if unknown:
            await self.recheck(unknown)
        if closed or unknown:
            self.app.post_message(msg.DataChanged("alarms"))
        else:
            self.post_message(self.ReloadWanted())

    async def recheck(self, ids: list[str]) -> None:
        """Ask the server whether alarms whose close timed out are closed now."""
        from iottui.api.enums import AlarmStatus

        session = session_of(self)
        try:
            end = session.now_ms()
            alarms = await session.api.alarms.list(
                AlarmStatus.CLOSED, start=end - RECHECK_WINDOW_MS, end=end
            )
            closed = {a.id for a in alarms}
        except IoTError:
            # Still no answer: settle these against the next alarm list the screen loads.
            self.recheck_pending.update(ids)
            self.post_message(self.ReloadWanted())
            return
        for alarm_id in ids:
            state = "closed" if alarm_id in closed else "failed"
            self.post_message(msg.AlarmCloseOutcome(alarm_id, state))
            if state == "failed":
                self.outcomes[alarm_id] = ("failed", RECHECK_NOTE)

    def settle_pending(self, open_ids: set[str]) -> None:
        """Settle timed-out closes with a fresh list of open alarms from the server."""
        for alarm_id in sorted(self.recheck_pending):
            self.recheck_pending.discard(alarm_id)
            if alarm_id in open_ids:
                self.outcomes[alarm_id] = ("failed", RECHECK_NOTE)
                self.post_message(msg.AlarmCloseOutcome(alarm_id, "failed"))
            else:
                self.post_message(msg.AlarmCloseOutcome(alarm_id, "closed"))

    @on(msg.AlarmCloseOutcome)
    def on_close_outcome(self, message: msg.AlarmCloseOutcome) -> None:
        message.stop()
        detail = error_text(message.error) if message.error is not None else ""
        self.close_log.append((message.alarm_id, message.state, detail))
        short = clean(message.alarm_id[:8])
        if message.state == "closed":
            self.outcomes[message.alarm_id] = ("closed", "")
            self.notify(f"Closed alarm {short}…", markup=False)
        elif message.state == "unknown":
            self.outcomes[message.alarm_id] = ("unknown", "no answer; re-checking with the server")
            self.notify(
                f"Close of {short}… timed out: outcome unknown, re-checking",
                severity="warning",
                markup=False,
            )
        elif message.error is not None:
            self.outcomes[message.alarm_id] = ("failed", detail)
            self.notify(
                f"Could not close {short}…: {clean(detail)}",
                severity="error",
                timeout=8,
                markup=False,
            )
        self.draw()

    # --- detail -------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#alarms-table")
    def on_alarm_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        alarm = self.table.current()
        if alarm is None:
            return

        def done(result: str | None) -> None:
            if result == "close":
                self.action_close_alarm()

        self.app.push_screen(AlarmDetailScreen(alarm, self.outcomes.get(alarm.id)), done)
