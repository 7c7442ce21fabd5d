"""``iottui contacts list``: the contacts groups can be shared with."""

from __future__ import annotations

from iottui.api.models import Contact
from iottui.commands._core import Ctx, Resource, SubParsers
from iottui.commands._output import Column

CONTACT_COLUMNS: list[Column[Contact]] = [
    Column("id", lambda c: c.id, align="right"),
    Column("name", lambda c: c.name),
    Column("state", lambda c: c.state),
    Column("email", lambda c: c.email),
]


async def contacts_list(ctx: Ctx) -> int:
    """Print the contacts and their state."""
    items = ctx.read(await ctx.client.contacts.list())
    ctx.out.items(items, CONTACT_COLUMNS, empty="(no contacts)")
    return 0


def register(subparsers: SubParsers) -> None:
    contacts = Resource(subparsers, "contacts", help="contacts to share groups with")
    contacts.leaf(
        "list",
        contacts_list,
        operation="contacts.list",
        help="list contacts and their state (online, busy, away, offline)",
        formats=("table", "json", "csv"),
        examples=["iottui contacts list"],
    )
