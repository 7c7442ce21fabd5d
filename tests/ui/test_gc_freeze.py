"""The collector's full pass runs once per server fleet shown (then the heap is frozen until
the next one: ``iottui.gcpause.collect_and_freeze``), not for the fleet cache's."""

from __future__ import annotations

import pytest

from iottui.ui.messages import FleetLoaded
from iottui.ui.views import fleet_browser as fleet_browser_module

from .helpers import TestApp, settle, started, until


async def test_each_server_fleet_is_followed_by_one_collection(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []  # whether the fleet shown then was the cache's
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        store = screen.session.fleet
        monkeypatch.setattr(
            fleet_browser_module, "collect_and_freeze", lambda: calls.append(store.cached)
        )
        fleet = screen.fleet
        assert fleet is not None
        index = store.load(fleet, cached_at_ms=1)
        screen.browser.set_fleet(index, cached=True)  # as the fleet cache's is shown
        await settle(pilot)
        assert calls == []
        screen.post_message(FleetLoaded(fleet))  # the server's
        await until(pilot, lambda: calls == [False])
        await settle(pilot)
        assert calls == [False]
