"""Metrics: list, count, history and last values (operations 18, 19, 42, 43)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from iottui.api.defaults import LAST_VALUES_CHUNK
from iottui.api.enums import Aggregation
from iottui.api.errors import ValidationError
from iottui.api.models import DataSeries, LastValues, MetricCount, MetricInfo
from iottui.api.parse import (
    parse_data_series,
    parse_last_values,
    parse_metric_count,
    parse_metric_infos,
)
from iottui.api.problems import ItemProblem, ReadList
from iottui.api.resources.base import Resource, operation, validating
from iottui.api.validate import validate_id


@dataclass(frozen=True, slots=True)
class SeriesQuery:
    """One series to fetch from ``/data``: a sensor, optionally one metric and a function.

    Without ``metric_id`` the server returns every metric of the sensor. ``func`` needs a
    ``period`` in :meth:`MetricsResource.history`.
    """

    sensor_id: int
    metric_id: str | None = None
    func: Aggregation | None = None

    def to_query(self) -> dict[str, Any]:
        item: dict[str, Any] = {"sensorId": self.sensor_id}
        if self.metric_id is not None:
            item["metricId"] = self.metric_id
        if self.func is not None:
            item["func"] = str(self.func)
        return item


def _epoch_ms(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{field} must be epoch milliseconds, got {value!r}", field=field)
    return value


class MetricsResource(Resource):
    name = "metrics"
    __slots__ = ()

    @operation("metrics.list")
    async def list(self) -> ReadList[MetricInfo]:
        """Every metric with its sensor and device (18)."""
        body = await self._get("metrics.list")
        return self._parse_list("metrics.list", body, parse_metric_infos)

    @operation("metrics.count")
    async def count(self) -> MetricCount:
        """The number of metrics (and, on some servers, of devices) (19)."""
        body = await self._get("metrics.count")
        return self._parse("metrics.count", body, parse_metric_count)

    @operation("metrics.history")
    async def history(
        self,
        queries: Sequence[SeriesQuery],
        *,
        start: int,
        end: int,
        period: int | None = None,
    ) -> ReadList[DataSeries]:
        """Time series between ``start`` and ``end`` (epoch ms), raw or aggregated (42).

        With ``period`` (ms) the server aggregates per period using each query's ``func``
        (AVG by default); without it the raw samples come back.
        """
        with validating("metrics.history"):
            items = builtins.list(queries)
            if not items:
                raise ValidationError("queries must name at least one sensor", field="queries")
            start = _epoch_ms(start, "start")
            end = _epoch_ms(end, "end")
            if end < start:
                raise ValidationError("end must not be before start", field="end")
            if period is not None and (
                isinstance(period, bool) or not isinstance(period, int) or period <= 0
            ):
                raise ValidationError(
                    f"period must be a positive number of milliseconds, got {period!r}",
                    field="period",
                )
            for i, q in enumerate(items):
                if not isinstance(q, SeriesQuery):
                    raise ValidationError(
                        f"queries[{i}] must be a SeriesQuery", field=f"queries[{i}]"
                    )
                validate_id(q.sensor_id, f"queries[{i}].sensor_id")
                if q.func is not None and period is None:
                    raise ValidationError(
                        f"queries[{i}].func {q.func} needs a period (aggregation interval)",
                        field=f"queries[{i}].func",
                    )
            params: dict[str, object] = {"range": [start, end]}
            if period is not None:
                params["period"] = period
            params["metrics"] = [q.to_query() for q in items]
        body = await self._get("metrics.history", params)
        return self._parse_list("metrics.history", body, parse_data_series)

    @operation("metrics.last_values")
    async def last_values(self, sensor_ids: Sequence[int]) -> ReadList[LastValues]:
        """The latest value of every metric of the given sensors (43).

        Asks for at most :data:`~iottui.api.defaults.LAST_VALUES_CHUNK` sensors per request
        (one request per chunk, in order) and merges the answers.
        """
        with validating("metrics.last_values"):
            ids: builtins.list[int] = []
            seen: set[int] = set()
            for i, sid in enumerate(sensor_ids):
                if isinstance(sid, bool) or not isinstance(sid, int) or sid < 0:
                    raise ValidationError(
                        f"sensor_ids[{i}] must be a sensor id, got {sid!r}",
                        field=f"sensor_ids[{i}]",
                    )
                if sid not in seen:
                    seen.add(sid)
                    ids.append(sid)
        result: builtins.list[LastValues] = []
        problems: builtins.list[ItemProblem] = []
        chunks = range(0, len(ids), LAST_VALUES_CHUNK)
        for n, offset in enumerate(chunks, 1):
            chunk = ids[offset : offset + LAST_VALUES_CHUNK]
            body = await self._get("metrics.last_values", {"sensorids": chunk})
            answer = self._parse_list("metrics.last_values", body, parse_last_values)
            result.extend(answer)
            if len(chunks) > 1:
                where = f" (answer {n} of {len(chunks)})"
                problems.extend(ItemProblem(p.path, p.message + where) for p in answer.problems)
            else:
                problems.extend(answer.problems)
        return ReadList(result, problems)
