"""Fixtures of the client unit tests: the document's examples and a recording client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from iottui.api.client import IoTClient
from iottui.clock import FixedClock

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RESPONSES = FIXTURES / "responses"
REQUESTS = FIXTURES / "requests"

#: A distinctive key: tests assert it never shows up where it must not.
KEY = "k3y-DISTINCT-9f8e7d6c5b4a3210"
BASE_URL = "https://api.example.test"
NOW_MS = 1_700_000_000_000


def load_response(name: str) -> Any:
    return json.loads((RESPONSES / f"{name}.json").read_text(encoding="utf-8"))


def load_request(name: str) -> Any:
    return json.loads((REQUESTS / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Recorder:
    """A MockTransport handler: records requests, answers from a queue or a default."""

    responses: list[Callable[[httpx.Request], httpx.Response] | httpx.Response] = field(
        default_factory=list
    )
    default: httpx.Response | None = None
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.responses:
            item = self.responses.pop(0)
            return item(request) if callable(item) else item
        if self.default is not None:
            return self.default
        return httpx.Response(200, json={"status": "OK"})

    def reply_json(self, body: Any, status: int = 200) -> None:
        self.responses.append(httpx.Response(status, json=body))

    @property
    def last_body(self) -> Any:
        return json.loads(self.requests[-1].content)


@dataclass
class Sleeps:
    """A fake sleep that records the delays instead of waiting."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class ZeroRandom:
    def random(self) -> float:
        return 0.0


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def client(recorder: Recorder, sleeps: Sleeps) -> AsyncIterator[IoTClient]:
    async with IoTClient(
        BASE_URL,
        KEY,
        transport=httpx.MockTransport(recorder),
        sleep=sleeps,
        rng=ZeroRandom(),
        clock=FixedClock(NOW_MS),
    ) as c:
        yield c
