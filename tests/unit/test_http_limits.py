"""HTTP limits of the client: an overall deadline, a cap on the answer size, an ASCII key.

The trickling server is real (asyncio on 127.0.0.1): httpx's per-read timeout never fires
against it, only the overall deadline can. Every test is bounded by ``asyncio.timeout`` so
that a regression fails instead of hanging; none asserts on how long anything took.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest

from iottui.api import IoTClient
from iottui.api.defaults import DEFAULT_MAX_RESPONSE_BYTES
from iottui.api.errors import (
    APIKeyError,
    DeadlineExceededError,
    ResponseTooLargeError,
    ValidationError,
)

from .conftest import BASE_URL, KEY

#: Upper bound on any one test here; a hang is a failure, not a wait.
BOUND_S = 20.0


@dataclass
class Trickler:
    """A loopback HTTP server that sends its answer one byte per ``interval`` seconds."""

    interval: float
    #: "body": headers at once, then the body byte by byte; "headers": the status line too.
    mode: str = "body"
    connections: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.append(writer)
        with contextlib.suppress(ConnectionError, asyncio.CancelledError):
            await reader.readuntil(b"\r\n\r\n")
            body = b'{"data": [], "status": "OK"}' + b" " * 100_000
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
            )
            if self.mode == "body":
                writer.write(head)
                await writer.drain()
                payload = body
            else:
                payload = head + body
            for i in range(len(payload)):
                writer.write(payload[i : i + 1])
                await writer.drain()
                await asyncio.sleep(self.interval)


@contextlib.asynccontextmanager
async def trickling_server(trickler: Trickler) -> AsyncIterator[str]:
    server = await asyncio.start_server(trickler.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for writer in trickler.writers:
            writer.close()
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("mode", ["body", "headers"])
async def test_a_trickling_server_fails_at_the_overall_deadline(mode: str) -> None:
    """Regression: one body byte per interval kept the CLI waiting with no end in sight."""
    trickler = Trickler(interval=0.02, mode=mode)
    # Each byte arrives well within the per-read timeout (5 s): only the deadline can stop it.
    async with (
        asyncio.timeout(BOUND_S),
        trickling_server(trickler) as url,
        IoTClient(url, KEY, timeout=5.0, deadline=0.5) as client,
    ):
        with pytest.raises(DeadlineExceededError) as info:
            await client.fleet.get()
    message = str(info.value)
    assert "overall deadline of 0.5 s" in message
    assert message.startswith("fleet.get: ")
    assert trickler.connections == 1  # not retried: the same server would trickle again
    assert client.stats.last_error is info.value


async def test_the_deadline_can_be_tightened_per_call() -> None:
    trickler = Trickler(interval=0.02)
    async with (
        asyncio.timeout(BOUND_S),
        trickling_server(trickler) as url,
        IoTClient(url, KEY, timeout=5.0, deadline=60.0) as client,
    ):
        with client.options(deadline=0.3), pytest.raises(DeadlineExceededError) as info:
            await client.fleet.get()
    assert "0.3 s" in str(info.value)


def _endless(chunk: bytes, pulled: list[int]) -> AsyncIterator[bytes]:
    async def generate() -> AsyncIterator[bytes]:
        while True:  # a 4 GB answer, or worse: never ends
            pulled[0] += 1
            yield chunk

    return generate()


async def test_an_oversized_answer_stops_reading_at_the_limit() -> None:
    """Regression: a 4 GB answer was buffered whole (4.2 GB RSS)."""
    chunk = b" " * (64 * 1024)
    pulled = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=_endless(chunk, pulled))

    limit = 1024 * 1024
    transport = httpx.MockTransport(handler)
    async with asyncio.timeout(BOUND_S):
        async with IoTClient(
            BASE_URL, KEY, transport=transport, max_response_bytes=limit
        ) as client:
            with pytest.raises(ResponseTooLargeError) as info:
                await client.fleet.get()
    # Streamed: it read one chunk past the limit, no more (memory stays about the limit).
    assert pulled[0] == limit // len(chunk) + 1
    assert info.value.limit == limit
    assert info.value.received == limit + len(chunk)
    assert "more than the limit of 1.0 MiB" in str(info.value)
    assert client.stats.request_count == 1  # not retried


async def test_an_announced_oversized_answer_is_refused_before_reading() -> None:
    pulled = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Length": str(4 * 1024**3)}
        return httpx.Response(200, headers=headers, content=_endless(b"x" * 1024, pulled))

    async with IoTClient(
        BASE_URL, KEY, transport=httpx.MockTransport(handler), max_response_bytes=1024
    ) as client:
        with pytest.raises(ResponseTooLargeError) as info:
            await client.fleet.get()
    assert pulled[0] == 0
    assert "announces 4096.0 MiB" in str(info.value)


async def test_an_answer_at_the_limit_is_read() -> None:
    body = b'{"data": [], "status": "OK"}'

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body)

    async with IoTClient(
        BASE_URL, KEY, transport=httpx.MockTransport(handler), max_response_bytes=len(body)
    ) as client:
        fleet = await client.fleet.get()
    assert fleet.groups == ()
    assert client.stats.bytes_received == len(body)


def test_the_default_limit_holds_a_10000_device_fleet_with_room() -> None:
    """The benchmark's 10,000-device fleet (20 metrics each) is about 35 MB."""
    assert DEFAULT_MAX_RESPONSE_BYTES >= 5 * 35_000_000


@pytest.mark.parametrize("key", ["clé-1234", "key\u00a0with-nbsp", "“quoted-key”", "ключ"])
def test_a_non_ascii_key_is_a_clear_config_error(key: str) -> None:
    """Regression: the header encoding failed inside httpx, an "internal error" (exit 1)."""
    with pytest.raises(APIKeyError) as info:
        IoTClient(BASE_URL, key)
    assert isinstance(info.value, ValidationError)  # the CLI maps these to exit 2
    assert info.value.field == "api_key"
    assert "non-ASCII" in str(info.value)
    assert key not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field_name"),
    [
        ({"deadline": 0}, "deadline"),
        ({"deadline": float("nan")}, "deadline"),
        ({"deadline": float("inf")}, "deadline"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"max_response_bytes": True}, "max_response_bytes"),
    ],
)
def test_limits_are_validated(kwargs: dict[str, float], field_name: str) -> None:
    with pytest.raises(ValidationError) as info:
        IoTClient(BASE_URL, KEY, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field_name
