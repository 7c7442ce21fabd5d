"""Snapshots of every management form and screen, and of a dashboard with all seven widget
types, on the simulator with a fixed clock and seed (``--snapshot-update`` to accept)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TabbedContent

from iottui.api.enums import Aggregation
from iottui.api.resources.metrics import SeriesQuery
from iottui.ui.dashboards.dashboard_screen import DashboardScreen
from iottui.ui.dashboards.widgets import Tile
from iottui.ui.manage.group_forms import GroupForm
from iottui.ui.manage.threshold_rows import ThresholdRow
from iottui.ui.registry import Selection
from iottui.ui.session import ShownHistory, session_of

from ..helpers import NOW, TestApp
from .util import focus_placed, run, save, settle, started, tables_sized, until

Setup = Callable[[Pilot[Any]], Awaitable[None]]


class Backdrop(Screen[None]):
    """A blank screen under the forms, so these snapshots show only this package's screens
    (the main screen belongs to the core UI and changes on its own schedule)."""

    def compose(self) -> ComposeResult:
        yield Static("")


SIZE = (120, 40)


async def _fleet_bits(pilot: Pilot[Any]) -> dict[str, Any]:
    fleet = await pilot.app.client.fleet.get()  # type: ignore[attr-defined]
    device = next(fleet.devices())
    sensor = next(s for s in device.sensors if any(m.id == "temp" for m in s.metrics))
    metric = next(m for m in sensor.metrics if m.id == "temp")
    return {
        "fleet": fleet,
        "group": fleet.groups[0],
        "device": device,
        "sensor": sensor,
        "metric": metric,
    }


def command(name: str, kind: str = "none", arg: str = "") -> Setup:
    async def setup(pilot: Pilot[Any]) -> None:
        bits = await _fleet_bits(pilot)
        selection = {
            "none": Selection(),
            "group": Selection("group", group=bits["group"]),
            "device": Selection("device", group=bits["group"], device=bits["device"]),
            "sensor": Selection(
                "sensor", group=bits["group"], device=bits["device"], sensor=bits["sensor"]
            ),
            "metric": Selection(
                "metric",
                group=bits["group"],
                device=bits["device"],
                sensor=bits["sensor"],
                metric=bits["metric"],
            ),
        }[kind]
        await run(pilot, name, selection, arg)

    return setup


async def rule_with_backtest(pilot: Pilot[Any]) -> None:
    await command("rule-new", "metric")(pilot)
    pilot.app.screen.query_one("#name", Input).value = "Hall too warm"
    row = pilot.app.screen.query(ThresholdRow).first()
    next(w for w in row.query(Input) if w.name == "condition").value = "metric>=44"
    next(w for w in row.query(Input) if w.name == "checks").value = "3"
    await until(
        pilot,
        lambda: "Would have opened" in str(pilot.app.screen.query_one("#backtest").render()),
    )


async def sensor_errors(pilot: Pilot[Any]) -> None:
    await command("sensor-new", "device")(pilot)
    await save(pilot)


async def rule_edit(pilot: Pilot[Any]) -> None:
    rules = await pilot.app.client.rules.list()  # type: ignore[attr-defined]
    rule = min(rules, key=lambda r: r.name)  # the server's order is not stable
    await run(pilot, "rule-edit", Selection("rule", rule=rule))
    await until(
        pilot,
        lambda: "Would have opened" in str(pilot.app.screen.query_one("#backtest").render()),
    )


async def in_table(pilot: Pilot[Any], name: str, tab: str | None, keys: str) -> None:
    await run(pilot, name)
    screen = pilot.app.screen
    if tab:
        screen.query_one(TabbedContent).active = tab
    await until(pilot, lambda: any(t.row_count for t in screen.query(DataTable)))
    if keys:
        await pilot.press(*keys.split(","))
    await settle(pilot)


def table(name: str, tab: str | None = None, keys: str = "") -> Setup:
    async def setup(pilot: Pilot[Any]) -> None:
        await in_table(pilot, name, tab, keys)

    return setup


async def dashboard(pilot: Pilot[Any]) -> None:
    await run(pilot, "dashboard-open", arg="Plant overview")
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    await until(pilot, lambda: bool(screen.query(Tile)))
    await until(pilot, lambda: all(t.data is not None for t in screen.query(Tile)), 10)


async def widget_edit(pilot: Pilot[Any]) -> None:
    await dashboard(pilot)
    await pilot.press("e")
    await settle(pilot)


async def export(pilot: Pilot[Any]) -> None:
    bits = await _fleet_bits(pilot)
    start = NOW - 3_600_000
    series = await pilot.app.client.metrics.history(  # type: ignore[attr-defined]
        [SeriesQuery(bits["sensor"].id, "temp", Aggregation.AVG)],
        start=start,
        end=NOW,
        period=300_000,
    )
    selection = Selection(
        "metric", device=bits["device"], sensor=bits["sensor"], metric=bits["metric"]
    )
    session_of(pilot.app.screen).shown_history = ShownHistory(
        bits["device"],
        bits["sensor"],
        bits["metric"],
        start,
        NOW,
        tuple(series),
        Aggregation.AVG,
        300_000,
    )
    await run(pilot, "history-export", selection)
    pilot.app.screen.query_one("#path", Input).value = "./environment-temperature.csv"


CASES: dict[str, Setup] = {
    "group_new": command("group-new", "device"),
    "group_share": command("group-share", "group"),
    "group_delete_confirm": command("group-delete", "group"),
    "sensor_custom_errors": sensor_errors,
    "sensor_health": command("sensor-new-health", "device"),
    "sensor_opcua": command("sensor-new-opcua", "device"),
    "rule_new_backtest": rule_with_backtest,
    "rule_edit": rule_edit,
    "rule_delete": command("rule-delete"),
    "notifications": table("channels"),
    "topic_form": table("topics", keys="e"),
    "channel_form": table("channels", keys="e"),
    "edge": table("deviceconfigs"),
    "deviceconfig_form": table("deviceconfigs", keys="e"),
    "edgemodule_form": table("edgemodules", keys="e"),
    "assign_form": table("deviceconfigs", keys="a"),
    "account": table("contacts"),
    "inventory": table("inventory", tab="metrics"),
    "dashboards": table("dashboards"),
    "dashboard_name_form": table("dashboards", keys="n"),
    "dashboard": dashboard,
    "widget_form": widget_edit,
    "history_export": export,
}


def before_case(case: str) -> Setup:
    async def before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await pilot.app.push_screen(Backdrop())
        await CASES[case](pilot)
        await settle(pilot)
        await until(pilot, lambda: focus_placed(pilot.app) and tables_sized(pilot.app))
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return before


@pytest.mark.parametrize("case", list(CASES))
def test_snapshot(case: str, app: TestApp, snap_compare: Any) -> None:
    assert snap_compare(app, run_before=before_case(case), terminal_size=SIZE)


@pytest.mark.parametrize("case", ["dashboard", "group_new", "channel_form"])
def test_snapshot_80x24(case: str, app: TestApp, snap_compare: Any) -> None:
    """A dashboard and two forms whole at 80x24 (a form's fields scroll inside it)."""
    assert snap_compare(app, run_before=before_case(case), terminal_size=(80, 24))


def test_snapshot_read_only_form(app: TestApp, snap_compare: Any) -> None:
    app.read_only = True

    async def before(pilot: Pilot[Any]) -> None:
        await started(pilot)
        await pilot.app.push_screen(Backdrop())
        pilot.app.push_screen(GroupForm("create", await pilot.app.client.fleet.get()))  # type: ignore[attr-defined]
        await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False

    assert snap_compare(app, run_before=before, terminal_size=SIZE)
