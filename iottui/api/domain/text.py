"""Server text made safe to show on a terminal, and the text checks shared by every rule.

One rule for all layers (before: four ``clean`` functions, one dropping control characters,
one showing them as ``\\xNN``, one as control pictures ``␛``, one keeping new lines): every
character that could move the cursor, change colours, reorder the line (bidi controls) or
fail to encode (a lone surrogate) is shown as a visible escape, ``\\x1b`` or ``\\u202e``.
Nothing is silently dropped, so two names that differ only by a hidden character still look
different, and the escape says what the server sent. New lines and tabs are escaped too unless
the caller shows multi-line text (``multiline=True``, e.g. a CLI error message). The UI still
wraps the result in a rich ``Text`` so ``[bold]`` stays text.
"""

from __future__ import annotations

import unicodedata

#: Unicode categories that are never shown as themselves: controls, format characters (bidi
#: overrides, zero-width joiners), surrogates, private use, unassigned, line/paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def is_hidden(char: str) -> bool:
    """Whether a character is escaped by :func:`clean_text` (a control, bidi, surrogate...)."""
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def clean_text(value: object, *, multiline: bool = False) -> str:
    """``value`` as text safe for a terminal: hidden characters become visible escapes.

    >>> clean_text("ok\\x1b[2Jgone")
    'ok\\\\x1b[2Jgone'
    >>> clean_text(None)
    ''
    """
    text = "" if value is None else str(value)
    if text.isprintable():  # the common case, fast: no control, format or separator characters
        return text
    keep = "\n\t" if multiline else ""
    return "".join(
        char if char == " " or char in keep or not is_hidden(char) else _escape(char)
        for char in text
    )


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (it cannot be encoded as UTF-8)."""
    return any("\ud800" <= c <= "\udfff" for c in text)
