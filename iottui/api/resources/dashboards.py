"""Dashboards: create, delete, list, get one with widgets, update (operations 34-38)."""

from __future__ import annotations

from typing import Any

from iottui.api.models import Created, Dashboard
from iottui.api.parse import FieldError, parse_created, parse_dashboard, parse_dashboards
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, validating
from iottui.api.validate import validate_id, validate_name


def _one_dashboard(value: Any, path: str) -> Dashboard:
    """``data`` of Get Dashboard: an object (the document), or a list holding it."""
    if type(value) is list:
        if len(value) != 1:
            raise FieldError(path, f"expected one dashboard, got {len(value)}")
        return parse_dashboard(value[0], f"{path}[0]")
    return parse_dashboard(value, path)


class DashboardsResource(Resource):
    name = "dashboards"
    __slots__ = ()

    @operation("dashboards.create")
    async def create(self, name: str) -> Created:
        """Create an empty dashboard (34)."""
        with validating("dashboards.create"):
            payload = {"name": validate_name(name)}
        body = await self._post("dashboards.create", payload)
        return self._parse("dashboards.create", body, parse_created)

    @operation("dashboards.delete")
    async def delete(self, dashboard_id: str) -> None:
        """Delete a dashboard (35)."""
        with validating("dashboards.delete"):
            payload = {"id": str(validate_id(dashboard_id, "dashboard_id"))}
        await self._post("dashboards.delete", payload)

    @operation("dashboards.list")
    async def list(self) -> ReadList[Dashboard]:
        """Every dashboard (names and ids; widgets come with :meth:`get`) (36)."""
        body = await self._get("dashboards.list")
        return self._parse_list("dashboards.list", body, parse_dashboards)

    @operation("dashboards.get")
    async def get(self, dashboard_id: str) -> Dashboard:
        """One dashboard with its widgets (``GET /dashboards?id=...``) (37)."""
        with validating("dashboards.get"):
            params = {"id": str(validate_id(dashboard_id, "dashboard_id"))}
        body = await self._get("dashboards.get", params)
        return self._parse("dashboards.get", body, _one_dashboard)

    @operation("dashboards.update")
    async def update(self, dashboard_id: str, *, name: str) -> None:
        """Rename a dashboard (38)."""
        with validating("dashboards.update"):
            payload = {
                "name": validate_name(name),
                "id": str(validate_id(dashboard_id, "dashboard_id")),
            }
        await self._post("dashboards.update", payload)
