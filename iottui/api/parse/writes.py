"""Parsers of the answers to writes (created ids)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from iottui.api.models import Created
from iottui.api.parse.core import _EMPTY, FieldError, _kind, _obj


def parse_created(value: Any, path: str) -> Created:
    """``{"id": ...}`` (int or str as the server chose); other keys go to ``extra``."""
    low = _obj(value, path)
    raw = low.get("id")
    if raw is None:
        raise FieldError(f"{path}.id", "missing required field")
    created_id: int | str
    if type(raw) is int or type(raw) is str:
        created_id = raw
    else:
        raise FieldError(f"{path}.id", f"expected an id, got {_kind(raw)}")
    extra = {k: v for k, v in value.items() if k.lower() != "id"}
    return Created(created_id, MappingProxyType(extra) if extra else _EMPTY)


def parse_created_optional(value: Any, path: str) -> Created | None:
    """Like :func:`parse_created` but a missing or empty ``data`` gives None."""
    if value is None or value == {} or value == []:
        return None
    if type(value) is dict and not any(k.lower() == "id" for k in value):
        return None
    return parse_created(value, path)
