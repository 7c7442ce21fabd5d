"""Fixtures for fault tests: a real simulator on loopback whose faults the test switches at run
time through the key-protected ``/__sim/faults`` endpoint, and the app bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from iottui.api.client import IoTClient
from iottui.clock import FixedClock
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer
from iottui.ui.app import IoTApp
from iottui.ui.settings import UISettings

API_KEY = "resilience-sim-key-0123456789abcdef"
#: 2026-01-15 12:00:00 UTC, the fixed "now" of the simulated world.
NOW = 1_768_478_400_000
#: The app polls this often (seconds).
REFRESH = 1.0
#: The client gives up on a request after this many seconds.
TIMEOUT = 0.5


class Sim:
    """A simulator that can be stopped and started again on the same port and state file."""

    def __init__(self, state: Path, clock: FixedClock) -> None:
        self.config = SimConfig(
            api_key=API_KEY,
            devices=6,
            seed=11,
            clock=clock,
            state_path=state,
            replay_hours=6,
            tick_seconds=0,
            fault_seed=5,
        )
        self.server = SimServer(self.config)
        self.server.start()
        self.port = self.server.port

    @property
    def url(self) -> str:
        return self.server.url

    def faults(self, **faults: float) -> dict[str, Any]:
        """Set faults (``reset`` when none are given) through the control endpoint."""
        doc: dict[str, Any] = dict(faults) if faults else {"reset": True}
        response = httpx.post(
            f"{self.url}/__sim/faults",
            json=doc,
            headers={"Authorization": f"Bearer {API_KEY}"},
            timeout=5,
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def stop(self) -> None:
        self.server.stop()

    def restart(self) -> None:
        self.server = SimServer(self.config, port=self.port)
        self.server.start()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def sim(tmp_path: Path, clock: FixedClock) -> Iterator[Sim]:
    server = Sim(tmp_path / "sim.db", clock)
    try:
        yield server
    finally:
        server.stop()


def make_app(sim: Sim, clock: FixedClock, **settings: Any) -> IoTApp:
    client = IoTClient(sim.url, API_KEY, timeout=TIMEOUT, max_retries=0, clock=clock)
    options: dict[str, Any] = {
        "profile": "faults",
        "server": "sim",
        "refresh": REFRESH,
        "check_tty": False,
        "notify": "off",
    }
    options.update(settings)
    return IoTApp(client, UISettings(**options), clock=clock)
