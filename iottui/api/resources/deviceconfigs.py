"""Device configurations: create, update, delete, list, assign (operations 44-48)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.errors import ValidationError
from iottui.api.models import Created, DeviceConfiguration
from iottui.api.parse import parse_created, parse_device_configurations
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, str_ids, validating
from iottui.api.validate import validate_id, validate_ids, validate_name

EDGE_MANAGEMENT = "edge-management"
EDGE_MODULE = "edge-module"


def _configuration(
    edge_management: bool | None, edge_module_ids: Sequence[str] | None, enforce: bool
) -> list[dict[str, Any]]:
    """The ``configuration`` entries in the document's order: edge management, edge modules."""
    if not isinstance(enforce, bool):
        raise ValidationError("enforce must be true or false", field="enforce")
    entries: list[dict[str, Any]] = []
    if edge_management is not None:
        if not isinstance(edge_management, bool):
            raise ValidationError("edge_management must be true or false", field="edge_management")
        entries.append(
            {
                "key": EDGE_MANAGEMENT,
                "value": [{"key": "enable", "value": edge_management}],
                "enforce": enforce,
            }
        )
    if edge_module_ids is not None:
        ids = [str(i) for i in validate_ids(edge_module_ids, "edge_module_ids")]
        entries.append({"key": EDGE_MODULE, "value": ids, "enforce": enforce})
    return entries


class DeviceConfigsResource(Resource):
    name = "deviceconfigs"
    __slots__ = ()

    @operation("deviceconfigs.create")
    async def create(
        self,
        name: str,
        *,
        edge_management: bool | None = None,
        edge_module_ids: Sequence[str] = (),
        enforce: bool = True,
    ) -> Created:
        """Create a configuration: edge management on/off and edge modules to run (44)."""
        with validating("deviceconfigs.create"):
            payload = {
                "name": validate_name(name),
                "configuration": _configuration(edge_management, edge_module_ids, enforce),
            }
        body = await self._post("deviceconfigs.create", payload)
        return self._parse("deviceconfigs.create", body, parse_created)

    @operation("deviceconfigs.update")
    async def update(
        self,
        config_id: str,
        *,
        name: str,
        edge_management: bool | None = None,
        edge_module_ids: Sequence[str] | None = None,
        enforce: bool = True,
    ) -> None:
        """Rename a configuration and/or replace its entries (45)."""
        with validating("deviceconfigs.update"):
            payload: dict[str, Any] = {
                "name": validate_name(name),
                "id": str(validate_id(config_id, "config_id")),
            }
            entries = _configuration(edge_management, edge_module_ids, enforce)
            if entries:
                payload["configuration"] = entries
        await self._post("deviceconfigs.update", payload)

    @operation("deviceconfigs.delete")
    async def delete(self, config_id: str) -> None:
        """Delete a configuration (46)."""
        with validating("deviceconfigs.delete"):
            payload = {"id": str(validate_id(config_id, "config_id"))}
        await self._post("deviceconfigs.delete", payload)

    @operation("deviceconfigs.list")
    async def list(self) -> ReadList[DeviceConfiguration]:
        """Every configuration with its entries and assignments (47)."""
        body = await self._get("deviceconfigs.list")
        return self._parse_list("deviceconfigs.list", body, parse_device_configurations)

    @operation("deviceconfigs.assign")
    async def assign(
        self,
        config_id: str,
        *,
        device_ids: Sequence[int | str] = (),
        group_ids: Sequence[int | str] = (),
    ) -> None:
        """Assign a configuration to devices and groups (ids sent as strings) (48)."""
        with validating("deviceconfigs.assign"):
            payload = {
                "deviceIds": str_ids(validate_ids(device_ids, "device_ids")),
                "groupIds": str_ids(validate_ids(group_ids, "group_ids")),
                "id": str(validate_id(config_id, "config_id")),
            }
        await self._post("deviceconfigs.assign", payload)
