"""Tolerant, fast parsing of API responses into the typed models.

The API document's own responses disagree with themselves (see ``shared/api/endpoints.md``):
keys change case (``buddyId``/``buddyid``), numbers arrive as strings (``"sensorsCount": "7"``),
a permission may be ``"full"``, the same device ``id`` means two different things, last values
use metric ids as keys, and edge module fields are flat or nested in ``repository``. Every
parser here accepts all of it:

* keys are looked up without regard to case (one lower-cased dict per object);
* integers may be strings (``"7"``) or integral floats; booleans may be ``0``/``1``/``"true"``;
* enum values the document does not list are kept (open enums);
* fields a model does not know are kept in its ``extra`` mapping, under their original keys.

What is *not* accepted is a missing required field (an id, mostly) or a value of the wrong
kind: those raise :class:`~iottui.api.errors.ResponseFormatError` naming the operation and the
dotted path of the field, e.g. ``fleet.get: data[0].devices[2].id: missing required field``.

The hot path (the nested fleet, thousands of devices) avoids per-field exceptions and
reflection: each parser is a plain function that builds one lower-cased dict per object and
reads fields with ``dict.get``. Paths for messages are built only for lists and objects.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, TypeVar, cast

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
    OpenIntEnum,
    Permission,
    RuleState,
    RuleType,
    ScalingType,
    Severity,
    SystemHealthType,
    TemperatureUnit,
    WidgetType,
)
from iottui.api.errors import ResponseFormatError
from iottui.api.models import (
    Alarm,
    AlarmCloseResult,
    AlarmDetails,
    AlarmSource,
    Assignments,
    ChangeLogEntry,
    Channel,
    ConfigurationEntry,
    Contact,
    ContainerOptions,
    Created,
    Dashboard,
    DataPoint,
    DataSeries,
    Device,
    DeviceConfiguration,
    DeviceRef,
    DeviceSummary,
    EdgeModule,
    Fleet,
    Frequency,
    Group,
    GroupDevice,
    GroupInfo,
    LastValues,
    License,
    Metric,
    MetricCount,
    MetricInfo,
    PortMapping,
    Rule,
    RuleSource,
    Sensor,
    SensorInfo,
    SensorRef,
    Share,
    Threshold,
    TimeZone,
    Topic,
    TopicChannel,
    TopicRef,
    User,
    Value,
    Widget,
    WidgetAggregation,
    WidgetLayout,
    WidgetMetric,
    WidgetSensor,
    WidgetSettings,
    fast_device,
    fast_metric,
    fast_sensor,
)

__all__ = [
    "FieldError",
    "body_timestamp",
    "decode_json",
    "edge_modules_of",
    "parse_alarm",
    "parse_alarm_close",
    "parse_alarms",
    "parse_channels",
    "parse_contacts",
    "parse_count",
    "parse_created",
    "parse_created_optional",
    "parse_dashboard",
    "parse_dashboards",
    "parse_data",
    "parse_data_series",
    "parse_device_configuration",
    "parse_device_configurations",
    "parse_device_summaries",
    "parse_edge_module",
    "parse_edge_modules",
    "parse_fleet",
    "parse_group_infos",
    "parse_last_values",
    "parse_metric_count",
    "parse_metric_infos",
    "parse_metrics",
    "parse_rules",
    "parse_sensor_infos",
    "parse_token",
    "parse_topics",
    "parse_user",
]

T = TypeVar("T")
E = TypeVar("E", bound=OpenIntEnum)

_MISSING: Any = object()
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class FieldError(Exception):
    """Internal: a field at ``path`` is missing or mistyped. Re-raised as ResponseFormatError."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


# --- entry points ---------------------------------------------------------------------------


#: Bodies at least this big are decoded with the cyclic garbage collector paused.
GC_PAUSE_BYTES = 512 * 1024


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while many acyclic objects are built.

    Decoded JSON holds no reference cycles, so nothing is lost by not collecting meanwhile;
    with the collector running, a big body (the 10,000-device fleet is 27 MB) triggers
    collections that traverse the whole growing heap again and again, about doubling the
    decode time on Python 3.11.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def decode_json(operation: str, content: bytes) -> Any:
    """Decode a response body; a non-JSON or truncated body is a ResponseFormatError."""
    try:
        if len(content) >= GC_PAUSE_BYTES:
            with gc_paused():
                return json.loads(content)
        return json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: nesting deeper than the decoder's recursion limit.
        size = len(content)
        raise ResponseFormatError(
            f"response body is not valid JSON ({size} bytes; truncated or not JSON: "
            f"{type(exc).__name__} at position {getattr(exc, 'pos', '?')})",
            operation=operation,
        ) from None


def parse_data(
    operation: str,
    body: Any,
    parser: Callable[[Any, str], T],
    *,
    required: bool = True,
) -> T:
    """Apply ``parser`` to ``body["data"]`` (case-insensitive key), naming ``operation`` on error.

    Args:
        operation: The operation id for error messages (``"fleet.get"``).
        body: The decoded JSON body.
        parser: ``parser(value, path)`` where ``path`` is ``"data"``.
        required: When False, a missing ``data`` is passed to the parser as ``None``.
    """
    # Models are immutable and acyclic: pausing the cyclic GC while building thousands of them
    # saves it from scanning the fresh objects again and again (half the cost of a big fleet).
    try:
        with gc_paused():
            if type(body) is not dict:
                raise FieldError("(body)", f"expected a JSON object, got {_kind(body)}")
            data = body.get("data", _MISSING)
            if data is _MISSING:
                data = _lower(body).get("data")
            if data is None and required:
                raise FieldError("data", "missing required field")
            return parser(data, "data")
    except FieldError as exc:
        field = _display_path(exc.path)
        raise ResponseFormatError(
            f"{field}: {exc.message}", operation=operation, field=field
        ) from None


#: The document's spelling of keys, to show paths the way the server's docs write them.
_DISPLAY_NAMES: dict[str, str] = {
    name.lower(): name
    for name in [
        "buddyId",
        "deviceType",
        "sensorsCount",
        "metricsCount",
        "isMonitoringEnabled",
        "systemHealthTypes",
        "provisionedSensorId",
        "scriptPath",
        "systemHealthType",
        "sensorType",
        "isPluginSensor",
        "valueType",
        "valueUnit",
        "valueAnnotation",
        "sharedWith",
        "userId",
        "tvId",
        "ruleType",
        "activeflag",
        "metricId",
        "thingId",
        "deviceId",
        "deviceName",
        "sensorName",
        "metricName",
        "topicIds",
        "newTopics",
        "changeLog",
        "closeTime",
        "prevVal",
        "currentVal",
        "openTime",
        "sourceKey",
        "consCheck",
        "offlineDuration",
        "timeZoneId",
        "topicInfos",
        "dataPeriod",
        "refreshInterval",
        "axisType",
        "scalingType",
        "minValue",
        "maxValue",
        "positionX",
        "positionY",
        "widgetId",
        "sensorId",
        "deviceCount",
        "hostPort",
        "containerPort",
        "startupFile",
        "portMapping",
        "containerOptions",
        "accessType",
        "dockerImageName",
        "edgeModuleId",
        "moduleName",
        "deviceConfigurationIds",
        "deviceIds",
        "groupIds",
    ]
}


def _display_path(path: str) -> str:
    """``data[0].devices[1].sensorscount`` -> ``data[0].devices[1].sensorsCount``."""
    parts = []
    for part in path.split("."):
        name, bracket, rest = part.partition("[")
        parts.append(_DISPLAY_NAMES.get(name, name) + bracket + rest)
    return ".".join(parts)


def body_timestamp(body: Any) -> int | None:
    """The optional top-level ``timestamp`` of a success body."""
    if type(body) is not dict:
        return None
    value = body.get("timestamp")
    if value is None:
        value = _lower(body).get("timestamp")
    return _to_int(value) if value is not None else None


# --- primitive helpers ----------------------------------------------------------------------


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _lower(d: dict[str, Any]) -> dict[str, Any]:
    return {k.lower(): v for k, v in d.items()}


def _obj(value: Any, path: str) -> dict[str, Any]:
    """The object at ``path`` with lower-cased keys."""
    if type(value) is not dict:
        raise FieldError(path, f"expected an object, got {_kind(value)}")
    return {k.lower(): v for k, v in value.items()}


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if type(value) is not list:
        raise FieldError(path, f"expected an array, got {_kind(value)}")
    return value


def _extra(raw: dict[str, Any], low: dict[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    if low.keys() <= known:
        return _EMPTY
    return MappingProxyType({k: v for k, v in raw.items() if k.lower() not in known})


#: Counts arrive as short strings ("7"); reading them through a dict is cheaper than int().
_SMALL_INTS: dict[str, int] = {str(i): i for i in range(1000)}


def _to_int(value: Any) -> int | None:
    """An int from an int, an integral float or a decimal string; None if it is none of those."""
    t = type(value)
    if t is int:
        return int(value)
    if t is str:
        small = _SMALL_INTS.get(value)
        if small is not None:
            return small
        text = value.strip()
        if text.isdecimal() or (text[:1] in "+-" and text[1:].isdecimal() and len(text) > 1):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    if t is float and value.is_integer():
        return int(value)
    return None


def _req_int(low: dict[str, Any], key: str, path: str) -> int:
    value = low.get(key)
    if type(value) is int:
        return value
    if value is None:
        raise FieldError(f"{path}.{key}", "missing required field")
    number = _to_int(value)
    if number is None:
        raise FieldError(f"{path}.{key}", f"expected an integer, got {_kind(value)} {value!r}")
    return number


def _opt_int(low: dict[str, Any], key: str, path: str, default: int | None = None) -> int | None:
    value = low.get(key)
    if value is None:
        return default
    if type(value) is int:
        return value
    number = _to_int(value)
    if number is None:
        if value == "":
            return default
        raise FieldError(f"{path}.{key}", f"expected an integer, got {_kind(value)} {value!r}")
    return number


def _int_or(low: dict[str, Any], key: str, path: str, default: int) -> int:
    value = _opt_int(low, key, path, default)
    return default if value is None else value


def _req_str(low: dict[str, Any], key: str, path: str) -> str:
    value = low.get(key)
    if type(value) is str:
        return value
    if value is None:
        raise FieldError(f"{path}.{key}", "missing required field")
    if type(value) is int or type(value) is float:
        return str(value)
    raise FieldError(f"{path}.{key}", f"expected a string, got {_kind(value)}")


def _opt_str(low: dict[str, Any], key: str, path: str, default: str | None = None) -> str | None:
    value = low.get(key)
    if value is None:
        return default
    if type(value) is str:
        return value
    if type(value) is int or type(value) is float:
        return str(value)
    raise FieldError(f"{path}.{key}", f"expected a string, got {_kind(value)}")


def _str_or(low: dict[str, Any], key: str, path: str, default: str = "") -> str:
    value = _opt_str(low, key, path, default)
    return default if value is None else value


_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def _bool(low: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
    value = low.get(key)
    if value is None:
        return default
    if value is True or value is False:
        return value
    if type(value) is int:
        return value != 0
    if type(value) is str:
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise FieldError(f"{path}.{key}", f"expected a boolean, got {_kind(value)} {value!r}")


def _str_tuple(value: Any, path: str) -> tuple[str, ...]:
    items = _list(value, path)
    out: list[str] = []
    for i, item in enumerate(items):
        if type(item) is str:
            out.append(item)
        elif type(item) is int:
            out.append(str(item))
        elif type(item) is dict:
            # Some lists carry {"id": ...} objects instead of bare ids.
            out.append(_req_str(_lower(item), "id", f"{path}[{i}]"))
        else:
            raise FieldError(f"{path}[{i}]", f"expected a string, got {_kind(item)}")
    return tuple(out)


def _enum_cache(cls: type[E]) -> dict[int, E]:
    return {int(member): member for member in cls}


_PERMISSIONS = _enum_cache(Permission)
_CONTACT_STATES = _enum_cache(ContactState)
_DEVICE_STATES = _enum_cache(DeviceState)
_DEVICE_TYPES = _enum_cache(DeviceType)
_SEVERITIES = _enum_cache(Severity)
_ALARM_STATUSES = _enum_cache(AlarmStatus)
_ALARM_TYPES = _enum_cache(AlarmType)
_RULE_TYPES = _enum_cache(RuleType)
_RULE_STATES = _enum_cache(RuleState)
_CHANNEL_TYPES = _enum_cache(ChannelType)
_CHANNEL_STATES = _enum_cache(ChannelState)
_HEALTH_TYPES = _enum_cache(SystemHealthType)
_WIDGET_TYPES = _enum_cache(WidgetType)
_DATA_PERIODS = _enum_cache(DataPeriod)
_AXIS_TYPES = _enum_cache(AxisType)
_SCALING_TYPES = _enum_cache(ScalingType)
_TEMPERATURE_UNITS = _enum_cache(TemperatureUnit)


def _enum(cls: type[E], cache: dict[int, E], low: dict[str, Any], key: str, path: str) -> E | None:
    value = low.get(key)
    if value is None or value == "":
        return None
    if type(value) is int:
        member = cache.get(value)
        return member if member is not None else cls(value)
    number = _to_int(value)
    if number is None:
        raise FieldError(f"{path}.{key}", f"expected an integer code, got {_kind(value)} {value!r}")
    member = cache.get(number)
    return member if member is not None else cls(number)


def _req_enum(cls: type[E], cache: dict[int, E], low: dict[str, Any], key: str, path: str) -> E:
    member = _enum(cls, cache, low, key, path)
    if member is None:
        raise FieldError(f"{path}.{key}", "missing required field")
    return member


_PERMISSION_WORDS: dict[str, Permission] = {
    "full": Permission.FULL_ACCESS,
    "fullaccess": Permission.FULL_ACCESS,
    "full access": Permission.FULL_ACCESS,
    "full_access": Permission.FULL_ACCESS,
    "owned": Permission.OWNED,
    "owner": Permission.OWNED,
    "read": Permission.READ_ONLY,
    "readonly": Permission.READ_ONLY,
    "read only": Permission.READ_ONLY,
    "read_only": Permission.READ_ONLY,
    "readwrite": Permission.READ_WRITE,
    "read/write": Permission.READ_WRITE,
    "read_write": Permission.READ_WRITE,
    "write": Permission.READ_WRITE,
}


def _permission(low: dict[str, Any], key: str, path: str, default: Permission) -> Permission:
    value = low.get(key)
    if type(value) is str:
        word = _PERMISSION_WORDS.get(value.strip().lower())
        if word is not None:
            return word
    member = _enum(Permission, _PERMISSIONS, low, key, path)
    return default if member is None else member


# --- account --------------------------------------------------------------------------------

_LICENSE_KEYS = frozenset({"type", "version"})
_USER_KEYS = frozenset({"id", "firstname", "lastname", "email", "license", "eulaagreement"})


def parse_token(value: Any, path: str) -> str:
    """``data`` of the assignment token operations: a string."""
    if type(value) is str:
        return value
    if type(value) is dict:
        return _req_str(_lower(value), "token", path)
    raise FieldError(path, f"expected a string token, got {_kind(value)}")


def parse_user(value: Any, path: str) -> User:
    low = _obj(value, path)
    lic_raw = low.get("license")
    license_: License | None = None
    if lic_raw is not None:
        lpath = f"{path}.license"
        lic = _obj(lic_raw, lpath)
        license_ = License(
            type=_str_or(lic, "type", lpath),
            version=_opt_int(lic, "version", lpath),
            extra=_extra(lic_raw, lic, _LICENSE_KEYS),
        )
    return User(
        id=_req_str(low, "id", path),
        firstname=_str_or(low, "firstname", path),
        lastname=_str_or(low, "lastname", path),
        email=_str_or(low, "email", path),
        license=license_,
        eula_agreement=_bool(low, "eulaagreement", path),
        extra=_extra(value, low, _USER_KEYS),
    )


_CONTACT_KEYS = frozenset({"id", "name", "state", "email"})


def _contact(value: Any, path: str) -> Contact:
    low = _obj(value, path)
    state = _enum(ContactState, _CONTACT_STATES, low, "state", path)
    return Contact(
        id=_req_int(low, "id", path),
        name=_str_or(low, "name", path),
        state=ContactState.OFFLINE if state is None else state,
        email=_str_or(low, "email", path),
        extra=_extra(value, low, _CONTACT_KEYS),
    )


def parse_contacts(value: Any, path: str) -> list[Contact]:
    return [_contact(item, f"{path}[{i}]") for i, item in enumerate(_list(value, path))]


_SHARE_KEYS = frozenset({"name", "permission", "userid", "id"})


def _share(value: Any, path: str) -> Share:
    low = _obj(value, path)
    user_id = _opt_int(low, "userid", path)
    if user_id is None:
        user_id = _opt_int(low, "id", path)
    return Share(
        name=_str_or(low, "name", path),
        permission=_permission(low, "permission", path, Permission.READ_ONLY),
        user_id=user_id,
        extra=_extra(value, low, _SHARE_KEYS),
    )


# --- the nested fleet -----------------------------------------------------------------------

_METRIC_KEYS = frozenset(
    {"id", "name", "valuetype", "valueunit", "valueannotation", "alarm", "severity"}
)


def _raw_enum_map(cache: dict[int, E]) -> dict[object, E]:
    """Members by their wire forms: ``1`` and ``"1"`` (the fast paths' lookup)."""
    out: dict[object, E] = {}
    for number, member in cache.items():
        out[number] = member
        out[str(number)] = member
    return out


def _by_raw(table: dict[object, E], raw: object) -> E | None:
    """The member for a wire value in ``table``; None for any other value, unhashable ones too.

    Only ints and strings are looked up: ``True`` would find the member of ``1`` and a list
    would raise TypeError, where the slow path reports both as the wrong type.
    """
    kind = type(raw)
    return table.get(raw) if kind is int or kind is str else None


_SEVERITY_BY_RAW = _raw_enum_map(_SEVERITIES)
_HEALTH_BY_RAW = _raw_enum_map(_HEALTH_TYPES)
_METRIC_CANON = frozenset({"id", "name", "valueType", "valueUnit", "valueAnnotation", "alarm"})


def _metric(value: Any, parent: str, index: int) -> Metric:
    """A metric definition; the path (``parent[index]``) is only built for errors.

    Fast path: an object with only the documented camelCase keys and well-typed values is read
    with plain ``dict.get``; anything else takes the tolerant :func:`_metric_slow`.
    """
    if type(value) is dict and value.keys() <= _METRIC_CANON:
        get = value.get
        mid = get("id")
        name = get("name", "")
        vtype = get("valueType", "double")
        unit = get("valueUnit")
        annotation = get("valueAnnotation")
        alarm = get("alarm")
        if (
            type(mid) is str
            and type(name) is str
            and type(vtype) is str
            and (unit is None or type(unit) is str)
            and (annotation is None or type(annotation) is str)
        ):
            if alarm is None:
                return fast_metric(mid, name, vtype, unit, annotation, None, _EMPTY)
            severity = _by_raw(_SEVERITY_BY_RAW, alarm)
            if severity is not None:
                return fast_metric(mid, name, vtype, unit, annotation, severity, _EMPTY)
    return _metric_slow(value, f"{parent}[{index}]")


def _metric_slow(value: Any, path: str) -> Metric:
    low = _obj(value, path)
    alarm = None
    if low.get("alarm") is not None:
        alarm = _enum(Severity, _SEVERITIES, low, "alarm", path)
    elif low.get("severity") is not None:
        alarm = _enum(Severity, _SEVERITIES, low, "severity", path)
    return Metric(
        id=_req_str(low, "id", path),
        name=_str_or(low, "name", path),
        value_type=_str_or(low, "valuetype", path, "double"),
        value_unit=_opt_str(low, "valueunit", path),
        value_annotation=_opt_str(low, "valueannotation", path),
        alarm=alarm,
        extra=_extra(value, low, _METRIC_KEYS),
    )


def parse_metrics(value: Any, path: str) -> tuple[Metric, ...]:
    """A list of metric definitions (also used for request round trips)."""
    return tuple([_metric(item, path, i) for i, item in enumerate(_list(value, path))])


_FREQUENCY_KEYS = frozenset({"type", "value"})


def _frequency(value: Any, path: str) -> Frequency | None:
    if value is None:
        return None
    low = _obj(value, path)
    return Frequency(type=_str_or(low, "type", path, "seconds"), value=_req_int(low, "value", path))


_SENSOR_KEYS = frozenset(
    {
        "id",
        "name",
        "provisionedsensorid",
        "scriptpath",
        "systemhealthtype",
        "sensortype",
        "ispluginsensor",
        "metricscount",
        "frequency",
        "metrics",
        "params",
        "nodeids",
    }
)


_SENSOR_CANON = frozenset(
    {
        "id",
        "name",
        "provisionedSensorId",
        "scriptPath",
        "systemHealthType",
        "sensorType",
        "isPluginSensor",
        "metricsCount",
        "frequency",
        "metrics",
        "nodeids",
        "params",
    }
)
_FREQUENCY_CANON = frozenset({"type", "value"})
_PARAMS_CANON = frozenset({"nodeids"})
#: Frequencies are immutable and few distinct ones exist: sensors share the instances.
_FREQUENCIES: dict[tuple[str, int], Frequency] = {}


def _sensor(value: Any, parent: str, index: int) -> Sensor:
    """A sensor of the nested fleet (fast path for documented keys, like :func:`_metric`).

    Its path, ``parent[index]``, is only built when needed for an error.
    """
    if type(value) is dict and value.keys() <= _SENSOR_CANON:
        sensor = _sensor_fast(value, parent, index)
        if sensor is not None:
            return sensor
    return _sensor_slow(value, f"{parent}[{index}]")


def _sensor_fast(value: dict[str, Any], parent: str, index: int) -> Sensor | None:
    get = value.get
    sid = get("id")
    name = get("name", "")
    pid = get("provisionedSensorId")
    script = get("scriptPath", "")
    plugin = get("isPluginSensor", False)
    nodeids = get("nodeids")
    metrics_raw = get("metrics")
    if (
        type(sid) is not int
        or type(name) is not str
        or type(script) is not str
        or (pid is not None and type(pid) is not str)
        or (plugin is not True and plugin is not False)
        or (nodeids is not None and type(nodeids) is not str)
        or (metrics_raw is not None and type(metrics_raw) is not list)
    ):
        return None
    params = get("params")
    if params is not None and nodeids is None:
        # OPC UA sensors carry their node ids as params.nodeids.
        if type(params) is not dict or not params.keys() <= _PARAMS_CANON:
            return None
        nodeids = params.get("nodeids")
        if nodeids is not None and type(nodeids) is not str:
            return None
    health = get("systemHealthType")
    if health is not None:
        kind = type(health)
        health = _HEALTH_BY_RAW.get(health) if kind is int or kind is str else None
        if health is None:
            return None
    sensor_type = get("sensorType")
    if sensor_type is not None and type(sensor_type) is not int:
        return None
    frequency = get("frequency")
    if frequency is not None:
        if type(frequency) is not dict or not frequency.keys() <= _FREQUENCY_CANON:
            return None
        ftype = frequency.get("type", "seconds")
        fvalue = frequency.get("value")
        if type(ftype) is not str or type(fvalue) is not int:
            return None
        key = (ftype, fvalue)
        shared = _FREQUENCIES.get(key)
        if shared is None:
            shared = Frequency(ftype, fvalue)
            if len(_FREQUENCIES) < 256:
                _FREQUENCIES[key] = shared
        frequency = shared
    metrics: tuple[Metric, ...] = ()
    if metrics_raw:
        # _metric's fast path, inlined: this loop runs for every metric of a big fleet.
        built: list[Metric] = []
        append = built.append
        canon = _METRIC_CANON
        severities = _SEVERITY_BY_RAW
        new_metric = fast_metric
        for item in metrics_raw:
            if type(item) is dict and item.keys() <= canon:
                mget = item.get
                mid = mget("id")
                mname = mget("name", "")
                vtype = mget("valueType", "double")
                unit = mget("valueUnit")
                annotation = mget("valueAnnotation")
                alarm = mget("alarm")
                if (
                    type(mid) is str
                    and type(mname) is str
                    and type(vtype) is str
                    and (unit is None or type(unit) is str)
                    and (annotation is None or type(annotation) is str)
                ):
                    if alarm is None:
                        append(new_metric(mid, mname, vtype, unit, annotation, None, _EMPTY))
                        continue
                    kind = type(alarm)
                    severity = severities.get(alarm) if kind is int or kind is str else None
                    if severity is not None:
                        append(new_metric(mid, mname, vtype, unit, annotation, severity, _EMPTY))
                        continue
            append(_metric_slow(item, f"{parent}[{index}].metrics[{len(built)}]"))
        metrics = tuple(built)
    count = get("metricsCount")
    if count is None:
        count = len(metrics)
    elif type(count) is not int:
        count = _to_int(count)
        if count is None:
            return None
    return fast_sensor(
        sid,
        name,
        pid,
        script,
        health,
        sensor_type,
        plugin,
        count,
        frequency,
        metrics,
        nodeids,
        _EMPTY,
    )


def _sensor_slow(value: Any, path: str) -> Sensor:
    low = _obj(value, path)
    metrics_raw = low.get("metrics")
    metrics: tuple[Metric, ...] = ()
    if metrics_raw:
        mpath = f"{path}.metrics"
        metrics = tuple(
            [_metric(item, mpath, i) for i, item in enumerate(_list(metrics_raw, mpath))]
        )
    nodeids = _opt_str(low, "nodeids", path)
    params = low.get("params")
    if params is not None and nodeids is None:
        nodeids = _opt_str(_obj(params, f"{path}.params"), "nodeids", f"{path}.params")
    freq = low.get("frequency")
    return Sensor(
        id=_req_int(low, "id", path),
        name=_str_or(low, "name", path),
        provisioned_sensor_id=_opt_str(low, "provisionedsensorid", path),
        script_path=_str_or(low, "scriptpath", path),
        system_health_type=_enum(SystemHealthType, _HEALTH_TYPES, low, "systemhealthtype", path),
        sensor_type=_opt_int(low, "sensortype", path),
        is_plugin_sensor=_bool(low, "ispluginsensor", path),
        metrics_count=_int_or(low, "metricscount", path, len(metrics)),
        frequency=None if freq is None else _frequency(freq, f"{path}.frequency"),
        metrics=metrics,
        nodeids=nodeids,
        extra=_extra(value, low, _SENSOR_KEYS),
    )


_DEVICE_KEYS = frozenset(
    {
        "id",
        "buddyid",
        "name",
        "devicetype",
        "state",
        "description",
        "version",
        "alarm",
        "sensorscount",
        "metricscount",
        "ismonitoringenabled",
        "systemhealthtypes",
        "sensors",
    }
)


_DEVICE_CANON = frozenset(
    {
        "id",
        "buddyId",
        "name",
        "deviceType",
        "state",
        "description",
        "version",
        "alarm",
        "sensorsCount",
        "metricsCount",
        "isMonitoringEnabled",
        "systemHealthTypes",
        "sensors",
    }
)
_DEVICE_TYPE_BY_RAW = _raw_enum_map(_DEVICE_TYPES)
_DEVICE_STATE_BY_RAW = _raw_enum_map(_DEVICE_STATES)


def _device(value: Any, path: str) -> Device:
    """A device of the nested fleet: ``id`` is the TeamViewer ID, ``buddyId`` the per-user id.

    Fast path for documented keys and well-typed values, like :func:`_metric`.
    """
    if type(value) is dict and value.keys() <= _DEVICE_CANON:
        device = _device_fast(value, path)
        if device is not None:
            return device
    return _device_slow(value, path)


def _count(value: Any) -> int | None:
    """A count for the fast paths: -1 when absent, None when unreadable."""
    if value is None:
        return -1
    if type(value) is int:
        return int(value)
    return _to_int(value)


def _device_fast(value: dict[str, Any], path: str) -> Device | None:
    get = value.get
    did = get("id")
    name = get("name", "")
    buddy = get("buddyId")
    description = get("description", "")
    version = get("version", "")
    monitoring = get("isMonitoringEnabled", False)
    sensors_raw = get("sensors")
    if (
        type(did) is not int
        or type(name) is not str
        or (buddy is not None and type(buddy) is not int)
        or type(description) is not str
        or type(version) is not str
        or (monitoring is not True and monitoring is not False)
        or (sensors_raw is not None and type(sensors_raw) is not list)
    ):
        return None
    raw = get("deviceType")
    dtype = DeviceType.IOT if raw is None else _by_raw(_DEVICE_TYPE_BY_RAW, raw)
    raw = get("state")
    state = DeviceState.OFFLINE if raw is None else _by_raw(_DEVICE_STATE_BY_RAW, raw)
    raw = get("alarm")
    alarm = None if raw is None else _by_raw(_SEVERITY_BY_RAW, raw)
    if dtype is None or state is None or (raw is not None and alarm is None):
        return None
    health: Mapping[str, bool] = _EMPTY
    health_raw = get("systemHealthTypes")
    if health_raw is not None:
        if type(health_raw) is not dict:
            return None
        for flag in health_raw.values():
            if flag is not True and flag is not False:
                return None
        health = MappingProxyType(dict(health_raw))
    sensors_count = _count(get("sensorsCount"))
    metrics_count = _count(get("metricsCount"))
    if sensors_count is None or metrics_count is None:
        return None
    sensors: tuple[Sensor, ...] = ()
    if sensors_raw:
        # _sensor, inlined.
        spath = f"{path}.sensors"
        built: list[Sensor] = []
        for i, item in enumerate(sensors_raw):
            sensor = None
            if type(item) is dict and item.keys() <= _SENSOR_CANON:
                sensor = _sensor_fast(item, spath, i)
            built.append(sensor if sensor is not None else _sensor_slow(item, f"{spath}[{i}]"))
        sensors = tuple(built)
    if sensors_count < 0:
        sensors_count = len(sensors)
    if metrics_count < 0:
        metrics_count = sum([s.metrics_count for s in sensors])
    return fast_device(
        did,
        name,
        buddy,
        dtype,
        state,
        description,
        version,
        alarm,
        sensors_count,
        metrics_count,
        monitoring,
        health,
        sensors,
        _EMPTY,
    )


def _device_slow(value: Any, path: str) -> Device:
    low = _obj(value, path)
    sensors_raw = low.get("sensors")
    sensors: tuple[Sensor, ...] = ()
    if sensors_raw:
        spath = f"{path}.sensors"
        sensors = tuple(
            [_sensor(item, spath, i) for i, item in enumerate(_list(sensors_raw, spath))]
        )
    health_raw = low.get("systemhealthtypes")
    health: Mapping[str, bool] = _EMPTY
    if health_raw is not None:
        hpath = f"{path}.systemHealthTypes"
        if type(health_raw) is not dict:
            raise FieldError(hpath, f"expected an object, got {_kind(health_raw)}")
        health = MappingProxyType({k: _bool(health_raw, k, hpath) for k in health_raw})
    dtype = _enum(DeviceType, _DEVICE_TYPES, low, "devicetype", path)
    state = _enum(DeviceState, _DEVICE_STATES, low, "state", path)
    return Device(
        id=_req_int(low, "id", path),
        name=_str_or(low, "name", path),
        buddy_id=_opt_int(low, "buddyid", path),
        device_type=DeviceType.IOT if dtype is None else dtype,
        state=DeviceState.OFFLINE if state is None else state,
        description=_str_or(low, "description", path),
        version=_str_or(low, "version", path),
        alarm=_enum(Severity, _SEVERITIES, low, "alarm", path),
        sensors_count=_int_or(low, "sensorscount", path, len(sensors)),
        metrics_count=_int_or(low, "metricscount", path, sum(s.metrics_count for s in sensors)),
        is_monitoring_enabled=_bool(low, "ismonitoringenabled", path),
        system_health_types=health,
        sensors=sensors,
        extra=_extra(value, low, _DEVICE_KEYS),
    )


_GROUP_KEYS = frozenset({"id", "name", "permission", "owner", "devices", "sharedwith", "contacts"})


def _group(value: Any, path: str) -> Group:
    low = _obj(value, path)
    dpath = f"{path}.devices"
    spath = f"{path}.sharedWith"
    cpath = f"{path}.contacts"
    return Group(
        id=_req_int(low, "id", path),
        name=_str_or(low, "name", path),
        permission=_permission(low, "permission", path, Permission.OWNED),
        owner=_opt_int(low, "owner", path),
        devices=tuple(
            [_device(d, f"{dpath}[{i}]") for i, d in enumerate(_list(low.get("devices"), dpath))]
        ),
        shared_with=tuple(
            [_share(s, f"{spath}[{i}]") for i, s in enumerate(_list(low.get("sharedwith"), spath))]
        ),
        contacts=tuple(
            [_contact(c, f"{cpath}[{i}]") for i, c in enumerate(_list(low.get("contacts"), cpath))]
        ),
        extra=_extra(value, low, _GROUP_KEYS),
    )


def parse_fleet(value: Any, path: str, timestamp: int | None = None) -> Fleet:
    """``data`` of ``GET /devices``: a list of groups with nested devices, sensors, metrics."""
    return Fleet(
        groups=tuple([_group(g, f"{path}[{i}]") for i, g in enumerate(_list(value, path))]),
        timestamp=timestamp,
    )


# --- flat lists -----------------------------------------------------------------------------

_SUMMARY_KEYS = frozenset({"id", "name", "devicetype", "buddyid"})


def parse_device_summaries(value: Any, path: str) -> list[DeviceSummary]:
    out: list[DeviceSummary] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        dtype = _enum(DeviceType, _DEVICE_TYPES, low, "devicetype", ipath)
        out.append(
            DeviceSummary(
                id=_req_int(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                device_type=DeviceType.IOT if dtype is None else dtype,
                buddy_id=_opt_int(low, "buddyid", ipath),
                extra=_extra(item, low, _SUMMARY_KEYS),
            )
        )
    return out


_GROUP_DEVICE_KEYS = frozenset({"id", "tvid", "name"})
_GROUP_INFO_KEYS = frozenset({"id", "name", "permission", "sharedwith", "devices", "contacts"})


def _group_device(value: Any, path: str) -> GroupDevice:
    """A device in Get Groups: ``id`` is the per-user id, ``tvId`` the TeamViewer ID."""
    low = _obj(value, path)
    return GroupDevice(
        id=_req_int(low, "id", path),
        name=_str_or(low, "name", path),
        tv_id=_opt_int(low, "tvid", path),
        extra=_extra(value, low, _GROUP_DEVICE_KEYS),
    )


def parse_group_infos(value: Any, path: str) -> list[GroupInfo]:
    out: list[GroupInfo] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        dpath, spath, cpath = f"{ipath}.devices", f"{ipath}.sharedWith", f"{ipath}.contacts"
        out.append(
            GroupInfo(
                id=_req_int(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                permission=_permission(low, "permission", ipath, Permission.OWNED),
                shared_with=tuple(
                    _share(s, f"{spath}[{j}]")
                    for j, s in enumerate(_list(low.get("sharedwith"), spath))
                ),
                devices=tuple(
                    _group_device(d, f"{dpath}[{j}]")
                    for j, d in enumerate(_list(low.get("devices"), dpath))
                ),
                contacts=tuple(
                    _contact(c, f"{cpath}[{j}]")
                    for j, c in enumerate(_list(low.get("contacts"), cpath))
                ),
                extra=_extra(item, low, _GROUP_INFO_KEYS),
            )
        )
    return out


def _device_ref(value: Any, path: str) -> DeviceRef | None:
    if value is None:
        return None
    low = _obj(value, path)
    return DeviceRef(id=_req_int(low, "id", path), name=_str_or(low, "name", path))


_SENSOR_INFO_KEYS = frozenset({"id", "name", "provisionedsensorid", "device"})


def parse_sensor_infos(value: Any, path: str) -> list[SensorInfo]:
    out: list[SensorInfo] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        out.append(
            SensorInfo(
                id=_req_int(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                provisioned_sensor_id=_opt_str(low, "provisionedsensorid", ipath),
                device=_device_ref(low.get("device"), f"{ipath}.device"),
                extra=_extra(item, low, _SENSOR_INFO_KEYS),
            )
        )
    return out


def parse_count(value: Any, path: str) -> int:
    """A count: ``[3]`` (the document's form), ``3``, ``"3"`` or ``{"count": 3}``."""
    if type(value) is list:
        if not value:
            return 0
        if len(value) != 1:
            raise FieldError(path, f"expected one count, got {len(value)} values")
        return parse_count(value[0], f"{path}[0]")
    if type(value) is dict:
        return _req_int(_lower(value), "count", path)
    number = _to_int(value)
    if number is None:
        raise FieldError(path, f"expected a count, got {_kind(value)}")
    return number


_METRIC_INFO_KEYS = frozenset({"id", "name", "valuetype", "valueunit", "valueannotation", "sensor"})


def parse_metric_infos(value: Any, path: str) -> list[MetricInfo]:
    """``data`` of Get Metrics: ``{"metrics": [...]}`` in the document, or a bare list."""
    if type(value) is dict:
        low = _lower(value)
        value = low.get("metrics")
        path = f"{path}.metrics"
    out: list[MetricInfo] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        sensor: SensorRef | None = None
        sensor_raw = low.get("sensor")
        if sensor_raw is not None:
            spath = f"{ipath}.sensor"
            slow = _obj(sensor_raw, spath)
            sensor = SensorRef(
                id=_req_int(slow, "id", spath),
                name=_str_or(slow, "name", spath),
                device=_device_ref(slow.get("device"), f"{spath}.device"),
            )
        out.append(
            MetricInfo(
                id=_req_str(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                value_type=_str_or(low, "valuetype", ipath, "double"),
                value_unit=_opt_str(low, "valueunit", ipath),
                value_annotation=_opt_str(low, "valueannotation", ipath),
                sensor=sensor,
                extra=_extra(item, low, _METRIC_INFO_KEYS),
            )
        )
    return out


def parse_metric_count(value: Any, path: str) -> MetricCount:
    """``{"metrics": [30]}``, or ``{"metrics": [], "deviceCount": 3}`` (second example)."""
    if type(value) is not dict:
        return MetricCount(metrics=parse_count(value, path))
    low = _lower(value)
    metrics_raw = low.get("metrics")
    metrics: int | None = None
    if metrics_raw is not None and metrics_raw != []:
        metrics = parse_count(metrics_raw, f"{path}.metrics")
    return MetricCount(metrics=metrics, device_count=_opt_int(low, "devicecount", path))


# --- rules and alarms -----------------------------------------------------------------------

_SOURCE_KEYS = frozenset(
    {"metricid", "thingid", "deviceid", "devicename", "sensorname", "metricname"}
)
_THRESHOLD_KEYS = frozenset({"condition", "severity", "checkcount", "topicids", "newtopics"})
_RULE_KEYS = frozenset({"id", "name", "ruletype", "activeflag", "sources", "thresholds"})


def _rule_source(value: Any, path: str) -> RuleSource:
    low = _obj(value, path)
    return RuleSource(
        metric_id=_opt_str(low, "metricid", path),
        thing_id=_opt_int(low, "thingid", path),
        device_id=_opt_int(low, "deviceid", path),
        device_name=_opt_str(low, "devicename", path),
        sensor_name=_opt_str(low, "sensorname", path),
        metric_name=_opt_str(low, "metricname", path),
        extra=_extra(value, low, _SOURCE_KEYS),
    )


def _threshold(value: Any, path: str) -> Threshold:
    low = _obj(value, path)
    severity = _enum(Severity, _SEVERITIES, low, "severity", path)
    return Threshold(
        condition=_req_str(low, "condition", path),
        severity=Severity.CRITICAL if severity is None else severity,
        checkcount=_int_or(low, "checkcount", path, 1),
        topic_ids=_str_tuple(low.get("topicids"), f"{path}.topicIds"),
        new_topics=_str_tuple(low.get("newtopics"), f"{path}.newTopics"),
        extra=_extra(value, low, _THRESHOLD_KEYS),
    )


def parse_rules(value: Any, path: str) -> list[Rule]:
    out: list[Rule] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        rtype = _enum(RuleType, _RULE_TYPES, low, "ruletype", ipath)
        state = _enum(RuleState, _RULE_STATES, low, "activeflag", ipath)
        spath, tpath = f"{ipath}.sources", f"{ipath}.thresholds"
        out.append(
            Rule(
                id=_req_str(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                rule_type=RuleType.METRIC if rtype is None else rtype,
                state=RuleState.ACTIVE if state is None else state,
                sources=tuple(
                    _rule_source(s, f"{spath}[{j}]")
                    for j, s in enumerate(_list(low.get("sources"), spath))
                ),
                thresholds=tuple(
                    _threshold(t, f"{tpath}[{j}]")
                    for j, t in enumerate(_list(low.get("thresholds"), tpath))
                ),
                extra=_extra(item, low, _RULE_KEYS),
            )
        )
    return out


_CHANGELOG_KEYS = frozenset({"prop", "prevval", "currentval", "closetime", "userid"})


def _changelog(value: Any, path: str) -> ChangeLogEntry:
    low = _obj(value, path)
    return ChangeLogEntry(
        prop=_str_or(low, "prop", path, "status"),
        prev_val=_opt_str(low, "prevval", path),
        current_val=_opt_str(low, "currentval", path),
        close_time=_opt_int(low, "closetime", path),
        user_id=_opt_str(low, "userid", path),
        extra=_extra(value, low, _CHANGELOG_KEYS),
    )


_DETAILS_KEYS = frozenset(
    {"device", "sensor", "metric", "condition", "value", "conscheck", "offlineduration"}
)
_ALARM_SOURCE_KEYS = frozenset({"sourcekey", "id", "details"})
_ALARM_KEYS = frozenset(
    {"id", "severity", "status", "type", "opentime", "description", "source", "changelog"}
)


def _alarm_source(value: Any, path: str) -> AlarmSource | None:
    if value is None:
        return None
    low = _obj(value, path)
    details_raw = low.get("details")
    details = AlarmDetails()
    if details_raw is not None:
        dpath = f"{path}.details"
        dlow = _obj(details_raw, dpath)
        details = AlarmDetails(
            device=_opt_str(dlow, "device", dpath),
            sensor=_opt_str(dlow, "sensor", dpath),
            metric=_opt_str(dlow, "metric", dpath),
            condition=_opt_str(dlow, "condition", dpath),
            value=_opt_str(dlow, "value", dpath),
            cons_check=_opt_str(dlow, "conscheck", dpath),
            offline_duration=_opt_str(dlow, "offlineduration", dpath),
            extra=_extra(details_raw, dlow, _DETAILS_KEYS),
        )
    return AlarmSource(
        source_key=_str_or(low, "sourcekey", path),
        id=_opt_str(low, "id", path),
        details=details,
        extra=_extra(value, low, _ALARM_SOURCE_KEYS),
    )


def parse_alarm(value: Any, path: str) -> Alarm:
    low = _obj(value, path)
    cpath = f"{path}.changeLog"
    changelog_raw = low.get("changelog")
    if type(changelog_raw) is dict:
        changelog_raw = [changelog_raw]
    return Alarm(
        id=_req_str(low, "id", path),
        severity=_req_enum(Severity, _SEVERITIES, low, "severity", path),
        status=_req_enum(AlarmStatus, _ALARM_STATUSES, low, "status", path),
        type=_req_enum(AlarmType, _ALARM_TYPES, low, "type", path),
        open_time=_req_int(low, "opentime", path),
        description=_str_or(low, "description", path),
        source=_alarm_source(low.get("source"), f"{path}.source"),
        changelog=tuple(
            _changelog(c, f"{cpath}[{j}]") for j, c in enumerate(_list(changelog_raw, cpath))
        ),
        extra=_extra(value, low, _ALARM_KEYS),
    )


def parse_alarms(value: Any, path: str) -> list[Alarm]:
    return [parse_alarm(item, f"{path}[{i}]") for i, item in enumerate(_list(value, path))]


_CLOSE_KEYS = frozenset({"id", "status", "changelog", "userid", "opentime"})


def parse_alarm_close(value: Any, path: str) -> AlarmCloseResult:
    """``data`` of Close Alarm: the alarm's id, status and the changelog entry written."""
    low = _obj(value, path)
    changelog_raw = low.get("changelog")
    entry: ChangeLogEntry | None = None
    if type(changelog_raw) is list:
        if changelog_raw:
            entry = _changelog(changelog_raw[-1], f"{path}.changelog[{len(changelog_raw) - 1}]")
    elif changelog_raw is not None:
        entry = _changelog(changelog_raw, f"{path}.changelog")
    status = _enum(AlarmStatus, _ALARM_STATUSES, low, "status", path)
    return AlarmCloseResult(
        id=_req_str(low, "id", path),
        status=AlarmStatus.CLOSED if status is None else status,
        changelog=entry,
        user_id=_opt_str(low, "userid", path),
        open_time=_opt_int(low, "opentime", path),
        extra=_extra(value, low, _CLOSE_KEYS),
    )


# --- notifications --------------------------------------------------------------------------

_TOPIC_CHANNEL_KEYS = frozenset({"id", "name", "target"})
_TOPIC_KEYS = frozenset({"id", "name", "channels"})


def parse_topics(value: Any, path: str) -> list[Topic]:
    out: list[Topic] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        cpath = f"{ipath}.channels"
        channels: list[TopicChannel] = []
        for j, ch in enumerate(_list(low.get("channels"), cpath)):
            jpath = f"{cpath}[{j}]"
            if type(ch) is str:  # a bare channel id
                channels.append(TopicChannel(id=ch, name=""))
                continue
            clow = _obj(ch, jpath)
            channels.append(
                TopicChannel(
                    id=_req_str(clow, "id", jpath),
                    name=_str_or(clow, "name", jpath),
                    target=_str_or(clow, "target", jpath),
                    extra=_extra(ch, clow, _TOPIC_CHANNEL_KEYS),
                )
            )
        out.append(
            Topic(
                id=_req_str(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                channels=tuple(channels),
                extra=_extra(item, low, _TOPIC_KEYS),
            )
        )
    return out


_CHANNEL_KEYS = frozenset(
    {"id", "name", "type", "activeflag", "target", "timezone", "topicinfos", "timezoneid"}
)


def _timezone(low: dict[str, Any], path: str) -> TimeZone | None:
    tz_raw = low.get("timezone")
    if tz_raw is not None:
        tpath = f"{path}.timezone"
        if type(tz_raw) is str:
            return _timezone_from_id(tz_raw)
        tlow = _obj(tz_raw, tpath)
        return TimeZone(name=_str_or(tlow, "name", tpath), offset=_str_or(tlow, "offset", tpath))
    tz_id = _opt_str(low, "timezoneid", path)
    return None if tz_id is None else _timezone_from_id(tz_id)


def _timezone_from_id(text: str) -> TimeZone:
    """``"GMT+02:00 Europe/Berlin"`` -> TimeZone("Europe/Berlin", "GMT+02:00")."""
    offset, _, name = text.strip().partition(" ")
    if not name:
        return (
            TimeZone(name=offset)
            if not offset.upper().startswith("GMT")
            else TimeZone(name="", offset=offset)
        )
    return TimeZone(name=name.strip(), offset=offset)


def parse_channels(value: Any, path: str) -> list[Channel]:
    out: list[Channel] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        ctype = _enum(ChannelType, _CHANNEL_TYPES, low, "type", ipath)
        state = _enum(ChannelState, _CHANNEL_STATES, low, "activeflag", ipath)
        tpath = f"{ipath}.topicInfos"
        topics: list[TopicRef] = []
        for j, t in enumerate(_list(low.get("topicinfos"), tpath)):
            jpath = f"{tpath}[{j}]"
            if type(t) is str:
                topics.append(TopicRef(id=t, name=""))
                continue
            tlow = _obj(t, jpath)
            topics.append(
                TopicRef(id=_req_str(tlow, "id", jpath), name=_str_or(tlow, "name", jpath))
            )
        out.append(
            Channel(
                id=_req_str(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                type=ChannelType.EMAIL if ctype is None else ctype,
                state=ChannelState.ACTIVE if state is None else state,
                target=_str_or(low, "target", ipath),
                timezone=_timezone(low, ipath),
                topics=tuple(topics),
                extra=_extra(item, low, _CHANNEL_KEYS),
            )
        )
    return out


# --- dashboards -----------------------------------------------------------------------------

_SETTINGS_KEYS = frozenset(
    {
        "dataperiod",
        "aggregation",
        "refreshinterval",
        "limit",
        "axistype",
        "scalingtype",
        "minvalue",
        "maxvalue",
        "unit",
        "lng",
        "lat",
    }
)
_WIDGET_KEYS = frozenset({"id", "name", "type", "layout", "settings", "metrics"})


def _layout(value: Any, path: str) -> WidgetLayout:
    if value is None:
        return WidgetLayout()
    low = _obj(value, path)
    return WidgetLayout(
        width=_int_or(low, "width", path, 2),
        height=_int_or(low, "height", path, 6),
        x=_opt_int(low, "positionx", path),
        y=_opt_int(low, "positiony", path),
    )


def _settings(value: Any, path: str) -> WidgetSettings:
    if value is None:
        return WidgetSettings()
    low = _obj(value, path)
    agg_raw = low.get("aggregation")
    aggregation: WidgetAggregation | None = None
    if agg_raw is not None:
        apath = f"{path}.aggregation"
        alow = _obj(agg_raw, apath)
        method = _opt_str(alow, "method", apath)
        aggregation = WidgetAggregation(
            method=Aggregation.AVG if not method else Aggregation(method),
            period=_opt_int(alow, "period", apath),
        )
    return WidgetSettings(
        data_period=_enum(DataPeriod, _DATA_PERIODS, low, "dataperiod", path),
        aggregation=aggregation,
        refresh_interval=_opt_int(low, "refreshinterval", path),
        limit=_opt_int(low, "limit", path),
        axis_type=_enum(AxisType, _AXIS_TYPES, low, "axistype", path),
        scaling_type=_enum(ScalingType, _SCALING_TYPES, low, "scalingtype", path),
        min_value=_opt_str(low, "minvalue", path),
        max_value=_opt_str(low, "maxvalue", path),
        unit=_enum(TemperatureUnit, _TEMPERATURE_UNITS, low, "unit", path),
        lng=_opt_str(low, "lng", path),
        lat=_opt_str(low, "lat", path),
        extra=_extra(value, low, _SETTINGS_KEYS),
    )


def _widget_metric(value: Any, path: str) -> WidgetMetric:
    low = _obj(value, path)
    spath = f"{path}.sensor"
    slow = _obj(low.get("sensor"), spath)
    sensor = WidgetSensor(
        id=_req_int(slow, "id", spath),
        name=_opt_str(slow, "name", spath),
        device_name=_opt_str(slow, "beehivename", spath) or _opt_str(slow, "devicename", spath),
        provisioned_sensor_id=_opt_str(slow, "provisionedsensorid", spath),
    )
    return WidgetMetric(
        id=_req_str(low, "id", path),
        sensor=sensor,
        name=_opt_str(low, "name", path),
        uom=_opt_str(low, "uom", path),
    )


def _widget(value: Any, path: str) -> Widget:
    low = _obj(value, path)
    layout_raw = low.get("layout")
    widget_id = _opt_str(low, "id", path)
    if widget_id is None and type(layout_raw) is dict:
        widget_id = _opt_str(_lower(layout_raw), "widgetid", f"{path}.layout")
    if widget_id is None:
        raise FieldError(f"{path}.id", "missing required field")
    mpath = f"{path}.metrics"
    return Widget(
        id=widget_id,
        name=_str_or(low, "name", path),
        type=_req_enum(WidgetType, _WIDGET_TYPES, low, "type", path),
        layout=_layout(layout_raw, f"{path}.layout"),
        settings=_settings(low.get("settings"), f"{path}.settings"),
        metrics=tuple(
            _widget_metric(m, f"{mpath}[{j}]")
            for j, m in enumerate(_list(low.get("metrics"), mpath))
        ),
        extra=_extra(value, low, _WIDGET_KEYS),
    )


_DASHBOARD_KEYS = frozenset({"id", "name", "widgets"})


def parse_dashboard(value: Any, path: str) -> Dashboard:
    low = _obj(value, path)
    wpath = f"{path}.widgets"
    return Dashboard(
        id=_req_str(low, "id", path),
        name=_str_or(low, "name", path),
        widgets=tuple(
            _widget(w, f"{wpath}[{j}]") for j, w in enumerate(_list(low.get("widgets"), wpath))
        ),
        extra=_extra(value, low, _DASHBOARD_KEYS),
    )


def parse_dashboards(value: Any, path: str) -> list[Dashboard]:
    return [parse_dashboard(item, f"{path}[{i}]") for i, item in enumerate(_list(value, path))]


# --- data -----------------------------------------------------------------------------------

_SERIES_KEYS = frozenset({"result", "metricid", "func", "sensorid"})


def parse_data_series(value: Any, path: str) -> list[DataSeries]:
    out: list[DataSeries] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        rpath = f"{ipath}.result"
        points: list[DataPoint] = []
        for j, p in enumerate(_list(low.get("result"), rpath)):
            if type(p) is not dict:
                raise FieldError(f"{rpath}[{j}]", f"expected an object, got {_kind(p)}")
            ts = p.get("timestamp")
            if type(ts) is not int:
                plow = _lower(p)
                ts = _req_int(plow, "timestamp", f"{rpath}[{j}]")
                val = plow.get("value")
            else:
                val = p.get("value")
            points.append(DataPoint(ts, _value(val, f"{rpath}[{j}].value")))
        func = _opt_str(low, "func", ipath)
        out.append(
            DataSeries(
                sensor_id=_req_int(low, "sensorid", ipath),
                metric_id=_opt_str(low, "metricid", ipath),
                points=tuple(points),
                func=Aggregation(func) if func else None,
                extra=_extra(item, low, _SERIES_KEYS),
            )
        )
    return out


def _value(value: Any, path: str) -> Value:
    if value is None or type(value) in (int, float, str, bool):
        return cast(Value, value)
    raise FieldError(path, f"expected a scalar value, got {_kind(value)}")


def parse_last_values(value: Any, path: str) -> list[LastValues]:
    """Last values: ``{<metricId>: value, ..., "sensorId": ..., "timestamp": ...}`` per sensor.

    Metric ids are dynamic keys, so their casing is kept as sent; only ``sensorId`` and
    ``timestamp`` are looked up without regard to case.
    """
    out: list[LastValues] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        if type(item) is not dict:
            raise FieldError(ipath, f"expected an object, got {_kind(item)}")
        sensor_id: int | None = None
        timestamp: int | None = None
        values: dict[str, Value] = {}
        for key, raw in item.items():
            lk = key.lower()
            if lk == "sensorid":
                sensor_id = _req_int({lk: raw}, lk, ipath)
            elif lk == "timestamp":
                timestamp = _opt_int({lk: raw}, lk, ipath)
            else:
                values[key] = _value(raw, f"{ipath}.{key}")
        if sensor_id is None:
            raise FieldError(f"{ipath}.sensorId", "missing required field")
        out.append(LastValues(sensor_id, timestamp, MappingProxyType(values)))
    return out


# --- edge -----------------------------------------------------------------------------------

_EDGE_KEYS = frozenset(
    {
        "id",
        "edgemoduleid",
        "name",
        "modulename",
        "repository",
        "accesstype",
        "dockerimagename",
        "containeroptions",
        "deviceconfigurationids",
    }
)


def _port_mapping(value: Any, path: str) -> PortMapping:
    low = _obj(value, path)
    return PortMapping(
        host_port=_req_int(low, "hostport", path),
        container_port=_req_int(low, "containerport", path),
    )


def _container_options(value: Any, path: str) -> ContainerOptions:
    if value is None:
        return ContainerOptions()
    low = _obj(value, path)
    ppath = f"{path}.portMapping"
    return ContainerOptions(
        startup_file=_opt_str(low, "startupfile", path),
        port_mapping=tuple(
            _port_mapping(p, f"{ppath}[{j}]")
            for j, p in enumerate(_list(low.get("portmapping"), ppath))
        ),
    )


def parse_edge_module(value: Any, path: str) -> EdgeModule:
    """An edge module; ``accessType``/``dockerImageName`` flat or inside ``repository``.

    Inside a device configuration the name arrives as ``moduleName``.
    """
    low = _obj(value, path)
    repo = low
    repo_raw = low.get("repository")
    rpath = path
    if repo_raw is not None:
        rpath = f"{path}.repository"
        repo = _obj(repo_raw, rpath)
    module_id = _opt_str(low, "id", path)
    if module_id is None:
        module_id = _opt_str(low, "edgemoduleid", path)
    if module_id is None:
        raise FieldError(f"{path}.id", "missing required field")
    name = _opt_str(low, "name", path)
    if name is None:
        name = _str_or(low, "modulename", path)
    access = _opt_str(repo, "accesstype", rpath)
    image = _opt_str(repo, "dockerimagename", rpath)
    if repo is not low:  # nested repository, but tolerate flat values beside it too
        access = access if access is not None else _opt_str(low, "accesstype", path)
        image = image if image is not None else _opt_str(low, "dockerimagename", path)
    return EdgeModule(
        id=module_id,
        name=name,
        access_type=access if access is not None else "public",
        docker_image_name=image or "",
        container_options=_container_options(
            low.get("containeroptions"), f"{path}.containerOptions"
        ),
        device_configuration_ids=_str_tuple(
            low.get("deviceconfigurationids"), f"{path}.deviceConfigurationIds"
        ),
        extra=_extra(value, low, _EDGE_KEYS),
    )


def parse_edge_modules(value: Any, path: str) -> list[EdgeModule]:
    return [parse_edge_module(item, f"{path}[{i}]") for i, item in enumerate(_list(value, path))]


_CONFIG_KEYS = frozenset({"id", "name", "configuration", "assignments"})


def _config_entry(value: Any, path: str) -> ConfigurationEntry:
    low = _obj(value, path)
    key = _req_str(low, "key", path)
    raw = low.get("value")
    if key.lower() == "edge-module" and type(raw) is list:
        # Validate the module objects (kept as sent, see edge_modules_of()).
        for j, item in enumerate(raw):
            if type(item) is dict:
                parse_edge_module(item, f"{path}.value[{j}]")
    return ConfigurationEntry(key=key, value=raw, enforce=_bool(low, "enforce", path))


def parse_device_configuration(value: Any, path: str) -> DeviceConfiguration:
    low = _obj(value, path)
    cpath = f"{path}.configuration"
    assignments = Assignments()
    a_raw = low.get("assignments")
    if a_raw is not None:
        apath = f"{path}.assignments"
        alow = _obj(a_raw, apath)
        devices = alow.get("devices", alow.get("deviceids"))
        groups = alow.get("groups", alow.get("groupids"))
        assignments = Assignments(
            devices=_str_tuple(devices, f"{apath}.devices"),
            groups=_str_tuple(groups, f"{apath}.groups"),
        )
    return DeviceConfiguration(
        id=_req_str(low, "id", path),
        name=_str_or(low, "name", path),
        configuration=tuple(
            _config_entry(c, f"{cpath}[{j}]")
            for j, c in enumerate(_list(low.get("configuration"), cpath))
        ),
        assignments=assignments,
        extra=_extra(value, low, _CONFIG_KEYS),
    )


def parse_device_configurations(value: Any, path: str) -> list[DeviceConfiguration]:
    return [
        parse_device_configuration(item, f"{path}[{i}]")
        for i, item in enumerate(_list(value, path))
    ]


def edge_modules_of(config: DeviceConfiguration) -> tuple[EdgeModule, ...]:
    """The edge modules a device configuration lists as objects (``moduleName`` as name).

    Entries that are bare ids become modules with an empty name.
    """
    modules: list[EdgeModule] = []
    for entry in config.configuration:
        if entry.key.lower() != "edge-module" or type(entry.value) is not list:
            continue
        for j, item in enumerate(entry.value):
            if type(item) is dict:
                modules.append(parse_edge_module(item, f"configuration.value[{j}]"))
            elif type(item) in (str, int):
                modules.append(EdgeModule(id=str(item), name=""))
    return tuple(modules)


# --- writes ---------------------------------------------------------------------------------


def parse_created(value: Any, path: str) -> Created:
    """``{"id": ...}`` (int or str as the server chose); other keys go to ``extra``."""
    low = _obj(value, path)
    raw = low.get("id")
    if raw is None:
        raise FieldError(f"{path}.id", "missing required field")
    created_id: int | str
    if type(raw) is int or type(raw) is str:
        created_id = raw
    else:
        raise FieldError(f"{path}.id", f"expected an id, got {_kind(raw)}")
    extra = {k: v for k, v in value.items() if k.lower() != "id"}
    return Created(created_id, MappingProxyType(extra) if extra else _EMPTY)


def parse_created_optional(value: Any, path: str) -> Created | None:
    """Like :func:`parse_created` but a missing or empty ``data`` gives None."""
    if value is None or value == {} or value == []:
        return None
    if type(value) is dict and not any(k.lower() == "id" for k in value):
        return None
    return parse_created(value, path)
