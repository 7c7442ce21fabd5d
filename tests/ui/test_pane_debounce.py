"""The detail pane while the tree cursor moves fast: rebuilt once it rests, at once on Enter."""

from __future__ import annotations

import time
from typing import Any

import pytest

from iottui.ui.views import detail as detail_module
from iottui.ui.widgets.device_pane import DevicePane
from iottui.ui.widgets.fleet_tree import FleetTree

from .helpers import TestApp, settle, started, until


class FrozenMonotonic:
    """Stands in for the detail view's ``time`` module: ``monotonic()`` moves only when the test
    says, so "the cursor moved fast" and "the cursor rested" do not depend on how fast the
    machine runs the keys (with the real clock and a 1 s window, a loaded machine failed)."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def monotonic(self) -> float:
        return self.now

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


async def test_fast_cursor_rebuilds_the_pane_once(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FrozenMonotonic()
    monkeypatch.setattr(detail_module, "time", clock)
    # the pending highlight's timer never fires within the test: Enter shows it
    monkeypatch.setattr(detail_module, "PANE_DEBOUNCE", 600.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        group = tree.cursor_node
        assert group is not None
        assert screen.node is group.data
        await pilot.press("l")
        await settle(pilot)
        pane = screen.query_one(DevicePane)
        shown: list[int] = []
        real_show = pane.show

        def counting_show(device: Any, *args: Any) -> None:
            shown.append(device.id)
            real_show(device, *args)

        monkeypatch.setattr(pane, "show", counting_show)
        await pilot.press("j", "j", "j")  # no time passes: the cursor moves fast
        third = tree.cursor_node
        assert third is not None
        assert third.data.kind == "device"
        assert screen.node is group.data, "the pane followed every highlight"
        await pilot.press("enter")
        await until(pilot, lambda: screen.node is third.data)
        assert shown == [third.data.device_id]
        assert screen.query_one("#panes").current == "device-pane"

        # the cursor rested: the next key shows its node at once
        clock.now += 601
        await pilot.press("j")
        after = tree.cursor_node
        assert after is not None
        assert screen.node is after.data
        # a key right after it waits, and Enter shows it at once
        await pilot.press("k")
        assert tree.cursor_node is third
        assert screen.node is after.data
        await pilot.press("enter")
        assert screen.node is third.data, "Enter waited for the timer"
        # (whether ``after`` is the next device or, when Enter opened this one, its first
        # sensor depends on when the tree loads the children: only the last rebuild is sure)
        assert shown[-1] == third.data.device_id
