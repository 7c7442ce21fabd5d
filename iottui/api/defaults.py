"""Named defaults of the client, in one place."""

from __future__ import annotations

#: The API version sent in ``Accept: application/json; Version=<version>;``.
DEFAULT_API_VERSION = "2.0.0"

#: Seconds for connect, read, write and pool timeouts.
DEFAULT_TIMEOUT = 10.0

#: Seconds one whole request may take: connect, headers and the entire body. The per-phase
#: ``DEFAULT_TIMEOUT`` cannot catch a server that sends a byte a second; this does.
#: (The simulator's 10,000-device fleet, 27 MB, arrives in well under a second on loopback.)
DEFAULT_DEADLINE = 60.0

#: The largest answer read, in bytes (after content decoding), 256 MiB. The simulator's
#: 10,000-device fleet is about 27 MB (``benchmarks/bench_parse.py``), so this leaves room
#: for fleets about nine times that; a bigger answer stops reading with a clear error
#: instead of buffering gigabytes.
DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024

#: Retries after the first attempt (so at most ``1 + DEFAULT_MAX_RETRIES`` requests).
DEFAULT_MAX_RETRIES = 2

#: Exponential backoff: the first retry waits about ``BACKOFF_BASE`` seconds, doubling after.
BACKOFF_BASE = 0.5

#: No computed backoff is longer than this many seconds.
BACKOFF_CAP = 8.0

#: A server's ``Retry-After`` is honoured up to this many seconds (longer is capped).
RETRY_AFTER_CAP = 30.0

#: Jitter: a computed backoff is scaled by a random factor in ``[1 - JITTER, 1]``.
JITTER = 0.5

#: Last values are requested for at most this many sensor ids per request.
LAST_VALUES_CHUNK = 100

#: Get Alarms without a range covers the last 30 days.
ALARMS_DEFAULT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000

#: Smallest sensor frequency on create, in seconds (the document: "more than or equal to 1").
MIN_SENSOR_FREQUENCY_S = 1

#: The user agent sent with every request.
USER_AGENT = "iottui"
