"""API key sources: an environment variable, a command, a file or an inline key.

There is deliberately no way to pass a key as a command-line literal, where it would land in
shell history and ``ps``. No message here ever contains the key or a command's output.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from iottui.config.errors import ConfigError
from iottui.config.model import Profile

__all__ = ["API_KEY_ENV", "KEY_COMMAND_TIMEOUT", "describe_key_source", "resolve_api_key"]

API_KEY_ENV: Final = "IOTTUI_API_KEY"
"""Environment variable whose value, when set, is the key of whichever profile is used."""
KEY_COMMAND_TIMEOUT: Final = 60.0
"""Seconds an ``api_key_command`` may take (a password manager may ask for a passphrase)."""


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
