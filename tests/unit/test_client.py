"""IoTClient: headers, query encoding, routes, error mapping, retries, stats and listeners."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from iottui.api import (
    AlarmStatus,
    IoTClient,
    RouteTable,
    SeriesQuery,
)
from iottui.api.client import RequestEvent, error_for_response
from iottui.api.enums import Aggregation
from iottui.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    IoTError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    ValidationError,
)
from iottui.clock import FixedClock

from .conftest import BASE_URL, KEY, NOW_MS, Recorder, Sleeps, ZeroRandom, load_response

ERROR_BODY = {"error": {"code": "11", "desc": "Warn.could not detect any correct action."}}


def make_client(recorder: Recorder, sleeps: Sleeps, **kwargs: object) -> IoTClient:
    return IoTClient(
        BASE_URL,
        KEY,
        transport=httpx.MockTransport(recorder),
        sleep=sleeps,
        rng=ZeroRandom(),
        clock=FixedClock(NOW_MS),
        **kwargs,  # type: ignore[arg-type]
    )


async def test_headers_on_get_and_post(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json(load_response("contacts.list"))
    await client.contacts.list()
    recorder.reply_json(load_response("groups.delete"))
    await client.groups.delete(5)
    get, post = recorder.requests
    for request in (get, post):
        assert request.headers["authorization"] == f"Bearer {KEY}"
        assert request.headers["accept"] == "application/json; Version=2.0.0;"
    assert (get.method, get.url.path, get.content) == ("GET", "/contacts", b"")
    assert (post.method, post.url.path) == ("POST", "/groups")
    assert json.loads(post.content) == {"action": "delete", "payload": {"id": 5}}


async def test_version_header(recorder: Recorder, sleeps: Sleeps) -> None:
    async with make_client(recorder, sleeps, version="2.1.0") as client:
        recorder.reply_json({"data": [3]})
        await client.sensors.count()
    assert recorder.requests[0].headers["accept"] == "application/json; Version=2.1.0;"


async def test_query_values_are_json_text_url_encoded(
    client: IoTClient, recorder: Recorder
) -> None:
    recorder.reply_json({"data": []})
    await client.metrics.history(
        [SeriesQuery(106624, "abc", Aggregation.MAX), SeriesQuery(5)],
        start=1574679580889,
        end=1574679640889,
        period=3600000,
    )
    url = recorder.requests[0].url
    raw = url.raw_path.decode()
    assert raw.startswith("/data?range=%5B1574679580889%2C1574679640889%5D&period=3600000")
    query = parse_qs(urlsplit(str(url)).query)
    assert json.loads(query["range"][0]) == [1574679580889, 1574679640889]
    assert query["period"] == ["3600000"]
    assert json.loads(query["metrics"][0]) == [
        {"sensorId": 106624, "metricId": "abc", "func": "MAX"},
        {"sensorId": 5},
    ]


async def test_alarms_default_range_is_last_30_days(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json({"data": []})
    await client.alarms.list(AlarmStatus.CLOSED)
    query = parse_qs(recorder.requests[0].url.query.decode())
    assert json.loads(query["range"][0]) == [NOW_MS - 30 * 86_400_000, NOW_MS]
    assert query["status"] == ["3"]


async def test_dashboard_get_sends_id(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json(load_response("dashboards.get"))
    await client.dashboards.get("5c46c87e9cd2501c5ea361b1")
    assert recorder.requests[0].url.params["id"] == "5c46c87e9cd2501c5ea361b1"


async def test_last_values_are_chunked_by_100(client: IoTClient, recorder: Recorder) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        ids = json.loads(request.url.params["sensorids"])
        return httpx.Response(
            200, json={"data": [{"sensorId": i, "timestamp": 1, "m": i} for i in ids]}
        )

    recorder.responses.extend([answer, answer, answer])
    ids = list(range(1, 251))
    values = await client.metrics.last_values([*ids, 5])  # a duplicate is asked for once
    assert [v.sensor_id for v in values] == ids
    sizes = [len(json.loads(r.url.params["sensorids"])) for r in recorder.requests]
    assert sizes == [100, 100, 50]
    assert client.stats.by_operation["metrics.last_values"] == 3
    assert await client.metrics.last_values([]) == ()
    assert len(recorder.requests) == 3


async def test_route_overrides(recorder: Recorder, sleeps: Sleeps) -> None:
    async with make_client(recorder, sleeps, routes={"fleet": "/v2/devices"}) as client:
        recorder.reply_json({"data": []})
        await client.fleet.get()
    assert recorder.requests[0].url.path == "/v2/devices"
    table = RouteTable({"groups": "/g"})
    async with make_client(recorder, sleeps, routes=table) as client:
        await client.groups.delete(1)
    assert recorder.requests[-1].url.path == "/g"


async def test_base_url_path_prefix(recorder: Recorder, sleeps: Sleeps) -> None:
    client = IoTClient(
        "https://host.example/api/", KEY, transport=httpx.MockTransport(recorder), sleep=sleeps
    )
    async with client:
        recorder.reply_json({"data": [1]})
        await client.sensors.count()
    assert str(recorder.requests[0].url) == "https://host.example/api/sensors/count"


# --- error mapping ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason", "error_type"),
    [
        (400, "NOK", BadRequestError),
        (400, "Bad Request", BadRequestError),
        (401, "Unauthorized", AuthenticationError),
        (403, "Forbidden", AuthenticationError),
        (404, "Not Found", NotFoundError),
        (409, "Conflict", BadRequestError),
        (429, "Too Many Requests", RateLimitError),
        (500, "Internal Server Error", ServerError),
        (503, "Service Unavailable", ServerError),
    ],
)
async def test_error_mapping(
    status: int, reason: str, error_type: type[APIError], recorder: Recorder, sleeps: Sleeps
) -> None:
    recorder.default = httpx.Response(
        status, json=ERROR_BODY, extensions={"reason_phrase": reason.encode()}
    )
    async with make_client(recorder, sleeps, max_retries=0) as client:
        with pytest.raises(error_type) as info:
            await client.groups.delete(29988)
    error = info.value
    assert type(error) is error_type
    assert (error.status, error.code, error.desc) == (
        status,
        "11",
        "Warn.could not detect any correct action.",
    )
    assert error.operation == "groups.delete"
    assert str(error).startswith(f"groups.delete: HTTP {status} {reason}")
    assert "Warn.could not detect any correct action." in str(error)
    if error_type is AuthenticationError:
        assert "check the key" in str(error)


async def test_error_without_body(recorder: Recorder, sleeps: Sleeps) -> None:
    recorder.default = httpx.Response(502, content=b"<html>bad gateway</html>")
    async with make_client(recorder, sleeps, max_retries=0) as client:
        with pytest.raises(ServerError) as info:
            await client.fleet.get()
    assert (info.value.status, info.value.code, info.value.desc) == (502, None, None)


async def test_rate_limit_retry_after(recorder: Recorder, sleeps: Sleeps) -> None:
    recorder.default = httpx.Response(429, json=ERROR_BODY, headers={"Retry-After": "7"})
    async with make_client(recorder, sleeps, max_retries=2) as client:
        with pytest.raises(RateLimitError) as info:
            await client.fleet.get()
    assert info.value.retry_after == 7.0
    assert sleeps.delays == [7.0, 7.0]  # honoured between the three attempts
    assert len(recorder.requests) == 3


def test_error_for_response_success_and_unknown() -> None:
    assert error_for_response("x", 200, "OK", {"data": 1}) is None
    error = error_for_response("x", 418, "", None)
    assert isinstance(error, BadRequestError)
    assert str(error) == "x: HTTP 418"


# --- retries through the client ----------------------------------------------------------------


async def test_get_retried_on_5xx_then_succeeds(recorder: Recorder, sleeps: Sleeps) -> None:
    recorder.responses = [
        httpx.Response(503),
        httpx.Response(500, json=ERROR_BODY),
        httpx.Response(200, json=load_response("sensors.count")),
    ]
    events: list[RequestEvent] = []
    async with make_client(recorder, sleeps) as client:
        client.add_listener(events.append)
        assert await client.sensors.count() == 3
    assert sleeps.delays == [0.5, 1.0]
    assert [(e.attempt, e.status) for e in events] == [(1, 503), (2, 500), (3, 200)]
    assert isinstance(events[0].error, ServerError)
    assert events[2].error is None
    assert client.stats.request_count == 3
    assert client.stats.by_operation == {"sensors.count": 3}
    assert client.stats.consecutive_failures == 0
    assert client.stats.last_ok_ms == NOW_MS


def _raiser(exc_type: type[httpx.RequestError]) -> object:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type("boom", request=request)

    return handler


@pytest.mark.parametrize(
    ("exc_type", "error_type", "post_attempts"),
    [
        (httpx.ConnectError, APIConnectionError, 3),  # never reached the server: safe to retry
        (httpx.ConnectTimeout, APITimeoutError, 3),
        (httpx.ReadTimeout, APITimeoutError, 1),  # may have been applied: never retried
        (httpx.WriteTimeout, APITimeoutError, 1),
        (httpx.ReadError, APIConnectionError, 1),
        (httpx.RemoteProtocolError, APIConnectionError, 1),
    ],
)
async def test_transport_failures(
    exc_type: type[httpx.RequestError],
    error_type: type[IoTError],
    post_attempts: int,
    recorder: Recorder,
    sleeps: Sleeps,
) -> None:
    recorder.default = None
    async with make_client(recorder, sleeps, max_retries=2) as client:
        recorder.responses = [_raiser(exc_type)] * 3  # type: ignore[list-item]
        with pytest.raises(error_type) as info:
            await client.fleet.get()
        assert len(recorder.requests) == 3  # GETs: retried every time
        assert not isinstance(info.value.__cause__, httpx.HTTPError)
        recorder.requests.clear()
        recorder.responses = [_raiser(exc_type)] * 3  # type: ignore[list-item]
        with pytest.raises(error_type):
            await client.alarms.close("a")
        assert len(recorder.requests) == post_attempts
    assert client.stats.consecutive_failures == 3 + post_attempts
    assert isinstance(client.stats.last_error, error_type)
    assert not client.stats.connected


async def test_post_not_retried_after_a_response(recorder: Recorder, sleeps: Sleeps) -> None:
    recorder.default = httpx.Response(503, json=ERROR_BODY)
    async with make_client(recorder, sleeps) as client:
        with pytest.raises(ServerError):
            await client.groups.create("g")
    assert len(recorder.requests) == 1
    assert sleeps.delays == []


async def test_post_retried_after_connect_error_then_succeeds(
    recorder: Recorder, sleeps: Sleeps
) -> None:
    recorder.responses = [
        _raiser(httpx.ConnectError),  # type: ignore[list-item]
        httpx.Response(200, json=load_response("groups.create")),
    ]
    async with make_client(recorder, sleeps) as client:
        assert (await client.groups.create("New Group")).id == 29988
    assert len(recorder.requests) == 2
    assert recorder.requests[0].content == recorder.requests[1].content


async def test_listener_errors_do_not_break_requests(client: IoTClient, recorder: Recorder) -> None:
    def bad(event: RequestEvent) -> None:
        raise RuntimeError("listener bug")

    seen: list[RequestEvent] = []
    client.add_listener(bad)
    client.add_listener(seen.append)
    recorder.reply_json({"data": [2]})
    assert await client.sensors.count() == 2
    (event,) = seen
    assert (event.operation, event.method, event.path, event.status) == (
        "sensors.count",
        "GET",
        "/sensors/count",
        200,
    )
    assert event.bytes == len(b'{"data":[2]}') or event.bytes > 0
    assert event.elapsed >= 0
    client.remove_listener(seen.append)
    recorder.reply_json({"data": [2]})
    await client.sensors.count()
    assert len(seen) == 1
    assert client.stats.bytes_received > 0
    assert client.stats.last_latency is not None


async def test_validation_happens_before_io(client: IoTClient, recorder: Recorder) -> None:
    with pytest.raises(ValidationError) as info:
        await client.groups.create("   ")
    assert info.value.field == "name"
    assert info.value.operation == "groups.create"
    assert str(info.value) == "groups.create: name: must not be empty"
    assert recorder.requests == []
    assert client.stats.request_count == 0


async def test_closed_client_refuses(recorder: Recorder, sleeps: Sleeps) -> None:
    client = make_client(recorder, sleeps)
    await client.aclose()
    await client.aclose()
    assert client.closed
    with pytest.raises(APIConnectionError):
        await client.fleet.get()


async def test_non_object_success_body_is_a_format_error(
    client: IoTClient, recorder: Recorder
) -> None:
    recorder.reply_json([1, 2, 3])
    with pytest.raises(ResponseFormatError):
        await client.fleet.get()


def test_api_package_imports_no_textual() -> None:
    code = (
        "import iottui.api, iottui.api.client, iottui.api.parse, sys; "
        "bad = [m for m in sys.modules if m.startswith(('textual', 'iottui.ui', 'iottui.sim'))]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("routes", [{"nope": "/x"}, {"fleet": "devices"}])
def test_bad_route_overrides_are_validation_errors(routes: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as info:
        IoTClient(BASE_URL, KEY, routes=routes)
    assert info.value.field == "routes"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"version": ""}, "version"),
    ],
)
def test_bad_settings(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        IoTClient(BASE_URL, KEY, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


async def test_raw_request_returns_the_body(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json(load_response("contacts.list"))
    body = await client.request("contacts.list")
    assert body["timestamp"] == 1566990110004
    with pytest.raises(ValidationError):
        await client.request("contacts.nope")
    assert client.url_for("alarms.list", {"status": 1}) == f"{BASE_URL}/alarms?status=1"


async def test_no_content_is_a_success_but_an_empty_200_is_not(
    client: IoTClient, recorder: Recorder
) -> None:
    recorder.responses.append(httpx.Response(204))
    await client.groups.delete(1)
    recorder.responses.append(httpx.Response(200, content=b""))
    with pytest.raises(ResponseFormatError):
        await client.groups.delete(1)


async def test_os_errors_from_a_transport_are_wrapped(recorder: Recorder, sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise ConnectionResetError("reset by peer")

    recorder.responses = [handler] * 3
    async with make_client(recorder, sleeps) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.fleet.get()
    assert "ConnectionResetError" in str(info.value)
    assert len(recorder.requests) == 3
