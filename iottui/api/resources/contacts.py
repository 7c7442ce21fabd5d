"""Contacts (operation 49)."""

from __future__ import annotations

from iottui.api.models import Contact
from iottui.api.parse import parse_contacts
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation


class ContactsResource(Resource):
    name = "contacts"
    __slots__ = ()

    @operation("contacts.list")
    async def list(self) -> ReadList[Contact]:
        """The user's contacts with their availability (49)."""
        body = await self._get("contacts.list")
        return self._parse_list("contacts.list", body, parse_contacts)
