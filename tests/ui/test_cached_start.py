"""Start from the last known fleet: the cache drawn (marked) until the server's fleet replaces
it in place, the cursor kept; no values, alarms or writes from the cache; off by config."""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

import httpx
import pytest

from iottui.api import IoTClient
from iottui.api.models import Device, Fleet
from iottui.clock import FixedClock
from iottui.config import Config, ConnectionSettings, TuiOptions
from iottui.sim.runner import SimServer
from iottui.ui.fleet_cache import FleetCache, cache_identity
from iottui.ui.launch import DemoServer, ui_settings
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import FleetTree
from iottui.ui.widgets.status_line import render_status

from .helpers import (
    NOW,
    TestApp,
    main_screen,
    main_screen_or_none,
    poll,
    settle,
    started,
    until,
)

SAVED_AT = (NOW - 3_600_000) / 1000  # an hour before the test's "now": 11:00 UTC


def set_faults(sim: SimServer, **faults: float | bool) -> None:
    response = httpx.post(
        f"{sim.url}/__sim/faults", json=faults, headers={"Authorization": f"Bearer {sim.api_key}"}
    )
    response.raise_for_status()


async def live_fleet(client: IoTClient) -> Fleet:
    return await client.fleet.get()


def with_extra_device_first(fleet: Fleet) -> Fleet:
    """The fleet as it was an hour ago: one more device at the top of the first group (so the
    server's fleet rebuilds that group's nodes and moves every line below it)."""
    first = fleet.groups[0]
    gone = Device(id=999_999_999, name="Decommissioned gateway")
    groups = (dataclasses.replace(first, devices=(gone, *first.devices)), *fleet.groups[1:])
    return dataclasses.replace(fleet, groups=groups)


@pytest.fixture
async def cache(tmp_path: Path, client: IoTClient) -> FleetCache:
    cache = FleetCache(tmp_path / "fleet-test.json", cache_identity("test"))
    assert cache.save(with_extra_device_first(await live_fleet(client)), SAVED_AT)
    return FleetCache(cache.path, cache.identity)  # as a new start finds it


@pytest.fixture
def cached_app(
    client: IoTClient, settings: UISettings, clock: FixedClock, cache: FleetCache
) -> TestApp:
    return TestApp(client, dataclasses.replace(settings, fleet_cache=cache), clock=clock)


def tree_of(app: TestApp) -> FleetTree:
    tree: FleetTree = main_screen(app).fleet_tree
    return tree


async def test_cache_shown_marked_then_replaced_keeping_the_cursor(
    cached_app: TestApp, sim: SimServer, client: IoTClient
) -> None:
    set_faults(sim, error_rate=1.0)  # the server does not answer (yet)
    async with cached_app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main_screen_or_none(cached_app) is not None)
        screen = main_screen(cached_app)
        tree = tree_of(cached_app)
        await until(pilot, lambda: tree.index is not None)
        store = cached_app.session.fleet
        assert store.cached
        assert tree.has_class("-cached")
        assert screen.status.status.cached_at_ms == round(SAVED_AT * 1000)
        line = render_status(screen.status.status).plain
        assert "cached 11:00" in line
        # nothing from the cache is shown as live: no alarm counts (none were read), no
        # state, no values asked for
        assert screen.status.status.alarms is None
        assert "Crit" not in line
        assert "Crit" not in render_status(screen.status.status, width=200).plain
        group = tree.root.children[0]
        assert "on" not in str(group.label).split("dev")[-1]
        group.expand()
        await pilot.pause()
        device_labels = [str(node.label) for node in group.children]
        assert device_labels[0].startswith("· Decommissioned gateway")
        assert all(label.startswith("· ") for label in device_labels)
        tree.focus()
        await pilot.press("down", "down", "down")  # group > gone device > two more devices
        await settle(pilot)
        kept = tree.cursor_key()
        assert kept is not None
        assert kept[0] == "device"
        assert screen.store.last == {}
        assert client.stats.by_operation.get("metrics.last_values", 0) == 0
        # the server answers: the same node stays under the cursor, the marks go
        set_faults(sim, reset=True)
        await poll(pilot)
        await until(pilot, lambda: not store.cached)
        await settle(pilot)
        assert not tree.has_class("-cached")
        assert "cached" not in render_status(screen.status.status).plain
        assert tree.cursor_key() == kept
        await until(pilot, lambda: screen.status.status.alarms is not None)  # read now
        assert "Crit " in render_status(screen.status.status).plain
        assert all(not str(n.label).startswith("· ") for n in tree.root.children[0].children)


async def test_writes_wait_for_the_live_fleet(cached_app: TestApp, sim: SimServer) -> None:
    set_faults(sim, error_rate=1.0)
    async with cached_app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main_screen_or_none(cached_app) is not None)
        await until(pilot, lambda: cached_app.session.fleet.cached)
        commands = cached_app.session.commands
        commands.load_features()
        group_new = commands.get("group-new")
        assert group_new is not None
        selection = cached_app.selection
        reason = group_new.unavailable(selection, cached=True)
        assert reason == "waiting for the server: the tree shows the cached fleet"
        cached_app.run_command("group-new")
        await pilot.pause()
        assert any(reason in str(n.message) for n in cached_app._notifications)
        assert type(cached_app.screen).__name__ == "MainScreen"  # no form opened
        set_faults(sim, reset=True)
        await poll(pilot)
        await until(pilot, lambda: not cached_app.session.fleet.cached)
        assert group_new.unavailable(selection, cached=cached_app.session.fleet.cached) is None


async def test_the_live_fleet_is_saved_structure_only(
    cached_app: TestApp, cache: FleetCache, client: IoTClient
) -> None:
    live = await live_fleet(client)
    async with cached_app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main_screen_or_none(cached_app) is not None)
        await until(pilot, lambda: cached_app.session.fleet.fleet is not None)
        await until(pilot, lambda: not cached_app.session.fleet.cached)
        # saved a moment after it is shown: the gone device leaves the file then
        await until(pilot, lambda: b"Decommissioned" not in cache.path.read_bytes(), 20.0)
        await settle(pilot)
    saved = FleetCache(cache.path, cache.identity).load()
    assert saved is not None
    assert saved.saved_at == NOW / 1000  # on the app's clock
    assert [d.id for d in saved.fleet.devices()] == [d.id for d in live.devices()]
    assert json.loads(cache.path.read_bytes())["digest"] == saved.digest


async def test_no_cache_when_the_config_turns_it_off(tmp_path: Path) -> None:
    conn = ConnectionSettings(url="https://iot.example", api_key="k", profile_name="prod")
    options = TuiOptions()
    config = Config()
    on = ui_settings(conn, config, DemoServer(options), options)
    assert on.fleet_cache is not None
    assert on.fleet_cache.path.name == "fleet-prod.json"
    off = dataclasses.replace(conn, fleet_cache=False)
    assert ui_settings(off, config, DemoServer(options), options).fleet_cache is None


async def test_demo_fresh_starts_without_the_cache(tmp_path: Path) -> None:
    conn = ConnectionSettings(url="http://127.0.0.1:1", api_key="k", profile_name="demo")
    warm = TuiOptions(demo=True, devices=12)
    cache = ui_settings(conn, Config(), DemoServer(warm), warm).fleet_cache
    assert cache is not None
    cache.save(Fleet(), 1.0)
    assert cache.path.exists()
    fresh = dataclasses.replace(warm, fresh=True)
    again = ui_settings(conn, Config(), DemoServer(fresh), fresh).fleet_cache
    assert again is not None
    assert not again.path.exists()


async def test_app_without_a_cache_shows_nothing_before_the_server(
    app: TestApp, sim: SimServer
) -> None:
    set_faults(sim, error_rate=1.0)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        screen = main_screen(app)
        await until(pilot, lambda: screen.poller.polls >= 1)
        assert app.session.fleet.fleet is None
        assert not tree_of(app).root.children


async def test_paint_first_the_client_is_built_after_the_first_frame_in_a_thread(
    sim: SimServer, settings: UISettings, clock: FixedClock, cache: FleetCache
) -> None:
    """With a cached fleet to draw, the client (and the server's fleet) wait for the first
    frame (without one, they are asked for while it is drawn: test_fleet_prefetch)."""
    settings = dataclasses.replace(settings, fleet_cache=cache)
    seen: list[tuple[bool, bool]] = []

    def connect() -> IoTClient:
        screen = app.main_screen
        laid_out = screen is not None and screen.status.size.width > 0
        seen.append((threading.current_thread() is threading.main_thread(), laid_out))
        return IoTClient(sim.url, sim.api_key, max_retries=0, timeout=5.0)

    app = TestApp(None, settings, clock=clock, connect=connect)
    assert app.session.built_client is None
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        assert seen == [(False, True)]  # once, off the UI thread, the screen already drawn
        assert app.session.built_client is not None


async def test_a_client_that_cannot_be_built_is_an_error_on_the_status_line(
    settings: UISettings, clock: FixedClock
) -> None:
    def connect() -> IoTClient:
        raise FileNotFoundError("no such CA bundle: /etc/ssl/missing.pem")

    app = TestApp(None, settings, clock=clock, connect=connect)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        screen = main_screen(app)
        await until(pilot, lambda: screen.status.status.state == "error")
        assert "cannot connect: FileNotFoundError" in screen.status.status.last_error
        assert app.is_running


async def test_first_frame_is_tree_and_status_then_cached_tree_then_tabs(
    cached_app: TestApp, sim: SimServer
) -> None:
    """Paint first (issue 12): the first frame holds the layout and the status line, nothing
    it does not show (the tree's pane is empty: no browser yet; no footer); the cached fleet
    is drawn in the tree next, and the tabs are mounted after it."""
    set_faults(sim, error_rate=1.0)
    # (browser or footer mounted, tabs mounted, tree populated) per composed frame
    frames: list[tuple[bool, bool, bool]] = []
    display = cached_app._display

    def recording(target: object, renderable: object) -> None:
        screen = main_screen_or_none(cached_app)
        if renderable is not None and screen is not None and screen.query("StatusLine"):
            browser = bool(screen.query("FleetBrowser"))
            populated = browser and screen.fleet_tree.index is not None
            parts = browser or bool(screen.query("LeanFooter"))
            frames.append((parts, bool(screen.query("#tabs")), populated))
        display(target, renderable)  # type: ignore[arg-type]

    cached_app._display = recording  # type: ignore[method-assign,assignment]
    async with cached_app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: any(tabs and tree for _, tabs, tree in frames))
        assert frames[0] == (False, False, False)
        first_tree = next(i for i, (_, _, tree) in enumerate(frames) if tree)
        first_tabs = next(i for i, (_, tabs, _) in enumerate(frames) if tabs)
        assert first_tree <= first_tabs  # the cached tree is not kept waiting for the tabs
        assert cached_app.session.fleet.cached
