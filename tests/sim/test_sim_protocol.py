"""The wire protocol: auth, methods, actions, bodies and the error shape, over real HTTP."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from iottui.api import AuthenticationError, IoTClient, NotFoundError
from iottui.api.routes import DEFAULT_PATHS, OPERATIONS, RouteTable
from iottui.sim.errors import ErrorKind
from iottui.sim.handlers import ROUTES
from iottui.sim.runner import SimServer
from tests.sim.conftest import KEY, make_config, raw


def _error(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "desc"}
    assert isinstance(body["error"]["code"], str)
    return body["error"]  # type: ignore[no-any-return]


def test_every_operation_has_a_handler() -> None:
    for op in OPERATIONS:
        spec = ROUTES[op.route]
        if op.method == "GET":
            assert spec.get is not None, op.id
        else:
            assert op.action in spec.post, op.id


def test_each_operation_is_answered_by_the_handler_module_of_its_resource() -> None:
    """One vocabulary: ``groups.share`` is answered from ``sim/handlers/groups.py``."""
    for op in OPERATIONS:
        spec = ROUTES[op.route]
        handler = spec.get if op.method == "GET" else spec.post[str(op.action)].handler
        assert handler is not None, op.id
        assert handler.__module__ == f"iottui.sim.handlers.{op.resource}", op.id


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + KEY, "Bearer", KEY])
def test_missing_or_wrong_key_is_401(shared_server: SimServer, header: str | None) -> None:
    with raw(shared_server, key=None) as http:
        headers = {"Authorization": header} if header else {}
        for path in DEFAULT_PATHS.values():
            response = http.get(path, headers=headers)
            assert response.status_code == 401, path
            assert _error(response)["code"] == ErrorKind.UNAUTHORIZED.code


async def test_client_maps_wrong_key_to_authentication_error(shared_server: SimServer) -> None:
    async with IoTClient(shared_server.url, "not-the-key", max_retries=0) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.fleet.get()
    assert info.value.status == 401
    assert info.value.code == "1"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_post(shared_server: SimServer, method: str) -> None:
    with raw(shared_server) as http:
        response = http.request(method, "/groups")
    assert response.status_code == 405
    assert _error(response)["code"] == ErrorKind.METHOD_NOT_ALLOWED.code


def test_get_only_route_refuses_post(shared_server: SimServer) -> None:
    with raw(shared_server) as http:
        response = http.post("/devices", json={"action": "create"})
    assert response.status_code == 405


def test_unknown_action_is_the_documented_error(shared_server: SimServer) -> None:
    with raw(shared_server) as http:
        for body in (
            {"action": "explode", "payload": {}},
            {"payload": {"name": "x"}},
            {"action": 5},
        ):
            response = http.post("/groups", json=body)
            assert response.status_code == 400
            assert response.json() == {
                "error": {"code": "11", "desc": "Warn.could not detect any correct action."}
            }


def test_action_is_case_insensitive_and_flat_bodies_work(server: SimServer) -> None:
    with raw(server) as http:
        created = http.post("/dashboards", json={"action": "CREATE", "payload": {"name": "A"}})
        assert created.status_code == 200
        assert created.json()["status"] == "OK"
        flat = http.post("/dashboards", json={"action": "create", "name": "My Dashboard"})
        assert flat.json()["data"]["name"] == "My Dashboard"
        names = [d["name"] for d in http.get("/dashboards").json()["data"]]
    assert {"A", "My Dashboard"} <= set(names)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", ErrorKind.MALFORMED_JSON.code),
        (b"[1, 2]", ErrorKind.MALFORMED_JSON.code),
        (b"\xff\xfe", ErrorKind.MALFORMED_JSON.code),
        (b"[" * 100_000, ErrorKind.MALFORMED_JSON.code),
        (json.dumps({"action": "create", "payload": {}}).encode(), ErrorKind.MISSING_FIELD.code),
        (
            json.dumps({"action": "create", "payload": {"name": 5}}).encode(),
            ErrorKind.INVALID_VALUE.code,
        ),
        (
            json.dumps({"action": "create", "payload": {"name": "x", "colour": "red"}}).encode(),
            ErrorKind.INVALID_VALUE.code,
        ),
        (json.dumps({"action": "create", "payload": [1]}).encode(), ErrorKind.INVALID_VALUE.code),
        (
            json.dumps({"action": "create", "payload": {"name": "x"}, "extra": 1}).encode(),
            ErrorKind.INVALID_VALUE.code,
        ),
        (
            json.dumps({"action": "delete", "payload": {"id": 999}}).encode(),
            ErrorKind.UNKNOWN_ID.code,
        ),
    ],
)
def test_bad_bodies_get_the_error_shape(
    shared_server: SimServer, body: bytes, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="iottui.sim"), raw(shared_server) as http:
        response = http.post("/groups", content=body, headers={"Content-Type": "application/json"})
    assert _error(response)["code"] == code
    assert response.status_code in (400, 404)
    assert any("/groups" in r.getMessage() for r in caplog.records)


def test_huge_body_is_413(shared_server: SimServer) -> None:
    big = json.dumps({"action": "create", "payload": {"name": "x" * (2 * 1024 * 1024)}})
    with raw(shared_server) as http:
        response = http.post("/groups", content=big.encode())
        assert response.status_code == 413
        assert _error(response)["code"] == ErrorKind.BODY_TOO_LARGE.code

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while streaming
            for _ in range(40):
                yield b"x" * 65536

        streamed = http.post("/groups", content=chunks())
        assert streamed.status_code == 413
        assert http.get("/__sim/health").json()["status"] == "OK"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/data", {"range": "[1,", "metrics": "[]"}),
        ("/data", {"range": "[5, 1]", "metrics": '[{"sensorId": 1}]'}),
        ("/data", {"range": '["a", 2]', "metrics": '[{"sensorId": 1}]'}),
        ("/data", {"range": "[1, 2]", "metrics": '{"sensorId": 1}'}),
        ("/data", {"range": "[1, 2]", "metrics": '[{"sensorId": 1, "func": "MEDIAN"}]'}),
        ("/data", {"range": "[1, 2]", "period": "soon", "metrics": '[{"sensorId": 1}]'}),
        ("/lastvalues", {"sensorids": "1,2"}),
        ("/lastvalues", {"sensorids": "[]"}),
        ("/lastvalues", {"sensorids": json.dumps(list(range(101)))}),
        ("/lastvalues", {}),
        ("/alarms", {"status": "1", "range": "yesterday"}),
        ("/alarms", {"status": "2"}),
    ],
)
def test_garbage_queries_are_400(
    shared_server: SimServer, path: str, params: dict[str, str]
) -> None:
    with raw(shared_server) as http:
        response = http.get(path, params=params)
    assert response.status_code == 400
    assert _error(response)["code"] in (ErrorKind.BAD_QUERY.code, ErrorKind.INVALID_VALUE.code)


def test_unknown_path_is_404_with_error_shape(shared_server: SimServer) -> None:
    with raw(shared_server) as http:
        response = http.get("/no/such/thing")
    assert response.status_code == 404
    assert _error(response)["code"] == ErrorKind.NO_SUCH_PATH.code


async def test_unknown_id_maps_to_not_found(shared_client: IoTClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await shared_client.dashboards.get("000000000000000000000000")
    assert info.value.code == ErrorKind.UNKNOWN_ID.code


async def test_route_overrides_apply_to_both_ends() -> None:
    routes = RouteTable({"fleet": "/v2/fleet", "lastvalues": "/v2/last"})
    with SimServer(make_config(routes=routes)) as server, raw(server) as http:
        assert http.get("/devices").status_code == 404
        assert http.get("/v2/fleet").status_code == 200
        async with IoTClient(server.url, server.api_key, routes=routes, max_retries=0) as c:
            fleet = await c.fleet.get()
            sensor = next(iter(fleet.devices())).sensors[0]
            values = await c.metrics.last_values([sensor.id])
    assert values[0].sensor_id == sensor.id


def test_health_needs_no_key_but_control_does(shared_server: SimServer) -> None:
    with raw(shared_server, key=None) as http:
        assert http.get("/__sim/health").json()["devices"] == 24
        assert http.get("/__sim/faults").status_code == 401
        assert http.post("/__sim/clock", json={"advance": 1}).status_code == 401
