"""What the models' modules share: the empty ``extra`` and the severity rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from iottui.api.enums import Severity

#: A metric sample as the server sends it: numbers may arrive as strings.
Value = float | int | str | bool | None

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _extra() -> Mapping[str, Any]:
    return _EMPTY


def highest_severity(values: Iterable[Severity | None]) -> Severity | None:
    """The most severe (lowest-numbered) of some severities, ignoring None."""
    present = [v for v in values if v is not None]
    return min(present) if present else None
