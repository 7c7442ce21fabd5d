"""Contacts (operation 49)."""

from __future__ import annotations

from collections.abc import Mapping

from iottui.sim.handlers.common import Doc, ok
from iottui.sim.world import World


def get_contacts(world: World, query: Mapping[str, str]) -> Doc:
    data = [
        {"name": c["name"], "id": c["id"], "state": c["state"], "email": c.get("email", "")}
        for c in world.contacts.values()
    ]
    return ok(data, timestamp=world.now())
