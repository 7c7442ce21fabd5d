"""The models of every resource but the nested fleet: the account, flat lists, rules and
alarms, notifications, dashboards, data, edge, writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iottui.api.domain.defaults import DEFAULT_CHECKCOUNT
from iottui.api.enums import (
    Aggregation,
    AlarmStatus,
    AlarmType,
    AxisType,
    ChannelState,
    ChannelType,
    DataPeriod,
    DeviceType,
    Permission,
    RuleState,
    RuleType,
    ScalingType,
    Severity,
    TemperatureUnit,
    WidgetType,
    unit_symbol,
)
from iottui.api.models._common import Value, _extra
from iottui.api.models.fleet import Contact, Share
from iottui.api.problems import ItemProblem

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
    checkcount: int = DEFAULT_CHECKCOUNT
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
