"""Every read operation keeps every readable item of a list, and names the others by path.

Generated answers, through the real client (``httpx.MockTransport``), for every GET whose answer
holds a list: the documented items, duplicated (same ids), made merely odd (numbers as strings,
huge and tiny numbers, unknown enum codes, times 1970-2100, null names, no id, unknown fields,
hostile text), mutated at random (:func:`~tests.fuzz.strategies.mutate`), and mixed with items
no parser can read. The properties:

* the read never raises for an answer whose list is a list;
* every documented and every odd item is in the result, in order (duplicates too);
* an item missing from the result is named by a problem whose path starts at its index;
* junk put into a list inside an item (a group's contacts, a sensor's metrics, a dashboard's
  widgets, ...) leaves the item in the result and is named with its full path.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iottui.api.errors import ResponseFormatError
from iottui.api.models import Dashboard, Fleet, LastValues
from iottui.api.problems import ItemProblem, ReadList

from .operations import BODIES
from .strategies import UNREADABLE_ITEMS, encode, mutate, odd_item
from .test_fuzz_responses import EXAMPLES, FUZZ, _run

#: Half the examples of the response fuzz: each one here parses a whole list (or two).
ITEMS = settings(FUZZ, max_examples=max(10, EXAMPLES // 2))

#: Read operations whose answer is a list of items, with where that list is in ``data``.
LIST_READS: dict[str, tuple[str, ...]] = {
    "fleet.get": (),
    "devices.list": (),
    "groups.list": (),
    "sensors.list": (),
    "metrics.list": ("metrics",),
    "rules.list": (),
    "alarms.list": (),
    "topics.list": (),
    "channels.list": (),
    "dashboards.list": (),
    "metrics.history": (),
    "metrics.last_values": (),
    "deviceconfigs.list": (),
    "contacts.list": (),
    "edgemodules.list": (),
}
#: Every read operation whose answer has a list somewhere (dashboards.get: its widgets).
NESTED_READS = [*LIST_READS, "dashboards.get"]

MARKER = "fuzzMarker"


def _items_and_problems(result: Any) -> tuple[tuple[Any, ...], tuple[ItemProblem, ...]]:
    if isinstance(result, Fleet):
        return result.groups, result.problems
    if isinstance(result, Dashboard):
        return (result,), result.problems
    assert isinstance(result, ReadList), type(result)
    return tuple(result), result.problems


def _marker(item: Any) -> Any:
    if isinstance(item, LastValues):  # its unknown keys are metric ids
        return item.values.get(MARKER)
    return item.extra.get(MARKER)


def _with_items(op_id: str, items: list[Any]) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(BODIES[op_id])
    where = LIST_READS[op_id]
    if where:
        body["data"] = {**body["data"], where[0]: items}
    else:
        body["data"] = items
    return body


def _documented_items(op_id: str) -> list[dict[str, Any]]:
    data = BODIES[op_id]["data"]
    for key in LIST_READS[op_id]:
        data = data[key]
    assert data, f"{op_id}: the documented body has items"
    return list(data)


@st.composite
def list_entries(draw: st.DrawFn, op_id: str) -> list[tuple[str, Any]]:
    """(kind, raw item) for a generated list: kinds "good", "odd", "mutated", "junk"."""
    documented = _documented_items(op_id)
    count = draw(st.integers(min_value=0, max_value=8))
    entries: list[tuple[str, Any]] = []
    for _ in range(count):
        base = draw(st.sampled_from(documented))
        kind = draw(st.sampled_from(["good", "good", "odd", "mutated", "junk"]))
        if kind == "good":
            entries.append((kind, copy.deepcopy(base)))
        elif kind == "odd":
            entries.append((kind, draw(odd_item(base))))
        elif kind == "mutated":
            entries.append((kind, draw(mutate(base))))
        else:
            entries.append((kind, draw(UNREADABLE_ITEMS)))
    return entries


_INDEX = re.compile(r"^data(?:\.metrics)?\[(\d+)\]")


@pytest.mark.parametrize("op_id", list(LIST_READS))
@ITEMS
@given(data=st.data())
def test_every_readable_item_is_kept_and_the_rest_are_named(
    op_id: str, data: st.DataObject
) -> None:
    entries = data.draw(list_entries(op_id), label="entries")
    raw: list[Any] = []
    for index, (kind, item) in enumerate(entries):
        if kind != "junk" and isinstance(item, dict):
            item = {**item, MARKER: index}
        raw.append(item)
    body = encode(_with_items(op_id, raw))
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        # Nested deeper than any JSON decoder goes: unreadable as a whole, not item by item.
        with pytest.raises(ResponseFormatError):
            _run(op_id, 200, body)
        return
    items, problems = _items_and_problems(_run(op_id, 200, body))

    kept = [_marker(item) for item in items]
    must_keep = [i for i, (kind, _) in enumerate(entries) if kind in ("good", "odd")]
    assert [i for i in kept if i in must_keep] == must_keep, (kept, problems)
    assert len(items) <= len(entries)
    named = set()
    for problem in problems:
        match = _INDEX.match(problem.path)
        assert match is not None, problem
        assert problem.message, problem
        named.add(int(match.group(1)))
    for index, item in enumerate(raw):
        if isinstance(item, dict) and index not in kept:  # (only objects carry a marker)
            kind = entries[index][0]
            assert kind == "mutated", (index, kind, problems)
            assert index in named, f"item {index} ({kind}) was dropped without a problem"
    for index, (kind, _) in enumerate(entries):
        if kind == "junk":
            assert index in named


def _list_sites(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Paths to every list of objects inside ``value`` (not inside verbatim ``value`` fields)."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key.lower() != "value":
                yield from _list_sites(child, (*path, key))
    elif isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            yield path
        for i, item in enumerate(value):
            yield from _list_sites(item, (*path, i))


def _display(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text.lower()


NESTED_SITES = [
    (op_id, site)
    for op_id in NESTED_READS
    for site in _list_sites({"data": BODIES[op_id]["data"]})
    if len(site) > 1 + len(LIST_READS.get(op_id, ()))  # a list inside an item
]


def test_nested_sites_cover_the_documented_nesting() -> None:
    names = {_display(site) for _, site in NESTED_SITES}
    for expected in (
        "data[0].devices",
        "data[0].devices[0].sensors",
        "data[0].devices[0].sensors[0].metrics",
        "data[0].contacts",
        "data[0].sharedwith",
        "data.widgets",
        "data.widgets[0].metrics",
        "data[0].thresholds",
        "data[0].result",
    ):
        assert expected in names, sorted(names)


@pytest.mark.parametrize(
    ("op_id", "site"), NESTED_SITES, ids=[f"{o}:{_display(s)}" for o, s in NESTED_SITES]
)
@ITEMS
@given(data=st.data())
def test_junk_in_a_nested_list_keeps_the_item_holding_it(
    op_id: str, site: tuple[str | int, ...], data: st.DataObject
) -> None:
    body = copy.deepcopy(BODIES[op_id])
    target: Any = body
    for part in site:
        target = target[part]
    junk = data.draw(st.lists(UNREADABLE_ITEMS, min_size=1, max_size=3), label="junk")
    positions: list[int] = []
    for item in junk:
        position = data.draw(st.integers(min_value=0, max_value=len(target)), label="at")
        target.insert(position, item)
        positions = [p + 1 if p >= position else p for p in positions] + [position]
    before, _ = _items_and_problems(_run(op_id, 200, encode(BODIES[op_id])))
    items, problems = _items_and_problems(_run(op_id, 200, encode(body)))
    assert len(items) == len(before)
    expected = sorted(f"{_display(site)}[{p}]" for p in positions)
    assert sorted(p.path.lower() for p in problems) == expected
