"""The document's quirks on the wire: key casing per endpoint and numbers sent as strings."""

from __future__ import annotations

from typing import Any

from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, raw


def _get(server: SimServer, path: str, **params: Any) -> Any:
    with raw(server) as http:
        response = http.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_fleet_shape(shared_server: SimServer) -> None:
    body = _get(shared_server, "/devices")
    assert body["status"] == "OK"
    assert isinstance(body["timestamp"], int)
    group = body["data"][0]
    assert {"id", "name", "permission", "devices", "sharedWith", "contacts"} <= set(group)
    device = group["devices"][0]
    assert {
        "id",
        "buddyId",
        "name",
        "deviceType",
        "state",
        "sensorsCount",
        "metricsCount",
        "description",
        "version",
        "systemHealthTypes",
        "sensors",
    } <= set(device)
    assert isinstance(device["sensorsCount"], str)
    assert isinstance(device["metricsCount"], str)
    sensor = device["sensors"][0]
    assert {
        "id",
        "provisionedSensorId",
        "name",
        "scriptPath",
        "metricsCount",
        "frequency",
        "metrics",
    } <= set(sensor)
    assert isinstance(sensor["metricsCount"], str)
    assert {"id", "name", "valueType"} <= set(sensor["metrics"][0])
    shares = [s for g in body["data"] for s in g["sharedWith"]]
    assert shares
    for share in shares:  # "full" for full access, as in the document's example
        assert share["permission"] == "full" or share["permission"] in (1, 2, 3)


def test_flat_lists_use_lowercase_keys(shared_server: SimServer) -> None:
    device = _get(shared_server, "/devices/list")["data"][0]
    assert set(device) == {"id", "name", "devicetype", "buddyid"}
    sensor = _get(shared_server, "/sensors")["data"][0]
    assert set(sensor) == {"name", "id", "provisionedsensorid", "device"}
    metrics = _get(shared_server, "/metrics")["data"]["metrics"]
    assert {"id", "name", "valuetype", "sensor"} <= set(metrics[0])
    assert any("valueunit" in m for m in metrics)
    assert set(metrics[0]["sensor"]["device"]) == {"name", "id"}
    assert _get(shared_server, "/sensors/count")["data"] == [
        len(_get(shared_server, "/sensors")["data"])
    ]
    assert set(_get(shared_server, "/metrics/count")["data"]) == {"metrics", "deviceCount"}
    rule = _get(shared_server, "/rules")["data"][0]
    assert {"id", "name", "ruletype", "activeflag", "thresholds", "sources"} <= set(rule)
    metric_rule = next(r for r in _get(shared_server, "/rules")["data"] if r["ruletype"] == 1)
    assert {"devicename", "sensorname", "metricid", "metricname", "thingid"} == set(
        metric_rule["sources"][0]
    )
    offline_rule = next(r for r in _get(shared_server, "/rules")["data"] if r["ruletype"] == 2)
    assert set(offline_rule["sources"][0]) == {"deviceid", "devicename"}
    channel = _get(shared_server, "/channels")["data"][0]
    assert {"id", "name", "type", "activeflag", "timezone", "topicinfos", "target"} == set(channel)
    group = _get(shared_server, "/groups")["data"][0]
    assert set(group["devices"][0]) == {"id", "tvId", "name"}


def test_dashboard_and_last_values_quirks(shared_server: SimServer) -> None:
    dashboards = _get(shared_server, "/dashboards")["data"]
    assert set(dashboards[0]) == {"name", "id"}
    full = _get(shared_server, "/dashboards", id=dashboards[0]["id"])["data"]
    widget = full["widgets"][0]
    assert isinstance(widget["type"], str)
    assert isinstance(widget["layout"]["positionx"], str)
    assert isinstance(widget["layout"]["positiony"], str)
    assert widget["layout"]["widgetid"] == widget["id"]
    assert "dataperiod" in widget["settings"]
    assert {"name", "uom", "sensor", "id"} <= set(widget["metrics"][0])
    assert {"name", "beehivename", "id", "provisionedsensorid"} <= set(
        widget["metrics"][0]["sensor"]
    )
    sensor_id = _get(shared_server, "/sensors")["data"][0]["id"]
    entry = _get(shared_server, "/lastvalues", sensorids=f"[{sensor_id}]")["data"][0]
    assert entry["sensorId"] == sensor_id
    assert isinstance(entry["timestamp"], int)
    assert all(isinstance(v, str) for k, v in entry.items() if k not in ("sensorId", "timestamp"))
    series = _get(
        shared_server,
        "/data",
        range=f"[{T0 - 600_000},{T0}]",
        metrics=f'[{{"sensorId": {sensor_id}}}]',
    )["data"][0]
    assert set(series) == {"result", "metricId", "sensorId"}
    assert all(isinstance(p["value"], int | float) for p in series["result"])


def test_alarm_close_answer_is_lowercase(server: SimServer) -> None:
    with raw(server) as http:
        alarms = http.get(
            "/alarms", params={"status": 1, "range": f"[{T0 - 86_400_000},{T0}]"}
        ).json()["data"]
        if not alarms:  # make one: a rule that always matches
            sensor = http.get("/sensors").json()["data"][0]
            metric = next(
                m
                for m in http.get("/metrics").json()["data"]["metrics"]
                if m["sensor"]["id"] == sensor["id"]
            )
            http.post(
                "/rules",
                json={
                    "action": "create",
                    "payload": {
                        "name": "x",
                        "ruleType": 1,
                        "sources": [{"metricId": metric["id"], "thingId": sensor["id"]}],
                        "thresholds": [{"condition": "metric>-1e9", "severity": 2}],
                    },
                },
            )
            http.post("/__sim/clock", json={"advance": 3_600_000})
            alarms = http.get("/alarms", params={"status": 1}).json()["data"]
        answer = http.post(
            "/alarms", json={"action": "close", "payload": {"id": alarms[0]["id"]}}
        ).json()
    data = answer["data"]
    assert set(data) == {"changelog", "id", "userid", "opentime", "status"}
    assert data["status"] == 3
    assert set(data["changelog"]) == {"closetime", "userid", "prevval", "currentval", "prop"}
    assert data["changelog"]["currentval"] == "Closed By User"


def test_timestamps_where_the_document_has_them(shared_server: SimServer) -> None:
    assert "timestamp" in _get(shared_server, "/contacts")
    assert "timestamp" not in _get(shared_server, "/groups")
    with raw(shared_server) as http:
        cfg = http.get("/deviceconfigurations").json()["data"][0]
        answer = http.post(
            "/deviceconfigurations",
            json={"action": "UPDATE", "payload": {"id": cfg["id"], "name": cfg["name"]}},
        ).json()
    assert answer["data"] == {}
    assert isinstance(answer["timestamp"], int)
