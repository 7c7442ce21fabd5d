"""Parsers of metric data: series and last values."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, cast

from iottui.api.enums import Aggregation
from iottui.api.models import DataPoint, DataSeries, LastValues, Value
from iottui.api.parse.core import (
    FieldError,
    _each,
    _extra,
    _id_int,
    _kind,
    _list,
    _lower,
    _obj,
    _opt_int,
    _opt_str,
    _req_int,
    _skip,
)
from iottui.api.problems import NO_ID

_SERIES_KEYS = frozenset({"result", "metricid", "func", "sensorid"})


def _series(item: Any, ipath: str) -> DataSeries:
    low = _obj(item, ipath)
    rpath = f"{ipath}.result"
    points: list[DataPoint] = []
    append = points.append
    for j, p in enumerate(_list(low.get("result"), rpath)):
        # The hot loop of a long history: documented points take the first branch.
        if type(p) is dict:
            ts = p.get("timestamp")
            if type(ts) is int:
                val = p.get("value")
                if val is None or type(val) in _SCALARS:
                    append(DataPoint(ts, val))
                    continue
        try:
            append(_point(p, f"{rpath}[{j}]"))
        except FieldError as exc:
            _skip(exc)
    func = _opt_str(low, "func", ipath)
    return DataSeries(
        sensor_id=_id_int(low, "sensorid"),
        metric_id=_opt_str(low, "metricid", ipath),
        points=tuple(points),
        func=Aggregation(func) if func else None,
        extra=_extra(item, low, _SERIES_KEYS),
    )


_SCALARS = frozenset({int, float, str, bool})


def _point(value: Any, path: str) -> DataPoint:
    if type(value) is not dict:
        raise FieldError(path, f"expected an object, got {_kind(value)}")
    low = _lower(value)
    return DataPoint(_req_int(low, "timestamp", path), _value(low.get("value"), f"{path}.value"))


def parse_data_series(value: Any, path: str) -> list[DataSeries]:
    return _each(value, path, _series)


def _value(value: Any, path: str) -> Value:
    if value is None or type(value) in (int, float, str, bool):
        return cast(Value, value)
    raise FieldError(path, f"expected a scalar value, got {_kind(value)}")


def parse_last_values(value: Any, path: str) -> list[LastValues]:
    """Last values: ``{<metricId>: value, ..., "sensorId": ..., "timestamp": ...}`` per sensor.

    Metric ids are dynamic keys, so their casing is kept as sent; only ``sensorId`` and
    ``timestamp`` are looked up without regard to case.
    """
    return _each(value, path, _last_values)


def _last_values(item: Any, ipath: str) -> LastValues:
    if type(item) is not dict:
        raise FieldError(ipath, f"expected an object, got {_kind(item)}")
    sensor_id = NO_ID
    timestamp: int | None = None
    values: dict[str, Value] = {}
    for key, raw in item.items():
        lk = key.lower()
        if lk == "sensorid":
            sensor_id = _id_int({lk: raw}, lk)
        elif lk == "timestamp":
            timestamp = _opt_int({lk: raw}, lk, ipath)
        else:
            try:
                values[key] = _value(raw, f"{ipath}.{key}")
            except FieldError as exc:
                _skip(exc)  # one unreadable value: the sensor's others are kept
    return LastValues(sensor_id, timestamp, MappingProxyType(values))
