"""The nested fleet: groups > devices > sensors > metrics (operation 4)."""

from __future__ import annotations

from typing import Any

from iottui.api.models import Fleet
from iottui.api.parse import body_timestamp, parse_fleet
from iottui.api.resources.base import Resource, operation
from iottui.gcpause import release_freed_memory


class FleetResource(Resource):
    name = "fleet"
    __slots__ = ()

    @operation("fleet.get")
    async def get(self) -> Fleet:
        """Every group with its devices, sensors, metrics, shares and contacts (4).

        Device ``id`` here is the TeamViewer ID; ``buddy_id`` the per-user id.
        """
        body = await self._get("fleet.get")
        timestamp = body_timestamp(body)

        def parse(value: Any, path: str) -> Fleet:
            return parse_fleet(value, path, timestamp)

        fleet = self._parse("fleet.get", body, parse)
        # the decoded answer (tens of MB for a big fleet) is garbage now: give it back
        del body
        release_freed_memory()
        return fleet
