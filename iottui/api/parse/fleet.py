"""Parsers of the nested fleet (``GET /devices``): groups, devices, sensors and metrics.

The hot path of the client: 10,000 devices with 200,000 metrics. Objects with only the
documented keys and well-typed values take fast paths (plain ``dict.get``, models built by
:func:`~iottui.api.models.fast_metric` and friends); anything else takes the tolerant slow
paths, which give the same models or the same errors.

Within one :func:`parse_fleet`, the fast paths share what repeats (:class:`_Shared`): each
distinct text of a name, type, unit, annotation, script path, description or version is one
string object, each distinct metric without an alarm one Metric, each distinct set of health
flags one mapping. JSON decoding makes a new string for every occurrence: a 10,000-device
fleet held 610,000 strings (40 MB) for about 64,000 distinct ones, which stayed in memory as
long as the fleet.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE
from iottui.api.enums import DeviceState, DeviceType, Permission, Severity, SystemHealthType
from iottui.api.models import (
    Device,
    Fleet,
    Frequency,
    Group,
    Metric,
    Sensor,
    fast_device,
    fast_metric,
    fast_sensor,
)
from iottui.api.parse.account import _contact, _share
from iottui.api.parse.core import (
    _DEVICE_STATES,
    _DEVICE_TYPES,
    _EMPTY,
    _HEALTH_TYPES,
    _SEVERITIES,
    E,
    FieldError,
    _bool,
    _each,
    _enum,
    _extra,
    _id_int,
    _id_str,
    _int_or,
    _kind,
    _list,
    _nested,
    _obj,
    _opt_int,
    _opt_str,
    _permission,
    _req_int,
    _skip,
    _str_or,
    _to_int,
)

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
        vtype = get("valueType", DEFAULT_VALUE_TYPE)
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
        id=_id_str(low),
        name=_str_or(low, "name", path),
        value_type=_str_or(low, "valuetype", path, DEFAULT_VALUE_TYPE),
        value_unit=_opt_str(low, "valueunit", path),
        value_annotation=_opt_str(low, "valueannotation", path),
        alarm=alarm,
        extra=_extra(value, low, _METRIC_KEYS),
    )


def _metrics(value: Any, path: str) -> tuple[Metric, ...]:
    """The readable metric definitions of a list (unreadable ones recorded, see ``_skip``)."""
    built: list[Metric] = []
    for i, item in enumerate(_list(value, path)):
        try:
            built.append(_metric(item, path, i))
        except FieldError as exc:
            _skip(exc)
    return tuple(built)


def parse_metrics(value: Any, path: str) -> tuple[Metric, ...]:
    """A list of metric definitions (also used for request round trips)."""
    return _metrics(value, path)


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


class _Shared:
    """What one fleet's parse shares (see the module's doc): texts by value, metrics without
    an alarm by their fields, health flags by their items. Models are immutable and compared
    by value, so a shared object is indistinguishable from equal copies."""

    __slots__ = ("health", "metrics", "texts")

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.metrics: dict[tuple[str, str, str, str | None, str | None], Metric] = {}
        self.health: dict[tuple[tuple[str, bool], ...], Mapping[str, bool]] = {}


#: The running :func:`parse_fleet`'s tables (None outside of one: nothing is shared).
_SHARED: ContextVar[_Shared | None] = ContextVar("iottui_fleet_shared", default=None)


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
    count = get("metricsCount")
    if count is not None and type(count) is not int:
        count = _to_int(count)
        if count is None:
            return None
    tables = _SHARED.get() or _Shared()
    text = tables.texts.setdefault
    metrics: tuple[Metric, ...] = ()
    if metrics_raw:
        # _metric's fast path, inlined: this loop runs for every metric of a big fleet.
        built: list[Metric] = []
        append = built.append
        canon = _METRIC_CANON
        severities = _SEVERITY_BY_RAW
        new_metric = fast_metric
        known = tables.metrics
        for item in metrics_raw:
            if type(item) is dict and item.keys() <= canon:
                mget = item.get
                mid = mget("id")
                mname = mget("name", "")
                vtype = mget("valueType", DEFAULT_VALUE_TYPE)
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
                        fields = (mid, mname, vtype, unit, annotation)
                        metric = known.get(fields)
                        if metric is None:
                            metric = known[fields] = new_metric(
                                mid,
                                text(mname, mname),
                                text(vtype, vtype),
                                None if unit is None else text(unit, unit),
                                None if annotation is None else text(annotation, annotation),
                                None,
                                _EMPTY,
                            )
                        append(metric)
                        continue
                    kind = type(alarm)
                    severity = severities.get(alarm) if kind is int or kind is str else None
                    if severity is not None:
                        append(new_metric(mid, mname, vtype, unit, annotation, severity, _EMPTY))
                        continue
            try:
                append(_metric_slow(item, f"{parent}[{index}].metrics[{len(built)}]"))
            except FieldError:
                # Unreadable: the slow path reads the sensor again, recording which metric.
                # (len(built) is the item's index until then: nothing was skipped before.)
                return None
        metrics = tuple(built)
    if count is None:
        count = len(metrics)
    return fast_sensor(
        sid,
        text(name, name),
        pid,
        text(script, script),
        health,
        sensor_type,
        plugin,
        count,
        frequency,
        metrics,
        nodeids,
        _EMPTY,
    )


def _sensors(raw: list[Any], spath: str) -> tuple[Sensor, ...]:
    """The readable sensors of a device (fast path for documented keys, like :func:`_metric`).

    A sensor's path, ``spath[i]``, is only built when needed for the slow path or an error.
    """
    built: list[Sensor] = []
    for i, item in enumerate(raw):
        try:
            built.append(_sensor(item, spath, i))
        except FieldError as exc:
            _skip(exc)
    return tuple(built)


def _sensor(value: Any, parent: str, index: int) -> Sensor:
    """A sensor of the nested fleet (fast path for documented keys, like :func:`_metric`).

    Its path, ``parent[index]``, is only built when needed for an error.
    """
    if type(value) is dict and value.keys() <= _SENSOR_CANON:
        sensor = _sensor_fast(value, parent, index)
        if sensor is not None:
            return sensor
    return _sensor_slow(value, f"{parent}[{index}]")


def _sensor_slow(value: Any, path: str) -> Sensor:
    low = _obj(value, path)
    metrics_raw = low.get("metrics")
    metrics: tuple[Metric, ...] = ()
    if metrics_raw:
        mpath = f"{path}.metrics"
        try:
            metrics = _metrics(metrics_raw, mpath)
        except FieldError as exc:  # not an array: the sensor is kept without metrics
            _skip(exc)
    nodeids = _opt_str(low, "nodeids", path)
    params = low.get("params")
    if params is not None and nodeids is None:
        nodeids = _opt_str(_obj(params, f"{path}.params"), "nodeids", f"{path}.params")
    freq = low.get("frequency")
    return Sensor(
        id=_id_int(low),
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
    shared = _SHARED.get() or _Shared()
    health: Mapping[str, bool] = _EMPTY
    health_raw = get("systemHealthTypes")
    if health_raw is not None:
        if type(health_raw) is not dict:
            return None
        for flag in health_raw.values():
            if flag is not True and flag is not False:
                return None
        flags = tuple(health_raw.items())
        health = shared.health.get(flags) or shared.health.setdefault(
            flags, MappingProxyType(dict(health_raw))
        )
    sensors_count = _count(get("sensorsCount"))
    metrics_count = _count(get("metricsCount"))
    if sensors_count is None or metrics_count is None:
        return None
    sensors: tuple[Sensor, ...] = ()
    if sensors_raw:
        sensors = _sensors(sensors_raw, f"{path}.sensors")
    if sensors_count < 0:
        sensors_count = len(sensors)
    if metrics_count < 0:
        metrics_count = sum([s.metrics_count for s in sensors])
    text = shared.texts.setdefault
    return fast_device(
        did,
        name,
        buddy,
        dtype,
        state,
        text(description, description),
        text(version, version),
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
        if type(sensors_raw) is list:
            sensors = _sensors(sensors_raw, spath)
        else:  # not an array: the device is kept without sensors
            _skip(FieldError(spath, f"expected an array, got {_kind(sensors_raw)}"))
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
        id=_id_int(low),
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
    return Group(
        id=_id_int(low),
        name=_str_or(low, "name", path),
        permission=_permission(low, "permission", path, Permission.OWNED),
        owner=_opt_int(low, "owner", path),
        devices=_nested(low.get("devices"), f"{path}.devices", _device),
        shared_with=_nested(low.get("sharedwith"), f"{path}.sharedWith", _share),
        contacts=_nested(low.get("contacts"), f"{path}.contacts", _contact),
        extra=_extra(value, low, _GROUP_KEYS),
    )


def parse_fleet(value: Any, path: str, timestamp: int | None = None) -> Fleet:
    """``data`` of ``GET /devices``: a list of groups with nested devices, sensors, metrics."""
    token = _SHARED.set(_Shared())
    try:
        return Fleet(
            groups=tuple(_each(value, path, _group)),
            timestamp=timestamp,
        )
    finally:
        _SHARED.reset(token)
