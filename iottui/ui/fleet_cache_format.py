"""The fleet cache's file format: what of a fleet is written, and reading it back (no I/O
here: :mod:`iottui.ui.fleet_cache` reads and writes the file; no Textual either).

What is kept: groups (id, name, permission), devices (id, name, type, sensor and metric counts),
sensors (id, name, metric count) and metrics (id, name, value type, unit, annotation), and which
devices each group holds. Never a value, a state or an alarm: a cached fleet's devices have
the state :data:`CACHED_STATE` (neither online nor offline), and nothing in it carries an
alarm, so a view cannot mistake it for live data.

The file is JSON with a header::

    {"format": "iottui.fleet-cache", "version": 2, "identity": "<sha256>",
     "digest": "<sha256 of the rest>", "saved_at": 1733320920.5,
     "devices": ["[id, name, type, sensors_count, metrics_count,
                   [[id, name, metrics_count, [[id, name, value_type, unit, annotation], ...]],
                    ...]]", ...],
     "groups": [[id, name, permission, [device positions]], ...]}

Each device is a JSON text of its own (a string in the file), decoded one at a time when
loaded: a 10,000-device file never exists as one tree of lists in memory, whose freed
remains would keep the process's memory high. It is written one device at a time too.
``identity`` is the SHA-256 of what the fleet belongs to (the profile, its server and routes;
never the API key itself): a file written for another server or another key is not shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

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
    "encode_body",
    "fleet_from_document",
    "fleet_structure",
]

CACHE_FORMAT: Final = "iottui.fleet-cache"
#: Bump when the layout below changes: a file of another version is ignored (and replaced
#: after the next live load).
CACHE_VERSION: Final = 2
#: The latest save time (Unix seconds, 2100-01-01) a file may claim.
LATEST_SAVE: Final = 4_102_444_800
#: A cached device's ``state`` (``DeviceState(0)``, an unknown value): neither online (2) nor
#: offline (1), since the cache does not know.
CACHED_STATE: Final = 0


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


def _structure(fleet: Fleet) -> Iterator[tuple[str, list[Any]]]:
    """``("device", row)`` for each distinct device in order, then ``("groups", groups)``:
    what the cache file holds (structure only, see the module's doc), one device at a time so
    that a big fleet is never copied whole."""
    position: dict[int, int] = {}
    groups: list[list[Any]] = []
    for group in fleet.groups:
        members: list[int] = []
        for device in group.devices:
            # keyed by object: two distinct devices with one id are data, both kept
            at = position.get(id(device))
            if at is None:
                at = position[id(device)] = len(position)
                yield (
                    "device",
                    [
                        device.id,
                        device.name,
                        int(device.device_type),
                        device.sensors_count,
                        device.metrics_count,
                        [
                            [
                                sensor.id,
                                sensor.name,
                                sensor.metrics_count,
                                [
                                    [m.id, m.name, m.value_type, m.value_unit, m.value_annotation]
                                    for m in sensor.metrics
                                ],
                            ]
                            for sensor in device.sensors
                        ],
                    ],
                )
            members.append(at)
        groups.append([group.id, group.name, int(group.permission), members])
    yield "groups", groups


def fleet_structure(fleet: Fleet) -> tuple[list[list[Any]], list[list[Any]]]:
    """The groups and devices the cache file holds. Devices are listed once (a device may be
    in several groups); groups list their devices' positions."""
    devices: list[list[Any]] = []
    groups: list[list[Any]] = []
    for kind, rows in _structure(fleet):
        if kind == "device":
            devices.append(rows)
        else:
            groups = rows
    return groups, devices


def encode_body(fleet: Fleet) -> Iterator[bytes]:
    """The file after its header, in pieces (``,"devices":[...],"groups":[...]}``)."""
    separator = b',"devices":['
    for kind, rows in _structure(fleet):
        if kind == "device":
            encoded = json.dumps(rows, separators=(",", ":"))
            yield separator + json.dumps(encoded).encode("ascii")
            separator = b","
        else:
            if separator != b",":  # no device at all
                yield separator
            yield b'],"groups":' + json.dumps(rows, separators=(",", ":")).encode("ascii") + b"}"


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
    from iottui.api.enums import DeviceState, DeviceType, Permission
    from iottui.api.models import (
        Fleet,
        Group,
        fast_device,
        fast_metric,
        fast_sensor,
    )

    empty: Mapping[str, Any] = {}
    cached_state = DeviceState(CACHED_STATE)
    try:
        devices = []
        for encoded in doc["devices"]:
            if type(encoded) is not str:
                raise CacheFormatError("a device that is not a JSON text")
            # one device decoded at a time: its lists are garbage before the next one's
            device_id, name, device_type, sensors_count, metrics_count, raw_sensors = json.loads(
                encoded
            )
            if type(device_id) is not int or type(name) is not str:
                raise CacheFormatError("a device without an integer id and a name")
            if type(sensors_count) is not int or type(metrics_count) is not int:
                raise CacheFormatError(f"device {device_id}: counts are not integers")
            sensors = []
            for sensor_id, sensor_name, sensor_metrics_count, raw_metrics in raw_sensors:
                if (
                    type(sensor_id) is not int
                    or type(sensor_name) is not str
                    or type(sensor_metrics_count) is not int
                ):
                    raise CacheFormatError(f"device {device_id}: a malformed sensor")
                metrics = []
                for metric_id, metric_name, value_type, unit, annotation in raw_metrics:
                    if (
                        type(metric_id) is not str
                        or type(metric_name) is not str
                        or type(value_type) is not str
                        or not (unit is None or type(unit) is str)
                        or not (annotation is None or type(annotation) is str)
                    ):
                        raise CacheFormatError(f"sensor {sensor_id}: a malformed metric")
                    metrics.append(
                        fast_metric(
                            metric_id, metric_name, value_type, unit, annotation, None, empty
                        )
                    )
                sensors.append(
                    fast_sensor(
                        sensor_id,
                        sensor_name,
                        None,
                        "",
                        None,
                        None,
                        False,
                        sensor_metrics_count,
                        None,
                        tuple(metrics),
                        None,
                        empty,
                    )
                )
            if type(device_type) is not int:
                raise CacheFormatError(f"device {device_id}: a malformed type")
            devices.append(
                fast_device(
                    device_id,
                    name,
                    None,
                    DeviceType(device_type),
                    cached_state,
                    "",
                    "",
                    None,
                    sensors_count,
                    metrics_count,
                    False,
                    empty,
                    tuple(sensors),
                    empty,
                )
            )
        groups = []
        for group_id, group_name, permission, members in doc["groups"]:
            if type(group_id) is not int or type(group_name) is not str:
                raise CacheFormatError("a group without an integer id and a name")
            if type(permission) is not int or not isinstance(members, list):
                raise CacheFormatError(f"group {group_id}: malformed")
            if any(type(at) is not int or not 0 <= at < len(devices) for at in members):
                raise CacheFormatError(f"group {group_id}: a device that is not in the cache")
            groups.append(
                Group(
                    id=group_id,
                    name=group_name,
                    permission=Permission(permission),
                    devices=tuple(devices[at] for at in members),
                )
            )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, CacheFormatError):
            raise
        # wrong shapes: a list of the wrong length (ValueError when unpacked), not a list
        raise CacheFormatError(f"malformed ({type(error).__name__})") from None
    return CachedFleet(Fleet(groups=tuple(groups)), float(saved_at), digest)
