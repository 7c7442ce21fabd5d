"""Live values: one batched request per refresh, values change, pause, interval changes."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.ui.widgets.status_line import StatusLine

from .helpers import TestApp, command, main_screen, poll, settle, started, until

LAST_VALUES = "metrics.last_values"


async def test_one_last_values_request_per_refresh(
    client: IoTClient, app: TestApp, clock: FixedClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        assert client.stats.by_operation.get(LAST_VALUES, 0) == 0, "polled with nothing visible"
        polls = screen.poller.polls
        await pilot.press("l", "j")
        # the cursor move asks for a poll once the cursor rested (a wall-clock debounce):
        # wait for it, so it cannot land among the counted polls below
        await until(pilot, lambda: screen.poller.polls > polls)
        await settle(pilot)
        device = screen.selection.device
        assert len(device.sensors) > 1
        await poll(pilot)
        before = client.stats.by_operation[LAST_VALUES]
        first = {
            (s.id, m.id): screen.store.value(s.id, m.id) for s in device.sensors for m in s.metrics
        }
        assert any(v[0] is not None for v in first.values())
        clock.advance(120_000)
        for _ in range(3):
            await poll(pilot)
        assert client.stats.by_operation[LAST_VALUES] - before == 3
        assert len(screen.store.spark(device.sensors[0].id, device.sensors[0].metrics[0].id)) > 1
        after = {
            (s.id, m.id): screen.store.value(s.id, m.id) for s in device.sensors for m in s.metrics
        }
        assert after != first, "values did not change after time moved on"
        # a hidden pane is not refreshed
        before = client.stats.by_operation[LAST_VALUES]
        await pilot.press("a")
        await poll(pilot)
        await poll(pilot)
        assert client.stats.by_operation[LAST_VALUES] == before


async def test_pause_and_interval(client: IoTClient, app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("l", "j")
        await settle(pilot)
        await poll(pilot)
        status = screen.query_one(StatusLine)
        assert status.status.interval == 60.0
        await pilot.press("minus")
        assert screen.poller.interval == 30.0
        await pilot.press("minus", "minus")
        assert screen.poller.interval == 10.0
        await pilot.press("plus")
        assert screen.poller.interval == 15.0
        assert status.status.interval == 15.0
        await command(pilot, "refresh 7")
        await settle(pilot)
        assert screen.poller.interval == 7.0
        await pilot.press("p")
        assert screen.poller.paused
        assert status.status.paused
        await went_round(pilot)  # a poll in flight (after :refresh) has finished
        before = client.stats.by_operation[LAST_VALUES]
        polls = screen.poller.polls
        await went_round(pilot)  # woken while paused: no poll
        assert client.stats.by_operation[LAST_VALUES] == before
        assert screen.poller.polls == polls
        await pilot.press("p")
        await poll(pilot)
        assert client.stats.by_operation[LAST_VALUES] > before


async def went_round(pilot: Pilot[Any]) -> None:
    """Wake the live loop and wait until it is back asleep: any poll in flight has finished,
    and a poll this wake-up started (there is none while paused) would have finished too."""
    poller = main_screen(pilot.app).poller
    sleeps = poller.sleeps
    poller.wake()
    await until(pilot, lambda: poller.sleeps > sleeps)
