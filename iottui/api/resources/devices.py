"""The flat device list (operation 5)."""

from __future__ import annotations

from iottui.api.models import DeviceSummary
from iottui.api.parse import parse_device_summaries
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation


class DevicesResource(Resource):
    name = "devices"
    __slots__ = ()

    @operation("devices.list")
    async def list(self) -> ReadList[DeviceSummary]:
        """Every device: TeamViewer ID, name, type and per-user (buddy) id (5)."""
        body = await self._get("devices.list")
        return self._parse_list("devices.list", body, parse_device_summaries)
