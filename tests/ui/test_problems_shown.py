"""Unreadable items where a list is shown (issue 10 #1, UI side): the readable ones are listed,
the status line counts the others, ``!`` shows each with its path."""

from __future__ import annotations

import json

import httpx
from textual.widgets import DataTable, Static

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.settings import UISettings
from iottui.ui.widgets.problems import ProblemsScreen

from .helpers import TestApp, command, screen_text, settle, started, until


class JunkTransport(httpx.AsyncBaseTransport):
    """Forwards to the server; the edge modules list gets two items that cannot be read."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method != "GET" or not request.url.path.endswith("/edgemodules"):
            return response
        data = json.loads(await response.aread())
        data["data"] += ["not an object", 42]
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=json.dumps(data))

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_unreadable_items_are_counted_and_named(
    sim: SimServer, clock: FixedClock, settings: UISettings
) -> None:
    client = IoTClient(sim.url, sim.api_key, max_retries=0, timeout=5.0, transport=JunkTransport())
    modules = await client.edgemodules.list()
    assert len(modules.problems) == 2
    app = TestApp(client, settings, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await command(pilot, "edgemodules")
        screen = app.screen
        assert isinstance(screen, ManageScreen)
        status = screen.query_one("#manage-status", Static)
        await until(pilot, lambda: "could not be read" in str(status.render()))
        assert "2 items could not be read · ! details" in " ".join(screen_text(app).split())
        table = screen.query_one("#modules-table", DataTable)
        assert table.row_count == len(modules)  # the readable ones are all listed
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        text = screen_text(app)
        for problem in modules.problems:
            assert problem.path in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    await client.aclose()
