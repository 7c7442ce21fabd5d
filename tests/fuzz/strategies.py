"""Hypothesis strategies that turn a valid response body into quirky, broken or hostile ones.

A mutated body keeps the shape of the operation's real answer most of the time (so parsers get
deep into it) while every node may be recased, stringified, retyped, dropped, blown up or
nested very deeply. Bodies are produced as raw bytes so that nesting deeper than ``json.dumps``
allows, truncation and invalid UTF-8 are possible too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

#: Values that replace a node with the wrong type.
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)

JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)

#: Text a hostile or broken server might send: markup, escapes, controls, RTL, astral planes.
NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "[bold red]x[/]",
            "\x1b[2J\x1b[H",
            "\x1b]52;c;aGVsbG8=\x07",
            "\x00\x01\x7f",
            "\u202eevil\u202c",
            "שלום עולם",
            "𝕳𝖊𝖑𝖑𝖔 🚀",
            "NaN",
            "Infinity",
            "-0",
            "1e400",
            "0x1F",
            "",
            " ",
        ]
    ),
)

_DEEP_MARK = "\x00__DEEP_{}__\x00"


@dataclass(frozen=True)
class Deep:
    """A placeholder for ``depth`` nested arrays or objects, spliced in after encoding."""

    depth: int
    kind: str  # "[" or "{"

    def text(self) -> str:
        if self.kind == "[":
            return "[" * self.depth + "]" * self.depth
        return '{"a":' * self.depth + "1" + "}" * self.depth


def _recase(key: str, how: int) -> str:
    return (key.upper(), key.lower(), key.swapcase(), key.title())[how % 4]


@st.composite
def mutate(draw: st.DrawFn, value: Any, rate: int = 6) -> Any:
    """A version of ``value`` where each node is changed with probability about 1/``rate``."""
    roll = draw(st.integers(min_value=0, max_value=rate * 10 - 1))
    if roll < 10:
        return draw(_replacement(value))
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, child in value.items():
            action = draw(st.integers(min_value=0, max_value=rate * 2))
            if action == 0:
                continue  # a missing field
            new_key = _recase(key, draw(st.integers(0, 3))) if action == 1 else key
            out[new_key] = draw(mutate(child, rate))
        if draw(st.integers(min_value=0, max_value=rate)) == 0:
            out[draw(st.text(max_size=12))] = draw(JSON_VALUES)  # an unknown field
        return out
    if isinstance(value, list):
        items = [draw(mutate(child, rate)) for child in value]
        if items and draw(st.integers(min_value=0, max_value=rate)) == 0:
            items = items * draw(st.integers(min_value=2, max_value=30))  # many of them
        return items
    return value


@st.composite
def _replacement(draw: st.DrawFn, value: Any) -> Any:
    """A replacement for one node: the same value in another type, or something else."""
    kind = draw(st.integers(min_value=0, max_value=9))
    if kind == 0 and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # numbers as strings, as the document itself does
    if kind == 1 and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return draw(st.integers())
    if kind == 2:
        return draw(JSON_SCALARS)
    if kind == 3:
        return draw(JSON_VALUES)
    if kind == 4:
        return "x" * draw(st.sampled_from([1_000, 100_000, 300_000]))  # huge string
    if kind == 5:
        return Deep(draw(st.sampled_from([50, 900, 5_000, 100_000])), draw(st.sampled_from("[{")))
    if kind == 6:
        return draw(NASTY_TEXT)
    if kind == 7:
        return [value] if not isinstance(value, list) else {"0": value}
    if kind == 8:
        return None
    return draw(st.sampled_from([True, False, 0, -1, 2**63, 1.5, float("1e308"), [], {}, ""]))


def encode(value: Any) -> bytes:
    """JSON bytes of a mutated body, with :class:`Deep` placeholders spliced in."""
    deeps: list[Deep] = []

    def default(obj: Any) -> Any:
        if isinstance(obj, Deep):
            deeps.append(obj)
            return _DEEP_MARK.format(len(deeps) - 1)
        raise TypeError(type(obj))

    text = json.dumps(value, default=default, ensure_ascii=False)
    for index, deep in enumerate(deeps):
        marker = json.dumps(_DEEP_MARK.format(index))
        text = text.replace(marker, deep.text(), 1)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def envelope(draw: st.DrawFn, body: Any) -> Any:
    """The success envelope itself broken: no data, null data, wrong status, not an object."""
    kind = draw(st.integers(min_value=0, max_value=7))
    if not isinstance(body, dict):
        return body
    data = body.get("data")
    if kind == 0:
        return {k: v for k, v in body.items() if k != "data"}
    if kind == 1:
        return {**body, "data": None}
    if kind == 2:
        return {**body, "status": draw(st.sampled_from(["NOK", "", None, 1]))}
    if kind == 3:
        return data
    if kind == 4:
        return [body]
    if kind == 5:
        return {"DATA": data, "STATUS": "OK"}
    if kind == 6:
        return {"error": {"code": "11", "desc": "Warn.could not detect any correct action."}}
    return {**body, "data": [data] if not isinstance(data, list) else {"items": data}}


@st.composite
def raw_bytes(draw: st.DrawFn, body: Any) -> bytes:
    """Bytes that are not a full JSON document: truncated, garbage, empty, bad UTF-8."""
    good = encode(body)
    kind = draw(st.integers(min_value=0, max_value=5))
    if kind == 0 and len(good) > 1:
        return good[: draw(st.integers(min_value=0, max_value=len(good) - 1))]
    if kind == 1:
        return b""
    if kind == 2:
        return draw(st.binary(max_size=64))
    if kind == 3:
        return b"<html><body>502 Bad Gateway</body></html>"
    if kind == 4:
        return b"\xff\xfe" + good
    return good + b"garbage"


@st.composite
def success_body(draw: st.DrawFn, body: Any) -> bytes:
    """Any body a 200 response of this operation might carry, valid or not."""
    which = draw(st.integers(min_value=0, max_value=9))
    if which <= 5:
        return encode(draw(mutate(body)))
    if which <= 7:
        return encode(draw(envelope(draw(mutate(body, rate=20)))))
    return draw(raw_bytes(body))


@st.composite
def error_body(draw: st.DrawFn) -> bytes:
    """What an error response may carry: the documented shape, mutated, or anything."""
    documented = {"error": {"code": "11", "desc": "Warn.could not detect any correct action."}}
    which = draw(st.integers(min_value=0, max_value=3))
    if which == 0:
        return encode(documented)
    if which == 1:
        return encode(draw(mutate(documented, rate=2)))
    if which == 2:
        return encode(draw(JSON_VALUES))
    return draw(raw_bytes(documented))


# --- items of a list answer: readable-but-odd, unreadable --------------------------------------

#: Keys whose integer values are enum codes; an unknown code is read, not rejected.
ENUM_KEYS = frozenset(
    {"devicetype", "permission", "severity", "status", "type", "ruletype", "activeflag", "state"}
)
#: Keys holding epoch milliseconds.
TIME_KEYS = frozenset({"opentime", "timestamp", "closetime"})
#: Keys holding display names: a null there reads as an empty name.
NAME_KEYS = frozenset({"name", "description", "firstname", "lastname", "email"})
#: 1970-01-01 to 2100-01-01 in epoch milliseconds.
EPOCH_MS_2100 = 4_102_444_800_000

#: Items no list of objects can read (no parser accepts them as an item).
UNREADABLE_ITEMS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.lists(JSON_SCALARS, max_size=3),
)


@st.composite
def odd_item(draw: st.DrawFn, item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with merely odd top-level fields: each must still be read, not rejected.

    Numbers as strings, huge and tiny numbers, unknown enum codes, times from 1970 to 2100, a
    null where a name was, no id at all, unknown fields with hostile text.
    """
    out: dict[str, Any] = {}
    for key, value in item.items():
        low = key.lower()
        roll = draw(st.integers(min_value=0, max_value=5))
        if low == "id" and roll == 0:
            continue  # kept, but no write can name it
        if isinstance(value, bool) or roll >= 3:
            out[key] = value
        elif low in TIME_KEYS:
            ms = draw(st.integers(min_value=0, max_value=EPOCH_MS_2100))
            out[key] = str(ms) if roll == 1 else ms
        elif low in ENUM_KEYS and isinstance(value, int | str):
            code = draw(st.sampled_from([0, 99, 10**6, 2**40]))
            out[key] = str(code) if roll == 1 else code
        elif low in NAME_KEYS:
            out[key] = None if roll == 0 else draw(NASTY_TEXT)
        elif isinstance(value, int):
            number = draw(st.sampled_from([0, 1, 2**31, 2**63 + 1, 10**20]))
            out[key] = str(number) if roll == 1 else number
        else:
            out[key] = value
    if draw(st.booleans()):
        out[draw(st.sampled_from(["zExtra", "ÜNKNOWN", "x-y"]))] = draw(NASTY_TEXT)
    return out
