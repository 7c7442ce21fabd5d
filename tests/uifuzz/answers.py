"""Generated server answers for every read operation the UI makes.

The parser fuzz (:mod:`tests.fuzz.strategies`) breaks bodies so hard that most of them stop at
the client's format check. The UI needs answers that *parse* and are still odd, so the views get
to draw them: :func:`shaped` walks the documented example of each operation
(:data:`tests.fuzz.operations.BODIES`) and regenerates every node by what it is:

- ids come from a small shared pool, so duplicates within a list and matches across answers
  (the tree's sensor ids in ``lastvalues``, an alarm's metric id in the fleet) both happen;
- times are anything from 1970 to 2100, in milliseconds, seconds, or as text;
- numbers are huge, tiny, negative zero, or text; enums are known, unknown, or another type;
- text is hostile: markup, escape sequences, RTL and zero-width marks, lone surrogates
  (escaped, as JSON allows), very long lines;
- lists are empty, short, repeated, now and then hundreds long; fields go missing and unknown
  ones appear; now and then a node has another type altogether.

A whole answer has thousands of such nodes; drawing each through Hypothesis overflows its
per-example budget, so Hypothesis draws the *plan* (which kind of answer, a seed and a
"strangeness" rate per answer) and :func:`shaped` builds the body from the seed. An example is
reproduced from its seeds, or from the reproducer file the harness writes.

A minority of answers come from the parser fuzz's own strategies (broken envelopes, bytes that
are not JSON) and from error statuses, so the error path of each view is walked too.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.operations import BODIES
from tests.fuzz.strategies import error_body, success_body

#: The GET operations of the API document (every read the UI can make).
READ_OPERATIONS: tuple[str, ...] = (
    "account.token",
    "account.user",
    "fleet.get",
    "devices.list",
    "groups.list",
    "sensors.list",
    "sensors.count",
    "metrics.list",
    "metrics.count",
    "rules.list",
    "alarms.list",
    "topics.list",
    "channels.list",
    "dashboards.list",
    "dashboards.get",
    "metrics.history",
    "metrics.last_values",
    "deviceconfigs.list",
    "contacts.list",
    "edgemodules.list",
)

#: Ids shared by every answer of one example: few, so duplicates are common.
INT_IDS: tuple[int, ...] = (1, 2, 3, 0, -1, 2**63, 9_007_199_254_740_993)
STR_IDS: tuple[str, ...] = (
    "a",
    "b",
    "5c40273ee27d3c716847f530",
    "",
    " ",
    "[b]id[/b]",
    "1",
    "x" * 300,
    "\u200b",
)

#: 1970-01-01 and 2100-01-01 in milliseconds.
MS_2100 = 4_102_444_800_000
#: The tests' fixed "now" (2026-01-15 12:00 UTC), so some times are near it.
MS_NOW = 1_768_478_400_000

HOSTILE_TEXT: tuple[str, ...] = (
    "[bold]",
    "[/]",
    "[/bold]",
    "[bold red]x[/]",
    "[link=https://evil.example]click[/link]",
    "[@click=app.quit]quit[/]",
    "\\[escaped]",
    "\x1b[2J\x1b[H",
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x00\x01\x7f",
    "\r\n\t",
    "a\rb",
    "\u200b\u200c\u200d\ufeff",
    "\u202eevil\u202c",
    "\u2067isolate\u2069",
    "שלום עולם",
    "\u0645\u0631\u062d\u0628\u0627",
    "e\u0301\u0301\u0301\u0301",
    "\ud800",
    "\udfff lone",
    "𝕳𝖊𝖑𝖑𝖔 🚀",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "漢字の名前がとても長い",
    "%s %d {0} {name}",
    "W" * 2_000,
    "\ufffd",
    "",
    " ",
    "NaN",
)

NUMBERS: tuple[Any, ...] = (
    0,
    -0.0,
    1,
    -1,
    1.5,
    1e308,
    -1e308,
    5e-324,
    1e-300,
    2**63,
    -(2**63),
    2**64 + 1,
    10**30,
    "1.5",
    "-3",
    "NaN",
    "Infinity",
    "1e400",
    "",
    "0x10",
    "12,5",
)

_TIME_WORDS = ("time", "timestamp", "date", "created", "updated")


def _is_id(key: str) -> bool:
    low = key.lower()
    return low == "id" or low.endswith("id") or low in ("sourcekey", "owner")


def _is_time(key: str) -> bool:
    low = key.lower()
    return any(word in low for word in _TIME_WORDS) and "zone" not in low


def _time(rng: random.Random) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.randint(0, MS_2100)
    if kind == 1:
        return rng.choice([0, 1, -1, MS_2100 - 1, MS_2100, MS_NOW, MS_NOW // 1000])
    if kind == 2:
        return MS_NOW - rng.randint(0, 30 * 86_400_000)  # near now: what the charts show
    if kind == 3:
        return rng.randint(0, MS_2100 // 1000)  # seconds, not milliseconds
    if kind == 4:
        return str(rng.randint(0, MS_2100))
    return rng.choice(["2026-01-15T12:00:00Z", "", "yesterday", 1.5e12])


def _number(rng: random.Random) -> Any:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(NUMBERS)
    if kind == 1:
        return rng.uniform(-1e6, 1e6)
    if kind == 2:
        return rng.randint(-(2**80), 2**80)
    return rng.randint(-2, 12)  # enums and counts are small


def _text(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(HOSTILE_TEXT)
    if kind == 1:
        return "".join(rng.choice(HOSTILE_TEXT[:20]) for _ in range(rng.randint(2, 5)))
    if kind == 2:
        return "".join(chr(rng.randint(32, 0x2FFFF)) for _ in range(rng.randint(0, 30)))
    return rng.choice(["Gateway", "CPU", "temp", "Floor 3", "x"]) + str(rng.randint(0, 9))


def _other_type(rng: random.Random) -> Any:
    return rng.choice([None, True, False, 0, -1, 1.5, "", "x", [], {}, [1, "a"], {"a": None}])


class _Shaper:
    def __init__(self, rng: random.Random, odd: int) -> None:
        self.rng = rng
        self.odd = odd  # one node in ``odd`` (about) is replaced by another type

    def node(self, value: Any, key: str, depth: int) -> Any:
        rng = self.rng
        if rng.randrange(self.odd) == 0:
            return _other_type(rng)
        if isinstance(value, dict):
            return self.mapping(value, depth)
        if isinstance(value, list):
            return self.sequence(value, key, depth)
        return self.leaf(value, key)

    def mapping(self, value: dict[str, Any], depth: int) -> dict[str, Any]:
        rng = self.rng
        out: dict[str, Any] = {}
        for name, child in value.items():
            if rng.randrange(self.odd) == 0:
                continue  # a missing field
            out[name] = self.node(child, name, depth + 1)
        if rng.randrange(self.odd) == 0:
            # an unknown field; lastvalues items are keyed by metric id, so ids are likely keys
            out[rng.choice(STR_IDS)] = rng.choice([_number(rng), _text(rng), _other_type(rng)])
        return out

    def sequence(self, value: list[Any], key: str, depth: int) -> list[Any]:
        rng = self.rng
        if not value:
            return [_other_type(rng) for _ in range(rng.randint(0, 2))]
        size = rng.choice([1, 1, 2, 2, 3, 0, 5])
        if depth <= 1 and rng.randrange(12) == 0:
            size = rng.choice([60, 400])  # a long top-level list (nested ones stay short)
        fresh = min(size, 10)  # a few items, then repeats: duplicates are data
        items = [self.node(value[i % len(value)], key, depth + 1) for i in range(fresh)]
        while len(items) < size:
            items.append(items[len(items) % fresh])
        if items and rng.randrange(4) == 0:
            items.insert(rng.randrange(len(items) + 1), items[0])  # an exact duplicate
        return items

    def leaf(self, value: Any, key: str) -> Any:
        rng = self.rng
        if rng.randrange(self.odd) == 0:
            return None
        if _is_id(key):
            if isinstance(value, int) and not isinstance(value, bool) and rng.randrange(3):
                return rng.choice(INT_IDS)
            return rng.choice(STR_IDS) if rng.randrange(4) else str(rng.choice(INT_IDS))
        if _is_time(key):
            return _time(rng)
        if isinstance(value, bool):
            return rng.choice([True, False, 0, 1, "true", "false", "yes"])
        if isinstance(value, int | float):
            return value if rng.randrange(3) == 0 else _number(rng)
        if isinstance(value, str):
            if value.lstrip("-").replace(".", "", 1).isdigit():
                return rng.choice([value, str(_number(rng)), _number(rng)])
            return value if rng.randrange(4) == 0 else _text(rng)
        return value


def shaped(example: Any, seed: int, odd: int = 12) -> Any:
    """A regenerated copy of ``example`` (see the module docstring); the same for a seed."""
    return _Shaper(random.Random(seed), max(odd, 2)).node(example, "", 0)


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: its status and body bytes."""

    status: int
    body: bytes

    def __repr__(self) -> str:
        # short, so a failing example prints readably: the reproducer file has every byte
        head = self.body[:160]
        more = f" +{len(self.body) - len(head)} bytes" if len(self.body) > len(head) else ""
        return f"Reply({self.status}, {head!r}{more})"

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "body": self.body.decode("utf-8", "surrogateescape")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        return cls(int(data["status"]), str(data["body"]).encode("utf-8", "surrogateescape"))


def encode(value: Any) -> bytes:
    """JSON text with non-ASCII escaped, so lone surrogates travel as ``\\ud800`` (valid JSON)."""
    return json.dumps(value).encode("ascii")


@st.composite
def reply(draw: st.DrawFn, op_id: str) -> Reply:
    """Mostly a readable-but-odd 200 answer; sometimes broken bytes or an error status."""
    example = BODIES[op_id]
    kind = draw(st.integers(min_value=0, max_value=19))
    if kind < 16:
        seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
        odd = draw(st.sampled_from([40, 12, 6, 3]))  # how strange: rarely, often, mostly
        return Reply(200, encode(shaped(example, seed, odd)))
    if kind < 18:
        return Reply(200, draw(success_body(example)))
    status = draw(st.sampled_from([400, 401, 403, 404, 429, 500, 502, 503]))
    return Reply(status, draw(error_body()))


@st.composite
def answers(draw: st.DrawFn) -> dict[str, list[Reply]]:
    """For every read operation, one to three answers, served in turn (then the last again)."""
    return {
        op_id: draw(st.lists(reply(op_id), min_size=1, max_size=3)) for op_id in READ_OPERATIONS
    }
