"""Fault injection for testing clients: latency, 500/503, 429, dropped connections, bad JSON.

:class:`FaultInjector` holds the current :class:`~iottui.sim.config.FaultSpec` (changeable at
run time through ``/__sim/faults``) and makes the random choices; :class:`FaultMiddleware` is
the ASGI middleware that applies them to every API request (``/__sim/`` paths are exempt, so a
test can always switch faults off again).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from iottui.sim.config import FaultSpec
from iottui.sim.errors import ErrorKind, error_body

log = logging.getLogger("iottui.sim.faults")

CONTROL_PREFIX = "/__sim"


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one request."""

    delay: float = 0.0
    action: str | None = None  # None | "ratelimit" | "drop" | "error" | "malformed"
    status: int = 0
    retry_after: int = 0


class FaultInjector:
    """The current faults and the random choices made from them."""

    def __init__(
        self,
        spec: FaultSpec,
        seed: int | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec = spec
        #: Seconds for the rate limit's sliding one-second window (tests move it on).
        self.monotonic = monotonic
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._window: deque[float] = deque()
        self.counts: dict[str, int] = {"ratelimit": 0, "drop": 0, "error": 0, "malformed": 0}

    def set(self, spec: FaultSpec) -> None:
        with self._lock:
            self.spec = spec
            self._window.clear()

    def decide(self) -> Decision:
        with self._lock:
            spec = self.spec
            if not spec.active:
                return Decision()
            rng = self._rng
            if spec.rate_limit > 0:
                now = self.monotonic()
                while self._window and now - self._window[0] >= 1.0:
                    self._window.popleft()
                if len(self._window) >= spec.rate_limit:
                    wait = 1.0 - (now - self._window[0])
                    self.counts["ratelimit"] += 1
                    return Decision(
                        action="ratelimit", status=429, retry_after=max(1, math.ceil(wait))
                    )
                self._window.append(now)
            delay = spec.latency
            if spec.jitter:
                delay += rng.uniform(-spec.jitter, spec.jitter)
            delay = max(0.0, delay)
            roll = rng.random()
            if roll < spec.drop_rate:
                self.counts["drop"] += 1
                return Decision(delay, "drop")
            roll -= spec.drop_rate
            if roll < spec.error_rate:
                self.counts["error"] += 1
                return Decision(delay, "error", rng.choice((500, 503)))
            roll -= spec.error_rate
            if roll < spec.malformed_rate:
                self.counts["malformed"] += 1
                return Decision(delay, "malformed")
            return Decision(delay)

    def corrupt(self, body: bytes) -> bytes:
        """A malformed version of a JSON body: truncated, or broken syntax."""
        with self._lock:
            choice = self._rng.random()
        if choice < 0.5 and len(body) > 2:
            return body[: max(1, len(body) // 2)]
        return b'{"data": [{"id": 1,, "status": "OK"' + b"\x00"


class FaultMiddleware:
    """Applies the injector's decisions to HTTP requests outside ``/__sim/``."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        decision = self.injector.decide()
        if decision.action == "ratelimit":
            log.info("fault: 429 for %s %s", scope.get("method"), scope.get("path"))
            await _send_error(
                send,
                ErrorKind.RATE_LIMITED,
                "Too many requests.",
                [(b"retry-after", str(decision.retry_after).encode())],
            )
            return
        if decision.delay > 0:
            await asyncio.sleep(decision.delay)
        if decision.action == "drop":
            log.info(
                "fault: dropping the connection of %s %s", scope.get("method"), scope.get("path")
            )
            await _drop(receive, send)
            return
        if decision.action == "error":
            kind = ErrorKind.INTERNAL if decision.status == 500 else ErrorKind.UNAVAILABLE
            log.info("fault: %d for %s %s", decision.status, scope.get("method"), scope.get("path"))
            desc = "Internal server error." if decision.status == 500 else "Service unavailable."
            await _send_error(send, kind, desc, [])
            return
        if decision.action == "malformed":
            await self._malformed(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _malformed(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        if start is None:
            return
        body = self.injector.corrupt(b"".join(chunks))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        log.info("fault: malformed JSON for %s %s", scope.get("method"), scope.get("path"))
        await send({"type": "http.response.start", "status": start["status"], "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _send_error(
    send: Send, kind: ErrorKind, desc: str, extra: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps(error_body(kind, desc)).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": kind.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drop(receive: Receive, send: Send) -> None:
    """Close the connection without any answer.

    Under uvicorn the ``receive`` callable is bound to the request cycle, which knows the
    socket transport: closing it sends nothing at all. Elsewhere (an in-process transport) the
    best we can do is start an answer and abort it.
    """
    cycle: Any = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is not None and hasattr(cycle, "disconnected"):
        cycle.disconnected = True
        transport.close()
        return
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]}
    )
    raise ConnectionAbortedError("fault: connection dropped")
