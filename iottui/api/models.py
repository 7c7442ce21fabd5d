"""Typed models of every resource the IoT Cloud API returns.

All models are frozen dataclasses with slots. Field names are snake_case whatever casing the
server used. Every model that the server may extend keeps what it did not recognise in
``extra`` (a read-only mapping of the original keys), so nothing is lost. Parsing lives in
:mod:`iottui.api.parse`; these classes hold data and small derived helpers only. The parser
builds the big fleet's Metric, Sensor and Device objects through :func:`fast_metric`,
:func:`fast_sensor` and :func:`fast_device` (the end of this module): the same objects, built
about four times faster than through the frozen dataclass ``__init__``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from iottui.api.enums import (
    Aggregation,
    AlarmStatus,
    AlarmType,
    AxisType,
    ChannelState,
    ChannelType,
    ContactState,
    DataPeriod,
    DeviceState,
    DeviceType,
    Permission,
    RuleState,
    RuleType,
    ScalingType,
    Severity,
    SystemHealthType,
    TemperatureUnit,
    WidgetType,
    unit_symbol,
)
from iottui.api.problems import NO_ID, ItemProblem

#: A metric sample as the server sends it: numbers may arrive as strings.
Value = float | int | str | bool | None

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _extra() -> Mapping[str, Any]:
    return _EMPTY


# --- account -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class License:
    type: str
    version: int | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class User:
    id: str
    firstname: str
    lastname: str
    email: str = ""
    license: License | None = None
    eula_agreement: bool = False
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def display_name(self) -> str:
        return f"{self.firstname} {self.lastname}".strip() or self.id


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


# --- flat lists -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeviceSummary:
    """An entry of the flat device list (``GET /devices/list``)."""

    id: int
    name: str
    device_type: DeviceType = DeviceType.IOT
    buddy_id: int | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class GroupDevice:
    """A device inside Get Groups: ``id`` is the per-user id, ``tv_id`` the TeamViewer ID."""

    id: int
    name: str
    tv_id: int | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """An entry of ``GET /groups``."""

    id: int
    name: str
    permission: Permission = Permission.OWNED
    shared_with: tuple[Share, ...] = ()
    devices: tuple[GroupDevice, ...] = ()
    contacts: tuple[Contact, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class DeviceRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class SensorInfo:
    """An entry of ``GET /sensors``."""

    id: int
    name: str
    provisioned_sensor_id: str | None = None
    device: DeviceRef | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class SensorRef:
    id: int
    name: str
    device: DeviceRef | None = None


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """An entry of ``GET /metrics``."""

    id: str
    name: str
    value_type: str = "double"
    value_unit: str | None = None
    value_annotation: str | None = None
    sensor: SensorRef | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def unit(self) -> str:
        return unit_symbol(self.value_unit, self.value_annotation)


@dataclass(frozen=True, slots=True)
class MetricCount:
    """``GET /metrics/count``: ``metrics`` is the count; some servers add ``device_count``."""

    metrics: int | None = None
    device_count: int | None = None


# --- rules and alarms -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleSource:
    """A rule source: a metric (``metric_id`` + ``thing_id`` = sensor id) or a device."""

    metric_id: str | None = None
    thing_id: int | None = None
    device_id: int | None = None
    device_name: str | None = None
    sensor_name: str | None = None
    metric_name: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def label(self) -> str:
        if self.metric_id is not None:
            parts = [self.device_name, self.sensor_name, self.metric_name or self.metric_id]
            return " › ".join(p for p in parts if p)
        return self.device_name or str(self.device_id)


@dataclass(frozen=True, slots=True)
class Threshold:
    condition: str
    severity: Severity = Severity.CRITICAL
    checkcount: int = 1
    topic_ids: tuple[str, ...] = ()
    new_topics: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    rule_type: RuleType = RuleType.METRIC
    state: RuleState = RuleState.ACTIVE
    sources: tuple[RuleSource, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def active(self) -> bool:
        return self.state == RuleState.ACTIVE


@dataclass(frozen=True, slots=True)
class ChangeLogEntry:
    prop: str = "status"
    prev_val: str | None = None
    current_val: str | None = None
    close_time: int | None = None
    user_id: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class AlarmDetails:
    """``source.details``: all values are text as the server sends them."""

    device: str | None = None
    sensor: str | None = None
    metric: str | None = None
    condition: str | None = None
    value: str | None = None
    cons_check: str | None = None
    offline_duration: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class AlarmSource:
    """``source``: ``id`` is the rule id; ``source_key`` is ``device[_sensor_metric]``."""

    source_key: str
    id: str | None = None
    details: AlarmDetails = field(default_factory=AlarmDetails)
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class Alarm:
    id: str
    severity: Severity
    status: AlarmStatus
    type: AlarmType
    open_time: int
    description: str = ""
    source: AlarmSource | None = None
    changelog: tuple[ChangeLogEntry, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def is_open(self) -> bool:
        return self.status == AlarmStatus.OPEN

    @property
    def close_time(self) -> int | None:
        return next((c.close_time for c in reversed(self.changelog) if c.close_time), None)


@dataclass(frozen=True, slots=True)
class AlarmCloseResult:
    """The answer to closing an alarm: the changelog entry written."""

    id: str
    status: AlarmStatus
    changelog: ChangeLogEntry | None = None
    user_id: str | None = None
    open_time: int | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


# --- notifications --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicChannel:
    """A channel as listed inside a topic."""

    id: str
    name: str
    target: str = ""
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    channels: tuple[TopicChannel, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class TopicRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class TimeZone:
    name: str
    offset: str = ""

    @property
    def id(self) -> str:
        """The ``timeZoneId`` form used in requests: ``"GMT+02:00 Europe/Berlin"``."""
        return f"{self.offset} {self.name}".strip()


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    type: ChannelType = ChannelType.EMAIL
    state: ChannelState = ChannelState.ACTIVE
    target: str = ""
    timezone: TimeZone | None = None
    topics: tuple[TopicRef, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def unconfirmed(self) -> bool:
        return self.state == ChannelState.UNCONFIRMED


# --- dashboards -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WidgetLayout:
    """Position and size on the dashboard's 10 x 20 grid."""

    width: int = 2
    height: int = 6
    x: int | None = None
    y: int | None = None


@dataclass(frozen=True, slots=True)
class WidgetAggregation:
    method: Aggregation = Aggregation.AVG
    period: int | None = None


@dataclass(frozen=True, slots=True)
class WidgetSettings:
    data_period: DataPeriod | None = None
    aggregation: WidgetAggregation | None = None
    refresh_interval: int | None = None
    limit: int | None = None
    axis_type: AxisType | None = None
    scaling_type: ScalingType | None = None
    min_value: str | None = None
    max_value: str | None = None
    unit: TemperatureUnit | None = None
    lng: str | None = None
    lat: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class WidgetSensor:
    id: int
    name: str | None = None
    device_name: str | None = None
    provisioned_sensor_id: str | None = None


@dataclass(frozen=True, slots=True)
class WidgetMetric:
    id: str
    sensor: WidgetSensor
    name: str | None = None
    uom: str | None = None


@dataclass(frozen=True, slots=True)
class Widget:
    id: str
    name: str
    type: WidgetType
    layout: WidgetLayout = field(default_factory=WidgetLayout)
    settings: WidgetSettings = field(default_factory=WidgetSettings)
    metrics: tuple[WidgetMetric, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class Dashboard:
    """A dashboard; ``problems`` names widgets (or their metrics) that could not be read."""

    id: str
    name: str
    widgets: tuple[Widget, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)
    problems: tuple[ItemProblem, ...] = field(default=(), compare=False)


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DataPoint:
    timestamp: int
    value: Value


@dataclass(frozen=True, slots=True)
class DataSeries:
    """One series of ``GET /data``: raw samples, or aggregates when ``func`` is set."""

    sensor_id: int
    metric_id: str | None
    points: tuple[DataPoint, ...] = ()
    func: Aggregation | None = None
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class LastValues:
    """One entry of ``GET /lastvalues``: metric id -> latest value, for one sensor."""

    sensor_id: int
    timestamp: int | None
    values: Mapping[str, Value] = field(default_factory=_extra)


# --- edge -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PortMapping:
    host_port: int
    container_port: int


@dataclass(frozen=True, slots=True)
class ContainerOptions:
    startup_file: str | None = None
    port_mapping: tuple[PortMapping, ...] = ()


@dataclass(frozen=True, slots=True)
class EdgeModule:
    """An edge module; ``access_type``/``docker_image_name`` come flat or in ``repository``."""

    id: str
    name: str
    access_type: str = "public"
    docker_image_name: str = ""
    container_options: ContainerOptions = field(default_factory=ContainerOptions)
    device_configuration_ids: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_extra)


@dataclass(frozen=True, slots=True)
class ConfigurationEntry:
    """One entry of a device configuration: ``edge-management`` or ``edge-module``.

    ``value`` is kept as the server sent it (a list of ``{key, value}`` for edge management, a
    list of module ids or module objects for edge modules).
    """

    key: str
    value: Any
    enforce: bool = False


@dataclass(frozen=True, slots=True)
class Assignments:
    devices: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeviceConfiguration:
    id: str
    name: str
    configuration: tuple[ConfigurationEntry, ...] = ()
    assignments: Assignments = field(default_factory=Assignments)
    extra: Mapping[str, Any] = field(default_factory=_extra)

    @property
    def edge_management_enabled(self) -> bool | None:
        for entry in self.configuration:
            if entry.key == "edge-management" and isinstance(entry.value, list):
                for item in entry.value:
                    if isinstance(item, dict) and str(item.get("key")).lower() == "enable":
                        return bool(item.get("value"))
        return None

    @property
    def edge_module_ids(self) -> tuple[str, ...]:
        ids: list[str] = []
        for entry in self.configuration:
            if entry.key == "edge-module" and isinstance(entry.value, list):
                for item in entry.value:
                    if isinstance(item, dict) and item.get("id") is not None:
                        ids.append(str(item["id"]))
                    elif isinstance(item, str | int):
                        ids.append(str(item))
        return tuple(ids)


# --- writes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Created:
    """The answer to a create/update that returns an id (int or str as the server chose)."""

    id: int | str
    extra: Mapping[str, Any] = field(default_factory=_extra)


def highest_severity(values: Iterable[Severity | None]) -> Severity | None:
    """The most severe (lowest-numbered) of some severities, ignoring None."""
    present = [v for v in values if v is not None]
    return min(present) if present else None


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
