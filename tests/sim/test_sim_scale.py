"""Large fleets: 10,000 devices are generated with unique ids and a simulator serves them.

How fast is measured by `benchmarks/bench_sim.py` and `benchmarks/bench_bigfleet.py`, never by a
timed assert here (a loaded CI machine failed the old 4 s and 10 s bounds).
"""

from __future__ import annotations

import pytest

from iottui.api import IoTClient
from iottui.sim.generate import generate
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, make_config


def test_generating_10k_devices() -> None:
    gen = generate(1, 10_000, T0)
    assert len(gen.devices) == 10_000
    assert len({d["id"] for d in gen.devices}) == 10_000
    sensor_ids = [s["id"] for d in gen.devices for s in d["sensors"]]
    assert len(sensor_ids) == len(set(sensor_ids)) > 40_000


def test_generation_is_deterministic() -> None:
    a, b = generate(5, 50, T0), generate(5, 50, T0)
    assert a.devices == b.devices
    assert a.groups == b.groups
    assert a.rules == b.rules
    assert generate(6, 50, T0).devices != a.devices


@pytest.mark.slow
async def test_10k_devices_start_and_answer() -> None:
    with SimServer(make_config(devices=10_000, replay_hours=24)) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0, timeout=60) as client:
            assert (await client.metrics.count()).device_count == 10_000
            sensors = await client.sensors.list()
            values = await client.metrics.last_values([s.id for s in sensors[:300]])
            assert len(values) > 200
