"""Unreadable items of an answer, and the one rule about items that came without an id.

Every client read keeps what it can read. A list answer in which some items cannot be read
(an item that is not an object, a field of the wrong kind) comes back as a :class:`ReadList`:
a tuple of the readable items whose ``problems`` name the others by path::

    modules = await client.edgemodules.list()
    for module in modules: ...                 # the readable items, in the server's order
    for problem in modules.problems:
        print(problem)                         # "data[3].repository: expected an object, ..."

Nested lists are read the same way: a group with one unreadable contact keeps the group and
its other contacts, a device with one unreadable metric keeps the device. Their problems, with
full paths (``data[0].devices[2].sensors[1].metrics[4]``), go on the object the read returned:
the ``ReadList`` of a list read, ``Fleet.problems`` of ``fleet.get``, ``Dashboard.problems`` of
``dashboards.get``. A field that is merely odd (a number as a string, an unknown enum value, a
null where a name was, a time in 1970) is read, not reported. Duplicate ids are data: a list
keeps every item, in order, whatever its id (a device is in several groups; the document's own
alarm examples reuse ids).

Items without an id are kept: the server sent them, the user sees them. Such an item holds
:data:`NO_ID` (int ids) or :data:`NO_STR_ID` (string ids) in its ``id`` and cannot be the target
of a write. :func:`require_id` is the one place that refuses it (raising
:class:`MissingIdError`, a :class:`~iottui.api.errors.ValidationError`), and
:func:`write_refusal` gives the same reason as text, for a UI that greys out an action. Even a
caller that forgets to ask cannot write to it: the client's id validation refuses both
sentinels (a negative id, an empty one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, Self, TypeVar

from iottui.api.errors import ValidationError

__all__ = [
    "NO_ID",
    "NO_STR_ID",
    "HasId",
    "ItemProblem",
    "MissingIdError",
    "ReadList",
    "has_id",
    "problems_of",
    "require_id",
    "summary",
    "write_refusal",
]

T_co = TypeVar("T_co", covariant=True)
I_co = TypeVar("I_co", bound=int | str, covariant=True)
IdT = TypeVar("IdT", bound=int | str)

#: The ``id`` of an item whose server answer had no (readable) integer id.
NO_ID = -1
#: The ``id`` of an item whose server answer had no (readable) string id.
NO_STR_ID = ""


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """One item of an answer that could not be read.

    Attributes:
        path: Where it is in the answer, as the API document spells keys
            (``"data[3].id"``, ``"data[0].devices[2].sensors[1]"``).
        message: What is wrong with it (``"missing"``, ``"expected an object, got a string"``).
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def within(self, where: str) -> ItemProblem:
        """This problem with its path named inside ``where``, for answers shown together
        (``"closed alarms: data[3]"``): every list's paths start at ``data``."""
        return ItemProblem(f"{where}: {self.path}", self.message)


class ReadList(tuple[T_co, ...]):
    """The readable items of a list answer, in the server's order, duplicates included.

    A plain tuple in every other respect (iterate, index, ``len``, compare with a tuple);
    ``problems`` names the items (also nested ones) that could not be read, empty when all
    could. Operations that build a new tuple (``+``, slicing) return a plain tuple.
    """

    problems: tuple[ItemProblem, ...]

    def __new__(cls, items: Iterable[T_co] = (), problems: Iterable[ItemProblem] = ()) -> Self:
        self = super().__new__(cls, items)
        self.problems = tuple(problems)
        return self

    def __repr__(self) -> str:
        return f"ReadList({tuple.__repr__(self)}, problems={self.problems!r})"


def problems_of(result: object, where: str = "") -> tuple[ItemProblem, ...]:
    """The problems of any read's result: a ReadList's, ``Fleet.problems``, ... (else none).

    For presentation code that handles every read alike (the CLI's warning lines, a view's
    "could not be read" notice). With ``where``, each path says which answer it is in
    (:meth:`ItemProblem.within`), for a view that shows several answers as one list.
    """
    problems = getattr(result, "problems", ())
    if isinstance(problems, tuple) and all(isinstance(p, ItemProblem) for p in problems):
        return tuple(p.within(where) for p in problems) if where else problems
    return ()


def summary(problems: Sequence[ItemProblem]) -> str | None:
    """``"1 item could not be read"`` / ``"3 items could not be read"``; None when none.

    The one wording for the CLI and the TUI; the details are the problems themselves.
    """
    if not problems:
        return None
    count = len(problems)
    return f"{count} item{'s' if count != 1 else ''} could not be read"


class HasId(Protocol[I_co]):
    """Anything with an ``id`` (every listed model): ``HasId[int]``, ``HasId[str]``."""

    @property
    def id(self) -> I_co: ...


class MissingIdError(ValidationError):
    """A write was asked for an item the server sent without an id (see :func:`require_id`)."""


def has_id(item: HasId[int | str]) -> bool:
    """True when the server gave ``item`` an id (so it can be changed, deleted, assigned)."""
    return not _missing(item.id)


def _missing(value: int | str) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value < 0


def write_refusal(item: HasId[int | str], what: str = "this item") -> str | None:
    """Why ``item`` cannot be the target of a write, or None when it can.

    The UI shows this text on a disabled action; the CLI and :func:`require_id` use the same.
    """
    if has_id(item):
        return None
    return (
        f"{what} cannot be changed: the server sent it without an id, and every change names "
        "its target by id"
    )


def require_id(item: HasId[IdT], what: str = "this item") -> IdT:
    """The id of ``item`` for a write; raises :class:`MissingIdError` when it has none."""
    reason = write_refusal(item, what)
    if reason is not None:
        raise MissingIdError(reason, field="id")
    return item.id
