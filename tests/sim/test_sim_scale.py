"""Large fleets: generation stays cheap; 10,000 devices start in under 10 s."""

from __future__ import annotations

import time

import pytest

from iottui.api import IoTClient
from iottui.sim.generate import generate
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, make_config


def test_generating_10k_devices_is_fast() -> None:
    # CPU time of this process, not wall time: other processes on a busy machine (the suite
    # runs beside other suites) must not fail a bound on the generator's own work.
    began = time.process_time()
    gen = generate(1, 10_000, T0)
    elapsed = time.process_time() - began
    assert len(gen.devices) == 10_000
    assert len({d["id"] for d in gen.devices}) == 10_000
    sensor_ids = [s["id"] for d in gen.devices for s in d["sensors"]]
    assert len(sensor_ids) == len(set(sensor_ids)) > 40_000
    assert elapsed < 4.0


def test_generation_is_deterministic() -> None:
    a, b = generate(5, 50, T0), generate(5, 50, T0)
    assert a.devices == b.devices
    assert a.groups == b.groups
    assert a.rules == b.rules
    assert generate(6, 50, T0).devices != a.devices


@pytest.mark.slow
async def test_10k_devices_start_under_10_seconds() -> None:
    began = time.perf_counter()
    with SimServer(make_config(devices=10_000, replay_hours=24)) as server:
        started = time.perf_counter() - began
        async with IoTClient(server.url, server.api_key, max_retries=0, timeout=60) as client:
            assert (await client.metrics.count()).device_count == 10_000
            sensors = await client.sensors.list()
            values = await client.metrics.last_values([s.id for s in sensors[:300]])
            assert len(values) > 200
    assert started < 10.0
