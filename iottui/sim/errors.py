"""The simulator's error answers: one shape, distinct codes.

Every failure is ``{"error": {"code": "<n>", "desc": "<text>"}}`` (the code is a string, as in the
API document). The document gives only code ``"11"`` (no recognisable action); the others are the
simulator's own, one per kind of failure, so a client can tell them apart:

====  ======  ==============================================================================
code  HTTP    meaning
====  ======  ==============================================================================
1     401     missing or wrong ``Authorization: Bearer <key>``
2     405     method other than GET or POST
3     400     body is not valid JSON (or not a JSON object)
4     413     body larger than the limit (1 MiB)
5     400     a required field is missing
6     400     a field has an invalid value or type (includes unknown fields)
7     404     unknown id (group, device, sensor, metric, rule, alarm, topic, channel, ...)
8     403     permission denied (e.g. changing a group shared with you read-only)
9     409     conflict with the current state (e.g. a second OPC-UA sensor on a device)
10    429     too many requests (``Retry-After`` header says when to retry)
11    400     could not detect any correct action (the document's own code)
12    500     internal server error (also injected by the fault middleware)
13    503     service unavailable (injected by the fault middleware)
14    404     no such path
15    400     bad query parameter (``range``, ``sensorids``, ``metrics``, ``period``, ...)
====  ======  ==============================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorKind(Enum):
    """Kinds of failure with their (code, HTTP status)."""

    UNAUTHORIZED = ("1", 401)
    METHOD_NOT_ALLOWED = ("2", 405)
    MALFORMED_JSON = ("3", 400)
    BODY_TOO_LARGE = ("4", 413)
    MISSING_FIELD = ("5", 400)
    INVALID_VALUE = ("6", 400)
    UNKNOWN_ID = ("7", 404)
    PERMISSION_DENIED = ("8", 403)
    CONFLICT = ("9", 409)
    RATE_LIMITED = ("10", 429)
    UNKNOWN_ACTION = ("11", 400)
    INTERNAL = ("12", 500)
    UNAVAILABLE = ("13", 503)
    NO_SUCH_PATH = ("14", 404)
    BAD_QUERY = ("15", 400)

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def status(self) -> int:
        return self.value[1]


UNKNOWN_ACTION_DESC = "Warn.could not detect any correct action."


@dataclass
class SimError(Exception):
    """Raised by request handlers; the app turns it into the error shape."""

    kind: ErrorKind
    desc: str

    def __str__(self) -> str:
        return f"{self.kind.name} ({self.kind.code}): {self.desc}"

    def body(self) -> dict[str, dict[str, str]]:
        return error_body(self.kind, self.desc)


def error_body(kind: ErrorKind, desc: str) -> dict[str, dict[str, str]]:
    """The JSON error body."""
    return {"error": {"code": kind.code, "desc": desc}}


def missing(field: str) -> SimError:
    return SimError(ErrorKind.MISSING_FIELD, f"Missing required field '{field}'.")


def invalid(field: str, why: str) -> SimError:
    return SimError(ErrorKind.INVALID_VALUE, f"Invalid value for '{field}': {why}.")


def unknown_id(kind: str, ident: object) -> SimError:
    return SimError(ErrorKind.UNKNOWN_ID, f"Unknown {kind} id {ident!r}.")


def denied(why: str) -> SimError:
    return SimError(ErrorKind.PERMISSION_DENIED, f"Permission denied: {why}.")


def conflict(why: str) -> SimError:
    return SimError(ErrorKind.CONFLICT, f"Conflict: {why}.")


def bad_query(param: str, why: str) -> SimError:
    return SimError(ErrorKind.BAD_QUERY, f"Bad query parameter '{param}': {why}.")
