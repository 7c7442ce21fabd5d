"""Rules tab (enable/disable after confirmation, detail) and the metric chart (ranges,
aggregation, thresholds of rules drawn as lines)."""

from __future__ import annotations

from iottui.api import IoTClient
from iottui.api.enums import Aggregation, DataPeriod, RuleType, Severity
from iottui.api.models import RuleSource, Threshold
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.rule_detail import RuleDetailScreen
from iottui.ui.views.chart_panel import ChartPanel, HistoryRequest
from iottui.ui.widgets.chart import HistoryChart
from iottui.ui.widgets.rules_table import RulesTable

from .helpers import TestApp, command, poll, rules_view, screen_text, settle, started, until


async def test_rule_enable_disable(client: IoTClient, app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("r")
        await poll(pilot)
        table = screen.query_one(RulesTable)
        rule = table.current()
        assert rule is not None
        was_active = rule.active
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: not rules_view(app).pending_rules)
        server = {r.id: r for r in await client.rules.list()}
        assert server[rule.id].active is not was_active
        await until(
            pilot, lambda: table.current() is not None and table.current().active is not was_active
        )
        # and back, from the detail screen
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RuleDetailScreen))
        assert rule.name in screen_text(app)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: not rules_view(app).pending_rules)
        server = {r.id: r for r in await client.rules.list()}
        assert server[rule.id].active is was_active


async def test_chart_range_aggregation_and_thresholds(client: IoTClient, app: TestApp) -> None:
    fleet = await client.fleet.get()
    device = next(fleet.devices())
    sensor = device.sensors[0]
    metric = sensor.metrics[0]
    await client.rules.create(
        "Chart threshold",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=metric.id, thing_id=sensor.id)],
        thresholds=[Threshold("metric>=4242", severity=Severity.MAJOR)],
    )
    history = "metrics.history"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await command(pilot, f"device {device.name}")
        await settle(pilot)
        await pilot.press("l", "j", "l", "j")
        await settle(pilot)
        assert screen.selection.kind == "metric"
        assert screen.selection.metric.id == metric.id
        panel: ChartPanel = screen.detail.chart

        def chart_request() -> HistoryRequest:
            assert panel.request is not None
            return panel.request

        await until(pilot, lambda: panel.series != [])
        chart = screen.query_one(HistoryChart)
        assert chart_request().period == DataPeriod.HOUR_1
        assert (4242.0, int(Severity.MAJOR)) in chart.data.thresholds
        assert chart.data.stamps, "no history drawn"
        before = client.stats.by_operation[history]
        await pilot.press("1")
        await settle(pilot)
        assert chart_request().period == DataPeriod.MIN_5
        await pilot.press("9")
        await settle(pilot)
        assert chart_request().period == DataPeriod.MONTH_1
        assert chart.data.xlabel == "days ago"
        await pilot.press("f")
        await settle(pilot)
        assert chart_request().func == Aggregation.MIN
        assert client.stats.by_operation[history] == before + 3
        assert "MIN per" in chart.data.title
        shown = app.session.shown_history
        assert shown is not None
        assert shown.metric.id == metric.id
        assert shown.func == Aggregation.MIN
        assert shown.end - shown.start == DataPeriod.MONTH_1.millis


async def test_rule_keys_run_the_management_commands(app: TestApp) -> None:
    """``n``/``E``/``d`` on the rules tab open the registry's rule commands (management UI)."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("r")
        await poll(pilot)
        for key in ("n", "E", "d"):
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not screen)
            assert app.screen is not screen, f"{key} opened nothing"
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
