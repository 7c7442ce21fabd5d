"""The async client of the TeamViewer IoT Cloud API v2.0.0.

:class:`IoTClient` owns one ``httpx.AsyncClient``. Every request carries
``Authorization: Bearer <key>`` and ``Accept: application/json; Version=<version>;``. Reads are
GETs with query parameters (arrays and objects JSON-encoded by :mod:`iottui.api.encoding`),
changes are POSTs of ``{"action": ..., "payload": ...}``. Paths come from a
:class:`~iottui.api.routes.RouteTable`. Errors are mapped in ONE place
(:mod:`iottui.api.error_map`: :func:`error_for_response`, :func:`error_for_exception`) onto
the :mod:`iottui.api.errors` hierarchy; retries follow the pure policy of
:mod:`iottui.api.retry`; each attempt is one :func:`iottui.api.transfer.exchange` (an overall
deadline and a size cap).

The API key is kept in one private attribute and the request headers. It never appears in
``repr``/``str``, in log records (headers are never logged) or in error messages (server
texts are scrubbed of it too).

>>> async def main() -> None:  # doctest: +SKIP
...     async with IoTClient("https://api.teamviewer-iot.com", key) as client:
...         fleet = await client.fleet.get()
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, Self

import httpx

from iottui.api.defaults import (
    DEFAULT_API_VERSION,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    USER_AGENT,
)
from iottui.api.encoding import encode_query
from iottui.api.error_map import error_for_exception, error_for_response
from iottui.api.errors import (
    APIConnectionError,
    APIError,
    APIKeyError,
    DeadlineExceededError,
    InsecureURLError,
    IoTError,
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
    ServerError,
    ValidationError,
)
from iottui.api.parse import decode_json
from iottui.api.resources import (
    AccountResource,
    AlarmsResource,
    ChannelsResource,
    ContactsResource,
    DashboardsResource,
    DeviceConfigsResource,
    DevicesResource,
    EdgeModulesResource,
    FleetResource,
    GroupsResource,
    MetricsResource,
    RulesResource,
    SensorsResource,
    TopicsResource,
    WidgetsResource,
)
from iottui.api.retry import Outcome, Random, parse_retry_after, retry_delay, should_retry
from iottui.api.routes import OPERATIONS_BY_ID, RouteError, RouteTable
from iottui.api.transfer import exchange
from iottui.api.urls import is_loopback_host
from iottui.clock import Clock, SystemClock

__all__ = [
    "ClientStats",
    "IoTClient",
    "RequestEvent",
    "RequestOptions",
    "error_for_exception",
    "error_for_response",
    "is_loopback_host",
]

logger = logging.getLogger("iottui.api")

_NO_PAYLOAD: Final = object()


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """Per-call overrides of the client's timeout, retries and overall deadline.

    See :meth:`IoTClient.options`.
    """

    timeout: float
    max_retries: int
    deadline: float = DEFAULT_DEADLINE


@dataclass(frozen=True, slots=True)
class RequestEvent:
    """One HTTP attempt, as reported to listeners (the UI's status line, tests, benchmarks).

    Attributes:
        operation: The operation id (``"fleet.get"``).
        method: ``GET`` or ``POST``.
        path: The URL path requested (without query).
        status: The HTTP status, or None when no response arrived.
        elapsed: Seconds from sending to the end of the response (or the failure).
        attempt: 1 for the first attempt, 2 for the first retry, ...
        error: The error this attempt ended with, if any.
        bytes: Bytes of the response body received.
    """

    operation: str
    method: str
    path: str
    status: int | None
    elapsed: float
    attempt: int
    error: IoTError | None
    bytes: int


@dataclass(slots=True)
class ClientStats:
    """Counters of the requests a client made (every attempt counts, retries included).

    ``consecutive_failures`` counts attempts in a row that found the server unreachable or
    unhealthy (connection errors, timeouts, 429, 5xx, malformed bodies); an answer about the
    request itself (400, 401/403, 404) or a success resets it. ``last_error`` is the error of the
    last attempt (None after a success).
    """

    request_count: int = 0
    bytes_received: int = 0
    last_latency: float | None = None
    last_error: IoTError | None = None
    last_ok_ms: int | None = None
    consecutive_failures: int = 0
    by_operation: dict[str, int] = field(default_factory=dict)

    @property
    def connected(self) -> bool:
        """True once a request succeeded and none has failed to reach the server since."""
        return self.last_ok_ms is not None and self.consecutive_failures == 0


def _check_base_url(base_url: str) -> str:
    if not isinstance(base_url, str) or not base_url.strip():
        raise ValidationError("base_url must be an http(s) URL", field="base_url")
    try:
        url = httpx.URL(base_url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise ValidationError(f"base_url is not a valid URL: {exc}", field="base_url") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValidationError(
            f"base_url must start with https:// (or http:// for a loopback simulator), "
            f"got {base_url!r}",
            field="base_url",
        )
    if url.userinfo:
        raise ValidationError("base_url must not contain credentials", field="base_url")
    if url.query or url.fragment:
        raise ValidationError("base_url must not have a query or fragment", field="base_url")
    if url.scheme == "http" and not is_loopback_host(url.host):
        raise InsecureURLError(
            f"refusing http://{url.host}: the API key would travel in clear text. Use https://, "
            "or http:// only for a loopback host (127.0.0.1, ::1, localhost)"
        )
    return str(url).rstrip("/")


def _check_key(api_key: str) -> str:
    """The key to send, stripped; :class:`APIKeyError` (never showing the key) if unusable."""
    if not isinstance(api_key, str) or not api_key.strip():
        raise APIKeyError("the API key is empty", field="api_key")
    if not api_key.isascii():
        position = next(i for i, c in enumerate(api_key) if not c.isascii()) + 1
        raise APIKeyError(
            f"the API key contains a non-ASCII character (character {position} of "
            f"{len(api_key)}); API keys are ASCII, so it was probably mistyped or pasted with "
            "typographic quotes or spaces",
            field="api_key",
        )
    if not api_key.isprintable():
        raise APIKeyError("the API key contains control characters", field="api_key")
    return api_key.strip()


def _ssl_verify(verify: bool | str, base_url: str) -> bool | ssl.SSLContext:
    if verify is True and base_url.startswith("http://"):
        # Plain http (loopback only, see _check_base_url) never uses TLS: skip loading the
        # system's CA bundle (~50-90 ms at start). Should anything still ask for TLS, this
        # context verifies as strictly as ever and trusts nothing.
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if verify is True:
        return True
    if verify is False:
        logger.warning("TLS certificate verification is disabled for this client")
        return False
    try:
        return ssl.create_default_context(cafile=verify)
    except (OSError, ssl.SSLError) as exc:
        raise ValidationError(
            f"cannot load the CA bundle {verify!r}: {exc}", field="verify"
        ) from None


_HEALTH_ERRORS = (
    APIConnectionError,
    ServerError,
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
)


class IoTClient:
    """The async API client: ``async with IoTClient(url, key) as client: ...``.

    Args:
        base_url: ``https://api.teamviewer-iot.com`` (a path prefix is allowed). ``http://``
            only for loopback hosts, else :class:`InsecureURLError`.
        api_key: The API key. Never shown in repr, logs or errors.
        version: The API version for the ``Accept`` header.
        timeout: Seconds for each of connect/read/write/pool.
        deadline: Seconds one whole request may take (connect, headers, the entire body);
            a server trickling its answer fails with :class:`DeadlineExceededError`.
        max_response_bytes: The largest answer read (after content decoding); a bigger one
            stops reading with :class:`ResponseTooLargeError`. The default holds a
            10,000-device fleet nine times over.
        max_retries: Retries after the first attempt (see :mod:`iottui.api.retry`).
        transport: An httpx transport (``MockTransport``, ``ASGITransport``) for tests/demo.
        routes: A RouteTable, or a mapping of path overrides.
        verify: True (system CAs), a CA bundle path, or False (warned).
        sleep: Awaitable sleep used between retries (tests pass a fake).
        rng: Random source for retry jitter.
        clock: Clock for ``stats.last_ok_ms``.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        version: str = DEFAULT_API_VERSION,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_retries: int = DEFAULT_MAX_RETRIES,
        transport: httpx.AsyncBaseTransport | None = None,
        routes: RouteTable | Mapping[str, str] | None = None,
        verify: bool | str = True,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: Random | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.base_url: str = _check_base_url(base_url)
        key = _check_key(api_key)
        if not isinstance(version, str) or not version.strip() or ";" in version:
            raise ValidationError("version must be like 2.0.0", field="version")
        if not timeout > 0:
            raise ValidationError("timeout must be positive", field="timeout")
        if not deadline > 0 or deadline == float("inf"):
            raise ValidationError("deadline must be a positive number of seconds", field="deadline")
        if (
            isinstance(max_response_bytes, bool)
            or not isinstance(max_response_bytes, int)
            or max_response_bytes <= 0
        ):
            raise ValidationError(
                "max_response_bytes must be a positive integer", field="max_response_bytes"
            )
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError("max_retries must be a non-negative integer", field="max_retries")
        self.version = version.strip()
        self.timeout = float(timeout)
        self.deadline = float(deadline)
        self.max_response_bytes = max_response_bytes
        self.max_retries = max_retries
        try:
            self.routes: RouteTable = (
                routes if isinstance(routes, RouteTable) else RouteTable(routes)
            )
        except RouteError as exc:
            raise ValidationError(str(exc), field="routes") from None
        self.stats = ClientStats()
        self._key = key
        self._sleep = sleep or asyncio.sleep
        self._rng: Random = rng or random.Random()
        self._clock: Clock = clock or SystemClock()
        self._listeners: list[Callable[[RequestEvent], None]] = []
        self._closed = False
        #: overrides set by :meth:`options`, per asyncio task (a ContextVar per client)
        self._options: ContextVar[RequestOptions | None] = ContextVar(
            f"iottui_request_options_{id(self)}", default=None
        )
        headers = {
            "Authorization": f"Bearer {key}",
            "Accept": f"application/json; Version={self.version};",
            "User-Agent": USER_AGENT,
        }
        self._http = httpx.AsyncClient(
            headers=headers,
            timeout=httpx.Timeout(self.timeout),
            transport=transport,
            verify=_ssl_verify(verify, self.base_url) if transport is None else True,
            follow_redirects=False,
        )
        self.account = AccountResource(self)
        self.fleet = FleetResource(self)
        self.devices = DevicesResource(self)
        self.groups = GroupsResource(self)
        self.sensors = SensorsResource(self)
        self.metrics = MetricsResource(self)
        self.rules = RulesResource(self)
        self.alarms = AlarmsResource(self)
        self.topics = TopicsResource(self)
        self.channels = ChannelsResource(self)
        self.dashboards = DashboardsResource(self)
        self.widgets = WidgetsResource(self)
        self.deviceconfigs = DeviceConfigsResource(self)
        self.contacts = ContactsResource(self)
        self.edgemodules = EdgeModulesResource(self)

    # --- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections. Safe to call twice."""
        if not self._closed:
            self._closed = True
            await self._http.aclose()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def clock(self) -> Clock:
        """The clock used for ``stats.last_ok_ms`` and default time ranges (alarms)."""
        return self._clock

    def __repr__(self) -> str:
        return f"IoTClient(base_url={self.base_url!r}, version={self.version!r})"

    __str__ = __repr__

    # --- listeners ---------------------------------------------------------------------------

    def add_listener(self, callback: Callable[[RequestEvent], None]) -> None:
        """Call ``callback(event)`` after every HTTP attempt (exceptions in it are logged)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[RequestEvent], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    # --- requests ----------------------------------------------------------------------------

    @contextmanager
    def options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> Iterator[RequestOptions]:
        """Override the timeout, retries and/or overall deadline of the requests made inside.

        The override applies to the current asyncio task only (requests made concurrently by
        other tasks keep the client's settings) and can only tighten them: the effective
        values are ``min(timeout, client.timeout)``, ``min(max_retries, client.max_retries)``
        and ``min(deadline, client.deadline)``. ``timeout`` bounds each phase (connect, each
        read); ``deadline`` the whole request, body included. A background refresh uses it to
        fail fast, also against a server that trickles; writes keep the full timeout::

            with client.options(timeout=5.0, max_retries=1, deadline=15.0):
                values = await client.metrics.last_values(ids)
        """
        if timeout is not None and not timeout > 0:
            raise ValidationError("timeout must be positive", field="timeout")
        if deadline is not None and not deadline > 0:
            raise ValidationError("deadline must be positive", field="deadline")
        if max_retries is not None and (
            isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0
        ):
            raise ValidationError("max_retries must be a non-negative integer", field="max_retries")
        current = self._effective()
        chosen = RequestOptions(
            timeout=min(current.timeout, float(timeout))
            if timeout is not None
            else current.timeout,
            max_retries=(
                min(current.max_retries, max_retries)
                if max_retries is not None
                else current.max_retries
            ),
            deadline=min(current.deadline, float(deadline))
            if deadline is not None
            else current.deadline,
        )
        token = self._options.set(chosen)
        try:
            yield chosen
        finally:
            self._options.reset(token)

    def _effective(self) -> RequestOptions:
        """The timeout and retries in force for a request made now (from this task)."""
        override = self._options.get()
        if override is not None:
            return override
        return RequestOptions(self.timeout, self.max_retries, self.deadline)

    def url_for(self, operation: str, params: Mapping[str, object] | None = None) -> str:
        """The full URL of an operation (with its encoded query)."""
        _, path = self.routes.for_operation(operation)
        query = encode_query(params) if params else ""
        return self.base_url + path + (f"?{query}" if query else "")

    async def request(
        self,
        operation: str,
        *,
        params: Mapping[str, object] | None = None,
        payload: Any = _NO_PAYLOAD,
    ) -> Any:
        """Perform one operation and return its decoded JSON success body.

        GET operations send ``params`` in the query; POST operations send
        ``{"action": <the operation's action>, "payload": payload}`` (``payload`` left out when
        not given). Raises an :class:`IoTError` subclass on any failure.
        """
        if self._closed:
            raise APIConnectionError("the client is closed", operation=operation)
        op = OPERATIONS_BY_ID.get(operation)
        if op is None:
            raise ValidationError(f"unknown operation {operation!r}", field="operation")
        path = self.routes.path(op.route)
        url = self.url_for(operation, params if op.method == "GET" else None)
        content: bytes | None = None
        headers: dict[str, str] | None = None
        if op.method == "POST":
            body: dict[str, Any] = {"action": op.action}
            if payload is not _NO_PAYLOAD:
                body["payload"] = payload
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
            headers = {"Content-Type": "application/json"}
        override = self._options.get()
        options = override or RequestOptions(self.timeout, self.max_retries, self.deadline)
        attempt = 0
        while True:
            attempt += 1
            result, error, outcome, retry_after = await self._attempt(
                operation,
                op.method,
                path,
                url,
                content,
                headers,
                attempt,
                options.timeout if override is not None else None,
                options.deadline,
            )
            if error is None:
                return result
            if outcome is not None and should_retry(
                op.method, attempt, outcome, max_retries=options.max_retries
            ):
                delay = retry_delay(attempt, retry_after, self._rng)
                logger.info(
                    "%s: attempt %d failed (%s); retrying in %.2f s",
                    operation,
                    attempt,
                    type(error).__name__,
                    delay,
                )
                await self._sleep(delay)
                continue
            raise error

    async def _attempt(
        self,
        operation: str,
        method: str,
        path: str,
        url: str,
        content: bytes | None,
        headers: dict[str, str] | None,
        attempt: int,
        request_timeout: float | None = None,
        deadline: float | None = None,
    ) -> tuple[Any, IoTError | None, Outcome | None, float | None]:
        started = time.perf_counter()
        status: int | None = None
        # Bytes of the body read so far, also when the deadline or the size limit stops it.
        progress = [0]
        result: Any = None
        error: IoTError | None = None
        outcome: Outcome | None = None
        retry_after: float | None = None
        try:
            response, raw = await exchange(
                self._http,
                method,
                url,
                operation=operation,
                server=self.base_url,
                content=content,
                headers=headers,
                phase_timeout=request_timeout,
                deadline=self.deadline if deadline is None else deadline,
                cap=self.max_response_bytes,
                progress=progress,
            )
        except (DeadlineExceededError, ResponseTooLargeError) as exc:
            error, outcome = exc, Outcome("limit")
        except (httpx.HTTPError, OSError) as exc:
            error, outcome = error_for_exception(
                operation, exc, self.base_url, request_timeout or self.timeout
            )
        else:
            status = response.status_code
            outcome = Outcome.response(status)
            retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time())
            result, error = self._interpret(
                operation, status, response.reason_phrase, raw, retry_after
            )
        elapsed = time.perf_counter() - started
        self._record(operation, method, path, status, elapsed, attempt, error, progress[0])
        return result, error, outcome, retry_after

    def _interpret(
        self, operation: str, status: int, reason: str, raw: bytes, retry_after: float | None
    ) -> tuple[Any, IoTError | None]:
        body: Any = None
        if status == 204 and not raw.strip():
            body = {}  # No Content: a success without a body
        elif 200 <= status < 300:
            try:
                body = decode_json(operation, raw)
            except ResponseFormatError as exc:
                return None, exc
        elif raw:
            try:
                body = json.loads(raw)
            except (ValueError, UnicodeDecodeError, RecursionError):
                body = None
        error = error_for_response(operation, status, reason, body, retry_after=retry_after)
        if error is not None:
            self._scrub(error)
            return None, error
        if type(body) is not dict:
            return None, ResponseFormatError(
                "(body): expected a JSON object", operation=operation, field="(body)"
            )
        return body, None

    def _scrub(self, error: IoTError) -> None:
        """Remove the key from server-provided text (a server echoing headers must not leak it)."""
        key = self._key
        if key in error.message:
            error.message = error.message.replace(key, "***")
            error.args = (error.message,)
        if isinstance(error, APIError) and error.desc and key in error.desc:
            error.desc = error.desc.replace(key, "***")

    def _record(
        self,
        operation: str,
        method: str,
        path: str,
        status: int | None,
        elapsed: float,
        attempt: int,
        error: IoTError | None,
        received: int,
    ) -> None:
        stats = self.stats
        stats.request_count += 1
        stats.by_operation[operation] = stats.by_operation.get(operation, 0) + 1
        stats.bytes_received += received
        stats.last_latency = elapsed
        stats.last_error = error
        if error is None:
            stats.last_ok_ms = self._clock.now_ms()
            stats.consecutive_failures = 0
        elif isinstance(error, _HEALTH_ERRORS):
            stats.consecutive_failures += 1
        else:
            stats.consecutive_failures = 0
        logger.debug(
            "%s %s %s -> %s in %.3f s (attempt %d, %d bytes)%s",
            operation,
            method,
            path,
            status if status is not None else "no response",
            elapsed,
            attempt,
            received,
            f": {type(error).__name__}" if error else "",
        )
        if not self._listeners:
            return
        event = RequestEvent(operation, method, path, status, elapsed, attempt, error, received)
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:
                logger.exception("request listener %r failed", callback)
