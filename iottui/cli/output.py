"""Printing for the CLI: one-line errors and warnings on stderr, JSON, terminal-safe text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, NoReturn, TextIO

from iottui.api.domain.text import clean_text
from iottui.config import (
    Config,
    load_config,
)
from iottui.exit_codes import (
    UsageError,
)

if TYPE_CHECKING:
    from iottui.api.client import IoTClient

    CommandHandler = Callable[[argparse.Namespace, IoTClient], Awaitable[int]]


def clean(text: str) -> str:
    """Text safe for a terminal: control, bidi and other hidden characters shown as escapes
    (the domain's one rule, :func:`iottui.api.domain.text.clean_text`), newlines kept."""
    return clean_text(text, multiline=True)


def error(message: str) -> None:
    print(f"iottui: error: {clean(message)}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"iottui: warning: {clean(message)}", file=sys.stderr)


def print_json(data: object, out: TextIO | None = None) -> None:
    import json  # (not on the TUI's start)

    print(json.dumps(data, indent=2, sort_keys=True), file=out or sys.stdout)


def fail(message: str) -> NoReturn:
    raise UsageError(message)


def load_config_with_warnings() -> Config:
    config = load_config()
    for warning in config.warnings:
        warn(warning)
    return config
