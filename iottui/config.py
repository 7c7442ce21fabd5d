"""Profiles in TOML, XDG paths, API key sources, and the settings the TUI and CLI start from.

The config file lives at ``$XDG_CONFIG_HOME/iottui/config.toml`` (``~/.config`` when the variable
is unset); ``IOTTUI_CONFIG`` names another file. It is read with :mod:`tomllib` and written with
``tomli_w`` atomically (a temporary file in the same directory, then a rename) with mode 0600,
since it may hold an inline API key. A wider mode on load is reported as a warning
(:attr:`Config.warnings`, also logged) and shown by ``iottui info``.

Example::

    active = "prod"

    [ui]
    theme = "textual-dark"
    bell = true

    [ui.keymap]
    close_alarm = "x"

    [profiles.prod]
    url = "https://api.teamviewer-iot.com"
    api_key_command = "pass show iot/prod"
    version = "2.0.0"
    refresh = 5
    read_only = true

    [profiles.prod.paths]
    fleet = "/devices"

The API key comes from, in order: the ``IOTTUI_API_KEY`` environment variable, then the
profile's first configured source among ``api_key_env`` (the *name* of an environment variable),
``api_key_command`` (a command such as a password manager; its stripped stdout),
``api_key_file``, and an inline ``api_key``. There is deliberately no way to pass a key as a
command-line literal, where it would land in shell history and ``ps``.

Every problem with the file is one :class:`ConfigError` naming the file, the key and what is
wrong; the CLI prints it and exits with status 2.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import shlex
import stat
import subprocess
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import tomli_w

from iottui.api.errors import IoTError
from iottui.api.routes import RouteError, RouteTable
from iottui.api.urls import is_loopback_host

__all__ = [
    "API_KEY_ENV",
    "CONFIG_ENV",
    "DEFAULT_REFRESH",
    "DEFAULT_URL",
    "DEFAULT_VERSION",
    "Config",
    "ConfigError",
    "ConnectionSettings",
    "Profile",
    "TuiOptions",
    "UIDefaults",
    "cache_dir",
    "check_profile_name",
    "check_url",
    "config_path",
    "data_dir",
    "demo_connection",
    "describe_key_source",
    "load_config",
    "resolve_api_key",
    "resolve_connection",
    "save_config",
]

logger = logging.getLogger(__name__)

CONFIG_ENV: Final = "IOTTUI_CONFIG"
"""Environment variable naming the config file, overriding the XDG location."""
API_KEY_ENV: Final = "IOTTUI_API_KEY"
"""Environment variable whose value, when set, is the key of whichever profile is used."""
DEFAULT_URL: Final = "https://api.teamviewer-iot.com"
DEFAULT_VERSION: Final = "2.0.0"
DEFAULT_REFRESH: Final = 5.0
MIN_REFRESH: Final = 1.0
MAX_REFRESH: Final = 300.0
KEY_COMMAND_TIMEOUT: Final = 60.0
"""Seconds an ``api_key_command`` may take (a password manager may ask for a passphrase)."""

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}")


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


# --------------------------------------------------------------------------------------------
# XDG paths


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


# --------------------------------------------------------------------------------------------
# The data model


@dataclass(frozen=True, slots=True)
class Profile:
    """One server and how to authenticate to it.

    ``theme``, ``bell`` and ``keymap`` fall back to the ``[ui]`` defaults when unset (``None``
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
    bell: bool | None = None

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
    """The ``[ui]`` table: defaults for every profile (and for ``--demo``)."""

    theme: str | None = None
    bell: bool = True
    keymap: dict[str, str] = field(default_factory=dict)


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


@dataclass(frozen=True, slots=True)
class TuiOptions:
    """What the command line asked of the TUI (``iottui`` without a subcommand).

    Built by :mod:`iottui.cli`, consumed by ``iottui.ui.launch.run_tui``.
    """

    demo: bool = False
    devices: int = 60
    seed: int = 1
    fresh: bool = False
    profile: str | None = None
    url: str | None = None
    api_key_env: str | None = None
    refresh: float | None = None
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    """Everything needed to build an IoTClient and configure the app, with the key resolved.

    The key is excluded from ``repr``; never print it.
    """

    url: str
    api_key: str = field(repr=False)
    version: str = DEFAULT_VERSION
    refresh: float = DEFAULT_REFRESH
    paths: Mapping[str, str] = field(default_factory=dict)
    keymap: Mapping[str, str] = field(default_factory=dict)
    theme: str | None = None
    read_only: bool = False
    ca_bundle: str | None = None
    bell: bool = True
    profile_name: str | None = None

    @property
    def verify(self) -> bool | str:
        """The ``verify=`` for IoTClient: the CA bundle path if set, else True (never False)."""
        return self.ca_bundle or True

    @property
    def routes(self) -> RouteTable:
        """The route table with the profile's path overrides."""
        return RouteTable(self.paths)


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


class _Reader:
    """Typed access to one TOML table, collecting the dotted location for messages."""

    def __init__(self, table: Mapping[str, Any], where: str, path: Path | None) -> None:
        self.table = table
        self.where = where
        self.path = path

    def error(self, key: str | None, message: str) -> ConfigError:
        location = f"{self.where}.{key}" if key and self.where else (key or self.where)
        prefix = f"{location}: " if location else ""
        return ConfigError(prefix + message, self.path)

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.table:
            if key not in allowed:
                table = f"[{self.where}]" if self.where else "the top level"
                raise self.error(
                    None,
                    f"unknown key {key!r} in {table} (allowed: {', '.join(allowed)})",
                )

    def string(self, key: str, default: str | None = None) -> str | None:
        value = self.table.get(key, default)
        if value is not None and not isinstance(value, str):
            raise self.error(key, f"expected a string, got {_describe(value)}")
        if isinstance(value, str) and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def boolean(self, key: str, default: bool | None) -> bool | None:
        value = self.table.get(key, default)
        if value is not None and not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_describe(value)}")
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number of seconds, got {_describe(value)}")
        if not math.isfinite(value) or not low <= value <= high:
            raise self.error(key, f"must be between {low:g} and {high:g}, got {value!r}")
        return float(value)

    def string_table(self, key: str) -> dict[str, str]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {_describe(value)}")
        for sub, item in value.items():
            if not isinstance(item, str):
                raise self.error(f"{key}.{sub}", f"expected a string, got {_describe(item)}")
        return dict(value)


def _describe(value: object) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    kind = kinds.get(type(value))
    if kind is not None:
        return f"{kind} ({value!r})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


_TOP_KEYS: Final = ("active", "ui", "profiles")
_UI_KEYS: Final = ("theme", "bell", "keymap")
_PROFILE_KEYS: Final = (
    "url",
    "api_key_env",
    "api_key_command",
    "api_key_file",
    "api_key",
    "version",
    "refresh",
    "paths",
    "keymap",
    "theme",
    "read_only",
    "ca_bundle",
    "bell",
)


def _parse_profile(name: str, table: Any, path: Path | None) -> Profile:
    where = f"profiles.{name}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table, got {_describe(table)}", path)
    if not _PROFILE_NAME.fullmatch(name):
        raise ConfigError(
            f"{where}: invalid profile name; use letters, digits, '-' and '_' (at most 64)", path
        )
    reader = _Reader(table, where, path)
    reader.check_keys(_PROFILE_KEYS)
    url = reader.string("url")
    if url is None:
        raise reader.error("url", "missing (every profile needs the server's base URL)")
    try:
        url = check_url(url, allow_insecure=True)
    except ConfigError as exc:
        raise reader.error("url", exc.message) from None
    api_key_env = reader.string("api_key_env")
    if api_key_env is not None and not _ENV_NAME.fullmatch(api_key_env):
        raise reader.error("api_key_env", f"not an environment variable name: {api_key_env!r}")
    api_key_command = reader.string("api_key_command")
    if api_key_command is not None:
        try:
            shlex.split(api_key_command)
        except ValueError as exc:
            raise reader.error("api_key_command", f"cannot be parsed: {exc}") from None
    version = reader.string("version", DEFAULT_VERSION) or DEFAULT_VERSION
    if not _VERSION.fullmatch(version):
        raise reader.error("version", f"expected a version like 2.0.0, got {version!r}")
    paths = reader.string_table("paths")
    try:
        RouteTable(paths)
    except RouteError as exc:
        raise reader.error("paths", str(exc)) from None
    return Profile(
        name=name,
        url=url,
        api_key_env=api_key_env,
        api_key_command=api_key_command,
        api_key_file=reader.string("api_key_file"),
        api_key=reader.string("api_key"),
        version=version,
        refresh=reader.number("refresh", DEFAULT_REFRESH, MIN_REFRESH, MAX_REFRESH),
        paths=paths,
        keymap=reader.string_table("keymap"),
        theme=reader.string("theme"),
        read_only=bool(reader.boolean("read_only", False)),
        ca_bundle=reader.string("ca_bundle"),
        bell=reader.boolean("bell", None),
    )


def parse_config(data: Mapping[str, Any], path: Path | None = None) -> Config:
    """Validate a decoded TOML document into a Config (ConfigError on the first problem)."""
    top = _Reader(data, "", path)
    top.check_keys(_TOP_KEYS)
    ui_table = data.get("ui", {})
    if not isinstance(ui_table, dict):
        raise top.error("ui", f"expected a table, got {_describe(ui_table)}")
    ui_reader = _Reader(ui_table, "ui", path)
    ui_reader.check_keys(_UI_KEYS)
    ui = UIDefaults(
        theme=ui_reader.string("theme"),
        bell=bool(ui_reader.boolean("bell", True)),
        keymap=ui_reader.string_table("keymap"),
    )
    profiles_table = data.get("profiles", {})
    if not isinstance(profiles_table, dict):
        raise top.error(
            "profiles", f"expected a table of profiles, got {_describe(profiles_table)}"
        )
    profiles = {name: _parse_profile(name, t, path) for name, t in profiles_table.items()}
    active = top.string("active")
    if active is not None and active not in profiles:
        known = ", ".join(profiles) or "none"
        raise top.error("active", f"names no defined profile: {active!r} (profiles: {known})")
    return Config(profiles=profiles, active=active, ui=ui, path=path)


def _mode_warning(path: Path, mode: int) -> str | None:
    if os.name != "posix" or not mode & 0o077:
        return None
    return (
        f"{path} has mode {stat.S_IMODE(mode):04o}, readable by other users; it may hold API "
        f"keys: run `chmod 600 {shlex.quote(str(path))}`"
    )


def load_config(path: Path | None = None) -> Config:
    """Read and validate the config file; a missing file is an empty Config.

    Raises:
        ConfigError: the file cannot be read, is not valid TOML, or fails validation. The
            message names the file and the problem (with line and column for bad TOML).
    """
    path = path if path is not None else config_path()
    try:
        raw = path.read_bytes()
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Config(path=path)
    except IsADirectoryError:
        raise ConfigError("is a directory, expected a TOML file", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    config = parse_config(data, path)
    warning = _mode_warning(path, mode)
    if warning:
        logger.warning("%s", warning)
        config.warnings.append(warning)
    return config


def _profile_to_toml(profile: Profile) -> dict[str, Any]:
    out: dict[str, Any] = {"url": profile.url}
    for key in ("api_key_env", "api_key_command", "api_key_file", "api_key"):
        value = getattr(profile, key)
        if value is not None:
            out[key] = value
    if profile.version != DEFAULT_VERSION:
        out["version"] = profile.version
    if profile.refresh != DEFAULT_REFRESH:
        out["refresh"] = int(profile.refresh) if profile.refresh.is_integer() else profile.refresh
    if profile.theme is not None:
        out["theme"] = profile.theme
    if profile.read_only:
        out["read_only"] = True
    if profile.ca_bundle is not None:
        out["ca_bundle"] = profile.ca_bundle
    if profile.bell is not None:
        out["bell"] = profile.bell
    if profile.paths:
        out["paths"] = dict(profile.paths)
    if profile.keymap:
        out["keymap"] = dict(profile.keymap)
    return out


def config_to_toml(config: Config) -> str:
    """The TOML text of a config (what :func:`save_config` writes)."""
    doc: dict[str, Any] = {}
    if config.active is not None:
        doc["active"] = config.active
    ui: dict[str, Any] = {}
    if config.ui.theme is not None:
        ui["theme"] = config.ui.theme
    if not config.ui.bell:
        ui["bell"] = False
    if config.ui.keymap:
        ui["keymap"] = dict(config.ui.keymap)
    if ui:
        doc["ui"] = ui
    if config.profiles:
        doc["profiles"] = {name: _profile_to_toml(p) for name, p in config.profiles.items()}
    header = "# iottui configuration; written by iottui (comments are not preserved)\n"
    return header + tomli_w.dumps(doc)


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the config atomically with mode 0600 (the directory is created with 0700).

    Writes to a temporary file next to the target, flushes it to disk and renames it over the
    target, so a crash never leaves a half-written config. Returns the path written.
    """
    path = path if path is not None else (config.path or config_path())
    text = config_to_toml(config)
    # Validate what we are about to write: a config we cannot read back is never saved.
    parse_config(tomllib.loads(text), path)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write: {exc.strerror or exc}", path) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.chmod(tmp, 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ConfigError(f"cannot write: {exc.strerror or exc}", path) from None
    config.path = path
    config.warnings = [w for w in config.warnings if not w.startswith(f"{path} has mode")]
    return path


# --------------------------------------------------------------------------------------------
# API keys


def describe_key_source(profile: Profile, environ: Mapping[str, str] | None = None) -> str:
    """A human description of where this profile's key would come from (never the key)."""
    env = os.environ if environ is None else environ
    if env.get(API_KEY_ENV):
        return f"environment variable {API_KEY_ENV} (overrides the profile)"
    if profile.api_key_env:
        state = "set" if env.get(profile.api_key_env) else "NOT SET"
        return f"environment variable {profile.api_key_env} ({state})"
    if profile.api_key_command:
        program = shlex.split(profile.api_key_command)[0] if profile.api_key_command else "?"
        return f"command ({program} ...)"
    if profile.api_key_file:
        return f"file {profile.api_key_file}"
    if profile.api_key:
        return "inline in the config file"
    return "none configured"


def _key_file_path(value: str, config_file: Path | None) -> Path:
    path = Path(value).expanduser()
    if not path.is_absolute() and config_file is not None:
        path = config_file.parent / path
    return path


def _run_key_command(profile: Profile) -> str:
    command = profile.api_key_command or ""
    what = f"api_key_command of profile {profile.name!r}"
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"{what} cannot be parsed: {exc}") from None
    if not argv:
        raise ConfigError(f"{what} is empty")
    try:
        # Output is captured and never shown: on failure it could contain the secret.
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=KEY_COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError(f"{what} failed: program not found: {argv[0]!r}") from None
    except PermissionError:
        raise ConfigError(f"{what} failed: program not executable: {argv[0]!r}") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"{what} failed: no answer within {KEY_COMMAND_TIMEOUT:g} s ({argv[0]!r})"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{what} failed: {exc.strerror or exc} ({argv[0]!r})") from None
    if done.returncode != 0:
        raise ConfigError(
            f"{what} failed: {argv[0]!r} exited with status {done.returncode} "
            "(its output is not shown since it may contain secrets)"
        )
    key = done.stdout.strip()
    if not key:
        raise ConfigError(f"{what} printed nothing on stdout: {argv[0]!r}")
    return key


def resolve_api_key(
    profile: Profile,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> str:
    """The API key for a profile: ``IOTTUI_API_KEY``, else the profile's first configured source.

    Sources, in order: ``api_key_env``, ``api_key_command``, ``api_key_file`` (relative paths
    are relative to the config file's directory), inline ``api_key``.

    Raises:
        ConfigError: the source is configured but yields nothing (unset variable, failing
            command, unreadable or empty file), or no source is configured. The message names
            the source, never the key or the command's output.
    """
    env = os.environ if environ is None else environ
    override = env.get(API_KEY_ENV, "").strip()
    if override:
        return override
    if profile.api_key_env:
        value = env.get(profile.api_key_env, "").strip()
        if not value:
            raise ConfigError(
                f"profile {profile.name!r} takes its API key from the environment variable "
                f"{profile.api_key_env}, which is not set"
            )
        return value
    if profile.api_key_command:
        return _run_key_command(profile)
    if profile.api_key_file:
        key_path = _key_file_path(profile.api_key_file, config_file)
        try:
            value = key_path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"cannot read the API key file of profile {profile.name!r}: {exc.strerror or exc}",
                key_path,
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(
                f"API key file of profile {profile.name!r} is not UTF-8 text", key_path
            ) from None
        if not value:
            raise ConfigError(f"API key file of profile {profile.name!r} is empty", key_path)
        return value
    if profile.api_key:
        return profile.api_key
    raise ConfigError(
        f"profile {profile.name!r} has no API key source: set api_key_env, api_key_command, "
        f"api_key_file or api_key in the config, or the {API_KEY_ENV} environment variable"
    )


# --------------------------------------------------------------------------------------------
# From command-line options to connection settings


def _settings_from_profile(
    profile: Profile, config: Config, options: TuiOptions, api_key: str, url: str
) -> ConnectionSettings:
    keymap = {**config.ui.keymap, **profile.keymap}
    return ConnectionSettings(
        url=url,
        api_key=api_key,
        version=profile.version,
        refresh=options.refresh if options.refresh is not None else profile.refresh,
        paths=dict(profile.paths),
        keymap=keymap,
        theme=profile.theme if profile.theme is not None else config.ui.theme,
        read_only=options.read_only or profile.read_only,
        ca_bundle=profile.ca_bundle,
        bell=profile.bell if profile.bell is not None else config.ui.bell,
        profile_name=profile.name or None,
    )


def resolve_connection(
    options: TuiOptions,
    config: Config,
    *,
    environ: Mapping[str, str] | None = None,
) -> ConnectionSettings | None:
    """Turn command-line options and the config into connection settings with the key.

    * ``--url URL``: that server; the key from ``--api-key-env VAR``, else ``IOTTUI_API_KEY``,
      else the key source of ``--profile`` if one is named. Other settings come from the named
      profile, or the ``[ui]`` defaults.
    * ``--profile NAME``: that profile (ConfigError if there is none by that name).
    * otherwise the active profile.

    Returns None when there is nothing to connect to (no profile, no ``--url``): the UI shows its
    welcome screen. ``--demo`` is handled by :func:`demo_connection` once the simulator runs.

    Raises:
        ConfigError: unknown profile, insecure or malformed URL, or the key cannot be resolved.
    """
    if options.demo:
        raise ValueError("--demo connects to the simulator: use demo_connection()")
    env = os.environ if environ is None else environ
    profile: Profile | None = None
    if options.profile is not None:
        profile = config.get(options.profile)
    elif options.url is None:
        profile = config.active_profile
        if profile is None:
            return None
    if options.url is not None:
        url = check_url(options.url)
        base = profile or Profile(name="", url=url)  # ad hoc: no profile name
        if options.api_key_env:
            if not _ENV_NAME.fullmatch(options.api_key_env):
                raise ConfigError(
                    f"--api-key-env expects an environment variable name, "
                    f"got {options.api_key_env!r}"
                )
            base = replace(
                base, api_key_env=options.api_key_env, api_key_command=None, api_key_file=None
            )
        elif profile is None and not env.get(API_KEY_ENV):
            raise ConfigError(
                f"--url needs a key source: --api-key-env VAR (the name of an environment "
                f"variable holding the key) or {API_KEY_ENV}"
            )
        key = resolve_api_key(base, environ=env, config_file=config.path)
        return _settings_from_profile(base, config, options, key, url)
    assert profile is not None
    if options.api_key_env:
        profile = replace(profile, api_key_env=options.api_key_env)
    url = check_url(profile.url)
    key = resolve_api_key(profile, environ=env, config_file=config.path)
    return _settings_from_profile(profile, config, options, key, url)


def demo_connection(
    options: TuiOptions, config: Config, *, url: str, api_key: str
) -> ConnectionSettings:
    """Settings for ``--demo`` once the in-process simulator listens at ``url``.

    Theme, bell and keymap come from the ``[ui]`` defaults; refresh and read-only from options.
    """
    return ConnectionSettings(
        url=url,
        api_key=api_key,
        refresh=options.refresh if options.refresh is not None else DEFAULT_REFRESH,
        keymap=dict(config.ui.keymap),
        theme=config.ui.theme,
        read_only=options.read_only,
        bell=config.ui.bell,
        profile_name="demo",
    )
