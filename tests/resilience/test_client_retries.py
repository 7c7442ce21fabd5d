"""Client-level resilience: what is retried, how long it waits, and what is never retried.

Driven through ``httpx.MockTransport`` so every failure mode is exact: a 429 with
``Retry-After``, 5xx bursts, read timeouts, dropped connections, connect errors. The client's
``sleep`` is a recorder, so the waits it chose are asserted without waiting.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from iottui.api.client import IoTClient, RequestEvent
from iottui.api.errors import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)

KEY = "resilience-key-abcdef0123456789"
FLEET_OK = {"data": [], "status": "OK"}
CLOSE_OK = {
    "data": {
        "changelog": {"closetime": 2, "prevval": "Open", "currentval": "Closed By User"},
        "id": "745ea3cb-fc67-49ec-9352-287f072c9f10",
        "opentime": 1,
        "status": 3,
    },
    "status": "OK",
}
ALARM_ID = "745ea3cb-fc67-49ec-9352-287f072c9f10"

Step = Callable[[httpx.Request], httpx.Response]


def _respond(status: int, body: object = None, headers: dict[str, str] | None = None) -> Step:
    def step(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return step


def _raise(exc_type: type[httpx.RequestError]) -> Step:
    def step(request: httpx.Request) -> httpx.Response:
        raise exc_type("injected", request=request)

    return step


class Script:
    """A transport that answers the n-th request with the n-th step (the last one repeats)."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []
        self.events: list[RequestEvent] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        return step(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def client(self, max_retries: int = 2) -> IoTClient:
        client = IoTClient(
            "http://127.0.0.1:9",
            KEY,
            transport=httpx.MockTransport(self.handler),
            max_retries=max_retries,
            sleep=self.sleep,
            timeout=1.0,
        )
        client.add_listener(self.events.append)
        return client


async def test_get_honours_retry_after_on_429_then_succeeds() -> None:
    script = Script(
        _respond(429, {"error": {"code": "429"}}, {"Retry-After": "3"}), _respond(200, FLEET_OK)
    )
    async with script.client() as client:
        fleet = await client.fleet.get()
    assert fleet.groups == ()
    assert len(script.requests) == 2
    assert script.sleeps == [3.0]
    assert [e.attempt for e in script.events] == [1, 2]
    assert script.events[0].status == 429


async def test_get_429_burst_exhausts_retries_and_reports_retry_after() -> None:
    script = Script(_respond(429, {"error": {"code": "429"}}, {"Retry-After": "2"}))
    async with script.client(max_retries=2) as client:
        with pytest.raises(RateLimitError) as info:
            await client.fleet.get()
    assert info.value.retry_after == 2.0
    assert len(script.requests) == 3
    assert script.sleeps == [2.0, 2.0]
    assert KEY not in str(info.value)


async def test_get_retries_5xx_with_growing_capped_backoff() -> None:
    script = Script(_respond(500), _respond(503), _respond(200, FLEET_OK))
    async with script.client(max_retries=2) as client:
        await client.fleet.get()
    assert len(script.requests) == 3
    assert len(script.sleeps) == 2
    assert all(0 < s <= 8.0 for s in script.sleeps)
    assert client.stats.consecutive_failures == 0
    assert client.stats.last_error is None


async def test_get_5xx_for_good_is_a_server_error_after_the_retries() -> None:
    script = Script(_respond(503, {"error": {"code": "1", "desc": "down"}}))
    async with script.client(max_retries=1) as client:
        with pytest.raises(ServerError):
            await client.fleet.get()
    assert len(script.requests) == 2
    assert client.stats.consecutive_failures == 2
    assert isinstance(client.stats.last_error, ServerError)


async def test_get_is_retried_after_a_read_timeout() -> None:
    script = Script(_raise(httpx.ReadTimeout), _respond(200, FLEET_OK))
    async with script.client() as client:
        await client.fleet.get()
    assert len(script.requests) == 2


async def test_get_is_retried_after_a_dropped_connection() -> None:
    script = Script(_raise(httpx.RemoteProtocolError), _respond(200, FLEET_OK))
    async with script.client() as client:
        await client.fleet.get()
    assert len(script.requests) == 2


async def test_post_is_never_retried_after_a_timeout() -> None:
    """A close that timed out may have been applied: it must be reported, not repeated."""
    script = Script(_raise(httpx.ReadTimeout), _respond(200, CLOSE_OK))
    async with script.client(max_retries=3) as client:
        with pytest.raises(APITimeoutError) as info:
            await client.alarms.close(ALARM_ID)
    assert len(script.requests) == 1
    assert script.sleeps == []
    assert "may or may not" in str(info.value)


async def test_post_is_never_retried_after_a_dropped_connection() -> None:
    script = Script(_raise(httpx.RemoteProtocolError), _respond(200, CLOSE_OK))
    async with script.client(max_retries=3) as client:
        with pytest.raises(APIConnectionError):
            await client.alarms.close(ALARM_ID)
    assert len(script.requests) == 1


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_post_is_never_retried_after_a_response(status: int) -> None:
    script = Script(
        _respond(status, {"error": {"code": "1"}}, {"Retry-After": "1"}), _respond(200, CLOSE_OK)
    )
    async with script.client(max_retries=3) as client:
        with pytest.raises((RateLimitError, ServerError)):
            await client.alarms.close(ALARM_ID)
    assert len(script.requests) == 1


async def test_post_is_retried_when_it_provably_never_left() -> None:
    script = Script(_raise(httpx.ConnectError), _respond(200, CLOSE_OK))
    async with script.client(max_retries=2) as client:
        result = await client.alarms.close(ALARM_ID)
    assert result.id == ALARM_ID
    assert len(script.requests) == 2


async def test_retry_after_beyond_the_cap_is_capped() -> None:
    script = Script(_respond(429, None, {"Retry-After": "86400"}), _respond(200, FLEET_OK))
    async with script.client() as client:
        await client.fleet.get()
    assert script.sleeps == [30.0]
