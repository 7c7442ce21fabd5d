"""Crash reports: an unexpected exception's traceback, scrubbed of secrets, in a file.

When the TUI (or a command) fails with an exception that is a bug rather than a problem the
user can fix, :func:`write_crash_report` writes the traceback to ``crash-<time>-<pid>.txt`` in
the data dir (mode 0600) and :func:`crash_line` is the one line printed on stderr naming it.
The exit code is :data:`iottui.exit_codes.EXIT_CRASH`.

Nothing secret reaches the file or the line: every known API key value (the one in use, and
``IOTTUI_API_KEY``) is replaced by ``<api key>``, and any ``Bearer <token>`` by
``Bearer <redacted>``. The traceback is Python's own (no local variables).
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import sys
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from iottui import __version__
from iottui.api.domain.text import clean_text
from iottui.config.keys import API_KEY_ENV
from iottui.config.paths import data_dir

__all__ = ["crash_line", "scrub", "write_crash_report"]

# RFC 6750's b64token: what can follow "Bearer " in an Authorization header.
_BEARER: Final = re.compile(r"(?i)\b(bearer)(\s+)[A-Za-z0-9._~+/=-]+")
#: Key values shorter than this are not replaced (a one-letter "key" would mangle the text).
_MIN_SECRET: Final = 4
_LINE_LIMIT: Final = 200


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without the given secrets (nor ``IOTTUI_API_KEY``) and without bearer tokens."""
    values = {s.strip() for s in (*secrets, os.environ.get(API_KEY_ENV, "")) if s}
    # Longest first: a key that contains another is replaced whole.
    for value in sorted((v for v in values if len(v) >= _MIN_SECRET), key=len, reverse=True):
        text = text.replace(value, "<api key>")
    return _BEARER.sub(r"\1\2<redacted>", text)


def write_crash_report(
    error: BaseException, secrets: Iterable[str] = (), *, directory: Path | None = None
) -> Path | None:
    """Write the scrubbed traceback to a new file in the data dir; its path, or None if the
    file could not be written (the caller still says what happened)."""
    secrets = tuple(secrets)
    now = datetime.now(UTC)
    lines = [
        f"iottui {__version__} crashed at {now.isoformat(timespec='seconds')}",
        f"python {platform.python_version()} on {platform.platform()}",
        f"command line: {' '.join(sys.argv)}",
        "",
        *traceback.format_exception(error),
    ]
    text = scrub("\n".join(line.rstrip("\n") for line in lines) + "\n", secrets)
    folder = directory if directory is not None else data_dir()
    path = folder / f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None
    with (
        contextlib.suppress(OSError),
        os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle,
    ):
        handle.write(text)
    return path


def crash_line(error: BaseException, path: Path | None, secrets: Iterable[str] = ()) -> str:
    """The one line for stderr: what failed and where the traceback is."""
    what = scrub(f"{type(error).__name__}: {error}", secrets).replace("\n", " ")
    if len(what) > _LINE_LIMIT:
        what = what[: _LINE_LIMIT - 1] + "…"
    where = (
        f"the traceback is in {path}" if path is not None else "the crash file could not be written"
    )
    line = f"iottui: crashed ({what}); {where}; please report it"
    return clean_text(scrub(line, secrets))  # printable on any terminal
