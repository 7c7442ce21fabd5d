"""The labels of the fleet tree's nodes: name, counts and alarm dot (server text escaped)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from iottui.ui.text import OFFLINE_STYLE, ONLINE_STYLE, online_count, plural, safe, severity_dot

if TYPE_CHECKING:
    from iottui.api.models import Device, Group, Metric, Sensor


def group_label(group: Group, shown: int | None = None) -> Text:
    online = online_count(group.devices)
    label = safe(group.name, "bold")
    counts = f"  {len(group.devices)} dev" + (f", {online} on" if online is not None else "")
    if shown is not None:
        counts = f"  {shown}/{len(group.devices)} match"
    label.append(counts, style="dim")
    if group.alarm is not None:
        label.append(" ")
        label.append_text(severity_dot(group.alarm))
    return label


def device_label(device: Device) -> Text:
    if device.online:
        label = Text("● ", style=ONLINE_STYLE)
    elif device.state.known:
        label = Text("○ ", style=OFFLINE_STYLE)
    else:  # a state the document does not list, or none (the fleet cache's devices)
        label = Text("· ", style=OFFLINE_STYLE)
    label.append_text(safe(device.name))
    label.append(f"  {plural(len(device.sensors) or device.sensors_count, 'sensor')}", style="dim")
    if device.alarm is not None:
        label.append(" ")
        label.append_text(severity_dot(device.alarm))
    return label


def sensor_label(sensor: Sensor) -> Text:
    label = safe(sensor.name)
    label.append(f"  {plural(len(sensor.metrics) or sensor.metrics_count, 'metric')}", style="dim")
    if sensor.alarm is not None:
        label.append(" ")
        label.append_text(severity_dot(sensor.alarm))
    return label


def metric_label(metric: Metric) -> Text:
    label = safe(metric.name)
    if metric.unit:
        label.append(" ")
        label.append_text(safe(metric.unit, "dim"))
    if metric.alarm is not None:
        label.append(" ")
        label.append_text(severity_dot(metric.alarm))
    return label
