"""Fault injection: every kind, set at start and at run time through /__sim/faults."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from iottui.api import (
    APIConnectionError,
    IoTClient,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
from iottui.sim.config import FaultSpec, FaultSpecError
from iottui.sim.runner import SimServer
from tests.sim.conftest import make_config, raw


def _set(server: SimServer, **faults: float) -> None:
    with raw(server) as http:
        http.post("/__sim/faults", json={"reset": True}).raise_for_status()
        if faults:
            http.post("/__sim/faults", json=faults).raise_for_status()


def test_parse_fault_specs() -> None:
    spec = FaultSpec.parse(
        "latency=0.5, jitter=0.2,error_rate=0.05,rate_limit=20,drop_rate=0.01,malformed_rate=0.01"
    )
    assert spec == FaultSpec(0.5, 0.2, 0.05, 20, 0.01, 0.01)
    assert FaultSpec.parse("") == FaultSpec()
    assert not FaultSpec.parse("").active
    assert str(FaultSpec.parse("error-rate=0.5")) == "error_rate=0.5"
    for bad, message in (
        ("latency", "NAME=VALUE"),
        ("speed=1", "unknown fault"),
        ("latency=fast", "needs a number"),
        ("error_rate=2", "fraction"),
        ("jitter=-1", ">= 0"),
        ("latency=nan", "finite"),
        ("latency=600", "at most 60"),
    ):
        with pytest.raises(FaultSpecError, match=message):
            FaultSpec.parse(bad)


def test_control_endpoint(shared_server: SimServer) -> None:
    with raw(shared_server) as http:
        assert http.get("/__sim/faults").json()["faults"]["latency"] == 0
        assert (
            http.post("/__sim/faults", json={"latency": 0.01}).json()["faults"]["latency"] == 0.01
        )
        assert http.post("/__sim/faults", json={"spec": "error_rate=0.5"}).json()["faults"] == {
            **FaultSpec(error_rate=0.5).to_dict()
        }
        bad = http.post("/__sim/faults", json={"warp": 9})
        assert bad.status_code == 400
        assert bad.json()["error"]["code"] == "6"
        assert http.post("/__sim/faults", json={"reset": True}).json()["faults"] == (
            FaultSpec().to_dict()
        )
    with raw(shared_server, key="nope") as http:
        assert http.post("/__sim/faults", json={"reset": True}).status_code == 401


def test_latency_and_jitter(server: SimServer) -> None:
    _set(server, latency=0.3, jitter=0.1)
    with raw(server) as http:
        slowed = []
        for _ in range(3):
            began = time.perf_counter()
            assert http.get("/user").status_code == 200
            slowed.append(time.perf_counter() - began)
        # a sleep never ends early: the lower bound holds on any machine, however loaded
        assert min(slowed) >= 0.19
        began = time.perf_counter()
        http.get("/__sim/health")  # control paths are never slowed
        # relative, not an absolute bound: a loaded machine slows both paths alike
        assert time.perf_counter() - began < min(slowed)


async def test_server_errors(server: SimServer) -> None:
    _set(server, error_rate=1)
    statuses = set()
    with raw(server) as http:
        for _ in range(30):
            response = http.get("/user")
            statuses.add(response.status_code)
            assert response.json()["error"]["code"] in ("12", "13")
    assert statuses == {500, 503}
    async with IoTClient(server.url, server.api_key, max_retries=0) as client:
        with pytest.raises(ServerError):
            await client.account.user()


async def test_rate_limit_with_retry_after(server: SimServer) -> None:
    faults = server.context.faults
    real = faults.monotonic
    later = [0.0]
    faults.monotonic = lambda: real() + later[0]
    _set(server, rate_limit=5)
    with raw(server) as http:
        responses = [http.get("/user") for _ in range(12)]
    limited = [r for r in responses if r.status_code == 429]
    assert len([r for r in responses if r.status_code == 200]) == 5
    assert len(limited) == 7
    assert all(int(r.headers["Retry-After"]) >= 1 for r in limited)
    assert limited[0].json()["error"]["code"] == "10"
    async with IoTClient(server.url, server.api_key, max_retries=0) as client:

        async def burst() -> None:
            for _ in range(10):
                await client.account.user()

        with pytest.raises(RateLimitError) as info:
            await burst()
    assert info.value.retry_after is not None
    assert info.value.retry_after >= 1
    later[0] = 1.05  # a second later the window has slid past the burst: requests pass again
    with raw(server) as http:
        assert http.get("/user").status_code == 200


async def test_dropped_connections(server: SimServer) -> None:
    _set(server, drop_rate=1)
    with raw(server) as http, pytest.raises(httpx.RemoteProtocolError):
        http.get("/user")
    async with IoTClient(server.url, server.api_key, max_retries=0) as client:
        with pytest.raises(APIConnectionError):
            await client.account.user()
    _set(server)
    with raw(server) as http:  # the server is fine afterwards
        assert http.get("/user").status_code == 200


async def test_malformed_json(server: SimServer) -> None:
    _set(server, malformed_rate=1)
    with raw(server) as http:
        for _ in range(6):
            response = http.get("/user")
            assert response.status_code == 200
            with pytest.raises(ValueError):  # noqa: PT011 - json's own error
                response.json()
    async with IoTClient(server.url, server.api_key, max_retries=0) as client:
        with pytest.raises(ResponseFormatError):
            await client.account.user()


def test_faults_given_at_start() -> None:
    config = make_config(faults=FaultSpec.parse("error_rate=1"), fault_seed=1)
    with SimServer(config) as server, raw(server) as http:
        assert http.get("/user").status_code in (500, 503)
        counts = http.get("/__sim/faults").json()["counts"]
    assert counts["error"] == 1


async def test_client_retries_through_mixed_faults(server: SimServer) -> None:
    _set(server, error_rate=0.3, drop_rate=0.1, latency=0.01)

    async def no_wait(seconds: float) -> None:  # skip the client's backoff, keep the faults
        await asyncio.sleep(0)

    async with IoTClient(server.url, server.api_key, max_retries=6, sleep=no_wait) as client:
        for _ in range(10):
            assert (await client.account.user()).id == "u100000"
    with raw(server) as http:
        counts = http.get("/__sim/faults").json()["counts"]
    assert counts["error"] + counts["drop"] >= 3  # the retries were exercised, not skipped
