"""Notification channels: where a channel sends (its target) and its time zone.

The rules, one for all layers (the client, the CLI, the forms and the simulator each had its
own, and they disagreed: the client took any time zone text, the CLI one without a zone name,
the simulator only ``GMT+02:00 Europe/Berlin``'s shape; the CLI took any text with an ``@`` as
an email address, the simulator ``a@b.c.``; ``HTTP://host`` was a URL for the client only):

- an email channel (type 0) sends to an email address: ``local@domain.tld``, no blanks, the
  last label of the domain not empty;
- a webhook channel (type 1) sends to an ``http://`` or ``https://`` URL with a host and no
  blanks; with an unknown type (an update that does not say) either form is accepted;
- a time zone is written as the API document's ``GMT+02:00 Europe/Berlin``: the offset, one or
  more blanks, the zone's name (``UTC``, ``Europe/Berlin``, ``America/Port-au-Prince``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from iottui.api.domain.problems import Problem

_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_TIMEZONE_RE = re.compile(r"(GMT[+-]\d{2}:\d{2})\s+([A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)*)")

#: The channel types of the API document: 0 email, 1 webhook.
EMAIL = 0
WEBHOOK = 1
#: The time zone of the document's examples, for hints.
TIMEZONE_EXAMPLE = "GMT+02:00 Europe/Berlin"


def is_email(text: str) -> bool:
    return _EMAIL_RE.fullmatch(text) is not None


def is_http_url(text: str) -> bool:
    if any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def target_problems(
    channel_type: int | None, target: object, field: str = "target"
) -> list[Problem]:
    """What is wrong with a channel's target for its type (None: not known)."""
    if not isinstance(target, str) or not target.strip():
        return [Problem(field, "must not be empty")]
    text = target.strip()
    if channel_type == EMAIL:
        if not is_email(text):
            return [Problem(field, f"{text!r} is not an email address (an email channel)")]
    elif channel_type == WEBHOOK:
        if not is_http_url(text):
            return [Problem(field, f"{text!r} is not an http(s) URL (a webhook channel)")]
    elif not (is_email(text) or is_http_url(text)):
        return [Problem(field, f"{text!r} is neither an email address nor an http(s) URL")]
    return []


def split_timezone(value: str) -> tuple[str, str] | None:
    """``"GMT+02:00 Europe/Berlin"`` -> ``("GMT+02:00", "Europe/Berlin")``; None if not one."""
    match = _TIMEZONE_RE.fullmatch(value.strip())
    return None if match is None else (match.group(1), match.group(2))


def timezone_problems(value: object, field: str = "timezone") -> list[Problem]:
    """What is wrong with a channel's time zone text."""
    if not isinstance(value, str) or split_timezone(value) is None:
        return [Problem(field, f"must be like {TIMEZONE_EXAMPLE!r}, got {value!r}")]
    return []
