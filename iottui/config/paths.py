"""Where iottui keeps its files: the config file and the XDG data and cache dirs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

__all__ = ["CONFIG_ENV", "cache_dir", "config_path", "data_dir"]

CONFIG_ENV: Final = "IOTTUI_CONFIG"
"""Environment variable naming the config file, overriding the XDG location."""


def _xdg_base(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative values are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def config_path() -> Path:
    """The config file: ``$IOTTUI_CONFIG``, else ``$XDG_CONFIG_HOME/iottui/config.toml``."""
    override = os.environ.get(CONFIG_ENV, "")
    if override:
        return Path(override).expanduser()
    return _xdg_base("XDG_CONFIG_HOME", ".config") / "iottui" / "config.toml"


def data_dir() -> Path:
    """``$XDG_DATA_HOME/iottui`` (``~/.local/share/iottui``); not created here."""
    return _xdg_base("XDG_DATA_HOME", ".local/share") / "iottui"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/iottui`` (``~/.cache/iottui``); not created here."""
    return _xdg_base("XDG_CACHE_HOME", ".cache") / "iottui"
