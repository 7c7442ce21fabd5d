"""The exit codes of ``iottui``, in one place (the CLI, its commands and the TUI launcher).

====  ==========================================================================================
code  meaning
====  ==========================================================================================
0     ok
1     API error: the server refused or answered something unreadable; also a list of which
      some items could not be read, with ``--strict``
2     usage or config error: bad arguments, an unusable config file or key source (a key that
      is not ASCII: ``APIKeyError``, a ``ValidationError``), a write on
      a read-only profile, validation before any request
3     connection error: the server (or the demo simulator) could not be reached or started
70    crash: an unexpected error (a bug); the TUI writes the traceback to a crash file in the
      data dir and names it on stderr (EX_SOFTWARE of sysexits.h)
130   interrupted (Ctrl-C)
====  ==========================================================================================
"""

from __future__ import annotations

from typing import Final

from iottui.api.errors import (
    APIConnectionError,
    InsecureURLError,
    IoTError,
    ValidationError,
)
from iottui.config.errors import ConfigError

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_CONNECTION_ERROR",
    "EXIT_CRASH",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "exit_code_for",
]

EXIT_OK: Final = 0
EXIT_API_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_CONNECTION_ERROR: Final = 3
EXIT_CRASH: Final = 70
EXIT_INTERRUPTED: Final = 130


class UsageError(IoTError):
    """A usage problem found after the arguments were parsed (exit code 2)."""


def exit_code_for(exc: BaseException) -> int:
    """The exit code for an error: 3 connection, 2 config/usage/validation, 1 API, 70 crash."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, APIConnectionError):
        return EXIT_CONNECTION_ERROR
    if isinstance(exc, ConfigError | ValidationError | InsecureURLError | UsageError):
        return EXIT_USAGE
    if isinstance(exc, IoTError):
        return EXIT_API_ERROR
    return EXIT_CRASH
