"""``argparse`` types for values whose rules live in the config (one home, used by the TUI's
options and the commands' ``--refresh`` alike); importing this pulls in nothing but the config."""

from __future__ import annotations

import argparse

from iottui.config.model import MAX_REFRESH, MIN_REFRESH


def refresh_seconds(value: str) -> float:
    """An ``argparse`` type: a refresh interval within the config's bounds."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not MIN_REFRESH <= seconds <= MAX_REFRESH:
        raise argparse.ArgumentTypeError(
            f"must be between {MIN_REFRESH:g} and {MAX_REFRESH:g} seconds, got {value}"
        )
    return seconds
