"""The detail pane while the tree cursor moves fast: rebuilt at most every ``PANE_EVERY``, with
the node the cursor is on by then (never left behind for as long as a key is held), at once
on Enter; and the footer is left alone when the pane switches between kinds that have the
same keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.message import Message

from iottui.ui.views import detail as detail_module
from iottui.ui.views.detail import DetailView
from iottui.ui.widgets.device_pane import DevicePane
from iottui.ui.widgets.fleet_tree import FleetTree

from .helpers import TestApp, settle, started, until


class FrozenMonotonic:
    """Stands in for the detail view's ``time`` module: ``monotonic()`` moves only when the test
    says, so "the pane was just rebuilt" and "it was rebuilt long ago" do not depend on how fast
    the machine runs the keys (with the real clock and a 1 s window, a loaded machine failed)."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def monotonic(self) -> float:
        return self.now

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def count_shows(pane: DevicePane, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the devices ``pane`` is rebuilt for, in order."""
    shown: list[int] = []
    real_show = pane.show

    def counting_show(device: Any, *args: Any) -> None:
        shown.append(device.id)
        real_show(device, *args)

    monkeypatch.setattr(pane, "show", counting_show)
    return shown


async def test_fast_cursor_rebuilds_the_pane_once(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FrozenMonotonic()
    monkeypatch.setattr(detail_module, "time", clock)
    # the pending highlight's timer never fires within the test: Enter shows it
    monkeypatch.setattr(detail_module, "PANE_EVERY", 600.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        group = tree.cursor_node
        assert group is not None
        assert screen.node is group.data
        await pilot.press("l")
        await settle(pilot)
        shown = count_shows(screen.query_one(DevicePane), monkeypatch)
        await pilot.press("j", "j", "j")  # no time passes: the pane was just rebuilt
        third = tree.cursor_node
        assert third is not None
        assert third.data.kind == "device"
        assert screen.node is group.data, "the pane followed every highlight"
        await pilot.press("enter")
        await until(pilot, lambda: screen.node is third.data)
        assert shown == [third.data.device_id]
        assert screen.query_one("#panes").current == "device-pane"

        # the pane was rebuilt long enough ago: the next key shows its node at once
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


async def test_a_burst_of_keys_ends_on_the_last_node_within_pane_every(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys faster than ``PANE_EVERY`` arm one timer, at most that long after the last
    rebuild, and later keys do not push it back (a debounce did: a held key left the pane
    behind until it was let go); when it fires the pane shows the node the cursor is on."""
    clock = FrozenMonotonic()
    monkeypatch.setattr(detail_module, "time", clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        await pilot.press("l")
        await settle(pilot)
        view = screen.query_one(DetailView)
        armed: list[tuple[float, Callable[[], object]]] = []
        real_set_timer = view.set_timer

        def set_timer(delay: float, callback: Callable[[], object]) -> Any:
            armed.append((delay, callback))
            return real_set_timer(600.0, callback)  # fired by the test, below

        monkeypatch.setattr(view, "set_timer", set_timer)
        shown = count_shows(screen.query_one(DevicePane), monkeypatch)
        await pilot.press("j")  # the pane was just rebuilt (the clock is frozen): waits
        clock.now += detail_module.PANE_EVERY / 2
        await pilot.press("j", "j", "k", "j")
        last = tree.cursor_node
        assert last is not None
        assert last.data.kind == "device"
        assert shown == []
        assert len(armed) == 1, "a later key pushed the pane back"
        delay, fire = armed[0]
        assert delay == pytest.approx(detail_module.PANE_EVERY)  # from the rebuild, not the key
        clock.now += detail_module.PANE_EVERY
        fire()
        assert screen.node is last.data
        assert shown == [last.data.device_id]
        await settle(pilot)
        assert screen.query_one("#panes").current == "device-pane"


async def test_the_footer_is_refreshed_only_when_the_chart_keys_come_or_go(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the group, device and sensor panes the screen's keys are the same: no
    ``PaneChanged`` (on which the screen refreshes its bindings, and the footer recomposes);
    to and from the metric pane, one each."""
    monkeypatch.setattr(detail_module, "PANE_EVERY", 0.0)  # every key shows its node at once
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        view = screen.query_one(DetailView)
        changes: list[str] = []
        real_post: Callable[[Message], bool] = view.post_message

        def post_message(message: Message) -> bool:
            if isinstance(message, DetailView.PaneChanged):
                changes.append(message.pane)
            return real_post(message)

        monkeypatch.setattr(view, "post_message", post_message)
        for key in ("l", "j", "l", "j"):  # the group, its first device, its first sensor
            await pilot.press(key)
            await settle(pilot)
        assert screen.detail.pane == "sensor-pane"
        assert changes == []
        await pilot.press("l", "j")  # the sensor's first metric
        await until(pilot, lambda: screen.detail.pane == "metric-pane")
        assert changes == ["metric-pane"]
        await pilot.press("k")  # back to the sensor: the chart's keys go
        await until(pilot, lambda: screen.detail.pane == "sensor-pane")
        assert changes == ["metric-pane", "sensor-pane"]
        node = tree.cursor_node
        assert node is not None
        assert screen.node is node.data
