"""A fleet of 10,000 devices stays responsive: only opened nodes are built."""

from __future__ import annotations

import pytest

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import CHUNK, FILTER_OPEN_GROUPS, FleetTree

from .helpers import NOW, TestApp, poll, started, until


@pytest.mark.slow
async def test_ten_thousand_devices() -> None:
    clock = FixedClock(NOW)
    config = SimConfig(
        api_key="k" * 20, devices=10_000, seed=1, clock=clock, replay_hours=0.1, tick_seconds=0
    )
    with SimServer(config) as sim:
        client = IoTClient(sim.url, sim.api_key, max_retries=0, timeout=60)
        settings = UISettings(profile="t", server="sim", refresh=60, check_tty=False)
        app = TestApp(client, settings, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await started(pilot, limit=60)
            tree = screen.query_one(FleetTree)
            assert len(tree.index.devices) == 10_000
            groups = len(tree.root.children)
            assert len(tree._by_key) == groups, "nodes were built before any expand"
            # how fast is benchmarks/bench_bigfleet.py's figure; here: no eager build
            await pilot.press("l", "j", "j", "G")
            assert len(tree._by_key) <= groups + CHUNK
            await pilot.press("g", "slash", *"CNC")
            await until(pilot, lambda: tree.filter is not None)
            opened = [g for g in tree.root.children if g.is_expanded]
            assert len(opened) <= FILTER_OPEN_GROUPS
            assert len(tree._by_key) <= groups + FILTER_OPEN_GROUPS * CHUNK
            await pilot.press("escape", "l", "j")
            # the detail pane follows the cursor (at most every PANE_EVERY)
            await until(
                pilot, lambda: tree.cursor_node is not None and screen.node is tree.cursor_node.data
            )
            await poll(pilot)
            assert client.stats.by_operation["metrics.last_values"] >= 1
