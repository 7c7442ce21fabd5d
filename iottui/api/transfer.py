"""One HTTP exchange with the limits of issue 10: an overall deadline and a size cap.

The per-phase timeouts of httpx (connect, read, write, pool) cannot catch a server that sends
one byte a second, and reading an answer whole cannot stop at a size. :func:`exchange` sends
the request and reads the body streamed, under one deadline for the whole of it (connect,
headers, body), stopping as soon as the body is known to be larger than the cap: from its
``Content-Length`` before reading any of it, or when the bytes read pass the cap.

:class:`~iottui.api.client.IoTClient` calls it for every attempt; what an error becomes
(retry or not, the message) is decided there.
"""

from __future__ import annotations

import asyncio

import httpx

from iottui.api.errors import DeadlineExceededError, ResponseTooLargeError

__all__ = ["content_length", "exchange", "mib"]


async def exchange(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    operation: str,
    server: str,
    content: bytes | None,
    headers: dict[str, str] | None,
    phase_timeout: float | None,
    deadline: float,
    cap: int,
    progress: list[int],
) -> tuple[httpx.Response, bytes]:
    """Send the request and read its answer within ``deadline`` seconds and ``cap`` bytes.

    ``progress[0]`` counts the body's bytes read (decoded), also when a limit stops the
    reading, for the caller's messages and stats; ``server`` (the base URL) names the server
    in them. ``phase_timeout`` replaces the client's per-phase
    timeouts for this request.

    Raises:
        DeadlineExceededError: The whole exchange took longer than ``deadline``.
        ResponseTooLargeError: The body is larger than ``cap`` bytes.
        httpx.HTTPError, OSError: As httpx raises them (a transport's own timeout included).
    """
    overall = asyncio.timeout(deadline)
    try:
        async with overall:
            return await _read_capped(
                http, method, url, operation, content, headers, phase_timeout, cap, progress
            )
    except TimeoutError:
        if not overall.expired():  # an OSError of the transport, not the deadline
            raise
        raise _deadline_error(server, operation, method, deadline, progress[0]) from None


async def _read_capped(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    operation: str,
    content: bytes | None,
    headers: dict[str, str] | None,
    phase_timeout: float | None,
    cap: int,
    progress: list[int],
) -> tuple[httpx.Response, bytes]:
    if phase_timeout is None:
        stream = http.stream(method, url, content=content, headers=headers)
    else:
        stream = http.stream(
            method, url, content=content, headers=headers, timeout=httpx.Timeout(phase_timeout)
        )
    async with stream as response:
        announced = content_length(response.headers.get("Content-Length"))
        if announced is not None and announced > cap:
            raise _too_large(operation, announced, "announces", cap)
        chunks: list[bytes] = []
        received = 0
        async for chunk in response.aiter_bytes():
            received += len(chunk)
            progress[0] = received
            if received > cap:
                raise _too_large(operation, received, "sent more than", cap)
            chunks.append(chunk)
        return response, b"".join(chunks)


def _deadline_error(
    server: str, operation: str, method: str, limit: float, received: int
) -> DeadlineExceededError:
    return DeadlineExceededError(
        f"{server} did not complete its answer within the overall deadline "
        f"of {limit:g} s ({received} bytes received); "
        + (
            "a change may or may not have been applied"
            if method != "GET"
            else "the server may be overloaded or sending very slowly"
        ),
        operation=operation,
    )


def _too_large(operation: str, size: int, verb: str, cap: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the answer {verb} {mib(size)} ({size} bytes), more than the limit of "
        f"{mib(cap)}; reading stopped (raise max_response_bytes if this is expected)",
        limit=cap,
        received=size,
        operation=operation,
    )


def content_length(value: str | None) -> int | None:
    """A ``Content-Length`` header as an int (None when absent or not a plain number)."""
    if value is None or not value.strip().isdecimal():
        return None
    return int(value.strip())


def mib(size: int) -> str:
    """``size`` bytes in MiB, one decimal (``"256.0 MiB"``)."""
    return f"{size / (1024 * 1024):.1f} MiB"
