"""A stopped simulator's world (and its fleet cache) can be freed: nothing global keeps it."""

from __future__ import annotations

import gc
import weakref

import httpx

from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer


def test_a_stopped_simulator_world_is_freed() -> None:
    server = SimServer(SimConfig(api_key="k", devices=8))
    server.start()
    try:
        answer = httpx.get(f"{server.url}/devices", headers={"Authorization": "Bearer k"})
        assert answer.status_code == 200  # the fleet cache now exists for this world
        world = weakref.ref(server.context.world)
    finally:
        server.stop()
    server.app = None
    del server
    gc.collect()
    assert world() is None
