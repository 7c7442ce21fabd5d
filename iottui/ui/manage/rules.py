"""Rule commands: new (pre-filled from the selection), edit, delete one or several,
enable, disable."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.text import Text
from textual.widget import Widget

from iottui.api.errors import IoTError
from iottui.api.models import Rule
from iottui.ui.manage.common import (
    clean,
    error_text,
    get_fleet,
    id_refusal,
    named,
    refuse_write,
    run_write,
)
from iottui.ui.manage.form import FormScreen
from iottui.ui.manage.picker import Picker, PickItem
from iottui.ui.manage.rule_form import RuleForm
from iottui.ui.manage.screen_base import by_name
from iottui.ui.registry import CommandContext, Selection, command


async def _topic_names(app: Any) -> dict[str, str]:
    try:
        topics = await app.client.topics.list()
    except IoTError as exc:
        app.notify(f"Topics not loaded: {error_text(exc)}", severity="warning")
        return {}
    return {t.id: clean(t.name) for t in topics}


@command(
    "rule-new",
    "New rule…",
    "Create a metric-threshold or device-offline rule (backtested before saving)",
    writes=True,
    contexts={"none", "group", "device", "sensor", "metric", "rule"},
    operations=("rules.create", "topics.list", "metrics.history"),
)
async def rule_new(ctx: CommandContext) -> None:
    if refuse_write(ctx.app):
        return
    fleet = await get_fleet(ctx.app)
    topics = await _topic_names(ctx.app)
    ctx.open(RuleForm(fleet, topics, selection=ctx.selection))


def _may_change(selection: Selection) -> str | None:
    """Why the selected rule may not be changed: it came without an id."""
    return id_refusal(selection.rule, "Rule")


def _rule(ctx: CommandContext) -> Rule | None:
    """The selected rule when a write on it may be asked (else None, the user told why)."""
    rule = ctx.selection.rule
    if rule is None:
        ctx.app.notify("Select a rule first (Rules tab).", severity="warning")
        return None
    if refuse_write(ctx.app, rule, named("Rule", rule.name)):
        return None
    return rule


@command(
    "rule-edit",
    "Edit rule…",
    "Change the rule's name, sources and thresholds",
    writes=True,
    contexts={"rule"},
    operations=("rules.update", "topics.list", "metrics.history"),
    check=_may_change,
)
async def rule_edit(ctx: CommandContext) -> None:
    rule = _rule(ctx)
    if rule is None:
        return
    fleet = await get_fleet(ctx.app)
    topics = await _topic_names(ctx.app)
    ctx.open(RuleForm(fleet, topics, rule=rule))


def _toggle(ctx: CommandContext, active: bool) -> None:
    rule = _rule(ctx)
    if rule is None:
        return
    verb = "enable" if active else "disable"
    call = ctx.session.api.rules.enable if active else ctx.session.api.rules.disable
    run_write(
        ctx.app,
        f"{verb} rule {clean(rule.name)!r}",
        lambda: call(rule.id),
        done=f"Rule {clean(rule.name)!r} {verb}d.",
    )


@command(
    "rule-enable",
    "Enable rule",
    "Turn the selected rule on",
    writes=True,
    contexts={"rule"},
    operations=("rules.update",),
    check=_may_change,
)
def rule_enable(ctx: CommandContext) -> None:
    _toggle(ctx, True)


@command(
    "rule-disable",
    "Disable rule",
    "Turn the selected rule off (no new alarms)",
    writes=True,
    contexts={"rule"},
    operations=("rules.update",),
    check=_may_change,
)
def rule_disable(ctx: CommandContext) -> None:
    _toggle(ctx, False)


class RuleDeleteForm(FormScreen[Any]):
    """Pick one or several rules to delete; confirms naming each."""

    title_text = "Delete rules"
    save_label = "Delete…"
    what = "the deletion"

    def __init__(self, rules: list[Rule], preselect: list[str]) -> None:
        super().__init__()
        self.rules = rules
        self.preselect = preselect

    def compose_fields(self) -> Iterator[Widget]:
        items = [
            PickItem(f"{clean(r.name)} ({r.rule_type.label}, {'on' if r.active else 'off'})", r.id)
            for r in self.rules
        ]
        yield from self.field(
            "Rules to delete (space to tick)", Picker(items, self.preselect, id="rules"), "rules"
        )

    def chosen(self) -> list[Rule]:
        ids = set(self.query_one("#rules", Picker).selected)
        return [r for r in self.rules if r.id in ids]

    def check(self) -> dict[str, str]:
        return {} if self.chosen() else {"rules": "Tick at least one rule."}

    def confirmation(self) -> tuple[str, Text] | None:
        chosen = self.chosen()
        body = Text(f"Delete {len(chosen)} rule(s)? Their open alarms stay as they are.\n")
        for rule in chosen[:12]:
            body.append(f"  • {clean(rule.name)}\n")
        if len(chosen) > 12:
            body.append(f"  … and {len(chosen) - 12} more\n")
        return "Delete rules?", body

    async def submit(self) -> Any:
        ids = [r.id for r in self.chosen()]
        await self.client.rules.delete(ids)
        return ids

    def success_message(self, result: Any) -> str:
        return f"Deleted {len(result)} rule(s)."


@command(
    "rule-delete",
    "Delete rules…",
    "Delete the selected rule, or tick several",
    writes=True,
    contexts={"none", "rule"},
    operations=("rules.list", "rules.delete"),
)
async def rule_delete(ctx: CommandContext) -> None:
    if refuse_write(ctx.app):
        return
    try:
        rules: Sequence[Rule] = await ctx.session.api.rules.list()
    except IoTError as exc:
        ctx.app.notify(f"Could not list rules: {error_text(exc)}", severity="error")
        return
    pre = [ctx.selection.rule.id] if ctx.selection.rule else []
    ctx.open(RuleDeleteForm(by_name(rules), pre))
