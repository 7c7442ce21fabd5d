"""Alarm triage: list, close (success, failure shown and retried, bulk), detail, filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from iottui.api import IoTClient
from iottui.api.enums import AlarmStatus
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.screens.actions_menu import ActionsMenu
from iottui.ui.screens.alarm_detail import AlarmDetailScreen
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.views.alarms import AlarmsView
from iottui.ui.widgets.alarms_table import AlarmsTable
from iottui.ui.widgets.status_line import StatusLine

from .helpers import (
    NOW,
    TestApp,
    alarms_view,
    make_alarms,
    poll,
    screen_text,
    settle,
    started,
    until,
)

DAY = 86_400_000


async def press_confirmed(pilot: Pilot[Any], key: str) -> None:
    """Press a key that asks for confirmation, then answer yes."""
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.press("y")
    await settle(pilot)


def outcome(view: AlarmsView, alarm_id: str) -> str:
    """The last reported close outcome of an alarm ("" if none yet)."""
    states = [state for i, state, _ in view.close_log if i == alarm_id]
    return states[-1] if states else ""


def set_faults(sim: SimServer, **faults: float | bool) -> None:
    response = httpx.post(
        f"{sim.url}/__sim/faults",
        json=faults,
        headers={"Authorization": f"Bearer {sim.api_key}"},
    )
    response.raise_for_status()


async def open_ids(client: IoTClient) -> set[str]:
    alarms = await client.alarms.list(AlarmStatus.OPEN, start=NOW - 86_400_000, end=NOW + DAY)
    return {a.id for a in alarms}


@pytest.fixture(autouse=True)
async def alarms(sim: SimServer, client: IoTClient, clock: FixedClock) -> list[str]:
    """Three open alarms (critical, major, warning) from always-true rules."""
    return await make_alarms(sim, client, clock)


async def test_alarms_tab_lists_open_alarms_by_severity(client: IoTClient, app: TestApp) -> None:
    server_open = await client.alarms.list(AlarmStatus.OPEN, start=NOW - DAY, end=NOW + DAY)
    assert server_open, "the simulator produced no open alarms"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("a")
        await poll(pilot)
        table = screen.query_one(AlarmsTable)
        assert set(table.alarm_ids) == {a.id for a in server_open}
        severities = [int(table.by_id[i].severity) for i in table.alarm_ids]
        assert severities == sorted(severities)
        status = screen.query_one(StatusLine).status
        assert sum(status.alarms.values()) == len(server_open)
        # severity filter
        await pilot.press("s")
        assert all(int(table.by_id[i].severity) == 1 for i in table.alarm_ids)
        await pilot.press("s", "s", "s", "s")
        assert len(table.alarm_ids) == len(server_open)
        # detail with changelog
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AlarmDetailScreen)
        assert "Changelog" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AlarmDetailScreen)


async def test_close_one_alarm(client: IoTClient, app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        view = alarms_view(app)
        await pilot.press("a")
        await poll(pilot)
        table = screen.query_one(AlarmsTable)
        target = table.current_id()
        assert target is not None
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert target in await open_ids(client), "cancelled close still closed the alarm"
        await press_confirmed(pilot, "c")
        await until(pilot, lambda: outcome(view, target) in ("closed", "failed"))
        assert outcome(view, target) == "closed"
        assert target not in await open_ids(client)


async def test_failed_close_stays_visible_and_can_be_retried(
    sim: SimServer, client: IoTClient, app: TestApp
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        view = alarms_view(app)
        await pilot.press("a")
        await poll(pilot)
        table = screen.query_one(AlarmsTable)
        target = table.current_id()
        assert target is not None
        set_faults(sim, error_rate=1.0)
        await press_confirmed(pilot, "c")
        await until(pilot, lambda: outcome(view, target) in ("closed", "failed"))
        state, message = view.outcomes[target]
        assert state == "failed"
        assert message
        assert target in table.alarm_ids, "the failed alarm disappeared"
        assert "failed" in screen_text(app)
        set_faults(sim, reset=True)
        assert target in await open_ids(client), "reported failed but the server closed it"
        await press_confirmed(pilot, "c")
        await until(pilot, lambda: outcome(view, target) == "closed")
        assert target not in await open_ids(client)


async def test_bulk_close_marked(client: IoTClient, app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        view = alarms_view(app)
        await pilot.press("a")
        await poll(pilot)
        table = screen.query_one(AlarmsTable)
        assert len(table.alarm_ids) >= 2
        first, second = table.alarm_ids[0], table.alarm_ids[1]
        await pilot.press("space", "space")
        assert view.marked == {first, second}
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await until(
            pilot,
            lambda: all(outcome(view, i) == "closed" for i in (first, second)),
        )
        remaining = await open_ids(client)
        assert first not in remaining
        assert second not in remaining
        assert not view.marked


async def test_read_only_refuses_close(client: IoTClient, app: TestApp) -> None:
    app.read_only = True
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("a")
        await poll(pilot)
        target = screen.query_one(AlarmsTable).current_id()
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert target in await open_ids(client)


async def test_close_from_the_actions_menu(client: IoTClient, app: TestApp) -> None:
    """``m`` on an alarm row offers the registry's alarm commands, alarm-close among them."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        view = alarms_view(app)
        await pilot.press("a")
        await poll(pilot)
        target = screen.query_one(AlarmsTable).current_id()
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ActionsMenu))
        menu = app.screen.query_one(OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        assert "alarm-close" in ids
        menu.highlighted = ids.index("alarm-close")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: outcome(view, target) == "closed")
        assert target not in await open_ids(client)


def notices(app: TestApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_failed_close_reads_well(sim: SimServer, client: IoTClient, app: TestApp) -> None:
    """Issue 10 #10: the reason goes to the detail and a notice, not into the State column;
    the failure mark clears when the alarm's state next changes."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        view = alarms_view(app)
        await pilot.press("a")
        await poll(pilot)
        table = screen.query_one(AlarmsTable)
        target = table.current_id()
        assert target is not None
        set_faults(sim, error_rate=1.0)
        await press_confirmed(pilot, "c")
        await until(pilot, lambda: outcome(view, target) == "failed")
        set_faults(sim, reset=True)
        await poll(pilot)
        _, reason = view.outcomes[target]
        assert reason
        assert any(reason in n for n in notices(app))
        row = next(line for line in screen_text(app).splitlines() if " failed " in line)
        assert reason[:12] not in row, row
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AlarmDetailScreen))
        assert "last close attempt: failed" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # the alarm is closed elsewhere: its state changed, the failure mark goes
        await client.alarms.close(target)
        await poll(pilot)
        assert target not in view.outcomes
        assert " failed " not in screen_text(app)


async def test_a_closed_alarm_cannot_be_marked(client: IoTClient, app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        view = alarms_view(app)
        target = sorted(await open_ids(client))[0]
        await client.alarms.close(target)
        await pilot.press("a")
        await poll(pilot)
        await pilot.press("t")  # show closed alarms too
        await poll(pilot)
        table = screen.query_one(AlarmsTable)
        await until(pilot, lambda: target in table.alarm_ids)
        table.move_cursor(row=table.alarm_ids.index(target))
        await pilot.press("space")
        assert target not in view.marked
        assert any("already closed" in n for n in notices(app))
        # an open alarm is marked (found, not assumed to be the row above: the list is
        # sorted by severity and time, so the row above can be another closed alarm)
        open_row = next(i for i, alarm in enumerate(table.alarms) if alarm.is_open)
        table.move_cursor(row=open_row)
        await until(pilot, lambda: table.cursor_row == open_row)
        current = table.current()
        assert current is not None
        assert current.is_open
        await pilot.press("space")
        assert current.id in view.marked


def test_close_outcomes_settle() -> None:
    from iottui.api.enums import AlarmType, Severity
    from iottui.api.models import Alarm, ChangeLogEntry
    from iottui.ui.widgets.alarms_table import CloseOutcomes

    open_ = Alarm("a", Severity.MAJOR, AlarmStatus.OPEN, AlarmType.METRIC, 1)
    outcomes = CloseOutcomes()
    outcomes["a"] = ("failed", "HTTP 500")
    outcomes["b"] = ("closed", "")
    outcomes.settle([open_])
    assert outcomes == {"a": ("failed", "HTTP 500")}  # b left the open list: forgotten
    outcomes.settle([open_])
    assert "a" in outcomes  # nothing changed: the mark stays
    noted = Alarm(
        "a", Severity.MAJOR, AlarmStatus.OPEN, AlarmType.METRIC, 1, changelog=(ChangeLogEntry(),)
    )
    outcomes.settle([noted])
    assert "a" not in outcomes  # its state changed
    outcomes["a"] = ("failed", "again")
    outcomes.settle([noted])
    outcomes.settle([])
    assert "a" not in outcomes  # gone from the list
