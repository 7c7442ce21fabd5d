"""Names of groups, sensors, metrics, rules, topics, channels, dashboards, widgets, modules.

The rule, one for all layers: a name is text, not blank once surrounding blanks are removed, at
most :data:`NAME_MAX` characters, one line without control characters (U+0000-U+001F: a tab, a
new line or an escape sequence in a name is never meant, and the simulator always refused them
while the client sent them), and encodable (no lone surrogate: a JSON body with one cannot be
sent as UTF-8; the simulator answered 500 to it). The API document sets no length; the simulator
always capped names at 100 and every name field of the UI is sized for that, so the client now
refuses what the simulator would refuse rather than failing after the request. Names may hold
any other character (bidi controls a server sends are shown safely by
:func:`~iottui.api.domain.text.clean_text`).
"""

from __future__ import annotations

from iottui.api.domain.problems import Problem
from iottui.api.domain.text import has_surrogate

#: The longest name accepted, in characters.
NAME_MAX = 100


def text_problems(value: object, field: str, *, max_len: int, what: str = "") -> list[Problem]:
    """A required text field: a string, not blank, at most ``max_len`` characters, one line,
    encodable. Messages start with ``what`` (``"the metric id"``) when given, else they read
    after the field's name (``"name: must not be empty"``)."""

    def say(message: str) -> list[Problem]:
        return [Problem(field, f"{what} {message}" if what else message)]

    if not isinstance(value, str):
        return say(f"must be text, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return say("must not be empty")
    if len(text) > max_len:
        return say(f"is {len(text)} characters long; at most {max_len}")
    if has_surrogate(text):
        return say("holds a lone surrogate character, which is not text")
    if any(c < " " for c in text):
        return say("must be one line without control characters")
    return []


def name_problems(value: object, field: str = "name") -> list[Problem]:
    """What is wrong with a name (nothing: an empty list)."""
    return text_problems(value, field, max_len=NAME_MAX)
