"""Simulator fixtures: real uvicorn servers on loopback (port 0) and clients bound to them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer

#: A fixed "now" for deterministic tests (2025-11-24 16:00 UTC).
T0 = 1_764_000_000_000
KEY = "test-key-0123456789"


def make_config(**changes: object) -> SimConfig:
    """A quick config: fixed clock at T0, short replay, no background ticks.

    The fault injector is seeded: a test that turns on random faults sees the same sequence
    of failures on every run, so no run can draw, say, seven failures in a row by chance.
    """
    base = SimConfig(
        api_key=KEY,
        devices=24,
        seed=7,
        clock=FixedClock(T0),
        replay_hours=2,
        tick_seconds=0,
        webhook_backoff=0.05,
        webhook_retries=2,
        webhook_timeout=2.0,
        fault_seed=2024,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shared_server() -> Iterator[SimServer]:
    """One server per module for tests that only read (or tolerate each other's writes)."""
    with SimServer(make_config()) as server:
        yield server


@pytest.fixture
def server() -> Iterator[SimServer]:
    """A fresh in-memory server for a test that changes state."""
    with SimServer(make_config()) as srv:
        yield srv


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "sim.sqlite"


@pytest.fixture
async def client(server: SimServer) -> AsyncIterator[IoTClient]:
    async with IoTClient(server.url, server.api_key, max_retries=0) as c:
        yield c


@pytest.fixture
async def shared_client(shared_server: SimServer) -> AsyncIterator[IoTClient]:
    async with IoTClient(shared_server.url, shared_server.api_key, max_retries=0) as c:
        yield c


def raw(server: SimServer, key: str | None = KEY) -> httpx.Client:
    """A plain httpx client (for protocol-level checks the typed client would refuse)."""
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


def advance(server: SimServer, millis: int) -> int:
    """Move the simulator's fixed clock forward and let the rule engine catch up."""
    with raw(server) as http:
        response = http.post("/__sim/clock", json={"advance": millis})
        response.raise_for_status()
        events: int = response.json()["events"]
        return events
