"""The nested fleet's models (``GET /devices``): groups, devices, sensors, metrics, and the
parser's fast constructors for them. The fleet cache and the tree need only these: importing
them does not build the other resources' models (:mod:`iottui.api.models` loads each module
when one of its names is first used)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from iottui.api.enums import (
    ContactState,
    DeviceState,
    DeviceType,
    Permission,
    Severity,
    SystemHealthType,
    unit_symbol,
)
from iottui.api.models._common import _extra, highest_severity
from iottui.api.problems import NO_ID, ItemProblem


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    name: str
    state: ContactState = ContactState.OFFLINE
    email: str = ""
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class Share:
    """One entry of a group's ``sharedWith``; ``"full"`` permission reads as FULL_ACCESS."""

    name: str
    permission: Permission
    user_id: int | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


# --- the nested fleet (GET /devices) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frequency:
    type: str
    value: int

    @property
    def seconds(self) -> int:
        unit = self.type.lower()
        if unit.startswith("min"):
            return self.value * 60
        if unit.startswith("hour"):
            return self.value * 3600
        return self.value


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    name: str
    value_type: str = "double"
    value_unit: str | None = None
    value_annotation: str | None = None
    alarm: Severity | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def unit(self) -> str:
        """The short unit to display (annotation, else the common unit's symbol)."""
        return unit_symbol(self.value_unit, self.value_annotation)


@dataclass(frozen=True, slots=True)
class Sensor:
    id: int
    name: str
    provisioned_sensor_id: str | None = None
    script_path: str = ""
    system_health_type: SystemHealthType | None = None
    sensor_type: int | None = None
    is_plugin_sensor: bool = False
    metrics_count: int = 0
    frequency: Frequency | None = None
    metrics: tuple[Metric, ...] = ()
    nodeids: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def is_opcua(self) -> bool:
        return self.nodeids is not None or "opcua" in self.script_path.lower()

    @property
    def alarm(self) -> Severity | None:
        """The highest open severity among its metrics."""
        return highest_severity(m.alarm for m in self.metrics)


@dataclass(frozen=True, slots=True)
class Device:
    """A device in the nested fleet: ``id`` is the TeamViewer ID, ``buddy_id`` the per-user id."""

    id: int
    name: str
    buddy_id: int | None = None
    device_type: DeviceType = DeviceType.IOT
    state: DeviceState = DeviceState.OFFLINE
    description: str = ""
    version: str = ""
    alarm: Severity | None = None
    sensors_count: int = 0
    metrics_count: int = 0
    is_monitoring_enabled: bool = False
    system_health_types: Mapping[str, bool] = field(default_factory=_extra)
    sensors: tuple[Sensor, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def online(self) -> bool:
        return self.state == DeviceState.ONLINE


@dataclass(frozen=True, slots=True)
class Group:
    """A group in the nested fleet."""

    id: int
    name: str
    permission: Permission = Permission.OWNED
    owner: int | None = None
    devices: tuple[Device, ...] = ()
    shared_with: tuple[Share, ...] = ()
    contacts: tuple[Contact, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def alarm(self) -> Severity | None:
        return highest_severity(d.alarm for d in self.devices)


@dataclass(frozen=True, slots=True)
class Fleet:
    """The nested fleet. A device may be in several groups; lookups return the first.

    ``problems`` names the items (groups, devices, sensors, metrics, contacts, shares) the
    answer held but that could not be read (see :mod:`iottui.api.problems`).
    """

    groups: tuple[Group, ...] = ()
    timestamp: int | None = None
    problems: tuple[ItemProblem, ...] = field(default=(), compare=False)

    def devices(self) -> Iterator[Device]:
        """Every distinct device across groups, in order.

        Merged by id: a device in several groups is one device. Devices the server sent
        without an id cannot be told apart, so each of those is yielded.
        """
        seen: set[int] = set()
        for group in self.groups:
            for device in group.devices:
                if device.id == NO_ID:
                    yield device
                elif device.id not in seen:
                    seen.add(device.id)
                    yield device

    def find_device(self, device_id: int) -> Device | None:
        return next((d for d in self.devices() if d.id == device_id), None)

    def find_sensor(self, sensor_id: int) -> tuple[Device, Sensor] | None:
        for device in self.devices():
            for sensor in device.sensors:
                if sensor.id == sensor_id:
                    return device, sensor
        return None


# --- fast construction of the fleet's models (for the parser only) --------------------------
#
# A frozen dataclass's __init__ stores every field through ``object.__setattr__(self, name,
# value)``: about 1 us for a Metric's seven fields, and the nested fleet of 10,000 devices
# builds 200,000 metrics. The parser's fast paths build Metric, Sensor and Device through a
# twin instead: a plain class with exactly the model's ``__slots__`` (same names, same order,
# hence the same memory layout), whose ordinary __init__ stores the fields with plain slot
# writes and then turns the instance into the model by ``__class__`` assignment, which CPython
# allows between classes of identical layout (and refuses with a TypeError otherwise). The
# result is a genuine instance of the model (its type, fields, equality, hash, repr and
# frozenness are the model's own), built in about a quarter of the time.
#
# Every argument is required and positional, in field order; nothing is checked, converted or
# defaulted, so callers pass finished values (the parser does its checks first).
# tests/unit/test_parse_fast.py pins the twins' parameters to the models' fields.


class _MetricTwin:
    __slots__ = Metric.__slots__

    def __init__(
        self,
        id: str,
        name: str,
        value_type: str,
        value_unit: str | None,
        value_annotation: str | None,
        alarm: Severity | None,
        extra: Mapping[str, Any],
    ) -> None:
        self.id = id
        self.name = name
        self.value_type = value_type
        self.value_unit = value_unit
        self.value_annotation = value_annotation
        self.alarm = alarm
        self.extra = extra
        self.__class__ = Metric  # type: ignore[assignment]


class _SensorTwin:
    __slots__ = Sensor.__slots__

    def __init__(
        self,
        id: int,
        name: str,
        provisioned_sensor_id: str | None,
        script_path: str,
        system_health_type: SystemHealthType | None,
        sensor_type: int | None,
        is_plugin_sensor: bool,
        metrics_count: int,
        frequency: Frequency | None,
        metrics: tuple[Metric, ...],
        nodeids: str | None,
        extra: Mapping[str, Any],
    ) -> None:
        self.id = id
        self.name = name
        self.provisioned_sensor_id = provisioned_sensor_id
        self.script_path = script_path
        self.system_health_type = system_health_type
        self.sensor_type = sensor_type
        self.is_plugin_sensor = is_plugin_sensor
        self.metrics_count = metrics_count
        self.frequency = frequency
        self.metrics = metrics
        self.nodeids = nodeids
        self.extra = extra
        self.__class__ = Sensor  # type: ignore[assignment]


class _DeviceTwin:
    __slots__ = Device.__slots__

    def __init__(
        self,
        id: int,
        name: str,
        buddy_id: int | None,
        device_type: DeviceType,
        state: DeviceState,
        description: str,
        version: str,
        alarm: Severity | None,
        sensors_count: int,
        metrics_count: int,
        is_monitoring_enabled: bool,
        system_health_types: Mapping[str, bool],
        sensors: tuple[Sensor, ...],
        extra: Mapping[str, Any],
    ) -> None:
        self.id = id
        self.name = name
        self.buddy_id = buddy_id
        self.device_type = device_type
        self.state = state
        self.description = description
        self.version = version
        self.alarm = alarm
        self.sensors_count = sensors_count
        self.metrics_count = metrics_count
        self.is_monitoring_enabled = is_monitoring_enabled
        self.system_health_types = system_health_types
        self.sensors = sensors
        self.extra = extra
        self.__class__ = Device  # type: ignore[assignment]


#: ``fast_metric(id, name, value_type, value_unit, value_annotation, alarm, extra)``: a Metric.
fast_metric = cast(
    Callable[
        [str, str, str, str | None, str | None, Severity | None, Mapping[str, Any]],
        Metric,
    ],
    _MetricTwin,
)
#: ``fast_sensor(...)`` with all twelve of Sensor's fields in order: a Sensor.
fast_sensor = cast(
    Callable[
        [
            int,
            str,
            str | None,
            str,
            SystemHealthType | None,
            int | None,
            bool,
            int,
            Frequency | None,
            tuple[Metric, ...],
            str | None,
            Mapping[str, Any],
        ],
        Sensor,
    ],
    _SensorTwin,
)
#: ``fast_device(...)`` with all fourteen of Device's fields in order: a Device.
fast_device = cast(
    Callable[
        [
            int,
            str,
            int | None,
            DeviceType,
            DeviceState,
            str,
            str,
            Severity | None,
            int,
            int,
            bool,
            Mapping[str, bool],
            tuple[Sensor, ...],
            Mapping[str, Any],
        ],
        Device,
    ],
    _DeviceTwin,
)
