"""The config file: TOML read and validated into a :class:`~iottui.config.model.Config`, and
written back atomically with mode 0600 (it may hold an inline API key).

Every problem with the file is one :class:`~iottui.config.errors.ConfigError` naming the file,
the key and what is wrong. A file mode wider than 0600 is a warning
(:attr:`Config.warnings`, also logged), shown by ``iottui info``.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import math
import os
import shlex
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from iottui.api.routes import RouteError, RouteTable
from iottui.config.errors import ConfigError
from iottui.config.model import (
    _ENV_NAME,
    _PROFILE_NAME,
    _VERSION,
    DEFAULT_NOTIFY,
    DEFAULT_REFRESH,
    DEFAULT_VERSION,
    MAX_REFRESH,
    MIN_REFRESH,
    NOTIFY_MODES,
    Config,
    NotifyMode,
    Profile,
    UIDefaults,
    check_url,
)
from iottui.config.paths import config_path, file_kind, read_regular_file

__all__ = [
    "LOCK_TIMEOUT",
    "MAX_CONFIG_BYTES",
    "config_lock",
    "config_to_toml",
    "load_config",
    "parse_config",
    "save_config",
    "update_config",
]

MAX_CONFIG_BYTES: Final = 1 << 20
"""A config file larger than this (1 MiB; a real one is a few KiB) is refused unread."""
LOCK_TIMEOUT: Final = 10.0
"""Seconds to wait for another iottui writing the config file."""

logger = logging.getLogger("iottui.config")


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
# "bell" (true/false) is the old spelling of notify = "bell" / "off": still read, never written.
_UI_KEYS: Final = ("theme", "notify", "bell", "keymap", "fleet_cache")
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
    "notify",
    "bell",
    "fleet_cache",
)


def _notify(reader: _Reader) -> NotifyMode | None:
    """``notify``, or the old ``bell = true|false`` (as "bell" / "off"); None when neither."""
    value = reader.string("notify")
    bell = reader.boolean("bell", None)
    if value is not None and bell is not None:
        raise reader.error(
            "bell", 'is the old spelling of notify: keep only notify (bell = false is "off")'
        )
    if bell is not None:
        return "bell" if bell else "off"
    if value is None:
        return None
    for mode in NOTIFY_MODES:
        if value == mode:
            return mode
    raise reader.error("notify", f"expected one of {', '.join(NOTIFY_MODES)}, got {value!r}")


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
        notify=_notify(reader),
        fleet_cache=reader.boolean("fleet_cache", None),
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
        notify=_notify(ui_reader) or DEFAULT_NOTIFY,
        keymap=ui_reader.string_table("keymap"),
        fleet_cache=bool(ui_reader.boolean("fleet_cache", True)),
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
        raw, info = read_regular_file(path, limit=MAX_CONFIG_BYTES, what="a TOML file")
    except FileNotFoundError:
        return Config(path=path)
    mode = info.st_mode
    import tomllib  # (not before a file is read: most starts of the demo have none)

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
    if profile.notify is not None:
        out["notify"] = profile.notify
    if profile.fleet_cache is not None:
        out["fleet_cache"] = profile.fleet_cache
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
    if config.ui.notify != DEFAULT_NOTIFY:
        ui["notify"] = config.ui.notify
    if not config.ui.fleet_cache:
        ui["fleet_cache"] = False
    if config.ui.keymap:
        ui["keymap"] = dict(config.ui.keymap)
    if ui:
        doc["ui"] = ui
    if config.profiles:
        doc["profiles"] = {name: _profile_to_toml(p) for name, p in config.profiles.items()}
    header = "# iottui configuration; written by iottui (comments are not preserved)\n"
    import tomli_w  # (only when a file is written)

    return header + tomli_w.dumps(doc)


def _target(path: Path) -> Path:
    """The file a write lands in: a symlinked config updates its target, not the link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the config atomically with mode 0600 (the directory is created with 0700).

    Writes to a temporary file next to the target, flushes it to disk and renames it over the
    target, so a crash never leaves a half-written config. A symlink is followed: its target
    is replaced and the link stays. Returns the path written (as given, not the target).

    This does not serialise writers: to change the file, use :func:`update_config`.
    """
    path = path if path is not None else (config.path or config_path())
    text = config_to_toml(config)
    # Validate what we are about to write: a config we cannot read back is never saved.
    import tomllib

    parse_config(tomllib.loads(text), path)
    target = _target(path)
    try:
        if target.exists() and not target.is_file():
            raise ConfigError("is not a regular file: not replaced", path)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write: {exc.strerror or exc}", path) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.chmod(tmp, 0o600)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ConfigError(f"cannot write: {exc.strerror or exc}", path) from None
    config.path = path
    config.warnings = [w for w in config.warnings if not w.startswith(f"{path} has mode")]
    return path


@contextlib.contextmanager
def config_lock(path: Path | None = None, *, timeout: float | None = None) -> Iterator[Path]:
    """Hold the config file's lock (``.<name>.lock`` beside the file a write lands in).

    Every change to the file is a read-modify-write under this lock (:func:`update_config`),
    so concurrent ``iottui profile add`` never lose one another's profiles. Waits up to
    ``timeout`` seconds (:data:`LOCK_TIMEOUT`) for another writer, then raises ConfigError.
    """
    path = path if path is not None else config_path()
    wait = LOCK_TIMEOUT if timeout is None else timeout
    target = _target(path)
    lock_path = target.parent / f".{target.name}.lock"
    with contextlib.suppress(FileNotFoundError):
        mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):  # no lock file beside a FIFO or in /dev
            raise ConfigError(f"is {file_kind(mode)}, expected a TOML file", path)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot lock ({lock_path}): {exc.strerror or exc}", path) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ConfigError(
                        f"another iottui has been changing this file for {wait:g} s (its lock "
                        f"{lock_path} is held); nothing was changed, try again",
                        path,
                    ) from None
                time.sleep(0.02)
        yield lock_path
    finally:
        os.close(fd)  # releases the lock


def update_config(change: Callable[[Config], None], path: Path | None = None) -> Config:
    """Read the config, ``change`` it and write it back, all under :func:`config_lock`.

    ``change`` may raise (e.g. "profile already exists") to leave the file as it was. Returns
    the config as written.
    """
    path = path if path is not None else config_path()
    with config_lock(path):
        config = load_config(path)
        change(config)
        save_config(config, path)
    return config
