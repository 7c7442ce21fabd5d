"""Fixtures for the UI tests: a real simulator on a fixed clock and seed, a client bound to it,
and the app built by the same factory ``iottui --demo`` uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer
from iottui.ui.settings import UISettings

from .helpers import NOW, TestApp

API_KEY = "ui-test-key-0123456789"


def sim_config(clock: FixedClock, devices: int = 12) -> SimConfig:
    return SimConfig(
        api_key=API_KEY, devices=devices, seed=7, clock=clock, replay_hours=6, tick_seconds=0
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def sim(clock: FixedClock) -> Iterator[SimServer]:
    server = SimServer(sim_config(clock))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def client(sim: SimServer) -> IoTClient:
    # generous: a loaded machine (seven suites on two cores) timed out backtests at 5 s
    return IoTClient(sim.url, sim.api_key, max_retries=0, timeout=30.0)


@pytest.fixture
def settings() -> UISettings:
    return UISettings(profile="test", server="sim", refresh=60.0, check_tty=False, notify="off")


@pytest.fixture
def app(client: IoTClient, settings: UISettings, clock: FixedClock) -> TestApp:
    return TestApp(client, settings, clock=clock)
