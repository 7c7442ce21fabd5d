"""The main screen's actions: alarm triage, rule toggling, copy, actions menu, command line."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.text import Text
from textual import on, work
from textual.widgets import DataTable, Input, Static

from iottui.api.enums import AlarmStatus, Severity
from iottui.api.errors import APITimeoutError, IoTError
from iottui.ui import messages as msg
from iottui.ui import registry
from iottui.ui.compat import MessagePumpMeta
from iottui.ui.screens.actions_menu import ActionsMenu, commands_for
from iottui.ui.screens.alarm_detail import AlarmDetailScreen
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.rule_detail import RuleDetailScreen
from iottui.ui.text import SEVERITY_ORDER, clean, format_value, safe
from iottui.ui.widgets.alarms_table import (
    AlarmFilter,
    AlarmsTable,
    CloseOutcomes,
    mark_refusal,
)
from iottui.ui.widgets.fleet_tree import FleetTree
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.rules_table import RulesTable

#: What a timed-out close that the server did not apply shows.
RECHECK_NOTE = "not closed (the request timed out); retry with c"

_SEVERITY_CYCLE: tuple[Severity | None, ...] = (None, *SEVERITY_ORDER)


def error_text(error: IoTError) -> str:
    return str(getattr(error, "desc", None) or error.message)


class MainActions(metaclass=MessagePumpMeta):
    # The metaclass collects this mixin's @on handlers (Textual only reads them per class).
    """Mixed into :class:`MainScreen`; ``self`` is the screen."""

    def init_actions(self) -> None:
        self.show_closed = False
        self.alarm_filter = AlarmFilter()
        self.marked: set[str] = set()
        self.outcomes = CloseOutcomes()
        self.pending_rules: set[str] = set()
        #: Every close outcome in order: (alarm id, state, message).
        self.close_log: list[tuple[str, str, str]] = []
        #: Closes that timed out and could not be re-checked yet: settled by the next alarm load.
        self.recheck_pending: set[str] = set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        self_: Any = self
        return self_.chart_check(action)  # type: ignore[no-any-return]

    # --- alarms -------------------------------------------------------------------------

    @on(msg.AlarmsLoaded)
    def on_alarms_loaded(self, message: msg.AlarmsLoaded) -> None:
        self_: Any = self
        self_.alarms = list(message.alarms)
        open_alarms = [a for a in self_.alarms if a.is_open]
        counts = Counter(int(a.severity) for a in open_alarms)
        self_.status.set(alarms=dict(counts))
        # new critical and major alarms: a toast, and the terminal as [ui] notify says
        self_.app.alarm_notifier.alarms(self_.alarms)
        self.settle_pending({a.id for a in open_alarms})
        self.outcomes.settle(self_.alarms)
        if self_.active_tab == "alarms":
            self.render_alarms()

    def render_alarms(self) -> None:
        self_: Any = self
        shown = [a for a in self_.alarms if self.alarm_filter.matches(a)]
        if not self.show_closed:
            shown = [a for a in shown if a.is_open or a.id in self.outcomes]
        self_.query_one(AlarmsTable).show(
            shown, marked=self.marked, outcomes=self.outcomes, now=self_.app.clock.now_ms()
        )
        self.render_alarms_info(len(shown))

    def render_alarms_info(self, shown: int | None = None) -> None:
        self_: Any = self
        text = Text("open + closed" if self.show_closed else "open", style="bold")
        if shown is not None:
            text.append(f" · {shown} shown")
        text.append(f" · filter: {self.alarm_filter.describe()}", style="dim")
        if self.marked:
            text.append(f" · {len(self.marked)} marked", style="bold")
        text.append(
            "  (c close · space mark · C close marked · t closed · s severity · / filter)",
            style="dim",
        )
        self_.query_one("#alarms-info", Static).update(text)

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self_: Any = self
        self_.poller.wake()
        self.render_alarms()

    def action_severity_filter(self) -> None:
        current = self.alarm_filter.severity
        nxt = _SEVERITY_CYCLE[(_SEVERITY_CYCLE.index(current) + 1) % len(_SEVERITY_CYCLE)]
        self.alarm_filter = AlarmFilter(nxt, self.alarm_filter.text)
        self.render_alarms()

    def action_alarm_filter(self) -> None:
        self_: Any = self
        box = self_.query_one("#alarm-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#alarm-filter")
    def on_alarm_filter(self, event: Input.Changed) -> None:
        self.alarm_filter = AlarmFilter(self.alarm_filter.severity, event.value)
        self.render_alarms()

    @on(Input.Submitted, "#alarm-filter")
    def on_alarm_filter_done(self) -> None:
        self_: Any = self
        self_.query_one(AlarmsTable).focus()

    def clear_alarm_filter(self) -> None:
        self_: Any = self
        box = self_.query_one("#alarm-filter", Input)
        box.value = ""
        box.display = False
        self.alarm_filter = AlarmFilter(self.alarm_filter.severity, "")
        self_.query_one(AlarmsTable).focus()
        self.render_alarms()

    def action_mark_alarm(self) -> None:
        self_: Any = self
        table = self_.query_one(AlarmsTable)
        alarm = table.current()
        if alarm is None:
            return
        if reason := mark_refusal(alarm, self.outcomes):
            self_.notify(reason)
            return
        self.marked ^= {alarm.id}
        self.render_alarms()
        table.action_cursor_down()

    def _writable(self) -> bool:
        self_: Any = self
        if self_.app.read_only:
            self_.notify("This profile is read-only", severity="warning")
            return False
        return True

    def action_close_alarm(self) -> None:
        self_: Any = self
        alarm = self_.query_one(AlarmsTable).current()
        if alarm is None or not self._writable():
            return
        if not alarm.is_open and self.outcomes.get(alarm.id, ("",))[0] != "unknown":
            self_.notify("That alarm is already closed")
            return
        details = alarm.source.details if alarm.source else None
        question = Text("Close this ")
        question.append_text(safe(alarm.severity.label, "bold"))
        question.append(" alarm on ")
        question.append_text(safe(details.device if details else alarm.id, "bold"))
        question.append("?")
        self.confirm_close(question, [alarm.id])

    def action_close_marked(self) -> None:
        self_: Any = self
        ids = [i for i in self_.query_one(AlarmsTable).alarm_ids if i in self.marked]
        if not ids:
            self_.notify("Nothing marked: press space on alarms to mark them")
            return
        if self._writable():
            self.confirm_close(Text(f"Close {len(ids)} marked alarm(s)?"), ids)

    def confirm_close(self, question: Text, ids: list[str]) -> None:
        self_: Any = self

        def answered(yes: bool | None) -> None:
            if yes:
                self.marked -= set(ids)
                for alarm_id in ids:
                    self.outcomes[alarm_id] = ("closing", "")
                self.render_alarms()
                self.close_alarms(ids)

        self_.app.push_screen(ConfirmScreen(question), answered)

    @work(group="alarm-close", exit_on_error=False)
    async def close_alarms(self, ids: list[str]) -> None:
        """Close one by one; every outcome is reported, a timeout is re-checked."""
        self_: Any = self
        client = self_.app.client
        unknown: list[str] = []
        for alarm_id in ids:
            try:
                result = await client.alarms.close(alarm_id)
            except APITimeoutError as error:
                self_.post_message(msg.AlarmCloseOutcome(alarm_id, "unknown", error=error))
                unknown.append(alarm_id)
                continue
            except IoTError as error:
                self_.post_message(msg.AlarmCloseOutcome(alarm_id, "failed", error=error))
                continue
            self_.post_message(msg.AlarmCloseOutcome(alarm_id, "closed", result=result))
        # The ids come from this worker, not from ``outcomes``: the "unknown" messages may not
        # have been handled yet, and a timed-out close must always be re-checked.
        if unknown:
            await self.recheck(unknown)
        self_.poller.wake()

    async def recheck(self, ids: list[str]) -> None:
        """Ask the server whether alarms whose close timed out are closed now."""
        self_: Any = self
        try:
            end = self_.app.clock.now_ms()
            alarms = await self_.app.client.alarms.list(
                AlarmStatus.CLOSED, start=end - 30 * 86_400_000, end=end
            )
            closed = {a.id for a in alarms}
        except IoTError:
            # Still no answer: settle these against the next alarm list the app loads.
            self.recheck_pending.update(ids)
            self_._last_alarms = 0.0
            return
        for alarm_id in ids:
            state = "closed" if alarm_id in closed else "failed"
            note = "" if state == "closed" else RECHECK_NOTE
            self_.post_message(msg.AlarmCloseOutcome(alarm_id, state, error=None, result=None))
            if note:
                self.outcomes[alarm_id] = ("failed", note)

    def settle_pending(self, open_ids: set[str]) -> None:
        """Settle timed-out closes with a fresh list of open alarms from the server."""
        self_: Any = self
        for alarm_id in sorted(self.recheck_pending):
            self.recheck_pending.discard(alarm_id)
            if alarm_id in open_ids:
                self.outcomes[alarm_id] = ("failed", RECHECK_NOTE)
                self_.post_message(msg.AlarmCloseOutcome(alarm_id, "failed"))
            else:
                self_.post_message(msg.AlarmCloseOutcome(alarm_id, "closed"))

    @on(msg.AlarmCloseOutcome)
    def on_close_outcome(self, message: msg.AlarmCloseOutcome) -> None:
        self_: Any = self
        detail = error_text(message.error) if message.error is not None else ""
        self.close_log.append((message.alarm_id, message.state, detail))
        if message.state == "closed":
            self.outcomes[message.alarm_id] = ("closed", "")
            self_.notify(f"Closed alarm {message.alarm_id[:8]}…")
        elif message.state == "unknown":
            self.outcomes[message.alarm_id] = ("unknown", "no answer; re-checking with the server")
            self_.notify(
                f"Close of {message.alarm_id[:8]}… timed out: outcome unknown, re-checking",
                severity="warning",
            )
        elif message.error is not None:
            text = error_text(message.error)
            self.outcomes[message.alarm_id] = ("failed", text)
            self_.notify(
                f"Could not close {message.alarm_id[:8]}…: {text}", severity="error", timeout=8
            )
        self.render_alarms()

    @on(DataTable.RowSelected, "#alarms-table")
    def on_alarm_selected(self) -> None:
        self_: Any = self
        alarm = self_.query_one(AlarmsTable).current()
        if alarm is None:
            return

        def done(result: str | None) -> None:
            if result == "close":
                self.action_close_alarm()

        self_.app.push_screen(AlarmDetailScreen(alarm, self.outcomes.get(alarm.id)), done)

    # --- rules --------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#rules-table")
    def on_rule_selected(self) -> None:
        self_: Any = self
        rule = self_.query_one(RulesTable).current()
        if rule is None:
            return

        def done(result: str | None) -> None:
            if result == "toggle":
                self.action_toggle_rule()

        self_.app.push_screen(RuleDetailScreen(rule), done)

    def action_toggle_rule(self) -> None:
        self_: Any = self
        rule = self_.query_one(RulesTable).current()
        if rule is None or not self._writable():
            return
        verb = "Disable" if rule.active else "Enable"
        question = Text(f"{verb} rule ")
        question.append_text(safe(rule.name, "bold"))
        question.append("?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.pending_rules.add(rule.id)
                self_.query_one(RulesTable).show(self_.rules, self.pending_rules)
                self.set_rule_active(rule.id, not rule.active)

        self_.app.push_screen(ConfirmScreen(question), answered)

    @work(group="rule-toggle", exit_on_error=False)
    async def set_rule_active(self, rule_id: str, active: bool) -> None:
        self_: Any = self
        client = self_.app.client
        try:
            await (client.rules.enable(rule_id) if active else client.rules.disable(rule_id))
            rules = await client.rules.list()
        except IoTError as error:
            self_.post_message(msg.RuleToggled(rule_id, active, error))
            return
        self_.post_message(msg.RulesLoaded(rules))
        self_.post_message(msg.RuleToggled(rule_id, active))

    @on(msg.RuleToggled)
    def on_rule_toggled(self, message: msg.RuleToggled) -> None:
        self_: Any = self
        self.pending_rules.discard(message.rule_id)
        if message.error is not None:
            self_.notify(f"Rule not changed: {error_text(message.error)}", severity="error")
        else:
            self_.notify("Rule enabled" if message.active else "Rule disabled")
        self_.query_one(RulesTable).show(self_.rules, self.pending_rules)

    def action_rule_command(self, name: str) -> None:
        self_: Any = self
        if name not in registry.all_commands():
            self_.notify(f"{name} is not available in this build", severity="warning")
            return
        self_.app.run_command(name)

    # --- copy, actions menu, command line -----------------------------------------------

    def action_copy(self) -> None:
        self_: Any = self
        self_.flush_pane()  # copy what is under the cursor, even mid-debounce
        focused = self_.focused
        text = ""
        if isinstance(focused, AlarmsTable):
            text = focused.current_id() or ""
        elif isinstance(focused, RulesTable):
            rule = focused.current()
            text = rule.id if rule else ""
        elif isinstance(focused, LiveTable) and (row := focused.selected()) is not None:
            text = format_value(self_.store.value(*row)[0])
        elif isinstance(focused, FleetTree) or focused is None:
            node = self_.node
            if node is not None and node.kind == "metric" and node.sensor_id is not None:
                value, _ = self_.store.value(node.sensor_id, node.metric_id)
                text = format_value(value) if value is not None else str(node.metric_id)
            elif node is not None:
                ident = {
                    "group": node.group_id,
                    "device": node.device_id,
                    "sensor": node.sensor_id,
                }.get(node.kind)
                text = "" if ident is None else str(ident)
        if not text:
            self_.notify("Nothing to copy here")
            return
        self_.app.copy_to_clipboard(text)
        self_.notify(f"Copied {clean(text)[:40]}")

    def action_actions(self) -> None:
        self_: Any = self
        selection = self_.selection
        if selection.kind == "none":
            self_.notify("Select something first")
            return
        title = Text(f"Actions for this {selection.kind}", style="bold")

        def chosen(name: str | None) -> None:
            if name:
                self_.app.run_command(name)

        self_.app.push_screen(
            ActionsMenu(title, commands_for(selection), self_.app.read_only, selection), chosen
        )

    def show_command_line(self, text: str = "") -> None:
        self_: Any = self
        line = self_.query_one("#command-line", Input)
        line.display = True
        line.value = text
        line.cursor_position = len(text)
        line.focus()

    def hide_command_line(self) -> None:
        self_: Any = self
        line = self_.query_one("#command-line", Input)
        line.value = ""
        line.display = False
        self_.focus_home()

    @on(Input.Submitted, "#command-line")
    def on_command_submitted(self, event: Input.Submitted) -> None:
        self_: Any = self
        text = event.value.strip().lstrip(":").strip()
        self.hide_command_line()
        if text:
            name, _, argument = text.partition(" ")
            self_.app.run_command(name.lower(), argument.strip())
