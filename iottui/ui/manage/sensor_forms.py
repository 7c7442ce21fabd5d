"""Sensor forms: custom, system health (CPU/Memory/Load) and OPC-UA; create and update."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from rich.text import Text
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select

from iottui.api.domain import frequency_problems
from iottui.api.domain import parse_nodeids as domain_parse_nodeids
from iottui.api.enums import SystemHealthType
from iottui.api.models import Device, Frequency, Sensor
from iottui.ui.manage.common import clean
from iottui.ui.manage.form import FormScreen, name_error
from iottui.ui.manage.metric_rows import MetricRows

SensorKind = Literal["custom", "health", "opcua"]
_FREQ_UNITS = ["seconds", "minutes"]


def parse_nodeids(nodeids: str | None) -> dict[str, str]:
    """``"'ns=1;s=A' temp 'ns=1;s=B' vel"`` -> ``{"temp": "ns=1;s=A", "vel": "ns=1;s=B"}``
    (the domain's reading; text it cannot read pre-fills nothing)."""
    pairs, _problems = domain_parse_nodeids(nodeids or "")
    return {metric: node for node, metric in pairs}


def field_problems(name: str, frequency: Frequency | None) -> dict[str, str]:
    """The name's and the frequency's problems by the domain rules, by form field."""
    errors: dict[str, str] = {}
    if error := name_error(name):
        errors["name"] = error
    if frequency is None:
        errors["frequency"] = "A whole number of at least 1 (second or minute)."
    elif problems := frequency_problems(frequency.type, frequency.value):
        errors["frequency"] = f"The frequency {problems[0].message}."
    return errors


def sensor_kind(sensor: Sensor) -> SensorKind:
    if sensor.system_health_type is not None:
        return "health"
    return "opcua" if sensor.is_opcua else "custom"


class SensorForm(FormScreen[Any]):
    """Create or update a sensor of one kind on one device."""

    def __init__(self, kind: SensorKind, device: Device, sensor: Sensor | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.device = device
        self.sensor = sensor
        noun = {
            "custom": "custom sensor",
            "health": "system-health sensor",
            "opcua": "OPC-UA sensor",
        }
        where = f"on {clean(device.name)!r}"
        if sensor is None:
            self.title_text = f"New {noun[kind]} {where}"
            self.save_label = "Create"
            self.what = f"the new {noun[kind]}"
        else:
            self.title_text = f"Edit {noun[kind]} {clean(sensor.name)!r} {where}"
            self.what = f"the change to sensor {clean(sensor.name)!r}"

    def compose_fields(self) -> Iterator[Widget]:
        s = self.sensor
        default_name = {"custom": "", "health": "CPU", "opcua": "OPC-UA"}[self.kind]
        yield from self.field(
            "Name", Input(clean(s.name) if s else default_name, id="name"), "name"
        )
        if self.kind == "health" and s is None:
            types = [(Text(t.label), int(t)) for t in SystemHealthType]
            select: Select[int] = Select(types, value=1, allow_blank=False, id="health-type")
            yield from self.field("Measures", select, "health-type")
        if self.kind == "custom":
            path = clean(s.script_path) if s else ""
            yield from self.field(
                'Script path on the device (prints {"metricId": value})',
                Input(path, placeholder="/home/pi/sensors/read.py", id="script-path"),
                "script-path",
            )
        freq = s.frequency if s and s.frequency else Frequency("seconds", 10)
        unit = freq.type.lower() if freq.type.lower() in _FREQ_UNITS else "seconds"
        row = Horizontal(
            Input(str(freq.value), id="frequency", type="integer"),
            Select(
                [(Text(u), u) for u in _FREQ_UNITS],
                value=unit,
                allow_blank=False,
                id="frequency-unit",
            ),
            classes="row",
        )
        yield from self.field("Frequency (every …)", row, "frequency")
        if self.kind in ("custom", "opcua"):
            metrics = list(s.metrics) if s else None
            nodes = parse_nodeids(s.nodeids) if s else None
            heading = "Metrics: " + ("node id, " if self.kind == "opcua" else "")
            heading += "id, name, value type, unit or custom unit"
            yield from self.field(
                heading,
                MetricRows(metrics, nodes, opcua=self.kind == "opcua", id="rows"),
                "metrics",
            )

    # --- reading ------------------------------------------------------------------------------

    def frequency(self) -> Frequency | None:
        try:
            value = int(self.typed("frequency"))
        except ValueError:
            return None
        unit = self.query_one("#frequency-unit", Select).value
        return Frequency(unit if isinstance(unit, str) else "seconds", value)

    def check(self) -> dict[str, str]:
        errors: dict[str, str] = field_problems(self.typed("name"), self.frequency())
        if self.kind == "custom":
            path = self.typed("script-path")
            if not path:
                errors["script-path"] = "The path of the script the agent runs is required."
            elif not re.match(r"^(/|~/|[A-Za-z]:\\)", path):
                errors["script-path"] = "Give an absolute path on the device, e.g. /home/pi/x.py"
        if self.kind in ("custom", "opcua"):
            rows = self.query_one("#rows", MetricRows).problems()
            if rows:
                errors["metrics"] = "\n".join(rows)
        if self.kind == "opcua" and self.sensor is None:
            existing = [x for x in self.device.sensors if x.is_opcua]
            if existing:
                errors["name"] = (
                    f"{clean(self.device.name)!r} already has an OPC-UA sensor "
                    f"({clean(existing[0].name)!r}); only one per device is supported."
                )
        if self.kind == "health" and self.sensor is None:
            chosen = SystemHealthType(int(self.query_one("#health-type", Select).value))  # type: ignore[arg-type]
            if any(x.system_health_type == chosen for x in self.device.sensors):
                errors["health-type"] = (
                    f"{clean(self.device.name)!r} already measures {chosen.label}."
                )
        return errors

    async def submit(self) -> Any:
        sensors = self.client.sensors
        name = self.typed("name")
        freq = self.frequency()
        assert freq is not None
        rows = self.query_one("#rows", MetricRows).read() if self.kind != "health" else []
        metrics = [r.metric for r in rows]
        nodeids = [(r.node_id, r.metric.id) for r in rows]
        if self.sensor is not None:
            sid = self.sensor.id
            if self.kind == "health":
                return await sensors.update(sid, name=name, frequency=freq)
            if self.kind == "opcua":
                return await sensors.update(
                    sid, name=name, frequency=freq, metrics=metrics, nodeids=nodeids
                )
            return await sensors.update(
                sid,
                name=name,
                frequency=freq,
                script_path=self.typed("script-path"),
                metrics=metrics,
            )
        did = self.device.id
        if self.kind == "health":
            health = SystemHealthType(int(self.query_one("#health-type", Select).value))  # type: ignore[arg-type]
            return await sensors.create_system_health(did, name, health_type=health, frequency=freq)
        if self.kind == "opcua":
            return await sensors.create_opcua(
                did, name, frequency=freq, metrics=metrics, nodeids=nodeids
            )
        return await sensors.create_custom(
            did, name, script_path=self.typed("script-path"), frequency=freq, metrics=metrics
        )

    def success_message(self, result: Any) -> str:
        verb = "created" if self.sensor is None else "updated"
        return f"Sensor {self.typed('name')!r} {verb} on {clean(self.device.name)!r}."
