"""The config file's data model (profiles, the ``[ui]`` defaults) and its value checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, get_args
from urllib.parse import urlsplit

from iottui.api.urls import is_loopback_host
from iottui.config.errors import ConfigError

__all__ = [
    "DEFAULT_NOTIFY",
    "DEFAULT_REFRESH",
    "DEFAULT_URL",
    "DEFAULT_VERSION",
    "MAX_REFRESH",
    "MIN_REFRESH",
    "NOTIFY_MODES",
    "Config",
    "NotifyMode",
    "Profile",
    "UIDefaults",
    "check_profile_name",
    "check_url",
]

DEFAULT_URL: Final = "https://api.teamviewer-iot.com"
DEFAULT_VERSION: Final = "2.0.0"
DEFAULT_REFRESH: Final = 5.0
MIN_REFRESH: Final = 1.0
MAX_REFRESH: Final = 300.0

NotifyMode = Literal["osc9", "osc777", "bell", "off"]
"""How the TUI tells of a new critical or major alarm (``[ui] notify``): a desktop notification
by ``OSC 9`` or ``OSC 777``, the terminal bell, or nothing."""
NOTIFY_MODES: Final[tuple[NotifyMode, ...]] = get_args(NotifyMode)
DEFAULT_NOTIFY: Final[NotifyMode] = "bell"

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}")


@dataclass(frozen=True, slots=True)
class Profile:
    """One server and how to authenticate to it.

    ``theme``, ``notify`` and ``keymap`` fall back to the ``[ui]`` defaults when unset (``None``
    or empty); :func:`resolve_connection` merges them. The inline ``api_key`` is never part of
    ``repr``.
    """

    name: str
    url: str = DEFAULT_URL
    api_key_env: str | None = None
    api_key_command: str | None = None
    api_key_file: str | None = None
    api_key: str | None = field(default=None, repr=False)
    version: str = DEFAULT_VERSION
    refresh: float = DEFAULT_REFRESH
    paths: dict[str, str] = field(default_factory=dict)
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    read_only: bool = False
    ca_bundle: str | None = None
    notify: NotifyMode | None = None
    fleet_cache: bool | None = None

    @property
    def key_source(self) -> str:
        """The kind of key source configured: env, command, file, inline or none."""
        if self.api_key_env:
            return "env"
        if self.api_key_command:
            return "command"
        if self.api_key_file:
            return "file"
        if self.api_key:
            return "inline"
        return "none"


@dataclass(slots=True)
class UIDefaults:
    """The ``[ui]`` table: defaults for every profile (and for ``--demo``).

    ``fleet_cache``: keep the last fleet's structure in the cache dir and show it at start
    until the server answers (a profile's own ``fleet_cache`` wins).
    """

    theme: str | None = None
    notify: NotifyMode = DEFAULT_NOTIFY
    keymap: dict[str, str] = field(default_factory=dict)
    fleet_cache: bool = True


@dataclass(slots=True)
class Config:
    """The whole config file.

    Attributes:
        profiles: Profiles by name, in file order.
        active: The profile used when none is named on the command line.
        ui: Defaults shared by every profile.
        path: The file this was loaded from (or will be saved to by default).
        warnings: Problems that do not stop loading, e.g. a file mode wider than 0600.
    """

    profiles: dict[str, Profile] = field(default_factory=dict)
    active: str | None = None
    ui: UIDefaults = field(default_factory=UIDefaults)
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def active_profile(self) -> Profile | None:
        """The active profile, if one is set."""
        return self.profiles.get(self.active) if self.active else None

    def get(self, name: str) -> Profile:
        """The profile called ``name``, or a ConfigError listing the known ones."""
        try:
            return self.profiles[name]
        except KeyError:
            known = ", ".join(sorted(self.profiles)) or "none yet; see `iottui profile add`"
            raise ConfigError(f"no profile named {name!r} (known: {known})") from None

    def add(self, profile: Profile, *, activate: bool | None = None) -> None:
        """Add or replace a profile; make it active if asked, or if no profile is active."""
        self.profiles[profile.name] = profile
        if activate or (activate is None and self.active_profile is None):
            self.active = profile.name

    def remove(self, name: str) -> Profile:
        """Remove a profile. With no active profile left, a single remaining one becomes active."""
        profile = self.get(name)
        del self.profiles[name]
        if self.active == name:
            self.active = None
        if self.active is None and len(self.profiles) == 1:
            self.active = next(iter(self.profiles))
        return profile


# --------------------------------------------------------------------------------------------
# Validation helpers


def check_profile_name(name: str) -> str:
    """A profile name: letters, digits, ``-`` and ``_``, at most 64 characters."""
    if not _PROFILE_NAME.fullmatch(name):
        raise ConfigError(
            f"invalid profile name {name!r}: use letters, digits, '-' and '_' (at most 64)"
        )
    return name


def check_url(url: str, *, allow_insecure: bool = False) -> str:
    """Check a base URL: http(s) with a host; ``http://`` only to loopback unless allowed.

    Returns the URL without a trailing slash. Raises ConfigError with the reason.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigError(f"invalid URL {url!r}: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(f"invalid URL {url!r}: expected http(s)://host[:port][/path]")
    if parts.query or parts.fragment:
        raise ConfigError(f"invalid URL {url!r}: a base URL has no query or fragment")
    if parts.scheme == "http" and not allow_insecure and not is_loopback_host(host):
        # The client's own rule and wording (IoTClient refuses the same URLs).
        raise ConfigError(
            f"refusing http://{host}: the API key would travel in clear text. Use https://, "
            "or http:// only for a loopback host (127.0.0.1, ::1, localhost)"
        )
    return url.rstrip("/")
