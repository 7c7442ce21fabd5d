"""The shared base of the resource namespaces and the request-body builders.

Every public resource method carries its operation id (``method.__operation__``), set by the
:func:`operation` decorator, so a test can walk :data:`~iottui.api.routes.OPERATIONS` and find
the client method of each one.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from iottui.api.errors import ValidationError
from iottui.api.models import (
    Frequency,
    Metric,
    PortMapping,
    RuleSource,
    Threshold,
    WidgetLayout,
    WidgetSettings,
)
from iottui.api.parse import parse_data, parse_list
from iottui.api.problems import ReadList

if TYPE_CHECKING:
    from iottui.api.client import IoTClient

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

OPERATION_ATTR = "__operation__"


def operation(op_id: str) -> Callable[[F], F]:
    """Mark a resource method as the client side of operation ``op_id``."""

    def mark(fn: F) -> F:
        setattr(fn, OPERATION_ATTR, op_id)
        return fn

    return mark


def operation_of(method: object) -> str | None:
    """The operation id a (bound) resource method implements, if any."""
    return getattr(getattr(method, "__func__", method), OPERATION_ATTR, None)


@contextmanager
def validating(op_id: str) -> Iterator[None]:
    """Tag ValidationErrors raised inside with the operation."""
    try:
        yield
    except ValidationError as exc:
        if exc.operation is None:
            exc.operation = op_id
        raise


class Resource:
    """A namespace of operations (``client.groups``, ``client.sensors`` ...)."""

    name: ClassVar[str] = ""

    __slots__ = ("_client",)

    def __init__(self, client: IoTClient) -> None:
        self._client = client

    async def _get(self, op_id: str, params: Mapping[str, object] | None = None) -> Any:
        return await self._client.request(op_id, params=params)

    async def _post(self, op_id: str, payload: Any) -> Any:
        return await self._client.request(op_id, payload=payload)

    @staticmethod
    def _parse(
        op_id: str, body: Any, parser: Callable[[Any, str], T], *, required: bool = True
    ) -> T:
        return parse_data(op_id, body, parser, required=required)

    @staticmethod
    def _parse_list(
        op_id: str, body: Any, parser: Callable[[Any, str], builtins.list[T]]
    ) -> ReadList[T]:
        """Parse a list answer: its readable items, the others in ``problems``."""
        return parse_list(op_id, body, parser)

    @classmethod
    def operations(cls) -> dict[str, str]:
        """Method name -> operation id for every operation method of this namespace."""
        out: dict[str, str] = {}
        for attr in dir(cls):
            op = getattr(getattr(cls, attr, None), OPERATION_ATTR, None)
            if isinstance(op, str):
                out[attr] = op
        return out

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


# --- request-body builders ------------------------------------------------------------------


def frequency_body(frequency: Frequency) -> dict[str, Any]:
    return {"type": frequency.type, "value": frequency.value}


def metric_body(metric: Metric) -> dict[str, Any]:
    """A metric definition as the document sends it (``valueUnit``/``valueAnnotation`` if set)."""
    body: dict[str, Any] = {"id": metric.id, "name": metric.name, "valueType": metric.value_type}
    if metric.value_unit:
        body["valueUnit"] = metric.value_unit
    if metric.value_annotation:
        body["valueAnnotation"] = metric.value_annotation
    return body


def source_body(source: RuleSource) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if source.metric_id is not None:
        body["metricId"] = source.metric_id
    if source.thing_id is not None:
        body["thingId"] = source.thing_id
    if source.device_id is not None:
        body["deviceId"] = source.device_id
    return body


def threshold_body(threshold: Threshold) -> dict[str, Any]:
    """``topicIds`` is always sent (the document sends ``[]``), ``newTopics`` only when set."""
    body: dict[str, Any] = {
        "condition": threshold.condition.strip(),
        "severity": int(threshold.severity),
        "topicIds": list(threshold.topic_ids),
        "checkcount": threshold.checkcount,
    }
    if threshold.new_topics:
        body["newTopics"] = list(threshold.new_topics)
    return body


def layout_body(layout: WidgetLayout) -> dict[str, Any]:
    """Width and height as numbers; positions as text (the document types them String)."""
    body: dict[str, Any] = {"width": layout.width, "height": layout.height}
    if layout.x is not None:
        body["positionX"] = str(layout.x)
    if layout.y is not None:
        body["positionY"] = str(layout.y)
    return body


def settings_body(settings: WidgetSettings) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if settings.data_period is not None:
        body["dataPeriod"] = int(settings.data_period)
    if settings.aggregation is not None:
        agg: dict[str, Any] = {"method": str(settings.aggregation.method)}
        if settings.aggregation.period is not None:
            agg["period"] = settings.aggregation.period
        body["aggregation"] = agg
    if settings.refresh_interval is not None:
        body["refreshInterval"] = settings.refresh_interval
    if settings.limit is not None:
        body["limit"] = settings.limit
    if settings.axis_type is not None:
        body["axisType"] = int(settings.axis_type)
    if settings.scaling_type is not None:
        body["scalingType"] = int(settings.scaling_type)
    if settings.min_value is not None:
        body["minValue"] = settings.min_value
    if settings.max_value is not None:
        body["maxValue"] = settings.max_value
    if settings.unit is not None:
        body["unit"] = int(settings.unit)
    if settings.lng is not None:
        body["lng"] = settings.lng
    if settings.lat is not None:
        body["lat"] = settings.lat
    for key, value in settings.extra.items():
        body.setdefault(key, value)
    return body


def port_mapping_body(mappings: Sequence[PortMapping]) -> list[dict[str, int]]:
    return [{"hostPort": m.host_port, "containerPort": m.container_port} for m in mappings]


def str_ids(values: Sequence[int | str]) -> list[str]:
    """Ids as strings: the document sends device and group ids as ``["456931800", ...]``."""
    return [str(v) for v in values]
