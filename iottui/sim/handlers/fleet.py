"""The nested fleet (operation 4), rendered by :mod:`iottui.sim.handlers.fleetview`."""

from __future__ import annotations

from collections.abc import Mapping

from iottui.sim.handlers.common import Doc
from iottui.sim.handlers.fleetview import fleet_cache, render_fleet
from iottui.sim.world import World


def get_fleet(world: World, query: Mapping[str, str]) -> Doc:
    """The fleet as documents, rendered from scratch (the reference for :func:`get_fleet_raw`)."""
    return render_fleet(world, world.now())


def get_fleet_raw(world: World, query: Mapping[str, str]) -> bytes:
    """The fleet answer as JSON bytes, joined from each device's cached rendering."""
    return fleet_cache(world).body(world.now())
