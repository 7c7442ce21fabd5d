"""A management screen whose one read fails still shows its other lists (issue 10: "the TUI's
device-configuration screen shows 'Could not load…' for its other tab too").

A transport between the app and the simulator answers 500 to the edge modules, the channels,
the contacts and the metric count; each screen shows what it could read and names, in its
status line, what it could not.
"""

from __future__ import annotations

import httpx
from textual.widgets import DataTable, Static, TabbedContent

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.settings import UISettings

from ..helpers import TestApp, command, started, until

FAILING = ("/edgemodules", "/channels", "/contacts", "/metrics/count")


class FailingTransport(httpx.AsyncBaseTransport):
    """Forwards to the simulator but answers 500 to the reads of :data:`FAILING`."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith(FAILING):
            body = {"error": {"code": "500", "desc": "backend unavailable"}}
            return httpx.Response(500, json=body)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


#: command -> (tab shown, its table, what the status line names as not loaded)
SCREENS = {
    "deviceconfigs": ("configs", "configs-table", "edge modules"),
    "topics": ("topics", "topics-table", "channels"),
    "contacts": ("account", None, "contacts"),
    "inventory": ("metrics", "metrics-table", "the metric count"),
}


async def test_a_failed_read_leaves_the_other_lists_shown(
    sim: SimServer, settings: UISettings, clock: FixedClock
) -> None:
    client = IoTClient(
        sim.url, sim.api_key, max_retries=0, timeout=30.0, transport=FailingTransport()
    )
    app = TestApp(client, settings, clock=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        for name, (tab, table_id, failed) in SCREENS.items():
            await command(pilot, name)
            screen = app.screen
            assert isinstance(screen, ManageScreen)
            screen.query_one(TabbedContent).active = tab
            status = screen.query_one("#manage-status", Static)
            await until(pilot, lambda: "Could not load" in str(status.render()))  # noqa: B023
            text = str(status.render())
            assert f"Could not load {failed}: backend unavailable" in text, text
            assert status.has_class("-error")
            if table_id is not None:
                assert screen.query_one(f"#{table_id}", DataTable).row_count > 0, name
            else:
                assert "John Smith" in str(screen.query_one("#user-info", Static).render())
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ManageScreen))
    await client.aclose()
