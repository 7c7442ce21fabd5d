"""Account: the assignment token and the user's info (operations 1-3)."""

from __future__ import annotations

from iottui.api.models import User
from iottui.api.parse import parse_token, parse_user
from iottui.api.resources.base import Resource, operation


class AccountResource(Resource):
    name = "account"
    __slots__ = ()

    @operation("account.token")
    async def token(self) -> str:
        """The assignment token used to assign devices to this account (1)."""
        body = await self._get("account.token")
        return self._parse("account.token", body, parse_token)

    @operation("account.regenerate_token")
    async def regenerate_token(self) -> str:
        """Invalidate the assignment token and return a new one (2).

        The document's example sends the action inside the payload as well; so do we.
        """
        body = await self._post("account.regenerate_token", {"action": "update"})
        return self._parse("account.regenerate_token", body, parse_token)

    @operation("account.user")
    async def user(self) -> User:
        """The user's name, email, license and EULA state (3)."""
        body = await self._get("account.user")
        return self._parse("account.user", body, parse_user)
