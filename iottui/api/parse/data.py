"""Parsers of metric data: series and last values."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, cast

from iottui.api.enums import Aggregation
from iottui.api.models import DataPoint, DataSeries, LastValues, Value
from iottui.api.parse.core import (
    FieldError,
    _extra,
    _kind,
    _list,
    _lower,
    _obj,
    _opt_int,
    _opt_str,
    _req_int,
)

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
