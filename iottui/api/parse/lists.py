"""Parsers of the flat lists: device summaries, groups, sensors, metrics and counts."""

from __future__ import annotations

from typing import Any

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE
from iottui.api.enums import DeviceType, Permission
from iottui.api.models import (
    DeviceRef,
    DeviceSummary,
    GroupDevice,
    GroupInfo,
    MetricCount,
    MetricInfo,
    SensorInfo,
    SensorRef,
)
from iottui.api.parse.account import _contact, _share
from iottui.api.parse.core import (
    _DEVICE_TYPES,
    FieldError,
    _each,
    _enum,
    _extra,
    _id_int,
    _id_str,
    _kind,
    _lower,
    _nested,
    _obj,
    _opt_int,
    _opt_str,
    _permission,
    _req_int,
    _str_or,
    _to_int,
)

_SUMMARY_KEYS = frozenset({"id", "name", "devicetype", "buddyid"})


def _device_summary(item: Any, ipath: str) -> DeviceSummary:
    low = _obj(item, ipath)
    dtype = _enum(DeviceType, _DEVICE_TYPES, low, "devicetype", ipath)
    return DeviceSummary(
        id=_id_int(low),
        name=_str_or(low, "name", ipath),
        device_type=DeviceType.IOT if dtype is None else dtype,
        buddy_id=_opt_int(low, "buddyid", ipath),
        extra=_extra(item, low, _SUMMARY_KEYS),
    )


def parse_device_summaries(value: Any, path: str) -> list[DeviceSummary]:
    return _each(value, path, _device_summary)


_GROUP_DEVICE_KEYS = frozenset({"id", "tvid", "name"})
_GROUP_INFO_KEYS = frozenset({"id", "name", "permission", "sharedwith", "devices", "contacts"})


def _group_device(value: Any, path: str) -> GroupDevice:
    """A device in Get Groups: ``id`` is the per-user id, ``tvId`` the TeamViewer ID."""
    low = _obj(value, path)
    return GroupDevice(
        id=_id_int(low),
        name=_str_or(low, "name", path),
        tv_id=_opt_int(low, "tvid", path),
        extra=_extra(value, low, _GROUP_DEVICE_KEYS),
    )


def _group_info(item: Any, ipath: str) -> GroupInfo:
    low = _obj(item, ipath)
    return GroupInfo(
        id=_id_int(low),
        name=_str_or(low, "name", ipath),
        permission=_permission(low, "permission", ipath, Permission.OWNED),
        shared_with=_nested(low.get("sharedwith"), f"{ipath}.sharedWith", _share),
        devices=_nested(low.get("devices"), f"{ipath}.devices", _group_device),
        contacts=_nested(low.get("contacts"), f"{ipath}.contacts", _contact),
        extra=_extra(item, low, _GROUP_INFO_KEYS),
    )


def parse_group_infos(value: Any, path: str) -> list[GroupInfo]:
    return _each(value, path, _group_info)


def _device_ref(value: Any, path: str) -> DeviceRef | None:
    if value is None:
        return None
    low = _obj(value, path)
    return DeviceRef(id=_id_int(low), name=_str_or(low, "name", path))


_SENSOR_INFO_KEYS = frozenset({"id", "name", "provisionedsensorid", "device"})


def _sensor_info(item: Any, ipath: str) -> SensorInfo:
    low = _obj(item, ipath)
    return SensorInfo(
        id=_id_int(low),
        name=_str_or(low, "name", ipath),
        provisioned_sensor_id=_opt_str(low, "provisionedsensorid", ipath),
        device=_device_ref(low.get("device"), f"{ipath}.device"),
        extra=_extra(item, low, _SENSOR_INFO_KEYS),
    )


def parse_sensor_infos(value: Any, path: str) -> list[SensorInfo]:
    return _each(value, path, _sensor_info)


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
    return _each(value, path, _metric_info)


def _metric_info(item: Any, ipath: str) -> MetricInfo:
    low = _obj(item, ipath)
    sensor: SensorRef | None = None
    sensor_raw = low.get("sensor")
    if sensor_raw is not None:
        spath = f"{ipath}.sensor"
        slow = _obj(sensor_raw, spath)
        sensor = SensorRef(
            id=_id_int(slow),
            name=_str_or(slow, "name", spath),
            device=_device_ref(slow.get("device"), f"{spath}.device"),
        )
    return MetricInfo(
        id=_id_str(low),
        name=_str_or(low, "name", ipath),
        value_type=_str_or(low, "valuetype", ipath, DEFAULT_VALUE_TYPE),
        value_unit=_opt_str(low, "valueunit", ipath),
        value_annotation=_opt_str(low, "valueannotation", ipath),
        sensor=sensor,
        extra=_extra(item, low, _METRIC_INFO_KEYS),
    )


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
