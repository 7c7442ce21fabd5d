"""The rule form against the simulator: pre-filled sources, thresholds with topics, the
backtest (checked against the pure computation on the same history), edit, enable/disable,
delete several, and a timeout reported as unknown."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, Select, Static

from iottui.api import IoTClient
from iottui.api.enums import RuleState, RuleType
from iottui.api.errors import APITimeoutError
from iottui.api.models import Threshold
from iottui.api.resources.metrics import SeriesQuery
from iottui.api.resources.rules import RulesResource
from iottui.ui.manage import threshold_rows
from iottui.ui.manage.backtest import WEEK_MS, backtest_metric_rule
from iottui.ui.manage.confirm import ConfirmScreen
from iottui.ui.manage.picker import Picker
from iottui.ui.manage.rule_form import RuleForm
from iottui.ui.manage.rules import RuleDeleteForm
from iottui.ui.manage.threshold_rows import ThresholdRow
from iottui.ui.registry import Selection

from ..helpers import NOW, TestApp
from .util import field_error, fleet, form, message, run, save, settle, started, type_in, until


def _row(pilot) -> dict[str, Input]:  # type: ignore[no-untyped-def]
    row = form(pilot).query(ThresholdRow).first()
    return {w.name or "": w for w in row.query(Input)}


def _backtest(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(form(pilot).query_one("#backtest", Static).render())


async def test_new_rule_from_a_metric_backtests_and_creates(
    app: TestApp, client: IoTClient
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        f = await fleet(pilot)
        device = next(f.devices())
        sensor = next(s for s in device.sensors if any(m.id == "temp" for m in s.metrics))
        metric = next(m for m in sensor.metrics if m.id == "temp")
        sel = Selection("metric", device=device, sensor=sensor, metric=metric)
        await run(pilot, "rule-new", sel)
        screen = form(pilot)
        assert isinstance(screen, RuleForm)
        assert screen.query_one("#sources", Picker).selected == [f"m|{sensor.id}|temp"]
        await save(pilot)
        assert "must not be empty" in field_error(pilot, "name")
        assert "type a condition" in field_error(pilot, "thresholds")
        row = _row(pilot)
        row["condition"].value = "metric>=44"
        row["checks"].value = "3"
        row["topics"].value = "Overheating, Night crew"
        await type_in(pilot, "#name", "Hall too warm")
        await until(pilot, lambda: "Would have opened" in _backtest(pilot), 20)
        # The numbers are the pure computation over the same week of history.
        history = await client.metrics.history(
            [SeriesQuery(sensor.id, "temp")], start=NOW - WEEK_MS, end=NOW
        )
        samples = [(p.timestamp, p.value) for p in history[0].points]
        expected = backtest_metric_rule(
            {"x": samples}, [Threshold("metric>=44", checkcount=3)], now=NOW
        )
        (_, day), (_, week) = expected.counts()
        assert f"last day: {day} alarm" in _backtest(pilot)
        assert f"last week: {week} alarm" in _backtest(pilot)
        await save(pilot)
        assert not isinstance(pilot.app.screen, RuleForm)
        rule = next(r for r in await client.rules.list() if r.name == "Hall too warm")
        assert rule.rule_type == RuleType.METRIC
        assert [(s.thing_id, s.metric_id) for s in rule.sources] == [(sensor.id, "temp")]
        (threshold,) = rule.thresholds
        assert (threshold.condition, threshold.checkcount) == ("metric>=44", 3)
        topics = {t.name: t.id for t in await client.topics.list()}
        assert topics["Overheating"] in threshold.topic_ids
        assert "Night crew" in topics  # created as a new topic


async def test_offline_rule_from_a_device(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        device = next((await fleet(pilot)).devices())
        await run(pilot, "rule-new", Selection("device", device=device))
        screen = form(pilot)
        assert screen.query_one("#rule-type", Select).value == int(RuleType.DEVICE_OFFLINE)
        assert screen.query_one("#sources", Picker).selected == [f"d|{device.id}"]
        await type_in(pilot, "#name", "Gateway gone")
        row = _row(pilot)
        row["condition"].value = "metric>1"
        await save(pilot)
        assert "offline duration" in field_error(pilot, "thresholds")
        row["condition"].value = "15"
        await until(
            pilot,
            lambda: "Would have opened" in _backtest(pilot) or "failed" in _backtest(pilot),
            20,
        )
        assert "Would have opened" in _backtest(pilot), _backtest(pilot)
        await save(pilot)
        assert not isinstance(pilot.app.screen, RuleForm)
        rule = next(r for r in await client.rules.list() if r.name == "Gateway gone")
        assert rule.rule_type == RuleType.DEVICE_OFFLINE
        assert [s.device_id for s in rule.sources] == [device.id]


async def test_edit_enable_disable_and_delete_several(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        rules = await client.rules.list()
        rule = next(r for r in rules if r.active and r.rule_type == RuleType.METRIC)
        await run(pilot, "rule-edit", Selection("rule", rule=rule))
        screen = form(pilot)
        assert screen.query_one("#name", Input).value == rule.name
        assert screen.query_one("#rule-type", Select).disabled
        _row(pilot)["condition"].value = "metric>99"
        await save(pilot)
        assert not isinstance(pilot.app.screen, RuleForm)
        updated = {r.id: r for r in await client.rules.list()}[rule.id]
        assert updated.thresholds[0].condition == "metric>99"
        await run(pilot, "rule-disable", Selection("rule", rule=updated))
        await settle(pilot)
        assert {r.id: r for r in await client.rules.list()}[rule.id].state == RuleState.DISABLED
        await run(pilot, "rule-enable", Selection("rule", rule=updated))
        await settle(pilot)
        assert {r.id: r for r in await client.rules.list()}[rule.id].active
        other = next(r for r in rules if r.id != rule.id)
        await run(pilot, "rule-delete", Selection("rule", rule=updated))
        screen = form(pilot)
        assert isinstance(screen, RuleDeleteForm)
        screen.query_one("#rules", Picker).set_items(
            screen.query_one("#rules", Picker).items, [rule.id, other.id]
        )
        await save(pilot)
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)
        body = str(confirm.query_one("#confirm-body").render())
        assert "2 rule(s)" in body
        assert rule.name in body
        assert other.name in body
        await pilot.press("y")
        await settle(pilot)
        left = {r.id for r in await client.rules.list()}
        assert rule.id not in left
        assert other.id not in left


async def test_timeout_is_reported_unknown_and_keeps_input(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def slow(*args: object, **kwargs: object) -> None:
        raise APITimeoutError("timed out", operation="rules.create")

    monkeypatch.setattr(RulesResource, "create", slow)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        device = next((await fleet(pilot)).devices())
        await run(pilot, "rule-new", Selection("device", device=device))
        await type_in(pilot, "#name", "Maybe saved")
        _row(pilot)["condition"].value = "30"
        await save(pilot)
        assert isinstance(pilot.app.screen, RuleForm)
        assert "unknown whether" in message(pilot)
        assert form(pilot).query_one("#name", Input).value == "Maybe saved"
        assert _row(pilot)["condition"].value == "30"


async def test_sources_can_be_picked_with_the_keyboard_alone(app: TestApp) -> None:
    """Regression: tab into the source list then space ticked nothing (no row highlighted)."""
    async with app.run_test(size=(100, 32)) as pilot:
        await started(pilot)
        await run(pilot, "rule-new", Selection())
        await settle(pilot)
        for key in ("tab", "tab", "T", "e", "m", "p", "tab", "space"):
            await pilot.press(key)
        await settle(pilot)
        picked = form(pilot).query_one("#sources", Picker).selected
        assert len(picked) == 1
        assert picked[0].startswith("m|")


async def test_a_new_threshold_checks_the_domain_default(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a new threshold row's "checks" box held a literal "1", a second home for
    the API's default check count (:data:`iottui.api.domain.DEFAULT_CHECKCOUNT`). The form's
    name for the constant is patched to a value the literal cannot match."""
    monkeypatch.setattr(threshold_rows, "DEFAULT_CHECKCOUNT", 4)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "rule-new", Selection())
        await settle(pilot)
        assert _row(pilot)["checks"].value == "4"
        form(pilot).query_one("#add-threshold", Button).press()
        await until(pilot, lambda: len(form(pilot).query(ThresholdRow)) == 2)
        added = form(pilot).query(ThresholdRow).last()
        assert added.value("checks") == "4"
