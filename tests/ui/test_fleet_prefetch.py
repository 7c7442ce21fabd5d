"""The fleet asked for while the first frame is drawn (issue 12): the session's early fetch,
taken by the main screen's first load; not done when the fleet cache has a fleet to draw."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from pathlib import Path

import httpx
import pytest

from iottui.api import IoTClient
from iottui.api.errors import IoTError
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.fleet_cache import FleetCache, cache_identity
from iottui.ui.session import Session
from iottui.ui.settings import UISettings

from .helpers import TestApp, main_screen, started, until


def set_faults(sim: SimServer, **faults: float | bool) -> None:
    response = httpx.post(
        f"{sim.url}/__sim/faults", json=faults, headers={"Authorization": f"Bearer {sim.api_key}"}
    )
    response.raise_for_status()


def fleet_gets(client: IoTClient) -> int:
    return client.stats.by_operation.get("fleet.get", 0)


def lazy_session(client: IoTClient, settings: UISettings, clock: FixedClock) -> Session:
    """A session whose client is still to be built (the launcher's way)."""
    return Session(None, settings, clock, connect=lambda: client)


async def run_fetch(session: Session) -> None:
    fetch = session.prefetch_fleet()
    assert fetch is not None
    await fetch


async def test_the_first_load_takes_the_early_answer_later_ones_ask(
    client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    session = lazy_session(client, settings, clock)
    await run_fetch(session)
    assert session.built_client is client  # built by the fetch
    assert fleet_gets(client) == 1
    fleet = await session.fleet_answer(client)
    assert fleet.groups
    assert fleet_gets(client) == 1  # the answer was the early one
    again = await session.fleet_answer(client)
    assert fleet_gets(client) == 2  # taken once: the next load asks the server
    assert again == fleet


async def test_a_failed_early_fetch_is_the_first_loads_error_then_asked_again(
    sim: SimServer, client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    session = lazy_session(client, settings, clock)
    set_faults(sim, error_rate=1.0)
    await run_fetch(session)
    with pytest.raises(IoTError):
        await session.fleet_answer(client)
    set_faults(sim, reset=True)
    assert (await session.fleet_answer(client)).groups


async def test_the_first_load_waits_for_a_fetch_in_flight(
    client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    session = lazy_session(client, settings, clock)
    fetch = session.prefetch_fleet()
    assert fetch is not None
    task = asyncio.ensure_future(fetch)
    fleet = await session.fleet_answer(client)  # before the fetch even started
    await task
    assert fleet.groups
    assert fleet_gets(client) == 1


async def test_a_cancelled_fetch_leaves_the_first_load_to_ask(
    client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    session = lazy_session(client, settings, clock)
    fetch = session.prefetch_fleet()
    assert fetch is not None
    task = asyncio.ensure_future(fetch)
    await asyncio.sleep(0)  # started
    task.cancel()  # the app ended meanwhile, say
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await session.fleet_answer(client)).groups  # not hanging on a dead fetch


async def test_not_fetched_early_without_a_server_twice_or_with_a_cached_fleet(
    tmp_path: Path, client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    assert Session(None, settings, clock).prefetch_fleet() is None  # the welcome screen
    session = lazy_session(client, settings, clock)
    fetch = session.prefetch_fleet()
    assert fetch is not None
    assert session.prefetch_fleet() is None  # one is asked for already
    fetch.close()
    cache = FleetCache(tmp_path / "fleet-test.json", cache_identity("test"))
    with_cache = dataclasses.replace(settings, fleet_cache=cache)
    empty_cache = lazy_session(client, with_cache, clock).prefetch_fleet()
    assert empty_cache is not None  # nothing cached yet: the server is all there is
    empty_cache.close()
    assert cache.save(await client.fleet.get(), 1_700_000_000.0)
    # a cached fleet is drawn first, and the server asked once it is on screen
    assert lazy_session(client, with_cache, clock).prefetch_fleet() is None


async def test_another_server_connected_drops_the_early_answer(
    sim: SimServer, client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    session = lazy_session(client, settings, clock)
    await run_fetch(session)
    other = IoTClient(sim.url, sim.api_key, max_retries=0, timeout=30.0)
    try:
        session.connect(other, "other", sim.url)
        assert (await session.fleet_answer(other)).groups
        assert fleet_gets(other) == 1  # asked of the new server, not the old answer
    finally:
        await other.aclose()


async def test_the_app_asks_before_its_main_screen_and_its_first_load_takes_it(
    client: IoTClient, settings: UISettings, clock: FixedClock
) -> None:
    built_on: list[bool] = []

    def connect() -> IoTClient:
        built_on.append(threading.current_thread() is threading.main_thread())
        return client

    app = TestApp(None, settings, clock=clock, connect=connect)
    asked_before_main: list[bool] = []
    prefetch = app.session.prefetch_fleet

    def recording_prefetch() -> object:
        asked_before_main.append(app.main_screen is None)
        return prefetch()

    app.session.prefetch_fleet = recording_prefetch  # type: ignore[method-assign,assignment]
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        screen = main_screen(app)
        await until(pilot, lambda: screen.fleet_tree.index is not None)
        assert asked_before_main == [True]
        assert built_on == [False]  # once, in a thread
        assert fleet_gets(client) == 1  # the main screen's first load took the early answer
