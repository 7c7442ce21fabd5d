"""Typed models of every resource the IoT Cloud API returns (``from iottui.api.models import X``).

All models are frozen dataclasses with slots. Field names are snake_case whatever casing the
server used. Every model that the server may extend keeps what it did not recognise in
``extra`` (a read-only mapping of the original keys), so nothing is lost. Parsing lives in
:mod:`iottui.api.parse`; these classes hold data and small derived helpers only. The parser
builds the big fleet's Metric, Sensor and Device objects through :func:`fast_metric`,
:func:`fast_sensor` and :func:`fast_device` (the end of this module): the same objects, built
about four times faster than through the frozen dataclass ``__init__``.

The classes live in :mod:`.fleet` (the nested fleet, which the fleet cache and the tree need
first) and :mod:`.resources` (the rest), each module loaded when one of its names is first
used: building some fifty frozen dataclasses took ~28 ms of a start, and the start from the
fleet cache needs only the fleet's seven.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iottui.api.models._common import Value, highest_severity
    from iottui.api.models.fleet import (
        Contact,
        Device,
        Fleet,
        Frequency,
        Group,
        Metric,
        Sensor,
        Share,
        fast_device,
        fast_metric,
        fast_sensor,
    )
    from iottui.api.models.resources import (
        Alarm,
        AlarmCloseResult,
        AlarmDetails,
        AlarmSource,
        Assignments,
        ChangeLogEntry,
        Channel,
        ConfigurationEntry,
        ContainerOptions,
        Created,
        Dashboard,
        DataPoint,
        DataSeries,
        DeviceConfiguration,
        DeviceRef,
        DeviceSummary,
        EdgeModule,
        GroupDevice,
        GroupInfo,
        LastValues,
        License,
        MetricCount,
        MetricInfo,
        PortMapping,
        Rule,
        RuleSource,
        SensorInfo,
        SensorRef,
        Threshold,
        TimeZone,
        Topic,
        TopicChannel,
        TopicRef,
        User,
        Widget,
        WidgetAggregation,
        WidgetLayout,
        WidgetMetric,
        WidgetSensor,
        WidgetSettings,
    )

__all__ = [
    "Alarm",
    "AlarmCloseResult",
    "AlarmDetails",
    "AlarmSource",
    "Assignments",
    "ChangeLogEntry",
    "Channel",
    "ConfigurationEntry",
    "Contact",
    "ContainerOptions",
    "Created",
    "Dashboard",
    "DataPoint",
    "DataSeries",
    "Device",
    "DeviceConfiguration",
    "DeviceRef",
    "DeviceSummary",
    "EdgeModule",
    "Fleet",
    "Frequency",
    "Group",
    "GroupDevice",
    "GroupInfo",
    "LastValues",
    "License",
    "Metric",
    "MetricCount",
    "MetricInfo",
    "PortMapping",
    "Rule",
    "RuleSource",
    "Sensor",
    "SensorInfo",
    "SensorRef",
    "Share",
    "Threshold",
    "TimeZone",
    "Topic",
    "TopicChannel",
    "TopicRef",
    "User",
    "Value",
    "Widget",
    "WidgetAggregation",
    "WidgetLayout",
    "WidgetMetric",
    "WidgetSensor",
    "WidgetSettings",
    "fast_device",
    "fast_metric",
    "fast_sensor",
    "highest_severity",
]

#: Where each name lives (the module is imported when the name is first asked for).
_HOME: dict[str, str] = {
    **dict.fromkeys(("Value", "highest_severity"), "_common"),
    **dict.fromkeys(
        (
            "Contact",
            "Device",
            "Fleet",
            "Frequency",
            "Group",
            "Metric",
            "Sensor",
            "Share",
            "fast_device",
            "fast_metric",
            "fast_sensor",
        ),
        "fleet",
    ),
    **dict.fromkeys(
        (
            "Alarm",
            "AlarmCloseResult",
            "AlarmDetails",
            "AlarmSource",
            "Assignments",
            "ChangeLogEntry",
            "Channel",
            "ConfigurationEntry",
            "ContainerOptions",
            "Created",
            "Dashboard",
            "DataPoint",
            "DataSeries",
            "DeviceConfiguration",
            "DeviceRef",
            "DeviceSummary",
            "EdgeModule",
            "GroupDevice",
            "GroupInfo",
            "LastValues",
            "License",
            "MetricCount",
            "MetricInfo",
            "PortMapping",
            "Rule",
            "RuleSource",
            "SensorInfo",
            "SensorRef",
            "Threshold",
            "TimeZone",
            "Topic",
            "TopicChannel",
            "TopicRef",
            "User",
            "Widget",
            "WidgetAggregation",
            "WidgetLayout",
            "WidgetMetric",
            "WidgetSensor",
            "WidgetSettings",
        ),
        "resources",
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # the next lookup is a plain one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
