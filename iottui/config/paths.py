"""Where iottui keeps its files (the config file, the XDG data and cache dirs), and reading one
safely: :func:`read_regular_file` reads only a regular file of bounded size, so a config or key
path that names a FIFO, a device (``/dev/zero``, ``/dev/full``), a directory or a huge file is
one clear error, never a hang or an unbounded read."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

from iottui.config.errors import ConfigError

__all__ = [
    "CONFIG_ENV",
    "cache_dir",
    "config_path",
    "data_dir",
    "file_kind",
    "read_regular_file",
]

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


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, for messages: "a FIFO", "a directory", ..."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def read_regular_file(path: Path, *, limit: int, what: str) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` (at most ``limit``) and its status.

    Opens without blocking (a FIFO with no writer would block a plain open) and checks the
    opened file, so nothing can be swapped in between the check and the read.

    Raises:
        FileNotFoundError: there is no such file (callers decide what that means).
        ConfigError: anything else: not a regular file, larger than ``limit``, unreadable.
            ``what`` names the file's role in the message ("expected a TOML file").
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"is {file_kind(info.st_mode)}, expected {what}", path)
        if info.st_size > limit:
            raise ConfigError(
                f"is too large ({info.st_size:,} bytes; {what} is at most {limit:,})", path
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow while it is read
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ConfigError(f"is too large (more than {limit:,} bytes for {what})", path)
        return b"".join(chunks), info
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    finally:
        os.close(fd)
