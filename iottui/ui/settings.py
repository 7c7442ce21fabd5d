"""What the app needs to know about its profile, handed in by :mod:`iottui.ui.launch` or tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

# The refresh bounds are the config's (one definition; the CLI checks --refresh with them too).
from iottui.config.model import (
    DEFAULT_NOTIFY,
    DEFAULT_REFRESH,
    MAX_REFRESH,
    MIN_REFRESH,
    NotifyMode,
)

if TYPE_CHECKING:
    from iottui.api import IoTClient
    from iottui.ui.fleet_cache import FleetCache

__all__ = ["DEFAULT_REFRESH", "MAX_REFRESH", "MIN_REFRESH", "NewProfile", "UISettings"]


@dataclass(frozen=True, slots=True)
class NewProfile:
    """What the welcome screen collected: saved by :attr:`UISettings.save_profile`."""

    name: str
    url: str
    api_key: str


@dataclass(slots=True)
class UISettings:
    """The app's settings.

    Attributes:
        profile: The profile's name (shown in the status line).
        server: The server URL to show (never contains the key).
        refresh: Live-value refresh interval in seconds.
        fleet_refresh: How often the fleet tree and alarm states are reloaded, in seconds.
        keymap: Binding id -> keys, applied with ``App.set_keymap``.
        theme: A Textual theme name, or None for the default.
        read_only: Refuse every write.
        notify: How a new critical or major alarm is told (``[ui] notify``): ``osc9``,
            ``osc777``, ``bell`` or ``off`` (see :mod:`iottui.ui.notify`).
        save_theme: Called with the theme name when the user picks one (persists it).
        save_profile: Used by the welcome screen to save a new profile (0600).
        start_demo: Used by the welcome screen to start the built-in simulator; returns
            ``(url, api_key)``.
        make_client: Builds a client for the welcome screen (``IoTClient(url, key)`` if None).
        check_tty: Exit when the controlling terminal goes away (off in tests).
        fleet_cache: Where the last fleet's structure is kept (shown at start until the
            server answers, saved after it did), or None (``fleet_cache = false``).
    """

    profile: str = "default"
    server: str = ""
    refresh: float = DEFAULT_REFRESH
    fleet_refresh: float = 60.0
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    theme: str | None = None
    read_only: bool = False
    notify: NotifyMode = DEFAULT_NOTIFY
    save_theme: Callable[[str], None] | None = None
    save_profile: Callable[[NewProfile], None] | None = None
    start_demo: Callable[[], Awaitable[tuple[str, str]]] | None = None
    make_client: Callable[[str, str], IoTClient] | None = None
    check_tty: bool = True
    fleet_cache: FleetCache | None = None

    @property
    def cached_fleet_first(self) -> bool:
        """Whether the start draws a cached fleet before the server's (the cache is on and its
        file is there): else the server's fleet is the first one, asked for at once."""
        return self.fleet_cache is not None and self.fleet_cache.path.exists()
