"""The retry policy as a table: pure functions, no I/O, no sleeping."""

from __future__ import annotations

import random

import pytest

from iottui.api.defaults import BACKOFF_BASE, BACKOFF_CAP, JITTER, RETRY_AFTER_CAP
from iottui.api.retry import Outcome, parse_retry_after, retry_delay, should_retry

NOT_SENT = Outcome("not_sent")
TIMEOUT = Outcome("timeout")
NETWORK = Outcome("network")


def status(code: int) -> Outcome:
    return Outcome.response(code)


# (method, attempt, outcome, max_retries, expected)
TABLE = [
    # GET: idempotent, retried on everything transient
    ("GET", 1, NOT_SENT, 2, True),
    ("GET", 1, TIMEOUT, 2, True),
    ("GET", 1, NETWORK, 2, True),
    ("GET", 1, status(408), 2, True),
    ("GET", 1, status(429), 2, True),
    ("GET", 1, status(500), 2, True),
    ("GET", 1, status(502), 2, True),
    ("GET", 1, status(503), 2, True),
    ("GET", 1, status(504), 2, True),
    ("GET", 1, status(599), 2, True),
    ("GET", 2, status(503), 2, True),
    ("GET", 3, status(503), 2, False),  # retries exhausted
    ("GET", 1, status(503), 0, False),  # retries disabled
    ("GET", 1, status(200), 2, False),
    ("GET", 1, status(400), 2, False),
    ("GET", 1, status(401), 2, False),
    ("GET", 1, status(403), 2, False),
    ("GET", 1, status(404), 2, False),
    ("get", 1, TIMEOUT, 2, True),
    # POST: only when the request provably never reached the server
    ("POST", 1, NOT_SENT, 2, True),
    ("POST", 2, NOT_SENT, 2, True),
    ("POST", 3, NOT_SENT, 2, False),
    ("POST", 1, TIMEOUT, 2, False),
    ("POST", 1, NETWORK, 2, False),
    ("POST", 1, status(408), 2, False),
    ("POST", 1, status(429), 2, False),
    ("POST", 1, status(500), 2, False),
    ("POST", 1, status(503), 2, False),
    ("POST", 1, status(400), 2, False),
    ("POST", 1, status(200), 2, False),
]


@pytest.mark.parametrize(("method", "attempt", "outcome", "max_retries", "expected"), TABLE)
def test_should_retry(
    method: str, attempt: int, outcome: Outcome, max_retries: int, expected: bool
) -> None:
    assert should_retry(method, attempt, outcome, max_retries=max_retries) is expected


class Fixed:
    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize(
    ("attempt", "retry_after", "rng", "expected"),
    [
        (1, None, 0.0, BACKOFF_BASE),  # no jitter drawn: the full backoff
        (2, None, 0.0, BACKOFF_BASE * 2),
        (3, None, 0.0, BACKOFF_BASE * 4),
        (1, None, 1.0, BACKOFF_BASE * (1 - JITTER)),  # the largest jitter
        (50, None, 0.0, BACKOFF_CAP),  # capped, no overflow
        (1, 3.0, 0.7, 3.0),  # Retry-After wins over backoff and jitter
        (1, 0.0, 0.7, 0.0),
        (1, 10_000.0, 0.0, RETRY_AFTER_CAP),  # a huge Retry-After is capped
    ],
)
def test_retry_delay(attempt: int, retry_after: float | None, rng: float, expected: float) -> None:
    assert retry_delay(attempt, retry_after, Fixed(rng)) == pytest.approx(expected)


def test_jitter_stays_within_bounds() -> None:
    rng = random.Random(5)
    for attempt in range(1, 8):
        full = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))
        for _ in range(50):
            delay = retry_delay(attempt, None, rng)
            assert full * (1 - JITTER) <= delay <= full


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("5", 5.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),  # an HTTP date, 10 s after "now"
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # in the past
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    now = 1445412480.0  # 2015-10-21 07:28:00 UTC
    assert parse_retry_after(header, now) == expected
