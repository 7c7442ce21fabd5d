"""The flat device list (operation 5)."""

from __future__ import annotations

from collections.abc import Mapping

from iottui.sim.handlers.common import Doc, ok
from iottui.sim.world import World


def get_devices(world: World, query: Mapping[str, str]) -> Doc:
    data = [
        {"id": d["id"], "name": d["name"], "devicetype": d["deviceType"], "buddyid": d["buddyId"]}
        for d in world.devices.values()
    ]
    return ok(data)
