"""Groups: create, delete, list, update, share, unshare (operations 6-11)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.enums import Permission
from iottui.api.errors import ValidationError
from iottui.api.models import Created, GroupInfo
from iottui.api.parse import parse_created, parse_group_infos
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, str_ids, validating
from iottui.api.validate import validate_id, validate_ids, validate_name, validate_permission


class GroupsResource(Resource):
    name = "groups"
    __slots__ = ()

    @operation("groups.create")
    async def create(self, name: str, devices: Sequence[int | str] = ()) -> Created:
        """Create a group, optionally with devices (ids sent as strings) (6)."""
        with validating("groups.create"):
            payload = {
                "name": validate_name(name),
                "devices": str_ids(validate_ids(devices, "devices")),
            }
        body = await self._post("groups.create", payload)
        return self._parse("groups.create", body, parse_created)

    @operation("groups.delete")
    async def delete(self, group_id: int) -> None:
        """Delete a group (7)."""
        with validating("groups.delete"):
            payload = {"id": validate_id(group_id, "group_id")}
        await self._post("groups.delete", payload)

    @operation("groups.list")
    async def list(self) -> ReadList[GroupInfo]:
        """Every group; device ``id`` here is the per-user id, ``tv_id`` the TeamViewer ID (8)."""
        body = await self._get("groups.list")
        return self._parse_list("groups.list", body, parse_group_infos)

    @operation("groups.update")
    async def update(
        self,
        group_id: int,
        *,
        name: str | None = None,
        devices: Sequence[int | str] | None = None,
    ) -> None:
        """Rename a group and/or replace its devices (9)."""
        with validating("groups.update"):
            payload: dict[str, Any] = {"id": validate_id(group_id, "group_id")}
            if name is not None:
                payload["name"] = validate_name(name)
            if devices is not None:
                payload["devices"] = str_ids(validate_ids(devices, "devices"))
            if name is None and devices is None:
                raise ValidationError("give a new name or devices to update", field="name")
        await self._post("groups.update", payload)

    @operation("groups.share")
    async def share(self, group_id: int, contacts: Sequence[tuple[int, Permission | int]]) -> None:
        """Share a group with contacts, each with a permission 1-4 (10)."""
        with validating("groups.share"):
            entries = []
            for i, pair in enumerate(contacts):
                if not (isinstance(pair, tuple | list) and len(pair) == 2):
                    raise ValidationError(
                        f"contacts[{i}] must be a (contact id, permission) pair",
                        field=f"contacts[{i}]",
                    )
                contact_id, permission = pair
                entries.append(
                    {
                        "id": validate_id(contact_id, f"contacts[{i}].id"),
                        "permission": int(
                            validate_permission(permission, f"contacts[{i}].permission")
                        ),
                    }
                )
            if not entries:
                raise ValidationError("contacts must not be empty", field="contacts")
            payload = {"id": validate_id(group_id, "group_id"), "contacts": entries}
        await self._post("groups.share", payload)

    @operation("groups.unshare")
    async def unshare(self, group_id: int, contact_ids: Sequence[int]) -> None:
        """Stop sharing a group with contacts (11)."""
        with validating("groups.unshare"):
            ids = validate_ids(contact_ids, "contact_ids")
            if not ids:
                raise ValidationError("contact_ids must not be empty", field="contact_ids")
            payload = {
                "id": validate_id(group_id, "group_id"),
                "contacts": [{"id": cid} for cid in ids],
            }
        await self._post("groups.unshare", payload)
