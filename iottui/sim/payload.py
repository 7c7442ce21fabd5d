"""Reading request payloads and query strings strictly, with the simulator's error shape.

Field names are matched without regard to case (the document itself mixes ``topicInfos`` and
``topicinfos``); unknown fields, missing fields and wrong types each raise a :class:`SimError`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from iottui.api.domain import Problem, has_surrogate, name_problems
from iottui.sim.errors import bad_query, invalid, missing

#: Integers are 64-bit (the document's ids are Longs); anything wider is refused, not computed on.
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
#: A whole number as text: ASCII digits only (``"²"`` and ``"٣"`` are digits to Python, not here).
_INT_TEXT = re.compile(r"\s*(-?[0-9]{1,19})\s*", re.ASCII)


class Payload:
    """A POST payload with case-insensitive, type-checked access."""

    def __init__(self, raw: Mapping[str, Any], allowed: Iterable[str] = ()) -> None:
        self.raw: dict[str, Any] = {str(k).lower(): v for k, v in raw.items()}
        self.names = {a.lower(): a for a in allowed}
        unknown = sorted(set(self.raw) - set(self.names) - {"action"})
        if self.names and unknown:
            raise invalid(unknown[0], "unknown field")

    def has(self, name: str) -> bool:
        return self.raw.get(name.lower()) is not None

    def get(self, name: str, default: Any = None) -> Any:
        value = self.raw.get(name.lower())
        return default if value is None else value

    def req(self, name: str) -> Any:
        value = self.raw.get(name.lower())
        if value is None:
            raise missing(name)
        return value

    def text(self, name: str, *, max_len: int = 200, allow_empty: bool = False) -> str:
        return as_str(name, self.req(name), max_len=max_len, allow_empty=allow_empty)

    def name(self, field: str = "name") -> str:
        """A name, by the one rule of :mod:`iottui.api.domain.names`."""
        value = self.req(field)
        refuse(name_problems(value, field))
        return str(value).strip()

    def opt_text(self, name: str, *, max_len: int = 200, allow_empty: bool = False) -> str | None:
        if not self.has(name):
            return None
        return self.text(name, max_len=max_len, allow_empty=allow_empty)

    def integer(self, name: str, *, lo: int | None = None, hi: int | None = None) -> int:
        return as_int(name, self.req(name), lo=lo, hi=hi)

    def opt_integer(self, name: str, *, lo: int | None = None, hi: int | None = None) -> int | None:
        if not self.has(name):
            return None
        return self.integer(name, lo=lo, hi=hi)

    def array(self, name: str) -> list[Any]:
        value = self.req(name)
        if not isinstance(value, list):
            raise invalid(name, "expected a JSON array")
        return value

    def opt_array(self, name: str) -> list[Any] | None:
        return self.array(name) if self.has(name) else None

    def obj(self, name: str) -> dict[str, Any]:
        value = self.req(name)
        if not isinstance(value, dict):
            raise invalid(name, "expected a JSON object")
        return value

    def opt_obj(self, name: str) -> dict[str, Any] | None:
        return self.obj(name) if self.has(name) else None


def as_str(name: str, value: Any, *, max_len: int = 200, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise invalid(name, "expected a string")
    text = value.strip()
    if not text and not allow_empty:
        raise invalid(name, "must not be empty")
    if len(text) > max_len:
        raise invalid(name, f"longer than {max_len} characters")
    if any(ord(c) < 32 for c in text):
        raise invalid(name, "contains control characters")
    if has_surrogate(text):
        raise invalid(name, "contains a lone surrogate, which is not text")
    return text


def refuse(problems: list[Problem]) -> None:
    """Answer 400 with the first problem a domain rule found (nothing when there is none)."""
    if problems:
        raise invalid(problems[0].field, problems[0].message)


def as_int(name: str, value: Any, *, lo: int | None = None, hi: int | None = None) -> int:
    """An integer, also from a numeric string (``"456931800"``); never from a bool."""
    number = whole_number(value)
    if number is None:
        raise invalid(name, "expected an integer")
    if lo is not None and number < lo:
        raise invalid(name, f"must be >= {lo}")
    if hi is not None and number > hi:
        raise invalid(name, f"must be <= {hi}")
    return number


def whole_number(value: Any) -> int | None:
    """A 64-bit whole number from an int, an integral float or ASCII digits; None otherwise."""
    number: int
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and len(value) <= 40 and (match := _INT_TEXT.fullmatch(value)):
        number = int(match.group(1))
    else:
        return None
    return number if INT_MIN <= number <= INT_MAX else None


def as_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid(name, "expected true or false")


def as_id_str(name: str, value: Any) -> str:
    """A string id (hex or uuid); numbers are refused."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise invalid(name, "expected an id string")
    return value.strip()


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def query_json(query: Mapping[str, str], name: str, *, required: bool = True) -> Any:
    """A query value sent as JSON text (``range=[1,2]``); 400 with code 15 on garbage."""
    raw = query.get(name)
    if raw is None or raw == "":
        if required:
            raise bad_query(name, "missing")
        return None
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise bad_query(name, "not valid JSON text") from None


def query_range(query: Mapping[str, str], *, required: bool = True) -> tuple[int, int] | None:
    value = query_json(query, "range", required=required)
    if value is None:
        if required:
            raise bad_query("range", "expected [startTimestamp, endTimestamp] in epoch ms")
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise bad_query("range", "expected [startTimestamp, endTimestamp] in epoch ms")
    start, end = whole_number(value[0]), whole_number(value[1])
    if start is None or end is None:
        raise bad_query("range", "expected [startTimestamp, endTimestamp]: whole epoch ms")
    if end < start:
        raise bad_query("range", "end is before start")
    return start, end


def query_int(
    query: Mapping[str, str], name: str, *, required: bool = False, lo: int | None = None
) -> int | None:
    raw = query.get(name)
    if raw is None or raw == "":
        if required:
            raise bad_query(name, "missing")
        return None
    value = whole_number(raw)
    if value is None:
        raise bad_query(name, "expected an integer")
    if lo is not None and value < lo:
        raise bad_query(name, f"must be >= {lo}")
    return value
