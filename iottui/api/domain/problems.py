"""The value every domain rule returns: what is wrong, and with which field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: the field it is about and a sentence a user can act on.

    ``field`` is a path in the caller's own terms (``"metrics[2].id"``, ``"frequency.value"``);
    callers present it: the client raises ``ValidationError(field=...)``, the CLI prints it,
    a form shows it under the field, the simulator answers 400 with it.
    """

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def first(problems: Iterable[Problem]) -> Problem | None:
    """The first problem, or None when there is none."""
    return next(iter(problems), None)


def within(problems: Iterable[Problem], prefix: str) -> list[Problem]:
    """The problems with their fields put under ``prefix`` (``"id"`` -> ``"metrics[0].id"``)."""
    out = []
    for p in problems:
        if not prefix:
            out.append(p)
        elif not p.field:
            out.append(Problem(prefix, p.message))
        elif p.field.startswith("["):
            out.append(Problem(prefix + p.field, p.message))
        else:
            out.append(Problem(f"{prefix}.{p.field}", p.message))
    return out
