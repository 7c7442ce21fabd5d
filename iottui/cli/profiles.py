"""``iottui info`` and ``iottui profile add|list|remove|use|check``."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from iottui import __version__
from iottui.config import (
    API_KEY_ENV,
    CONFIG_ENV,
    DEFAULT_REFRESH,
    DEFAULT_VERSION,
    Config,
    ConfigError,
    Profile,
    TuiOptions,
    cache_dir,
    check_key,
    check_profile_name,
    check_url,
    config_path,
    connection,
    data_dir,
    describe_key_source,
    load_config,
    resolve_connection,
    update_config,
)
from iottui.exit_codes import (
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
)

if TYPE_CHECKING:
    from iottui.api.client import IoTClient
    from iottui.api.models import User

    CommandHandler = Callable[[argparse.Namespace, IoTClient], Awaitable[int]]

from iottui.cli.output import clean, error, fail, load_config_with_warnings, print_json, warn


def _profile_summary(profile: Profile, config: Config) -> dict[str, Any]:
    return {
        "name": profile.name,
        "active": profile.name == config.active,
        "url": profile.url,
        "key_source": profile.key_source,
        "key_source_detail": describe_key_source(profile),
        "version": profile.version,
        "refresh": profile.refresh,
        "read_only": profile.read_only,
        "ca_bundle": profile.ca_bundle,
        "path_overrides": dict(profile.paths),
    }


def cmd_info(args: argparse.Namespace) -> int:
    path = config_path()
    info: dict[str, Any] = {
        "version": __version__,
        "config_file": str(path),
        "config_exists": path.exists(),
        "config_from_env": bool(os.environ.get(CONFIG_ENV)),
        "data_dir": str(data_dir()),
        "cache_dir": str(cache_dir()),
        "api_key_env_set": bool(os.environ.get(API_KEY_ENV)),
    }
    try:
        config = load_config(path)
    except ConfigError as exc:
        if not args.json:
            _print_info_paths(info)
        error(str(exc))
        return EXIT_USAGE
    info["warnings"] = list(config.warnings)
    info["active_profile"] = config.active
    info["profiles"] = [_profile_summary(p, config) for p in config.profiles.values()]
    if args.json:
        print_json(info)
        return EXIT_OK
    _print_info_paths(info)
    for warning in config.warnings:
        print(f"  warning: {clean(warning)}")
    if info["api_key_env_set"]:
        print(f"{API_KEY_ENV} is set: it overrides the key source of every profile")
    if not config.profiles:
        print("profiles:    none (add one with `iottui profile add NAME --url URL`)")
        return EXIT_OK
    print(f"active:      {config.active or '(none)'}")
    print("profiles:")
    _print_profile_table(config)
    return EXIT_OK


def _print_info_paths(info: dict[str, Any]) -> None:
    state = "" if info["config_exists"] else " (not created yet)"
    source = f" (from {CONFIG_ENV})" if info["config_from_env"] else ""
    print(f"iottui {info['version']}")
    print(f"config file: {clean(info['config_file'])}{source}{state}")
    print(f"data dir:    {clean(info['data_dir'])}")
    print(f"cache dir:   {clean(info['cache_dir'])}")


def _print_profile_table(config: Config) -> None:
    rows = [("", "NAME", "URL", "KEY SOURCE", "OPTIONS")]
    for profile in config.profiles.values():
        options = []
        if profile.version != DEFAULT_VERSION:
            options.append(f"version {profile.version}")
        options.append(f"refresh {profile.refresh:g}s")
        if profile.read_only:
            options.append("read-only")
        if profile.ca_bundle:
            options.append(f"ca-bundle {profile.ca_bundle}")
        if profile.paths:
            options.append(f"{len(profile.paths)} path override(s)")
        rows.append(
            (
                "*" if profile.name == config.active else "",
                profile.name,
                profile.url,
                describe_key_source(profile),
                ", ".join(options),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])]
        print(clean("  " + "  ".join(cells) + "  " + row[4]).rstrip())


def cmd_profile_add(args: argparse.Namespace) -> int:
    name = check_profile_name(args.name)
    url = check_url(args.add_url)
    config = load_config_with_warnings()
    if name in config.profiles and not args.add_force:
        fail(f"profile {name!r} already exists (use --force to replace it)")
    profile = Profile(
        name=name,
        url=url,
        version=args.add_version,
        refresh=args.add_refresh if args.add_refresh is not None else DEFAULT_REFRESH,
        read_only=args.add_read_only,
        ca_bundle=args.add_ca_bundle,
    )
    if args.add_key_env:
        profile = replace(profile, api_key_env=args.add_key_env)
        if not os.environ.get(args.add_key_env):
            warn(f"the environment variable {args.add_key_env} is not set in this shell")
    elif args.add_key_command:
        profile = replace(profile, api_key_command=args.add_key_command)
    elif args.add_key_file:
        profile = replace(profile, api_key_file=args.add_key_file)
    else:
        try:
            key = getpass.getpass(f"API key for profile {name!r} (input hidden): ").strip()
        except EOFError:
            key = ""
        if not key:
            fail("no API key entered; nothing saved")
        profile = replace(profile, api_key=check_key(key, "the prompt"))

    def add(config: Config) -> None:
        # Checked again under the lock: another `profile add` may have saved it meanwhile.
        if name in config.profiles and not args.add_force:
            fail(f"profile {name!r} already exists (use --force to replace it)")
        config.add(profile, activate=True if args.add_use else None)

    config = update_config(add)
    path = config.path or config_path()
    active = " (active)" if config.active == name else ""
    print(f"saved profile {name!r}{active} to {clean(str(path))} (mode 0600)")
    print(f"  url: {clean(url)}; key source: {describe_key_source(profile)}")
    return EXIT_OK


def cmd_profile_list(args: argparse.Namespace) -> int:
    config = load_config_with_warnings()
    if args.json:
        print_json(
            {
                "active": config.active,
                "profiles": [_profile_summary(p, config) for p in config.profiles.values()],
            }
        )
        return EXIT_OK
    if not config.profiles:
        print("no profiles yet; add one with `iottui profile add NAME --url URL`")
        return EXIT_OK
    _print_profile_table(config)
    return EXIT_OK


def cmd_profile_remove(args: argparse.Namespace) -> int:
    load_config_with_warnings()

    def remove(config: Config) -> None:
        config.remove(args.name)

    config = update_config(remove)
    path = config.path or config_path()
    print(f"removed profile {args.name!r} from {clean(str(path))}")
    if config.active:
        print(f"active profile: {config.active}")
    elif config.profiles:
        print("no active profile now; choose one with `iottui profile use NAME`")
    return EXIT_OK


def cmd_profile_use(args: argparse.Namespace) -> int:
    load_config_with_warnings()

    def use(config: Config) -> None:
        config.get(args.name)
        config.active = args.name

    update_config(use)
    print(f"active profile: {args.name}")
    return EXIT_OK


def cmd_profile_check(args: argparse.Namespace) -> int:
    config = load_config_with_warnings()
    settings = resolve_connection(TuiOptions(profile=args.name), config)
    if settings is None:
        raise UsageError("no profile configured: run `iottui profile add NAME --url URL`")
    client = connection.connect(settings)

    async def fetch_user() -> tuple[User, float]:
        async with client:
            started = time.perf_counter()
            user = await client.account.user()
            return user, time.perf_counter() - started

    user, elapsed = asyncio.run(fetch_user())
    who = user.display_name + (f" <{user.email}>" if user.email else "")
    licence = f", license {user.license.type}" if user.license else ""
    print(
        clean(
            f"ok: profile {settings.profile_name!r} at {settings.url} authenticates as "
            f"{who}{licence} ({elapsed * 1000:.0f} ms)"
        )
    )
    return EXIT_OK
