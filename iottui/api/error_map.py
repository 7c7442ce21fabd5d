"""The one place where HTTP answers and transport failures become client errors.

:func:`error_for_response` reads the server's ``{"error": {"code", "desc"}}`` on any status;
:func:`error_for_exception` maps an httpx or socket exception onto the
:mod:`iottui.api.errors` hierarchy with the retry :class:`~iottui.api.retry.Outcome` it means
(not sent, timed out, lost on the network). :class:`~iottui.api.client.IoTClient` calls both.
"""

from __future__ import annotations

from typing import Any

import httpx

from iottui.api.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    IoTError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from iottui.api.retry import Outcome

__all__ = ["error_for_exception", "error_for_response"]


def _error_fields(body: Any) -> tuple[str | None, str | None] | None:
    """``(code, desc)`` of an ``{"error": {...}}`` body (keys case-insensitive), else None."""
    if type(body) is not dict:
        return None
    error = next((v for k, v in body.items() if k.lower() == "error"), None)
    if error is None:
        return None
    if type(error) is dict:
        low = {k.lower(): v for k, v in error.items()}
        code = low.get("code")
        desc = low.get("desc", low.get("description", low.get("message")))
        return (
            None if code is None else str(code),
            None if desc is None else str(desc),
        )
    return None, str(error)


def error_for_response(
    operation: str,
    status: int,
    reason: str,
    body: Any,
    *,
    retry_after: float | None = None,
) -> APIError | None:
    """The error a response means, or None for a success.

    The server's ``{"error": {"code", "desc"}}`` is read on ANY status, whatever the reason
    phrase (the document's "400 NOK"), and also on a 200 that carries it.
    """
    fields = _error_fields(body)
    if fields is None and 200 <= status < 300:
        return None
    code, desc = fields if fields is not None else (None, None)
    detail = (
        f"{desc} (code {code})" if desc and code else (desc or (f"code {code}" if code else ""))
    )
    head = f"HTTP {status}" + (f" {reason}" if reason else "")
    kwargs: dict[str, Any] = {"status": status, "code": code, "desc": desc, "operation": operation}
    if status in (401, 403):
        hint = "the server refused the API key; check the key configured for this profile"
        return AuthenticationError(f"{head}: {hint}" + (f" ({detail})" if detail else ""), **kwargs)
    message = f"{head}: {detail}" if detail else head
    if status == 404:
        return NotFoundError(message, **kwargs)
    if status == 429:
        wait = f"; retry after {retry_after:g} s" if retry_after is not None else ""
        if not detail:
            message = f"{head}: rate limited"
        return RateLimitError(f"{message}{wait}", retry_after=retry_after, **kwargs)
    if 500 <= status <= 599:
        return ServerError(message, **kwargs)
    return BadRequestError(message, **kwargs)


def error_for_exception(
    operation: str, exc: httpx.HTTPError | OSError, url: str, timeout: float
) -> tuple[IoTError, Outcome]:
    """The client error and retry outcome for an httpx exception (none escapes the client)."""
    what = type(exc).__name__
    text = str(exc) or what
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return (
            APITimeoutError(
                f"timed out connecting to {url} after {timeout:g} s ({what}); "
                "the request was not sent",
                operation=operation,
            ),
            Outcome("not_sent"),
        )
    if isinstance(exc, httpx.TimeoutException):
        return (
            APITimeoutError(
                f"no answer from {url} within {timeout:g} s ({what}); a change may or may not "
                "have been applied",
                operation=operation,
            ),
            Outcome("timeout"),
        )
    if isinstance(exc, httpx.ConnectError):
        return (
            APIConnectionError(f"cannot connect to {url}: {text}", operation=operation),
            Outcome("not_sent"),
        )
    return (
        APIConnectionError(f"connection to {url} failed: {what}: {text}", operation=operation),
        Outcome("network"),
    )
