"""Items the server sent without an id are shown, and every write on them is refused before
any request, with :func:`iottui.api.problems.write_refusal`'s reason in a notice (issue 10:
"items without an id are shown but cannot be the target of a write, and say why").

The API document's own edge-module example has no id; before, editing or deleting such an
item sent nothing useful and showed the client's ``module_id must not be empty``.

A transport between the app and the simulator takes the id out of the first item of each list
(each list its own way: the key missing, ``null``, ``""``, blanks) and of a dashboard's first
widget, and counts every write request. One test per screen puts the cursor on the id-less
item and presses every write key; a hypothesis test feeds generated id-less groups, sensors and
rules with hostile names to the tree's write commands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, TabbedContent

from iottui.api import IoTClient
from iottui.api.models import Device, Group, Rule, Sensor
from iottui.api.problems import NO_ID, NO_STR_ID, has_id
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.dashboards.dashboard_screen import DashboardScreen
from iottui.ui.dashboards.widgets import Tile
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.registry import Selection, catalog
from iottui.ui.settings import UISettings

from ..helpers import TestApp, command, settle, started, until
from .util import notices, run

#: What every refusal says (the rest names the item).
REFUSAL = "the server sent it without an id"

Edit = Callable[[dict[str, Any]], None]


def _drop_id(item: dict[str, Any]) -> None:
    item.pop("id", None)


def _set_id(value: object) -> Edit:
    def edit(item: dict[str, Any]) -> None:
        item["id"] = value

    return edit


def _drop_widget_id(dashboard: dict[str, Any]) -> None:
    widget = dashboard["widgets"][0]
    widget.pop("id", None)
    if isinstance(widget.get("layout"), dict):
        widget["layout"].pop("widgetId", None)
        widget["layout"].pop("widgetid", None)


#: list path -> how its first item loses its id
EDITS: dict[str, Edit] = {
    "/edgemodules": _drop_id,
    "/deviceconfigurations": _set_id(None),
    "/topics": _set_id(""),
    "/channels": _set_id("   "),
    "/dashboards": _drop_id,
}


class IdlessTransport(httpx.AsyncBaseTransport):
    """Forwards to the simulator; the first item of each list in :data:`EDITS` (and the first
    widget of a dashboard read by id) loses its id; write requests are counted."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.writes: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            self.writes.append(f"{request.method} {request.url.path}")
        response = await self.inner.handle_async_request(request)
        path = "/" + request.url.path.rsplit("/", 1)[-1]
        one_dashboard = path == "/dashboards" and "id" in request.url.params
        if request.method != "GET" or (path not in EDITS and not one_dashboard):
            return response
        data = json.loads(await response.aread())
        items = data["data"]
        if one_dashboard:
            board = items[0] if isinstance(items, list) else items
            if board.get("widgets"):
                _drop_widget_id(board)
        elif items:
            EDITS[path](items[0])
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=json.dumps(data))

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass(frozen=True)
class Case:
    command: str
    tab: str | None
    table: str
    items: str
    keys: tuple[str, ...]


CASES = {
    "configs": Case("deviceconfigs", "configs", "configs-table", "configs", ("e", "d", "a")),
    "modules": Case("edgemodules", "modules", "modules-table", "modules", ("e", "d")),
    "topics": Case("topics", "topics", "topics-table", "topics", ("e", "d")),
    "channels": Case("channels", "channels", "channels-table", "channels", ("e", "d", "a")),
    "dashboards": Case("dashboards", None, "dashboards-table", "dashboards", ("e", "d")),
}


@pytest.fixture
def transport() -> IdlessTransport:
    return IdlessTransport()


@pytest.fixture
def idless_app(
    sim: SimServer, transport: IdlessTransport, settings: UISettings, clock: FixedClock
) -> TestApp:
    client = IoTClient(sim.url, sim.api_key, max_retries=0, timeout=30.0, transport=transport)
    return TestApp(client, settings, clock=clock)


def refused(app: TestApp, before: int) -> list[str]:
    return [n for n in notices_of(app)[before:] if REFUSAL in n]


def notices_of(app: TestApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("name", list(CASES))
async def test_every_write_on_an_idless_item_is_refused_before_a_request(
    name: str, idless_app: TestApp, transport: IdlessTransport
) -> None:
    case = CASES[name]
    app = idless_app
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await command(pilot, case.command)
        screen = app.screen
        assert isinstance(screen, ManageScreen)
        if case.tab:
            screen.query_one(TabbedContent).active = case.tab
        table = screen.query_one(f"#{case.table}", DataTable)
        items: list[Any] = []

        def loaded() -> bool:
            items[:] = getattr(screen, case.items)
            return bool(items) and table.row_count == len(items) and table.has_focus

        await until(pilot, loaded)
        idless = [n for n, item in enumerate(items) if not has_id(item)]
        assert len(idless) == 1, f"{name}: the id-less item is shown, once"
        table.move_cursor(row=idless[0])
        for key in case.keys:
            before = len(app._notifications)
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, f"{name} {key}: opened {app.screen}"
            assert refused(app, before), f"{name} {key}: {notices_of(app)[before:]}"
        assert transport.writes == []
        # Enter opens: a form (refused like e) or, on dashboards, the dashboard (needs an id)
        before = len(app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert any("without an id" in n for n in notices_of(app)[before:])
        assert "must not be empty" not in " ".join(notices_of(app))
        assert transport.writes == []


async def test_a_widget_without_an_id_is_shown_and_not_changed(
    idless_app: TestApp, transport: IdlessTransport
) -> None:
    app = idless_app
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        board = next(d for d in await app.session.api.dashboards.list() if has_id(d))
        app.push_screen(DashboardScreen(board.id, board.name))
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await until(pilot, lambda: bool(screen.query(Tile)))
        tile = next(t for t in screen.query(Tile) if not has_id(t.model))
        tile.focus()
        for key in ("e", "d"):
            before = len(app._notifications)
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key
            assert refused(app, before), key
        assert transport.writes == []


#: Tree commands that write to the selected group, sensor or rule.
GROUP_WRITES = ("group-rename", "group-devices", "group-delete", "group-share", "group-unshare")
SENSOR_WRITES = ("sensor-edit", "sensor-delete")
RULE_WRITES = ("rule-edit", "rule-enable", "rule-disable")

no_int_id = st.just(NO_ID) | st.integers(max_value=-1)
no_str_id = st.sampled_from([NO_STR_ID, " ", "\t", "   "])
names = st.text(max_size=40)


def refusal(command_name: str, selection: Selection) -> str:
    reason = catalog()[command_name].unavailable(selection)
    assert reason is not None, command_name
    return reason


@settings(max_examples=60, deadline=None)
@given(group_id=no_int_id, sensor_id=no_int_id, rule_id=no_str_id, name=names)
def test_tree_write_commands_say_why_an_idless_target_cannot_be_changed(
    group_id: int, sensor_id: int, rule_id: str, name: str
) -> None:
    """The actions menu greys these out with the reason (the command's ``check``)."""
    sensor = Sensor(sensor_id, name)
    device = Device(7, "Gateway", sensors=(sensor,))
    selections = {
        **{c: Selection("group", group=Group(group_id, name)) for c in GROUP_WRITES},
        **{c: Selection("sensor", device=device, sensor=sensor) for c in SENSOR_WRITES},
        **{c: Selection("rule", rule=Rule(rule_id, name)) for c in RULE_WRITES},
    }
    for command_name, selection in selections.items():
        assert REFUSAL in refusal(command_name, selection), command_name


async def test_tree_write_commands_refuse_an_idless_target_before_a_request(
    idless_app: TestApp, transport: IdlessTransport
) -> None:
    app = idless_app
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        fleet = await app.session.api.fleet.get()
        group = replace(fleet.groups[0], id=NO_ID)
        device = group.devices[0]
        sensor = replace(device.sensors[0], id=NO_ID)
        rule = replace((await app.session.api.rules.list())[0], id=NO_STR_ID)
        main = app.screen
        selections = {
            **{c: Selection("group", group=group) for c in GROUP_WRITES},
            **{
                c: Selection("sensor", group=fleet.groups[0], device=device, sensor=sensor)
                for c in SENSOR_WRITES
            },
            **{c: Selection("rule", rule=rule) for c in RULE_WRITES},
        }
        for name, selection in selections.items():
            before = len(app._notifications)
            await run(pilot, name, selection)
            assert app.screen is main, f"{name}: opened {app.screen}"
            assert refused(app, before), f"{name}: {notices(pilot)[before:]}"
        assert transport.writes == []
