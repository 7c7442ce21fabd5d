"""The one error every config problem is reported as (the CLI exits 2 on it)."""

from __future__ import annotations

from pathlib import Path

from iottui.api.errors import IoTError

__all__ = ["ConfigError"]


class ConfigError(IoTError):
    """The configuration is unusable: unreadable, bad TOML, unknown keys, wrong types, no key.

    Attributes:
        path: The config (or key) file concerned, when there is one.
    """

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None

    def __str__(self) -> str:
        if self.path is not None:
            return f"{self.path}: {self.message}"
        return self.message
