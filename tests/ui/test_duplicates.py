"""Duplicate ids are normal data: no table, tree or picker crashes on them (issue 10 #2).

The end-to-end test serves the simulator's answers through a transport that lists every object
of every answer twice (alarms, rules, groups, devices, sensors, metrics, dashboards, widgets,
topics, channels, configurations, modules, contacts) and walks the views a user would; the
widget tests feed hypothesis-made lists with repeated ids straight into each table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, SelectionList, Static

from iottui.api import IoTClient
from iottui.api.enums import AlarmStatus, AlarmType, Severity
from iottui.api.models import Alarm, Rule
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.dashboards.dashboard_screen import DashboardScreen
from iottui.ui.dashboards.widgets import Tile
from iottui.ui.manage.picker import Picker, PickItem
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.settings import UISettings
from iottui.ui.widgets.alarms_table import AlarmsTable
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.rules_table import RulesTable

from .conftest import sim_config
from .helpers import NOW, TestApp, command, make_alarms, poll, settle, started, until

DAY = 86_400_000


def doubled(value: Any) -> Any:
    """``value`` with every object in every list listed twice (recursively)."""
    if isinstance(value, dict):
        return {key: doubled(item) for key, item in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            out.append(doubled(item))
            if isinstance(item, dict):
                out.append(doubled(item))
        return out
    return value


class DoublingTransport(httpx.AsyncBaseTransport):
    """Forwards to the real server; every JSON answer to a GET comes back :func:`doubled`."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.doubled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method != "GET":
            return response
        body = await response.aread()
        try:
            data = json.loads(body)
        except ValueError:
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        self.doubled += 1
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(
            response.status_code, headers=headers, content=json.dumps(doubled(data)).encode()
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def sim(clock: FixedClock) -> Iterator[SimServer]:
    """A small fleet (4 devices): listed twice at every level, it is still 16 rows a sensor."""
    server = SimServer(sim_config(clock, devices=4))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
async def test_every_view_shows_an_answer_that_lists_everything_twice(
    sim: SimServer, client: IoTClient, clock: FixedClock
) -> None:
    await make_alarms(sim, client, clock)
    server_open = await client.alarms.list(AlarmStatus.OPEN, start=NOW - DAY, end=NOW + DAY)
    rules = await client.rules.list()
    device = (await client.fleet.get()).groups[0].devices[0]
    transport = DoublingTransport()
    twice = IoTClient(sim.url, sim.api_key, max_retries=0, timeout=5.0, transport=transport)
    settings_ = UISettings(profile="t", server="sim", refresh=60.0, check_tty=False, notify="off")
    app = TestApp(twice, settings_, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        # group > device > sensor > metric: the tree and the device, sensor and metric panes
        await pilot.press("l")  # the first group: its devices table
        await settle(pilot)
        await pilot.press("j")  # its first device (listed twice, with doubled sensors)
        await settle(pilot)
        await poll(pilot)
        table = app.screen.query_one("#device-live", LiveTable)
        # each sensor twice, each of its metrics twice
        assert table.row_count == 4 * sum(len(s.metrics) for s in device.sensors)
        await pilot.press("j")  # the duplicate device: the same rows again
        await settle(pilot)
        await pilot.press("l", "j", "l", "j")  # its first sensor, then its first metric
        await settle(pilot)
        await poll(pilot)
        # alarms: both copies of each open alarm are rows
        await pilot.press("a")
        await poll(pilot)
        alarms = app.screen.query_one(AlarmsTable)
        await until(pilot, lambda: alarms.row_count == 2 * len(server_open))
        assert sorted(alarms.alarm_ids) == sorted(2 * [a.id for a in server_open])
        await pilot.press("j", "space")  # mark the second row: a copy
        await settle(pilot)
        await pilot.press("r")
        await poll(pilot)
        rules_table = app.screen.query_one(RulesTable)
        await until(pilot, lambda: rules_table.row_count == 2 * len(rules))
        # every management list, and a dashboard with its widgets
        for name in ("inventory", "channels", "deviceconfigs", "dashboards"):
            await open_manage_list(pilot, name)
            if name == "dashboards" and app.screen.query_one(DataTable).row_count:
                await open_dashboard(pilot)
            await pilot.press("escape")
            await settle(pilot)
    assert transport.doubled > 0
    await twice.aclose()


async def open_manage_list(pilot: Pilot[Any], name: str) -> None:
    """Open a management list by its command; each of its tables lists every item twice."""
    await command(pilot, name)
    screen = pilot.app.screen
    assert isinstance(screen, ManageScreen), name
    status = screen.query_one("#manage-status", Static)
    await until(pilot, lambda: "Loading" not in str(status.render()))
    assert "Could not" not in str(status.render()), (name, str(status.render()))
    for each in screen.query(DataTable):
        keys = screen._row_keys.get(each, [])
        assert len(keys) % 2 == 0, (name, keys)
        assert keys[0::2] == keys[1::2], (name, keys)


async def open_dashboard(pilot: Pilot[Any]) -> None:
    """Open the dashboard under the cursor: both copies of each widget are tiles, each with
    its own timer and data."""
    await pilot.press("enter")
    await settle(pilot)
    dashboard = pilot.app.screen
    assert isinstance(dashboard, DashboardScreen)
    await until(pilot, lambda: bool(dashboard.query(Tile)))
    tiles = list(dashboard.query(Tile))
    assert len(tiles) % 2 == 0
    assert len(dashboard.timers) == len(tiles)
    await until(pilot, lambda: len(dashboard.last) == len(tiles))
    await pilot.press("escape")
    await settle(pilot)


class TableApp(App[None]):
    def __init__(self, make: Callable[[], DataTable[Text]]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield self.make()


ids = st.sampled_from(["a", "b", "c"])


alarm_lists = st.lists(
    st.builds(
        Alarm,
        ids,
        st.sampled_from(list(Severity)),
        st.sampled_from(list(AlarmStatus)),
        st.sampled_from(list(AlarmType)),
        st.integers(0, 4_102_444_800_000),
        st.sampled_from(["", "pump"]),
    ),
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=alarm_lists, second=alarm_lists, cursor=st.integers(0, 8))
async def test_alarms_table_shows_each_listed_alarm(
    first: list[Alarm], second: list[Alarm], cursor: int
) -> None:
    app = TableApp(lambda: AlarmsTable(id="t"))
    async with app.run_test() as pilot:
        table = app.query_one(AlarmsTable)
        table.show(first, marked={"a"}, outcomes={"b": ("failed", "HTTP 500")}, now=NOW)
        table.move_cursor(row=cursor)
        before = table.current()
        table.show(second, marked=set(), outcomes={}, now=NOW + 60_000)
        await pilot.pause()
        assert table.row_count == len(second)
        assert sorted(table.alarm_ids) == sorted(a.id for a in second)
        if before is not None and before in second:
            assert table.current() == before  # the cursor stays on its alarm


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.lists(st.builds(Rule, ids, st.sampled_from(["x", "y"])), max_size=8))
async def test_rules_table_shows_each_listed_rule(rules: list[Rule]) -> None:
    app = TableApp(lambda: RulesTable(id="t"))
    async with app.run_test() as pilot:
        table = app.query_one(RulesTable)
        table.show(rules)
        table.show([*rules, *rules], pending={"a"})
        await pilot.pause()
        assert table.row_count == 2 * len(rules)
        table.move_cursor(row=len(rules))
        if rules:
            ordered = sorted(2 * rules, key=lambda r: (r.name.lower(), r.id))
            assert table.current() == ordered[len(rules)]


async def test_picker_merges_repeated_values() -> None:
    class PickerApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Picker([PickItem("one", "1"), PickItem("uno", "1"), PickItem("two", "2")], ["1"])

    app = PickerApp()
    async with app.run_test() as pilot:
        picker = app.query_one(Picker)
        assert [i.label for i in picker.items] == ["one", "two"]
        assert picker.query_one(SelectionList).option_count == 2
        picker.set_items([PickItem("b", "x"), PickItem("b again", "x")])
        await pilot.pause()
        assert picker.query_one(SelectionList).option_count == 1
        assert picker.selected == ["1"]
