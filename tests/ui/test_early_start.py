"""A start with no cached fleet to draw (issue 12): the launcher builds the client and asks for
the server's fleet in a thread before the UI is imported; the app's first load takes that
answer (or its error) and asks the server itself from then on."""

from __future__ import annotations

import threading

import pytest

from iottui.api import IoTClient
from iottui.api.errors import IoTError
from iottui.api.models import Fleet
from iottui.clock import FixedClock
from iottui.config import ConnectionSettings, connection
from iottui.config.errors import ConfigError
from iottui.sim.runner import SimServer
from iottui.ui.early_start import EarlyStart
from iottui.ui.screens import main_layout
from iottui.ui.screens.main import MainScreen
from iottui.ui.session import Session
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import FleetTree

from .helpers import (
    WAIT_LIMIT,
    TestApp,
    main_screen,
    main_screen_or_none,
    mounted,
    started,
    until,
)


def fleet_gets(client: IoTClient) -> int:
    return client.stats.by_operation.get("fleet.get", 0)


def early_session(early: EarlyStart, settings: UISettings, clock: FixedClock) -> Session:
    return Session(None, settings, clock, connect=early.client, early_fleet=early.fleet)


async def test_the_first_load_takes_the_answer_asked_for_before_the_ui(
    sim: SimServer, settings: UISettings, clock: FixedClock
) -> None:
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))
    session = early_session(early, settings, clock)
    fetch = session.prefetch_fleet()
    assert fetch is not None
    await fetch
    client = session.built_client
    assert client is not None
    assert client.base_url == sim.url
    try:
        fleet = await session.fleet_answer(client)
        assert fleet.groups
        assert fleet_gets(client) == 0, "the answer came from the early request"
        assert (await session.fleet_answer(client)) == fleet
        assert fleet_gets(client) == 1, "later loads ask the server with the app's client"
    finally:
        await client.aclose()


async def test_an_unreachable_server_is_the_first_loads_error(
    settings: UISettings, clock: FixedClock
) -> None:
    early = EarlyStart(ConnectionSettings(url="http://127.0.0.1:9", api_key="k"))
    with pytest.raises(IoTError):
        early.fleet()
    session = early_session(early, settings, clock)
    fetch = session.prefetch_fleet()
    assert fetch is not None
    await fetch
    client = session.built_client
    assert client is not None  # the client is built all the same: the app retries with it
    try:
        with pytest.raises(IoTError):
            await session.fleet_answer(client)
    finally:
        await client.aclose()


async def test_the_app_shows_the_early_fleet(
    sim: SimServer, settings: UISettings, clock: FixedClock
) -> None:
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))
    app = TestApp(None, settings, clock=clock, connect=early.client, early_fleet=early.fleet)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        assert screen.fleet == early.fleet()
        client = app.session.built_client
        assert client is not None
        assert fleet_gets(client) == 0, "shown from the early answer"


async def test_the_tree_does_not_wait_for_the_tabs_and_the_fleet_is_asked_once(
    monkeypatch: pytest.MonkeyPatch, sim: SimServer, settings: UISettings, clock: FixedClock
) -> None:
    """No cached fleet: the server's answer is drawn as it comes, even while the tabs are still
    to be mounted (held back here), and the first poll does not ask for it again."""
    waiting: list[MainScreen] = []
    mount_tabs = MainScreen._mount_tabs

    async def held_back(screen: MainScreen) -> None:
        waiting.append(screen)

    monkeypatch.setattr(MainScreen, "_mount_tabs", held_back)
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))
    app = TestApp(None, settings, clock=clock, connect=early.client, early_fleet=early.fleet)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        screen = main_screen(app)
        await until(pilot, lambda: bool(screen.query(FleetTree)))  # mounted after 1st frame
        tree = screen.fleet_tree
        await until(pilot, lambda: bool(tree.root.children))
        assert not screen.ready, "drawn before the tabs"
        assert not screen.session.fleet.cached
        for held in waiting:
            held.call_later(mount_tabs, held)
        await started(pilot)
        await until(pilot, lambda: bool(screen.rules.rules))
        client = app.session.built_client
        assert client is not None
        assert fleet_gets(client) == 0, "the first poll took the fleet already shown"
        assert client.stats.by_operation.get("rules.list", 0) >= 1, "the rules follow it"


async def test_the_launcher_waits_until_the_request_is_on_its_way(sim: SimServer) -> None:
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))
    assert early.wait_sent(timeout=WAIT_LIMIT)
    assert early.fleet().groups


async def test_the_launchers_wait_is_bounded(
    sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread slow to build its client (a loaded machine) holds the UI back a bounded time."""
    release = threading.Event()
    real_connect = connection.connect

    def slow_connect(conn: ConnectionSettings) -> IoTClient:
        release.wait()
        return real_connect(conn)

    monkeypatch.setattr(connection, "connect", slow_connect)
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))
    try:
        assert not early.wait_sent(timeout=0.01)
    finally:
        release.set()
    assert early.wait_sent(timeout=WAIT_LIMIT)
    assert early.fleet().groups


async def test_a_thread_that_fails_before_sending_ends_the_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing_connect(conn: ConnectionSettings) -> IoTClient:
        raise ConfigError("no client")

    monkeypatch.setattr(connection, "connect", failing_connect)
    early = EarlyStart(ConnectionSettings(url="http://127.0.0.1:9", api_key="k"))
    assert early.wait_sent(timeout=WAIT_LIMIT)
    with pytest.raises(ConfigError):
        early.client()


async def test_the_tabs_wait_for_the_tree_when_it_waits_for_the_server(
    monkeypatch: pytest.MonkeyPatch, sim: SimServer, settings: UISettings, clock: FixedClock
) -> None:
    """No cached fleet: the tabs mount once the server's fleet is drawn (mounting them while
    the answer is read and parsed slowed both), not before."""
    drawn_then: list[bool] = []  # whether the tree had the fleet when the tabs were mounted
    mount_tabs = MainScreen._mount_tabs

    async def recording(screen: MainScreen) -> None:
        drawn_then.append(bool(screen.fleet_tree.root.children))
        await mount_tabs(screen)

    monkeypatch.setattr(MainScreen, "_mount_tabs", recording)
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))
    app = TestApp(None, settings, clock=clock, connect=early.client, early_fleet=early.fleet)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert drawn_then == [True]


async def test_the_tabs_wait_for_a_silent_server_a_bounded_time(
    monkeypatch: pytest.MonkeyPatch, sim: SimServer, settings: UISettings, clock: FixedClock
) -> None:
    """A server that does not answer: the tabs (and the keys held until they are there) come
    after TABS_WAIT all the same, the tree still empty."""
    monkeypatch.setattr(main_layout, "TABS_WAIT", 0.05)
    answer = threading.Event()
    early = EarlyStart(ConnectionSettings(url=sim.url, api_key=sim.api_key))

    def silent_fleet() -> Fleet:
        answer.wait()
        return early.fleet()

    app = TestApp(None, settings, clock=clock, connect=early.client, early_fleet=silent_fleet)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: main_screen_or_none(app) is not None)
            await pilot.press("j")  # typed ahead of the tabs and of the fleet (held)
            screen = await mounted(pilot)
            assert screen.fleet is None, "the tabs did not wait for the fleet"
            assert screen.fleet_tree.index is None
            answer.set()
            await until(pilot, lambda: screen.fleet_tree.index is not None)
            # the detail view shows the node under the cursor, as when the fleet came first
            cursor = screen.fleet_tree.cursor_node
            assert cursor is not None
            assert cursor.data is not None
            await until(pilot, lambda: screen.detail.node == cursor.data)
    finally:
        answer.set()
