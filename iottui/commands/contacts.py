"""``iottui contacts list``: the contacts groups can be shared with."""

from __future__ import annotations

from iottui.api.models import Contact
from iottui.commands._core import Resource, SubParsers
from iottui.commands._output import Column

CONTACT_COLUMNS: list[Column[Contact]] = [
    Column("id", lambda c: c.id, align="right"),
    Column("name", lambda c: c.name),
    Column("state", lambda c: c.state),
    Column("email", lambda c: c.email),
]


def register(subparsers: SubParsers) -> None:
    contacts = Resource(subparsers, "contacts", help="contacts to share groups with")
    contacts.list_leaf(
        lambda client: client.contacts.list(),
        CONTACT_COLUMNS,
        empty="(no contacts)",
        help="list contacts and their state (online, busy, away, offline)",
        examples=["iottui contacts list"],
    )
