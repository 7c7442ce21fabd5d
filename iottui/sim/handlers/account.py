"""Account: the assignment token and the user (operations 1-3)."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from iottui.sim.handlers.common import Doc, ok
from iottui.sim.payload import Payload
from iottui.sim.store import Batch
from iottui.sim.world import World


def get_token(world: World, query: Mapping[str, str]) -> Doc:
    return ok(world.token)


def regenerate_token(world: World, p: Payload) -> Doc:
    token = world.new_token()
    batch = Batch()
    batch.meta["token"] = token
    world.commit(batch)
    world.token = token
    return ok(token)


def get_user(world: World, query: Mapping[str, str]) -> Doc:
    return ok(copy.deepcopy(world.user))
