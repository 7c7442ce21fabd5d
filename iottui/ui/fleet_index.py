"""Lookups over a loaded :class:`Fleet` and the tree filter, without any Textual import."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Device, Fleet, Group, Metric, Sensor


class FleetIndex:
    """Id lookups over a fleet, built once per load: the groups at once, the devices and the
    sensors when first looked up (O(number of sensors): a 10,000-device fleet's first frame,
    which shows its groups, does not wait for them)."""

    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.groups: dict[int, Group] = {g.id: g for g in fleet.groups}

    @functools.cached_property
    def _by_device(self) -> tuple[dict[int, Device], dict[int, Group]]:
        devices: dict[int, Device] = {}
        device_group: dict[int, Group] = {}
        for group in self.fleet.groups:
            for device in group.devices:
                if device.id not in devices:  # the first of a duplicated id is the one
                    devices[device.id] = device
                    device_group[device.id] = group
        return devices, device_group

    @property
    def devices(self) -> dict[int, Device]:
        return self._by_device[0]

    @property
    def device_group(self) -> dict[int, Group]:
        """The group a device is listed under first."""
        return self._by_device[1]

    @functools.cached_property
    def sensors(self) -> dict[int, tuple[Device, Sensor]]:
        """A sensor and its device, by sensor id (the first device's, for a duplicated id)."""
        sensors: dict[int, tuple[Device, Sensor]] = {}
        for device in self.devices.values():
            for sensor in device.sensors:
                sensors.setdefault(sensor.id, (device, sensor))
        return sensors

    def metric(self, sensor_id: int, metric_id: str) -> Metric | None:
        found = self.sensors.get(sensor_id)
        if found is None:
            return None
        return next((m for m in found[1].metrics if m.id == metric_id), None)

    def find_device(self, name_or_id: str) -> Device | None:
        """A device by exact id, exact name, then case-insensitive name prefix/substring."""
        text = name_or_id.strip()
        if text.isdigit() and int(text) in self.devices:
            return self.devices[int(text)]
        lowered = text.lower()
        candidates = list(self.devices.values())
        for test in (
            lambda d: d.name == text,
            lambda d: d.name.lower() == lowered,
            lambda d: d.name.lower().startswith(lowered),
            lambda d: lowered in d.name.lower(),
        ):
            match = next((d for d in candidates if test(d)), None)
            if match is not None:
                return match
        return None


@dataclass(slots=True)
class FilterResult:
    """What a filter keeps.

    ``devices`` maps a kept device id to the sensor ids to show (None = all, the device's own
    name matched); ``sensors`` maps a sensor id to the metric ids to show (None = all).
    """

    query: str
    devices: dict[int, set[int] | None] = field(default_factory=dict)
    sensors: dict[int, set[str] | None] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.devices)


def apply_filter(devices: Iterable[Device], query: str) -> FilterResult:
    """Keep devices whose name, or one of whose sensors' or metrics' names, contain ``query``."""
    needle = query.strip().lower()
    result = FilterResult(needle)
    if not needle:
        return result
    for device in devices:
        if needle in device.name.lower():
            result.devices[device.id] = None
            continue
        kept: set[int] = set()
        for sensor in device.sensors:
            if needle in sensor.name.lower():
                kept.add(sensor.id)
                result.sensors[sensor.id] = None
                continue
            metrics = {m.id for m in sensor.metrics if needle in m.name.lower()}
            if metrics:
                kept.add(sensor.id)
                result.sensors[sensor.id] = metrics
        if kept:
            result.devices[device.id] = kept
    return result
