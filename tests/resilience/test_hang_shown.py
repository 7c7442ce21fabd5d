"""A server that stops answering is shown within about one refresh, with the TUI's real client
settings (10 s timeout, 2 retries): first "slow (stale)" while the poll hangs (a timer, no extra
requests), then an error once the background poll's short timeout (about one interval, one
retry) runs out. Before, the error came after ~36 s (3 attempts of 10 s plus back-off)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from iottui.api.client import IoTClient
from iottui.clock import FixedClock
from iottui.ui.app import IoTApp
from iottui.ui.live import POLL_MAX_RETRIES, Poller
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import FleetTree
from iottui.ui.widgets.status_line import StatusLine
from tests.ui.helpers import mounted, reveal, until

from .conftest import API_KEY, Sim

#: The refresh interval of this test (the TUI default is 5 s; shorter keeps the test fast).
REFRESH = 2.0
#: The server answers after this long: beyond the client's 10 s timeout, a hang.
HANG = 12.0
#: Scheduling slack on top of what the design allows.
SLACK = 1.0


@pytest.mark.slow
async def test_hanging_server_shown_within_one_interval(sim: Sim, clock: FixedClock) -> None:
    client = IoTClient(sim.url, API_KEY, timeout=10.0, max_retries=2, clock=clock)
    settings = UISettings(
        profile="hang", server="sim", refresh=REFRESH, check_tty=False, notify="off"
    )
    app = IoTApp(client, settings, clock=clock)
    sent_while_hanging: list[Any] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await mounted(pilot)
        tree = screen.query_one(FleetTree)
        status = screen.query_one(StatusLine)
        await until(pilot, lambda: tree.index is not None, within=10)
        assert tree.index is not None
        device = next(iter(tree.index.devices.values()))
        await reveal(pilot, tree, device.id)
        await until(
            pilot, lambda: bool(screen.store.last) and status.status.state == "ok", within=10
        )
        # wait for a poll to finish, so the next one starts with the fault on
        await until(pilot, lambda: screen.poller.started_at is None, within=10)
        sim.faults(latency=HANG)
        try:
            await until(pilot, lambda: screen.poller.started_at is not None, within=REFRESH + 1)
            poll_started = screen.poller.started_at
            assert poll_started is not None
            client.add_listener(sent_while_hanging.append)
            await until(pilot, lambda: status.status.state != "ok", within=REFRESH + SLACK)
            slow_after = time.monotonic() - poll_started
            assert status.status.state == "slow", status.status
            assert status.status.stale
            # the poll's own timeout: about one interval per attempt, one retry, short back-off
            poll_timeout = screen.poller.poll_timeout(client.timeout)
            assert poll_timeout == REFRESH
            error_within = (POLL_MAX_RETRIES + 1) * poll_timeout + 1.0 + SLACK
            await until(pilot, lambda: status.status.state == "error", within=error_within)
            error_after = time.monotonic() - poll_started
            assert status.status.stale
            assert "no answer" in status.status.last_error
        finally:
            sim.faults()
        attempts = [e.attempt for e in sent_while_hanging if e.error is not None]
        assert attempts
        assert max(attempts) <= POLL_MAX_RETRIES + 1, attempts
        # the fault ends: the next poll succeeds
        await until(
            pilot,
            lambda: status.status.state in ("ok", "slow") and not status.status.stale,
            within=REFRESH + HANG,
        )
    await client.aclose()
    assert slow_after <= REFRESH + SLACK, slow_after
    assert error_after < 10.0, error_after  # was ~36 s with the client's own settings
    print(f"slow after {slow_after:.2f} s, error after {error_after:.2f} s")


def test_poller_overdue_and_poll_timeout() -> None:
    poller = Poller(5.0)
    assert poller.poll_timeout(10.0) == 5.0
    assert poller.poll_timeout(3.0) == 3.0, "never more than the client's timeout"
    poller.interval = 1.0
    assert poller.poll_timeout(10.0) == 2.0, "at least the floor"
    assert not poller.overdue()
    with poller.in_flight():
        started = poller.started_at
        assert started is not None
        assert not poller.overdue(started + 0.9)
        assert poller.overdue(started + 1.1)
    assert poller.started_at is None
    assert not poller.overdue()
