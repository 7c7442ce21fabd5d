"""The nested fleet: groups > devices > sensors > metrics (operation 4)."""

from __future__ import annotations

from typing import Any

from iottui.api.models import Fleet
from iottui.api.parse import body_timestamp, parse_fleet
from iottui.api.resources.base import Resource, operation


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

        return self._parse("fleet.get", body, parse)
