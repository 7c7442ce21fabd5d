"""Widgets of a dashboard: create, delete, update (operations 39-41)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.enums import WidgetType
from iottui.api.errors import ValidationError
from iottui.api.models import Created, WidgetLayout, WidgetSettings
from iottui.api.parse import parse_created_optional
from iottui.api.resources.base import (
    Resource,
    layout_body,
    operation,
    settings_body,
    validating,
)
from iottui.api.validate import validate_id, validate_name


def _widget_type(value: WidgetType | int) -> WidgetType:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"type must be a widget type code, got {value!r}", field="type")
    return WidgetType(int(value))


def _metrics(metrics: Sequence[tuple[int, str]]) -> list[dict[str, Any]]:
    """(sensor id, metric id) pairs as ``[{"sensor": {"id": ...}, "id": ...}]``."""
    out: list[dict[str, Any]] = []
    for i, pair in enumerate(metrics):
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise ValidationError(
                f"metrics[{i}] must be a (sensor id, metric id) pair", field=f"metrics[{i}]"
            )
        sensor_id, metric_id = pair
        if isinstance(sensor_id, bool) or not isinstance(sensor_id, int) or sensor_id < 0:
            raise ValidationError(
                f"metrics[{i}]: sensor id must be an integer, got {sensor_id!r}",
                field=f"metrics[{i}]",
            )
        if not isinstance(metric_id, str) or not metric_id.strip():
            raise ValidationError(
                f"metrics[{i}]: metric id must not be empty", field=f"metrics[{i}]"
            )
        out.append({"sensor": {"id": sensor_id}, "id": metric_id})
    if not out:
        raise ValidationError("metrics must name at least one metric", field="metrics")
    return out


def _layout(layout: WidgetLayout) -> dict[str, Any]:
    for name in ("width", "height"):
        value = getattr(layout, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(
                f"layout.{name} must be a positive grid size, got {value!r}", field=f"layout.{name}"
            )
    for name, limit in (("x", 10), ("y", None)):
        value = getattr(layout, name)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < 0
            or (limit is not None and value >= limit)
        ):
            raise ValidationError(
                f"layout.{name} must be a grid position, got {value!r}", field=f"layout.{name}"
            )
    return layout_body(layout)


class WidgetsResource(Resource):
    name = "widgets"
    __slots__ = ()

    @operation("widgets.create")
    async def create(
        self,
        dashboard_id: str,
        name: str,
        type: WidgetType,
        *,
        metrics: Sequence[tuple[int, str]],
        layout: WidgetLayout | None = None,
        settings: WidgetSettings | None = None,
    ) -> Created | None:
        """Add a widget showing (sensor id, metric id) pairs to a dashboard (39).

        The document's answer carries no id, so this returns None unless the server sends one.
        """
        with validating("widgets.create"):
            payload: dict[str, Any] = {
                "dashboardId": str(validate_id(dashboard_id, "dashboard_id")),
                "name": validate_name(name),
                "type": int(_widget_type(type)),
                "metrics": _metrics(metrics),
            }
            if layout is not None:
                payload["layout"] = _layout(layout)
            if settings is not None:
                payload["settings"] = settings_body(settings)
        body = await self._post("widgets.create", payload)
        return self._parse("widgets.create", body, parse_created_optional, required=False)

    @operation("widgets.delete")
    async def delete(self, dashboard_id: str, widget_id: str) -> None:
        """Remove a widget from a dashboard (40)."""
        with validating("widgets.delete"):
            payload = {
                "dashboardId": str(validate_id(dashboard_id, "dashboard_id")),
                "id": str(validate_id(widget_id, "widget_id")),
            }
        await self._post("widgets.delete", payload)

    @operation("widgets.update")
    async def update(
        self,
        dashboard_id: str,
        widget_id: str,
        *,
        name: str | None = None,
        type: WidgetType | None = None,
        metrics: Sequence[tuple[int, str]] | None = None,
        layout: WidgetLayout | None = None,
        settings: WidgetSettings | None = None,
    ) -> None:
        """Change a widget's name, type, metrics, layout or settings (41)."""
        with validating("widgets.update"):
            payload: dict[str, Any] = {}
            if name is not None:
                payload["name"] = validate_name(name)
            payload["id"] = str(validate_id(widget_id, "widget_id"))
            payload["dashboardId"] = str(validate_id(dashboard_id, "dashboard_id"))
            if type is not None:
                payload["type"] = int(_widget_type(type))
            if metrics is not None:
                payload["metrics"] = _metrics(metrics)
            if layout is not None:
                payload["layout"] = _layout(layout)
            if settings is not None:
                payload["settings"] = settings_body(settings)
            if len(payload) == 2:
                raise ValidationError("nothing to update", field="name")
        await self._post("widgets.update", payload)
