"""The fleet cache's file format: what of a fleet is written, and reading it back (no I/O
here: :mod:`iottui.ui.fleet_cache` reads and writes the file; no Textual either).

What is kept: groups (id, name, permission), devices (id, name, type, sensor and metric counts),
sensors (id, name, metric count) and metrics (id, name, value type, unit, annotation), and which
devices each group holds. Never a value, a state or an alarm: a cached fleet's devices have
the state :data:`CACHED_STATE` (neither online nor offline), and nothing in it carries an
alarm, so a view cannot mistake it for live data.

The file is one JSON object: a header, then the fleet as tables of columns::

    {"format": "iottui.fleet-cache", "version": 3, "identity": "<sha256>",
     "digest": "<sha256 of the tables' text>", "saved_at": 1733320920.5,
     "strings": [every distinct text, once],
     "metrics": {"id": [], "name": [], "type": [], "unit": [], "annotation": []},
     "lists": {"size": [], "metric": []},
     "sensors": {"id": [], "name": [], "count": [], "list": []},
     "devices": {"id": [], "name": [], "type": [], "sensors_count": [], "metrics_count": [],
                 "size": []},
     "groups": {"id": [], "name": [], "permission": [], "size": [], "device": []}}

Each table is a set of columns of integers, one entry per row. A text is its position in
``strings`` counted from 1 (0: None, for a unit or an annotation). ``metrics`` holds each
distinct metric once and ``lists`` each distinct list of metrics once (``size`` metrics each,
their positions in ``metric``, one list after the other); a sensor names its list. A device's
sensors are the next ``size`` rows of ``sensors``, a group's devices the next ``size``
positions in ``device`` (a device in several groups is listed once).

Why so: it is read back by C loops (``json.loads``, then ``map`` over columns into the
models) instead of a Python loop per metric, every repeated text is one string object and
every repeated metric (or list of metrics) one object, shared, so a 10,000-device fleet loads
in a fraction of the time and memory of a row per metric; the columns are integers, whose
freed memory goes back in whole blocks. ``identity`` is the SHA-256 of what the fleet belongs
to (the profile, its server and routes; never the API key itself): a file written for another
server or another key is not shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import islice, repeat
from typing import TYPE_CHECKING, Any, Final, cast

if TYPE_CHECKING:
    from iottui.api.models import Fleet

__all__ = [
    "CACHED_STATE",
    "CACHE_FORMAT",
    "CACHE_VERSION",
    "LATEST_SAVE",
    "CacheFormatError",
    "CachedFleet",
    "cache_identity",
    "encode_tables",
    "fleet_from_document",
    "fleet_structure",
]

CACHE_FORMAT: Final = "iottui.fleet-cache"
#: Bump when the layout above changes: a file of another version is ignored (and replaced
#: after the next live load). 1: a row per device; 2: a JSON text per device; 3: columns.
CACHE_VERSION: Final = 3
#: The latest save time (Unix seconds, 2100-01-01) a file may claim.
LATEST_SAVE: Final = 4_102_444_800
#: A cached device's ``state`` (``DeviceState(0)``, an unknown value): neither online (2) nor
#: offline (1), since the cache does not know.
CACHED_STATE: Final = 0

#: The tables and their columns, as written (and checked when read).
TABLES: Final = {
    "metrics": ("id", "name", "type", "unit", "annotation"),
    "lists": ("size", "metric"),
    "sensors": ("id", "name", "count", "list"),
    "devices": ("id", "name", "type", "sensors_count", "metrics_count", "size"),
    "groups": ("id", "name", "permission", "size", "device"),
}
#: The tables whose last column lists members (each row's ``size`` of them, in turn).
_MEMBERS: Final = {"lists": "metric", "groups": "device"}
#: The columns whose integers become the models' values, checked one by one (the others
#: are positions and sizes: a position that is not an integer fails to index, a size that is
#: not one fails to cut, and both are checked for their range).
_VALUES: Final = {
    "sensors": ("id", "count"),
    "devices": ("id", "type", "sensors_count", "metrics_count"),
    "groups": ("id", "permission"),
}
_INT: Final = frozenset({int})
_STR: Final = frozenset({str})


def cache_identity(*parts: object) -> str:
    """The identity of a fleet: a SHA-256 over what it belongs to (e.g. the profile's name,
    its URL and routes). Pass key material only as its own hash's input: only this digest is
    stored."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class CachedFleet:
    """A fleet read from the cache: its structure, when it was saved (Unix seconds), and the
    digest of its structure as written."""

    fleet: Fleet
    saved_at: float
    digest: str = ""


class CacheFormatError(ValueError):
    """The file's content is not a cache this version wrote."""


def fleet_structure(fleet: Fleet) -> dict[str, Any]:
    """The tables the cache file holds (see the module's doc): ``strings`` and, for each of
    :data:`TABLES`, its columns by name."""
    texts: dict[str, int] = {}

    def text(value: str) -> int:
        at = texts.get(value)
        if at is None:
            at = texts[value] = len(texts) + 1
        return at

    columns: dict[str, dict[str, list[int]]] = {
        table: {name: [] for name in names} for table, names in TABLES.items()
    }
    metrics, lists, sensors = columns["metrics"], columns["lists"], columns["sensors"]
    devices, groups = columns["devices"], columns["groups"]
    metric_at: dict[tuple[str, str, str, str | None, str | None], int] = {}
    list_at: dict[tuple[int, ...], int] = {}
    device_at: dict[int, int] = {}
    for group in fleet.groups:
        for device in group.devices:
            # keyed by object: two distinct devices with one id are data, both kept
            at = device_at.get(id(device))
            if at is None:
                at = device_at[id(device)] = len(device_at)
                for sensor in device.sensors:
                    members = []
                    for m in sensor.metrics:
                        key = (m.id, m.name, m.value_type, m.value_unit, m.value_annotation)
                        position = metric_at.get(key)
                        if position is None:
                            position = metric_at[key] = len(metric_at)
                            metrics["id"].append(text(m.id))
                            metrics["name"].append(text(m.name))
                            metrics["type"].append(text(m.value_type))
                            unit, annotation = m.value_unit, m.value_annotation
                            metrics["unit"].append(0 if unit is None else text(unit))
                            metrics["annotation"].append(
                                0 if annotation is None else text(annotation)
                            )
                        members.append(position)
                    chosen = tuple(members)
                    kept = list_at.get(chosen)
                    if kept is None:
                        kept = list_at[chosen] = len(list_at)
                        lists["size"].append(len(members))
                        lists["metric"].extend(members)
                    sensors["id"].append(sensor.id)
                    sensors["name"].append(text(sensor.name))
                    sensors["count"].append(sensor.metrics_count)
                    sensors["list"].append(kept)
                devices["id"].append(device.id)
                devices["name"].append(text(device.name))
                devices["type"].append(int(device.device_type))
                devices["sensors_count"].append(device.sensors_count)
                devices["metrics_count"].append(device.metrics_count)
                devices["size"].append(len(device.sensors))
            groups["device"].append(at)
        groups["id"].append(group.id)
        groups["name"].append(text(group.name))
        groups["permission"].append(int(group.permission))
        groups["size"].append(len(group.devices))
    return {"strings": list(texts), **columns}


def encode_tables(fleet: Fleet) -> bytes:
    """The tables' JSON text, ``{"strings":[...],...}`` (ASCII, compact): the file is the
    header's fields followed by these."""
    return json.dumps(fleet_structure(fleet), separators=(",", ":")).encode("ascii")


def fleet_from_document(doc: object, identity: str) -> CachedFleet:
    """The fleet of a decoded document; :class:`CacheFormatError` if it is not ours."""
    if not isinstance(doc, dict):
        raise CacheFormatError("not a JSON object")
    if doc.get("format") != CACHE_FORMAT:
        raise CacheFormatError(f"not a fleet cache (format {doc.get('format')!r})")
    if doc.get("version") != CACHE_VERSION:
        raise CacheFormatError(
            f"written by another version of iottui (cache version {doc.get('version')!r}, "
            f"this one reads {CACHE_VERSION})"
        )
    if doc.get("identity") != identity:
        raise CacheFormatError("written for another profile, server or key")
    saved_at = doc.get("saved_at")
    digest = doc.get("digest")
    if (
        not isinstance(saved_at, int | float)
        or isinstance(saved_at, bool)
        or not 0 <= saved_at <= LATEST_SAVE  # NaN fails too
    ):
        raise CacheFormatError("no save time")
    if not isinstance(digest, str):
        raise CacheFormatError("no save time or digest")
    try:
        fleet = _fleet(doc)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        if isinstance(error, CacheFormatError):
            raise
        raise CacheFormatError(f"malformed ({type(error).__name__})") from None
    return CachedFleet(fleet, float(saved_at), digest)


def _table(doc: dict[str, Any], name: str) -> tuple[int, list[list[int]]]:
    """A table's row count and its columns, each checked: a list (of integers, for
    :data:`_VALUES`), all as long (but a members column, as long as its sizes add up to:
    checked by :func:`_split`)."""
    table = doc.get(name)
    if type(table) is not dict:
        raise CacheFormatError(f"malformed: no table {name!r}")
    columns = []
    checked = _VALUES.get(name, ())
    for column in TABLES[name]:
        values = table.get(column)
        if type(values) is not list:
            raise CacheFormatError(f"malformed: {name}.{column} is not a column")
        if column in checked and not _INT.issuperset(map(type, values)):
            raise CacheFormatError(f"malformed: {name}.{column} is not a column of integers")
        columns.append(values)
    rows = len(columns[0])
    members = _MEMBERS.get(name)
    if any(
        len(values) != rows
        for column, values in zip(TABLES[name], columns, strict=True)
        if column != members
    ):
        raise CacheFormatError(f"malformed: {name}'s columns differ in length")
    return rows, columns


def _refs(values: list[int], low: int, high: int, what: str) -> list[int]:
    """``values``, checked: each in ``low <= value < high``."""
    if values and (min(values) < low or max(values) >= high):
        raise CacheFormatError(f"malformed: {what} out of range")
    return values


def _split(items: list[Any], sizes: list[int], what: str) -> list[tuple[Any, ...]]:
    """``items`` cut in consecutive tuples of ``sizes`` items (all of them used)."""
    if (sizes and min(sizes) < 0) or sum(sizes) != len(items):
        raise CacheFormatError(f"malformed: {what} do not add up")
    flow = iter(items)
    return list(map(tuple, map(islice, repeat(flow), sizes)))


def _fleet(doc: dict[str, Any]) -> Fleet:
    from iottui.api.enums import DeviceState, DeviceType, Permission
    from iottui.api.models import Fleet, Group, fast_device, fast_metric, fast_sensor

    strings = doc.get("strings")
    if type(strings) is not list or not _STR.issuperset(map(type, strings)):
        raise CacheFormatError("malformed: strings are not a list of texts")
    texts: list[str | None] = [None, *strings]
    optional = texts.__getitem__
    text = cast(Callable[[int], str], optional)  # position 0 (None) is refused for these
    count = len(texts)
    empty: Mapping[str, Any] = {}
    none = repeat(None)

    rows, (ids, names, types, units, notes) = _table(doc, "metrics")
    for column in (ids, names, types):
        _refs(column, 1, count, "a metric's text")
    _refs(units, 0, count, "a metric's unit")
    _refs(notes, 0, count, "a metric's annotation")
    metrics = list(
        map(
            fast_metric,
            map(text, ids),
            map(text, names),
            map(text, types),
            map(optional, units),
            map(optional, notes),
            none,
            repeat(empty),
        )
    )
    _, (sizes, members) = _table(doc, "lists")
    _refs(members, 0, rows, "a list's metric")
    lists = _split(list(map(metrics.__getitem__, members)), sizes, "lists")

    rows, (ids, names, counts, chosen) = _table(doc, "sensors")
    _refs(names, 1, count, "a sensor's name")
    _refs(chosen, 0, len(lists), "a sensor's metrics")
    sensors = list(
        map(
            fast_sensor,
            ids,
            map(text, names),
            none,
            repeat(""),
            none,
            none,
            repeat(False),
            counts,
            none,
            map(lists.__getitem__, chosen),
            none,
            repeat(empty),
        )
    )
    _, (ids, names, types, sensors_counts, metrics_counts, sizes) = _table(doc, "devices")
    _refs(names, 1, count, "a device's name")
    device_types = {value: DeviceType(value) for value in set(types)}
    cached_state = DeviceState(CACHED_STATE)
    devices = list(
        map(
            fast_device,
            ids,
            map(text, names),
            none,
            map(device_types.__getitem__, types),
            repeat(cached_state),
            repeat(""),
            repeat(""),
            none,
            sensors_counts,
            metrics_counts,
            repeat(False),
            repeat(empty),
            _split(sensors, sizes, "devices' sensors"),
            repeat(empty),
        )
    )
    _, (ids, names, permissions, sizes, members) = _table(doc, "groups")
    _refs(names, 1, count, "a group's name")
    _refs(members, 0, len(devices), "a group's device")
    held = _split(list(map(devices.__getitem__, members)), sizes, "groups' devices")
    groups = tuple(
        Group(id=group_id, name=text(name), permission=Permission(permission), devices=of)
        for group_id, name, permission, of in zip(ids, names, permissions, held, strict=True)
    )
    return Fleet(groups=groups)
