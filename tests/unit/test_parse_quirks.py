"""The parser's tolerance of every quirk in the API document's examples, and its strictness
about the rest."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iottui.api import (
    AlarmStatus,
    DeviceState,
    IoTClient,
    Permission,
    Severity,
    WidgetType,
)
from iottui.api.errors import BadRequestError, ResponseFormatError
from iottui.api.parse import (
    decode_json,
    parse_alarms,
    parse_dashboard,
    parse_data,
    parse_device_configurations,
    parse_edge_modules,
    parse_fleet,
    parse_group_infos,
    parse_last_values,
    parse_metric_count,
    parse_rules,
)
from iottui.api.problems import NO_ID, MissingIdError, has_id, require_id

from .conftest import Recorder, load_response


def fleet_body(device: dict[str, Any]) -> dict[str, Any]:
    return {"data": [{"id": 1, "name": "g", "devices": [device]}], "status": "OK"}


def parse_fleet_body(body: Any) -> Any:
    return parse_data("fleet.get", body, parse_fleet)


def test_keys_are_case_insensitive() -> None:
    upper = {
        "ID": "7",
        "NAME": "dev",
        "BUDDYID": "3",
        "DeviceType": 1,
        "STATE": "2",
        "Sensors": [
            {
                "Id": 5,
                "ProvisionedSensorId": "p",
                "METRICS": [{"ID": "m", "VALUETYPE": "string", "ValueUnit": "SI.Power.WATT"}],
            }
        ],
    }
    fleet = parse_fleet_body(fleet_body(upper))
    device = fleet.groups[0].devices[0]
    assert (device.id, device.buddy_id, device.name) == (7, 3, "dev")
    assert device.state is DeviceState.ONLINE
    sensor = device.sensors[0]
    assert sensor.provisioned_sensor_id == "p"
    assert (sensor.metrics[0].value_type, sensor.metrics[0].unit) == ("string", "W")
    assert device.extra == {}


def test_numbers_as_strings_and_floats() -> None:
    device = {"id": 2.0, "name": "d", "sensorsCount": " 12 ", "metricsCount": "3", "alarm": "4"}
    parsed = parse_fleet_body(fleet_body(device)).groups[0].devices[0]
    assert (parsed.id, parsed.sensors_count, parsed.metrics_count) == (2, 12, 3)
    assert parsed.alarm is Severity.WARNING


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ("full", Permission.FULL_ACCESS),
        ("FULL", Permission.FULL_ACCESS),
        ("read only", Permission.READ_ONLY),
        ("2", Permission.READ_WRITE),
        (3, Permission.OWNED),
        (4, Permission.FULL_ACCESS),
    ],
)
def test_permissions(sent: object, expected: Permission) -> None:
    body = {"data": [{"id": 1, "name": "g", "permission": sent, "sharedWith": []}]}
    (group,) = parse_data("groups.list", body, parse_group_infos)
    assert group.permission is expected


def test_unknown_enum_values_are_kept() -> None:
    body = {
        "data": [
            {"id": "a", "severity": 9, "status": "7", "type": 5, "openTime": 1, "source": None}
        ]
    }
    (alarm,) = parse_data("alarms.list", body, parse_alarms)
    assert alarm.severity.name == "UNKNOWN_9"
    assert int(alarm.severity) == 9
    assert not alarm.severity.known
    assert int(alarm.status) == 7
    assert alarm.status is not AlarmStatus.OPEN
    assert int(alarm.type) == 5


def test_extra_fields_are_kept_under_their_original_keys() -> None:
    body = {
        "data": [{"id": "r", "name": "n", "ruletype": 1, "NewField": {"x": 1}, "thresholds": []}]
    }
    (rule,) = parse_data("rules.list", body, parse_rules)
    assert dict(rule.extra) == {"NewField": {"x": 1}}
    with pytest.raises(TypeError):
        rule.extra["y"] = 2  # type: ignore[index]


def test_an_item_without_an_id_is_kept_and_cannot_be_written() -> None:
    device_ok = {"id": 1, "name": "a"}
    body = {"data": [{"id": 1, "name": "g", "devices": [device_ok, device_ok, {"name": "no id"}]}]}
    fleet = parse_fleet_body(body)
    devices = fleet.groups[0].devices
    assert [(d.id, d.name) for d in devices] == [(1, "a"), (1, "a"), (NO_ID, "no id")]
    assert fleet.problems == ()
    assert not has_id(devices[2])
    with pytest.raises(MissingIdError, match="without an id"):
        require_id(devices[2])
    assert require_id(devices[0]) == 1


def test_wrong_type_names_the_field_and_keeps_the_rest() -> None:
    body = fleet_body({"id": 1, "name": "d", "sensors": [{"id": "five", "name": "s"}]})
    (sensor,) = parse_fleet_body(body).groups[0].devices[0].sensors
    assert (sensor.id, sensor.name) == (NO_ID, "s")  # an unreadable id reads as none
    body = fleet_body({"id": 1, "name": "d", "sensors": {"id": 5}})
    fleet = parse_fleet_body(body)
    assert [d.name for d in fleet.groups[0].devices] == ["d"]
    assert fleet.groups[0].devices[0].sensors == ()
    assert [str(p) for p in fleet.problems] == [
        "data[0].devices[0].sensors: expected an array, got an object"
    ]


def test_missing_data_is_a_format_error() -> None:
    with pytest.raises(ResponseFormatError) as info:
        parse_fleet_body({"status": "OK"})
    assert info.value.field == "data"
    with pytest.raises(ResponseFormatError):
        parse_fleet_body([1, 2])


def test_device_id_meanings_differ_between_fleet_and_groups() -> None:
    fleet = parse_fleet_body(load_response("fleet.get"))
    device = fleet.groups[0].devices[0]
    assert device.id == 2000000472  # TeamViewer ID
    assert device.buddy_id == 9135  # per-user id
    groups = parse_data("groups.list", load_response("groups.list"), parse_group_infos)
    gdev = groups[1].devices[0]
    assert gdev.id == 5439  # per-user id
    assert gdev.tv_id == 2000001130  # TeamViewer ID


def test_last_values_dynamic_keys_keep_their_casing() -> None:
    body = {"data": [{"Temp": 1.5, "SENSORID": "9", "TimeStamp": "12", "ok": True, "s": "x"}]}
    (lv,) = parse_data("metrics.last_values", body, parse_last_values)
    assert (lv.sensor_id, lv.timestamp) == (9, 12)
    assert dict(lv.values) == {"Temp": 1.5, "ok": True, "s": "x"}
    (no_id,) = parse_data("metrics.last_values", {"data": [{"temp": 1}]}, parse_last_values)
    assert (no_id.sensor_id, dict(no_id.values)) == (NO_ID, {"temp": 1})


def test_edge_module_flat_or_nested() -> None:
    flat = {"id": "a", "name": "flat", "accessType": "private", "dockerImageName": "img1"}
    nested = {
        "id": "b",
        "name": "nested",
        "repository": {"accessType": "public", "dockerImageName": "img2"},
    }
    named = {"edgeModuleId": "c", "moduleName": "by module name", "dockerimagename": "img3"}
    a, b, c = parse_data("edgemodules.list", {"data": [flat, nested, named]}, parse_edge_modules)
    assert (a.access_type, a.docker_image_name) == ("private", "img1")
    assert (b.access_type, b.docker_image_name) == ("public", "img2")
    assert (c.id, c.name, c.docker_image_name, c.access_type) == (
        "c",
        "by module name",
        "img3",
        "public",
    )


def test_device_configuration_with_flat_modules_and_id_lists() -> None:
    body = {
        "data": [
            {
                "id": "x",
                "name": "c",
                "configuration": [{"key": "edge-module", "value": ["m1", "m2"], "enforce": "true"}],
                "assignments": {"deviceIds": [123, "456"], "groupIds": ["7"]},
            }
        ]
    }
    (config,) = parse_data("deviceconfigs.list", body, parse_device_configurations)
    assert config.edge_module_ids == ("m1", "m2")
    assert config.configuration[0].enforce is True
    assert config.assignments.devices == ("123", "456")
    assert config.assignments.groups == ("7",)


def test_metric_count_forms() -> None:
    assert parse_metric_count({"metrics": [30]}, "data").metrics == 30
    assert parse_metric_count([12], "data").metrics == 12
    assert parse_metric_count({"deviceCount": "3", "metrics": []}, "data").device_count == 3


def test_widget_type_as_string_and_id_from_layout() -> None:
    dash = parse_dashboard(
        {
            "id": "d",
            "name": "n",
            "widgets": [
                {
                    "name": "w",
                    "type": "11",
                    "layout": {"widgetid": "w1"},
                    "metrics": [{"id": "m", "sensor": {"id": "5"}}],
                }
            ],
        },
        "data",
    )
    (widget,) = dash.widgets
    assert (widget.id, widget.type) == ("w1", WidgetType.STATUS_INDICATOR)
    assert widget.metrics[0].sensor.id == 5


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b'{"data": [1, 2', b"<html>502 Bad Gateway</html>", b"\xff\xfe"],
)
def test_non_json_is_a_format_error(content: bytes) -> None:
    with pytest.raises(ResponseFormatError) as info:
        decode_json("fleet.get", content)
    assert info.value.operation == "fleet.get"
    assert "not valid JSON" in str(info.value)


async def test_success_bodies_with_and_without_data(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json({"status": "OK"})
    await client.groups.delete(1)
    recorder.reply_json({})
    await client.groups.delete(1)
    recorder.reply_json({"data": {"id": "x"}})  # no status, no timestamp
    assert (await client.topics.create("t")).id == "x"


async def test_error_on_status_200(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json({"error": {"code": 7, "desc": "nope"}, "status": "NOK"})
    with pytest.raises(BadRequestError) as info:
        await client.groups.list()
    assert (info.value.status, info.value.code, info.value.desc) == (200, "7", "nope")


async def test_truncated_body_through_the_client(client: IoTClient, recorder: Recorder) -> None:
    text = json.dumps(load_response("fleet.get"))
    import httpx

    recorder.responses.append(httpx.Response(200, content=text[: len(text) // 2].encode()))
    with pytest.raises(ResponseFormatError) as info:
        await client.fleet.get()
    assert str(info.value).startswith("fleet.get: response body is not valid JSON")


def _recase(value: Any, flip: list[bool], dynamic: bool = False) -> Any:
    """Change the case of every key (not of dynamic keys such as systemHealthTypes names)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            new_key = key
            if not dynamic:
                flip.append(not flip[-1] if flip else True)
                new_key = key.upper() if flip[-1] else key.lower()
            out[new_key] = _recase(item, flip, dynamic=key == "systemHealthTypes")
        return out
    if isinstance(value, list):
        return [_recase(item, flip) for item in value]
    return value


def _stringify_numbers(value: Any, key: str = "") -> Any:
    """Numbers as strings, as the document sometimes sends them (ids stay numbers)."""
    if isinstance(value, dict):
        return {k: _stringify_numbers(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_numbers(v) for v in value]
    if type(value) is int and key in {"alarm", "metricsCount", "sensorsCount", "state", "value"}:
        return str(value)
    return value


def test_fast_and_tolerant_paths_agree() -> None:
    body = load_response("fleet.get")
    canonical = parse_fleet_body(body)
    assert parse_fleet_body(_recase(body, [])) == canonical
    assert parse_fleet_body(_recase(body, [False])) == canonical
    assert parse_fleet_body(_stringify_numbers(body)) == canonical


def test_fast_path_falls_back_on_odd_values() -> None:
    metric: dict[str, Any] = {"id": 7, "name": None, "valueType": "double", "alarm": " 3 "}
    sensor: dict[str, Any] = {
        "id": "5",
        "name": "s",
        "metrics": [metric],
        "params": {"nodeids": "'ns=1;s=A' 7"},
    }
    fleet = parse_fleet_body(fleet_body({"id": 1, "name": "d", "sensors": [sensor]}))
    parsed_sensor = fleet.groups[0].devices[0].sensors[0]
    assert parsed_sensor.id == 5
    assert parsed_sensor.nodeids == "'ns=1;s=A' 7"
    assert parsed_sensor.is_opcua
    (parsed_metric,) = parsed_sensor.metrics
    assert (parsed_metric.id, parsed_metric.name, parsed_metric.alarm) == ("7", "", Severity.MINOR)
    bad: dict[str, Any] = {"id": "m", "alarm": True}
    good: dict[str, Any] = {"id": "n", "name": "kept"}
    two: dict[str, Any] = {"id": 1, "metrics": [bad, good]}
    fleet = parse_fleet_body(fleet_body({"id": 1, "sensors": [two]}))
    assert [p.path for p in fleet.problems] == ["data[0].devices[0].sensors[0].metrics[0].alarm"]
    assert [m.id for m in fleet.groups[0].devices[0].sensors[0].metrics] == ["n"]


def test_device_fast_path_falls_back_on_odd_values() -> None:
    device = {
        "id": 9,
        "name": "d",
        "deviceType": 7,
        "state": "2",
        "systemHealthTypes": {"CPU": "true", "Memory": 0},
        "sensorsCount": "x",
    }
    fleet = parse_fleet_body(fleet_body(device))
    assert fleet.groups[0].devices == ()
    assert [p.path for p in fleet.problems] == ["data[0].devices[0].sensorsCount"]
    device["sensorsCount"] = "2"
    parsed = parse_fleet_body(fleet_body(device)).groups[0].devices[0]
    assert parsed.device_type.name == "UNKNOWN_7"
    assert parsed.state is DeviceState.ONLINE
    assert dict(parsed.system_health_types) == {"CPU": True, "Memory": False}
    assert parsed.sensors_count == 2
    assert parsed.metrics_count == 0


def test_garbage_collector_is_restored_after_parsing() -> None:
    import gc

    assert gc.isenabled()
    parse_fleet_body(load_response("fleet.get"))
    assert gc.isenabled()
    with pytest.raises(ResponseFormatError):
        parse_fleet_body({"data": {"name": "not a list"}})
    assert gc.isenabled()
