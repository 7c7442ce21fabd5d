"""Client retries against the simulator's fault injection over a real loopback socket: a 429's
``Retry-After`` is waited out and the GET succeeds; a POST that timed out is never sent again."""

from __future__ import annotations

import time

import pytest

from iottui.api.client import IoTClient, RequestEvent
from iottui.api.errors import APITimeoutError
from iottui.clock import FixedClock

from .conftest import API_KEY, Sim

ALARM_ID = "745ea3cb-fc67-49ec-9352-287f072c9f10"


async def test_get_waits_out_retry_after_of_a_429_burst(sim: Sim, clock: FixedClock) -> None:
    events: list[RequestEvent] = []
    async with IoTClient(sim.url, API_KEY, max_retries=2, timeout=5, clock=clock) as client:
        client.add_listener(events.append)
        sim.faults(rate_limit=1.0)
        await client.account.user()  # takes this second's only slot
        started = time.monotonic()
        user = await client.account.user()
        waited = time.monotonic() - started
    sim.faults()
    assert user.id
    statuses = [e.status for e in events]
    assert statuses[1] == 429, statuses
    assert statuses[-1] == 200, statuses
    assert waited >= 0.5, "the retry waited for Retry-After"


async def test_post_that_timed_out_is_not_sent_again(sim: Sim, clock: FixedClock) -> None:
    events: list[RequestEvent] = []
    async with IoTClient(sim.url, API_KEY, max_retries=3, timeout=0.5, clock=clock) as client:
        client.add_listener(events.append)
        sim.faults(latency=1.5)
        with pytest.raises(APITimeoutError):
            await client.alarms.close(ALARM_ID)
    sim.faults()
    closes = [e for e in events if e.operation == "alarms.close"]
    assert len(closes) == 1, [(e.attempt, e.status, e.error) for e in closes]
    assert closes[0].status is None
