"""IoTClient.options: a per-task override of the timeout and retries (background refreshes
fail fast; writes and other tasks keep the client's settings)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iottui.api import IoTClient
from iottui.api.errors import APITimeoutError, ServerError, ValidationError
from iottui.clock import FixedClock

from .conftest import BASE_URL, KEY, NOW_MS, Recorder, Sleeps, ZeroRandom, load_response


def make_client(handler: object, sleeps: Sleeps) -> IoTClient:
    return IoTClient(
        BASE_URL,
        KEY,
        timeout=10.0,
        max_retries=2,
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        sleep=sleeps,
        rng=ZeroRandom(),
        clock=FixedClock(NOW_MS),
    )


def read_timeout(request: httpx.Request) -> float:
    timeouts = request.extensions["timeout"]
    return float(timeouts["read"])


async def test_override_sets_timeout_and_retries(recorder: Recorder, sleeps: Sleeps) -> None:
    recorder.responses = [httpx.Response(503), httpx.Response(503), httpx.Response(503)]
    async with make_client(recorder, sleeps) as client:
        with client.options(timeout=5.0, max_retries=1) as chosen:
            assert (chosen.timeout, chosen.max_retries) == (5.0, 1)
            with pytest.raises(ServerError):
                await client.sensors.count()
        assert len(recorder.requests) == 2, "one retry only"
        assert [read_timeout(r) for r in recorder.requests] == [5.0, 5.0]
        # outside the block: the client's own settings again
        recorder.requests.clear()
        recorder.responses = [httpx.Response(503), httpx.Response(503), httpx.Response(503)]
        with pytest.raises(ServerError):
            await client.sensors.count()
        assert len(recorder.requests) == 3
        assert [read_timeout(r) for r in recorder.requests] == [10.0] * 3


async def test_override_only_tightens_and_validates(recorder: Recorder, sleeps: Sleeps) -> None:
    async with make_client(recorder, sleeps) as client:
        with client.options(timeout=60.0, max_retries=5) as chosen:
            assert (chosen.timeout, chosen.max_retries) == (10.0, 2)
            with client.options(timeout=3.0) as inner:
                assert (inner.timeout, inner.max_retries) == (3.0, 2)
        for bad in ({"timeout": 0.0}, {"timeout": -1.0}, {"max_retries": -1}):
            with pytest.raises(ValidationError), client.options(**bad):
                pass


async def test_override_is_per_task(recorder: Recorder, sleeps: Sleeps) -> None:
    recorder.reply_json(load_response("sensors.count"))
    recorder.reply_json(load_response("sensors.count"))
    async with make_client(recorder, sleeps) as client:
        started = asyncio.Event()
        release = asyncio.Event()

        async def background() -> None:
            with client.options(timeout=2.0, max_retries=0):
                started.set()
                await release.wait()
                await client.sensors.count()

        task = asyncio.create_task(background())
        await started.wait()
        await client.sensors.count()  # another task (a write, say) while the override is on
        release.set()
        await task
    assert [read_timeout(r) for r in recorder.requests] == [10.0, 2.0]


async def test_timeout_error_names_the_override(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with make_client(handler, sleeps) as client:
        with client.options(timeout=4.0, max_retries=0), pytest.raises(APITimeoutError) as info:
            await client.sensors.count()
    assert "within 4 s" in str(info.value)
