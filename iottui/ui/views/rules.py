"""The rules view: the rules tab's table, enable/disable, a rule's detail and the rule commands.

The screen hands it every rule list the poller loads (:meth:`RulesView.show_rules`, with the
items of the answer that could not be read). ``e`` enables or disables the rule under the
cursor after a confirmation, in a worker; while the request runs the Active column shows
``…``, and once the server took it the rule shows its new state until the next list (posted
up as :class:`~iottui.ui.messages.DataChanged`, so the screen reloads now). ``n``/``E``/``d``
run the registry's ``rule-new``/``rule-edit``/``rule-delete`` (posted up as
:class:`RulesView.CommandWanted`). A rule the server sent without an id is shown, but
``e``, ``E`` and ``d`` refuse it with the reason (:func:`iottui.api.problems.write_refusal`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from iottui.api.errors import IoTError
from iottui.ui import messages as msg
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.rule_detail import RuleDetailScreen
from iottui.ui.session import session_of
from iottui.ui.text import clean
from iottui.ui.views.items import copy_id, error_text, named, refused
from iottui.ui.widgets.problems import PROBLEMS_KEY, ProblemsScreen, log_problems, problems_note
from iottui.ui.widgets.rules_table import RulesTable

if TYPE_CHECKING:
    from iottui.api.models import Rule
    from iottui.api.problems import ItemProblem

#: The rule commands that write to the rule under the cursor (refused for a rule without id).
WRITING_COMMANDS = frozenset({"rule-edit", "rule-delete"})


class RulesView(Vertical):
    """Every rule, its state, and the keys that change it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "toggle_rule", "Enable/disable", id="toggle_rule"),
        Binding("n", "rule_command('rule-new')", "New", id="rule_new"),
        Binding("E", "rule_command('rule-edit')", "Edit", id="rule_edit"),
        Binding("d", "rule_command('rule-delete')", "Delete", id="rule_delete"),
        Binding("y", "copy", "Copy id", show=False, id="rules.copy"),
        Binding(PROBLEMS_KEY, "problems", "Unreadable", show=False, id="rules.problems"),
    ]

    @dataclass
    class CommandWanted(Message):
        """Run the registry command ``name`` on the rule under the cursor (the screen runs it:
        the app knows the selection)."""

        name: str

    DEFAULT_CSS = """
    RulesView #rules-info { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rules: list[Rule] = []
        self.problems: tuple[ItemProblem, ...] = ()
        #: rules whose enable/disable request is under way (their Active column shows "…")
        self.pending_rules: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="rules-info")
        yield RulesTable(id="rules-table")

    def on_mount(self) -> None:
        self.query_one("#rules-info").display = False

    @property
    def table(self) -> RulesTable:
        return self.query_one(RulesTable)

    def current(self) -> Rule | None:
        """The rule under the cursor (for the palette's commands and the actions menu)."""
        return self.table.current()

    # --- data in ------------------------------------------------------------------------

    def show_rules(self, rules: Sequence[Rule], problems: Sequence[ItemProblem] = ()) -> None:
        """A list the poller loaded."""
        self.rules = list(rules)
        if tuple(problems) != self.problems:
            log_problems("rules", problems)
            self.problems = tuple(problems)
            note = problems_note(self.problems)
            info = self.query_one("#rules-info", Static)
            info.update(note or "")
            info.display = note is not None
        self.draw()

    def draw(self) -> None:
        self.table.show(self.rules, self.pending_rules)

    # --- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return bool(self.problems)
        return True

    def action_problems(self) -> None:
        self.app.push_screen(ProblemsScreen("Rules", self.problems))

    def action_copy(self) -> None:
        copy_id(self, self.current())

    def action_rule_command(self, name: str) -> None:
        rule = self.current()
        if name in WRITING_COMMANDS and rule is not None and refused(self, rule, "This rule"):
            return
        if session_of(self).commands.get(name) is None:
            self.notify(f"{name} is not available in this build", severity="warning")
            return
        self.post_message(self.CommandWanted(name))

    def action_toggle_rule(self) -> None:
        rule = self.current()
        if rule is None or refused(self, rule, "This rule"):
            return
        if session_of(self).read_only:
            self.notify("This profile is read-only", severity="warning")
            return
        verb = "Disable" if rule.active else "Enable"
        question = Text(f"{verb} rule ")
        question.append_text(named(rule.name))
        question.append("?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.pending_rules.add(rule.id)
                self.draw()
                self.set_rule_active(rule.id, not rule.active)

        confirm = ConfirmScreen(question, title=f"{verb} rule", action=verb)
        self.app.push_screen(confirm, answered)

    @work(group="rule-toggle", exit_on_error=False)
    async def set_rule_active(self, rule_id: str, active: bool) -> None:
        rules = session_of(self).api.rules
        try:
            await (rules.enable(rule_id) if active else rules.disable(rule_id))
        except IoTError as error:
            self.post_message(msg.RuleToggled(rule_id, active, error))
            return
        self.post_message(msg.RuleToggled(rule_id, active))

    @on(msg.RuleToggled)
    def on_rule_toggled(self, message: msg.RuleToggled) -> None:
        message.stop()
        self.pending_rules.discard(message.rule_id)
        if message.error is not None:
            self.notify(
                f"Rule not changed: {clean(error_text(message.error))}",
                severity="error",
                markup=False,
            )
        else:
            from iottui.api.enums import RuleState

            # the server took it: show the new state now, the next list confirms it
            state = RuleState.ACTIVE if message.active else RuleState.DISABLED
            self.rules = [
                dataclasses.replace(r, state=state) if r.id == message.rule_id else r
                for r in self.rules
            ]
            self.notify("Rule enabled" if message.active else "Rule disabled")
            self.app.post_message(msg.DataChanged("rules"))
        self.draw()

    # --- detail -------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#rules-table")
    def on_rule_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        rule = self.current()
        if rule is None:
            return

        def done(result: str | None) -> None:
            if result == "toggle":
                self.action_toggle_rule()

        self.app.push_screen(RuleDetailScreen(rule), done)
