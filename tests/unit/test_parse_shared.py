"""What one fleet's parse shares: repeated texts, metrics and health flags are one object each
(the memory of a big fleet), and nothing of it is visible in the models' values."""

from __future__ import annotations

import json
import platform
import sys
from typing import Any

from iottui.api.enums import Severity
from iottui.api.models import Device, Metric, Sensor
from iottui.api.parse import decode_json, parse_data, parse_fleet
from iottui.api.parse.fleet import _SHARED
from iottui.gcpause import release_freed_memory


def metric(metric_id: str, name: str = "CPU usage", **more: Any) -> dict[str, Any]:
    return {
        "id": metric_id,
        "name": name,
        "valueType": "double",
        "valueUnit": "NoSI.Dimensionless.PERCENT",
        **more,
    }


def device(device_id: int) -> dict[str, Any]:
    sensors = [
        {
            "id": device_id * 10 + n,
            "name": "CPU",
            "scriptPath": "/opt/health/cpu.py",
            "metricsCount": 2,
            "metrics": [metric("user"), metric(f"{device_id}-{n}", "Load")],
        }
        for n in (1, 2)
    ]
    return {
        "id": device_id,
        "name": f"device {device_id}",
        "description": "Gateway",
        "version": "15.61.3",
        "state": 2,
        "systemHealthTypes": {"CPU": True, "Memory": False},
        "sensors": sensors,
    }


def body() -> bytes:
    """The answer as bytes: decoding gives every occurrence of a text its own string."""
    fleet = {"data": [{"id": 1, "name": "g", "devices": [device(1), device(2)]}], "status": "OK"}
    return json.dumps(fleet).encode()


def parsed(raw: bytes) -> tuple[list[Device], list[Sensor], list[Metric]]:
    fleet = parse_data("fleet.get", decode_json("fleet.get", raw), parse_fleet)
    devices = list(fleet.devices())
    sensors = [s for d in devices for s in d.sensors]
    return devices, sensors, [m for s in sensors for m in s.metrics]


def test_repeated_texts_metrics_and_flags_are_one_object_each() -> None:
    devices, sensors, metrics = parsed(body())
    assert len({id(d.description) for d in devices}) == 1
    assert len({id(d.version) for d in devices}) == 1
    assert len({id(d.system_health_types) for d in devices}) == 1
    assert dict(devices[0].system_health_types) == {"CPU": True, "Memory": False}
    assert len({id(s.name) for s in sensors}) == 1
    assert len({id(s.script_path) for s in sensors}) == 1
    users = [m for m in metrics if m.id == "user"]
    assert len(users) == 4
    assert len({id(m) for m in users}) == 1  # the same metric in four sensors: one object
    loads = [m for m in metrics if m.id != "user"]
    assert len({id(m) for m in loads}) == 4  # distinct ids: distinct metrics
    assert len({id(m.name) for m in loads}) == 1
    assert len({id(m.value_unit) for m in metrics}) == 1
    assert len({id(m.value_type) for m in metrics}) == 1


def test_shared_models_have_the_values_of_unshared_ones() -> None:
    devices, sensors, metrics = parsed(body())
    assert metrics[0] == Metric("user", "CPU usage", "double", "NoSI.Dimensionless.PERCENT")
    assert [m.id for m in sensors[1].metrics] == ["user", "1-2"]
    assert devices[1].name == "device 2"
    assert (devices[1].description, devices[1].version) == ("Gateway", "15.61.3")
    assert sensors[3].script_path == "/opt/health/cpu.py"


def test_a_metric_with_an_alarm_keeps_its_own() -> None:
    raw = {
        "data": [
            {
                "id": 1,
                "name": "g",
                "devices": [
                    {
                        "id": 1,
                        "name": "d",
                        "sensors": [
                            {"id": 2, "name": "s", "metrics": [metric("m"), metric("m", alarm=1)]},
                            {"id": 3, "name": "s", "metrics": [metric("m", alarm=3)]},
                        ],
                    }
                ],
            }
        ]
    }
    _, _, metrics = parsed(json.dumps(raw).encode())
    assert [m.alarm for m in metrics] == [None, Severity(1), Severity(3)]


def test_nothing_is_shared_between_parses_or_kept_after_one() -> None:
    raw = body()
    _, _, first = parsed(raw)
    _, _, second = parsed(raw)
    assert first == second
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert _SHARED.get() is None


def test_freed_memory_is_released_where_the_c_library_can() -> None:
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release_freed_memory() is glibc
