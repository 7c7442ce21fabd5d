"""Sensors: custom, OPC-UA and system-health creation, list, count, update, delete (12-17)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.domain.defaults import OPCUA_SCRIPT_PATH
from iottui.api.enums import SystemHealthType
from iottui.api.errors import ValidationError
from iottui.api.models import Created, Frequency, Metric, Sensor, SensorInfo
from iottui.api.parse import parse_count, parse_created, parse_sensor_infos
from iottui.api.problems import ReadList
from iottui.api.resources.base import (
    Resource,
    frequency_body,
    metric_body,
    operation,
    validating,
)
from iottui.api.validate import (
    validate_frequency,
    validate_id,
    validate_metrics,
    validate_name,
    validate_nodeids,
)


def _script_path(path: str) -> str:
    if not isinstance(path, str) or not path.strip():
        raise ValidationError(
            "script_path must be the path of the script on the device", field="script_path"
        )
    return path.strip()


class SensorsResource(Resource):
    name = "sensors"
    __slots__ = ()

    @operation("sensors.create_custom")
    async def create_custom(
        self,
        device_id: int,
        name: str,
        *,
        script_path: str,
        frequency: Frequency,
        metrics: Sequence[Metric],
        sensor_type: int | None = None,
    ) -> Created:
        """Create a custom sensor whose script prints ``{"metricId": value}`` (12)."""
        with validating("sensors.create_custom"):
            payload: dict[str, Any] = {
                "name": validate_name(name),
                "deviceId": validate_id(device_id, "device_id"),
                "scriptPath": _script_path(script_path),
                "frequency": frequency_body(validate_frequency(frequency)),
                "metrics": [metric_body(m) for m in validate_metrics(metrics)],
            }
            if sensor_type is not None:
                payload["sensorType"] = int(sensor_type)
        body = await self._post("sensors.create_custom", payload)
        return self._parse("sensors.create_custom", body, parse_created)

    @operation("sensors.create_custom")
    async def create_opcua(
        self,
        device_id: int,
        name: str,
        *,
        frequency: Frequency,
        metrics: Sequence[Metric],
        nodeids: Sequence[tuple[str, str]],
        script_path: str = OPCUA_SCRIPT_PATH,
        existing_sensors: Sequence[Sensor] | None = None,
    ) -> Created:
        """Create an OPC-UA sensor: ``nodeids`` maps node ids to the metric ids (12).

        The agent supports one OPC-UA sensor per device: pass the device's ``existing_sensors``
        (e.g. from the fleet) and the client refuses a second one before any I/O.
        """
        with validating("sensors.create_custom"):
            checked = validate_metrics(metrics)
            if existing_sensors is not None:
                for sensor in existing_sensors:
                    if sensor.is_opcua:
                        raise ValidationError(
                            f"the device already has an OPC-UA sensor ({sensor.name!r}, id "
                            f"{sensor.id}); only one OPC-UA sensor per device is supported",
                            field="device_id",
                        )
            payload: dict[str, Any] = {
                "name": validate_name(name),
                "deviceId": validate_id(device_id, "device_id"),
                "scriptPath": _script_path(script_path),
                "frequency": frequency_body(validate_frequency(frequency)),
                "metrics": [metric_body(m) for m in checked],
                "params": {"nodeids": validate_nodeids(nodeids, checked)},
            }
        body = await self._post("sensors.create_custom", payload)
        return self._parse("sensors.create_custom", body, parse_created)

    @operation("sensors.create_system_health")
    async def create_system_health(
        self,
        device_id: int,
        name: str,
        *,
        health_type: SystemHealthType | int,
        frequency: Frequency,
    ) -> Created:
        """Create a CPU (1), Memory (2) or Load (3) sensor (13)."""
        with validating("sensors.create_system_health"):
            if isinstance(health_type, bool) or not isinstance(health_type, int) or health_type < 1:
                raise ValidationError(
                    f"health_type must be 1 (CPU), 2 (Memory) or 3 (Load), got {health_type!r}",
                    field="health_type",
                )
            payload = {
                "name": validate_name(name),
                "deviceId": validate_id(device_id, "device_id"),
                "frequency": frequency_body(validate_frequency(frequency)),
                "systemHealthType": int(health_type),
            }
        body = await self._post("sensors.create_system_health", payload)
        return self._parse("sensors.create_system_health", body, parse_created)

    @operation("sensors.delete")
    async def delete(self, sensor_id: int, device_id: int) -> None:
        """Delete a sensor of a device (14)."""
        with validating("sensors.delete"):
            payload = {
                "id": validate_id(sensor_id, "sensor_id"),
                "deviceId": validate_id(device_id, "device_id"),
            }
        await self._post("sensors.delete", payload)

    @operation("sensors.list")
    async def list(self) -> ReadList[SensorInfo]:
        """Every sensor with its device (15)."""
        body = await self._get("sensors.list")
        return self._parse_list("sensors.list", body, parse_sensor_infos)

    @operation("sensors.update")
    async def update(
        self,
        sensor_id: int,
        *,
        name: str | None = None,
        frequency: Frequency | None = None,
        script_path: str | None = None,
        metrics: Sequence[Metric] | None = None,
        nodeids: Sequence[tuple[str, str]] | None = None,
    ) -> Created:
        """Change a sensor's name, frequency, script, metrics or OPC-UA node mapping (16).

        The frequency must still be at least one second.
        """
        with validating("sensors.update"):
            payload: dict[str, Any] = {"id": validate_id(sensor_id, "sensor_id")}
            if name is not None:
                payload["name"] = validate_name(name)
            if frequency is not None:
                payload["frequency"] = frequency_body(validate_frequency(frequency))
            checked = None
            if metrics is not None:
                checked = validate_metrics(metrics)
                payload["metrics"] = [metric_body(m) for m in checked]
            if script_path is not None:
                payload["scriptPath"] = _script_path(script_path)
            if nodeids is not None:
                payload["params"] = {"nodeids": validate_nodeids(nodeids, checked)}
            if len(payload) == 1:
                raise ValidationError("nothing to update", field="name")
        body = await self._post("sensors.update", payload)
        return self._parse("sensors.update", body, parse_created)

    @operation("sensors.count")
    async def count(self) -> int:
        """The number of sensors (17)."""
        body = await self._get("sensors.count")
        return self._parse("sensors.count", body, parse_count)
