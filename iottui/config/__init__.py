"""Profiles in TOML, XDG paths, API key sources, and the settings the TUI and CLI start from.

The package, by concern: :mod:`~iottui.config.paths` (where files live),
:mod:`~iottui.config.model` (profiles, ``[ui]``, value checks, the refresh bounds),
:mod:`~iottui.config.file` (TOML read/write), :mod:`~iottui.config.keys` (API key sources),
:mod:`~iottui.config.settings` (options + file -> one resolved settings value) and
:mod:`~iottui.config.connection` (settings -> client: :func:`connect`). Import from here.

The config file lives at ``$XDG_CONFIG_HOME/iottui/config.toml`` (``~/.config`` when the variable
is unset); ``IOTTUI_CONFIG`` names another file. It is read with :mod:`tomllib` and written with
``tomli_w`` atomically (a temporary file in the same directory, then a rename) with mode 0600,
since it may hold an inline API key. A wider mode on load is reported as a warning
(:attr:`Config.warnings`, also logged) and shown by ``iottui info``.

Example::

    active = "prod"

    [ui]
    theme = "textual-dark"
    notify = "bell"                # or "osc9", "osc777", "off"

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

from iottui.config.connection import connect
from iottui.config.errors import ConfigError
from iottui.config.file import (
    config_lock,
    config_to_toml,
    load_config,
    parse_config,
    save_config,
    update_config,
)
from iottui.config.keys import (
    API_KEY_ENV,
    KEY_COMMAND_TIMEOUT,
    check_key,
    describe_key_source,
    resolve_api_key,
)
from iottui.config.model import (
    DEFAULT_NOTIFY,
    DEFAULT_REFRESH,
    DEFAULT_URL,
    DEFAULT_VERSION,
    MAX_REFRESH,
    MIN_REFRESH,
    NOTIFY_MODES,
    Config,
    NotifyMode,
    Profile,
    UIDefaults,
    check_profile_name,
    check_url,
)
from iottui.config.paths import CONFIG_ENV, cache_dir, config_path, data_dir
from iottui.config.settings import (
    ConnectionSettings,
    TuiOptions,
    demo_connection,
    resolve_connection,
)

__all__ = [
    "API_KEY_ENV",
    "CONFIG_ENV",
    "DEFAULT_NOTIFY",
    "DEFAULT_REFRESH",
    "DEFAULT_URL",
    "DEFAULT_VERSION",
    "KEY_COMMAND_TIMEOUT",
    "MAX_REFRESH",
    "MIN_REFRESH",
    "NOTIFY_MODES",
    "Config",
    "ConfigError",
    "ConnectionSettings",
    "NotifyMode",
    "Profile",
    "TuiOptions",
    "UIDefaults",
    "cache_dir",
    "check_key",
    "check_profile_name",
    "check_url",
    "config_lock",
    "config_path",
    "config_to_toml",
    "connect",
    "data_dir",
    "demo_connection",
    "describe_key_source",
    "load_config",
    "parse_config",
    "resolve_api_key",
    "resolve_connection",
    "save_config",
    "update_config",
]
