"""The retry policy: pure functions, no I/O, unit-tested in a table.

* GETs (reads) are idempotent: they are retried after connection failures, timeouts, network
  errors, and the statuses 408, 429 and 5xx.
* POSTs change things: they are retried ONLY when the request provably never reached the
  server (it could not connect, or never got a pooled connection). Never after a read/write
  timeout, a dropped connection mid-request or any response, since the server may have applied
  the change.

Delays grow exponentially with jitter and a cap; a server's ``Retry-After`` wins (capped too).
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from typing import Literal, Protocol

from iottui.api.defaults import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    DEFAULT_MAX_RETRIES,
    JITTER,
    RETRY_AFTER_CAP,
)

__all__ = [
    "RETRYABLE_STATUSES",
    "Outcome",
    "OutcomeKind",
    "parse_retry_after",
    "retry_delay",
    "should_retry",
]

#: ``not_sent``: the request never left (connect error, connect/pool timeout);
#: ``timeout``: a read or write timeout (the server may have received the request);
#: ``network``: the connection failed mid-request (reset, protocol error);
#: ``response``: the server answered with ``status``;
#: ``limit``: a client limit stopped it (the overall deadline, the answer size): never retried,
#: the same server would do the same again.
OutcomeKind = Literal["not_sent", "timeout", "network", "response", "limit"]

#: Statuses worth retrying for idempotent requests.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one attempt."""

    kind: OutcomeKind
    status: int | None = None

    @classmethod
    def response(cls, status: int) -> Outcome:
        return cls("response", status)


class Random(Protocol):
    def random(self) -> float: ...


def should_retry(
    method: str, attempt: int, outcome: Outcome, *, max_retries: int = DEFAULT_MAX_RETRIES
) -> bool:
    """Whether to make another attempt after ``attempt`` (1-based) ended with ``outcome``."""
    if attempt > max_retries or outcome.kind == "limit":
        return False
    if outcome.kind == "not_sent":
        return True  # safe for every method: the server never saw it
    if method.upper() != "GET":
        return False
    if outcome.kind in ("timeout", "network"):
        return True
    status = outcome.status or 0
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def retry_delay(attempt: int, retry_after: float | None, rng: Random) -> float:
    """Seconds to wait before the attempt after ``attempt`` (1-based).

    A server's ``Retry-After`` is honoured up to :data:`RETRY_AFTER_CAP`; otherwise the delay is
    ``BACKOFF_BASE * 2**(attempt-1)`` capped at :data:`BACKOFF_CAP` and scaled by a random factor
    in ``[1 - JITTER, 1]`` so that many clients do not retry in lockstep.
    """
    if retry_after is not None and retry_after >= 0:
        return min(retry_after, RETRY_AFTER_CAP)
    exponent = max(0, attempt - 1)
    backoff = min(BACKOFF_CAP, BACKOFF_BASE * float(1 << min(exponent, 30)))
    return backoff * (1.0 - JITTER * rng.random())


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date (relative to ``now``, epoch s)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - now
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)
