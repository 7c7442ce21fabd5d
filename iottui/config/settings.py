"""From command-line options and the config file to one resolved settings value.

:class:`TuiOptions` is what the command line asked for; :func:`resolve_connection` (or
:func:`demo_connection` for ``--demo``) turns it and the :class:`~iottui.config.model.Config`
into :class:`ConnectionSettings`: the server, the resolved key, and every preference the CLI
and the TUI run with. ``read_only`` is decided here and only here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from iottui.api.routes import RouteTable
from iottui.config.errors import ConfigError
from iottui.config.keys import API_KEY_ENV, resolve_api_key
from iottui.config.model import (
    _ENV_NAME,
    DEFAULT_NOTIFY,
    DEFAULT_REFRESH,
    DEFAULT_VERSION,
    Config,
    NotifyMode,
    Profile,
    check_url,
)

__all__ = ["ConnectionSettings", "TuiOptions", "demo_connection", "resolve_connection"]


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
    notify: NotifyMode = DEFAULT_NOTIFY
    profile_name: str | None = None
    #: Show the last fleet's structure from the cache at start (``[ui]``/profile ``fleet_cache``).
    fleet_cache: bool = True

    @property
    def verify(self) -> bool | str:
        """The ``verify=`` for IoTClient: the CA bundle path if set, else True (never False)."""
        return self.ca_bundle or True

    @property
    def routes(self) -> RouteTable:
        """The route table with the profile's path overrides."""
        return RouteTable(self.paths)


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
        notify=profile.notify if profile.notify is not None else config.ui.notify,
        profile_name=profile.name or None,
        fleet_cache=profile.fleet_cache
        if profile.fleet_cache is not None
        else config.ui.fleet_cache,
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

    Theme, notify and keymap come from the ``[ui]`` defaults; refresh and read-only from options.
    """
    return ConnectionSettings(
        url=url,
        api_key=api_key,
        refresh=options.refresh if options.refresh is not None else DEFAULT_REFRESH,
        keymap=dict(config.ui.keymap),
        theme=config.ui.theme,
        read_only=options.read_only,
        notify=config.ui.notify,
        profile_name="demo",
        fleet_cache=config.ui.fleet_cache,
    )
