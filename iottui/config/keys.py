"""API key sources: an environment variable, a command, a file or an inline key.

There is deliberately no way to pass a key as a command-line literal, where it would land in
shell history and ``ps``. No message here ever contains the key or a command's output.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from iottui.config.errors import ConfigError
from iottui.config.model import Profile
from iottui.config.paths import read_regular_file

__all__ = [
    "API_KEY_ENV",
    "KEY_COMMAND_TIMEOUT",
    "MAX_KEY_BYTES",
    "check_key",
    "describe_key_source",
    "resolve_api_key",
]

API_KEY_ENV: Final = "IOTTUI_API_KEY"
"""Environment variable whose value, when set, is the key of whichever profile is used."""
KEY_COMMAND_TIMEOUT: Final = 60.0
"""Seconds an ``api_key_command`` may take (a password manager may ask for a passphrase)."""
MAX_KEY_BYTES: Final = 64 * 1024
"""The most an API key file or command may hold or print (a key is a few dozen bytes)."""


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
        # Output is captured and never shown: on failure it could contain the secret. The
        # command gets its own process group, so a timeout ends everything it started; on a
        # terminal that group is put in the foreground while it runs, so a password manager
        # can still ask for a passphrase.
        process = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            process_group=0,
        )
    except FileNotFoundError:
        raise ConfigError(f"{what} failed: program not found: {argv[0]!r}") from None
    except PermissionError:
        raise ConfigError(f"{what} failed: program not executable: {argv[0]!r}") from None
    except OSError as exc:
        raise ConfigError(f"{what} failed: {exc.strerror or exc} ({argv[0]!r})") from None
    try:
        with _in_foreground(process.pid):
            output = _read_until_exit(process, KEY_COMMAND_TIMEOUT)
    except TimeoutError:
        _kill_group(process)
        raise ConfigError(
            f"{what} failed: no answer within {KEY_COMMAND_TIMEOUT:g} s ({argv[0]!r}); "
            "it and everything it started were stopped"
        ) from None
    except _TooMuchOutput:
        _kill_group(process)
        raise ConfigError(
            f"{what} failed: {argv[0]!r} printed more than {MAX_KEY_BYTES:,} bytes"
        ) from None
    finally:
        if process.stdout is not None:
            process.stdout.close()
    if process.returncode != 0:
        raise ConfigError(
            f"{what} failed: {argv[0]!r} exited with status {process.returncode} "
            "(its output is not shown since it may contain secrets)"
        )
    try:
        key = output.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise ConfigError(f"{what} printed something that is not UTF-8 text") from None
    if not key:
        raise ConfigError(f"{what} printed nothing on stdout: {argv[0]!r}")
    return check_key(key, f"the output of the {what}")


class _TooMuchOutput(Exception):
    pass


def _read_until_exit(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    """What ``process`` writes on stdout until it *exits* (not until its stdout closes: a
    background child it leaves behind may hold the pipe open for as long as it lives)."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    os.set_blocking(fd, False)
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            exited = process.poll() is not None
            # Once it exited, everything it wrote is in the pipe: drain it without waiting.
            for _ in selector.select(0 if exited else min(0.05, timeout)):
                pass
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_KEY_BYTES:
                    raise _TooMuchOutput
            if exited:
                return b"".join(chunks)
            if time.monotonic() >= deadline:
                raise TimeoutError


@contextlib.contextmanager
def _in_foreground(pgid: int) -> Iterator[None]:
    """Make process group ``pgid`` the terminal's foreground group while inside (as a shell
    does for a job), when this process is itself in the foreground of a terminal."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError:
        yield  # no terminal: nothing to hand over
        return
    try:
        ours = os.getpgrp()
        if threading.current_thread() is not threading.main_thread() or os.tcgetpgrp(tty) != ours:
            yield
            return
        # Taking the terminal back from a background group would stop us with SIGTTOU.
        previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        try:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(tty, pgid)
                # Had it read the terminal before it was handed over, SIGTTIN stopped it.
                os.killpg(pgid, signal.SIGCONT)
            yield
        finally:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(tty, ours)
            signal.signal(signal.SIGTTOU, previous)
    finally:
        os.close(tty)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """End the command and every process it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def check_key(key: str, source: str) -> str:
    """``key`` if it can be an API key: ASCII, printable, no spaces (HTTP header text).

    The message names the source, never the key.
    """
    if not key.isascii():
        raise ConfigError(
            f"the API key from {source} contains non-ASCII characters; an API key is ASCII "
            "text (was the right value copied?)"
        )
    if not key.isprintable() or any(c.isspace() for c in key):
        raise ConfigError(
            f"the API key from {source} contains spaces or control characters; an API key is "
            "one word of ASCII text"
        )
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
        return check_key(override, f"the environment variable {API_KEY_ENV}")
    if profile.api_key_env:
        value = env.get(profile.api_key_env, "").strip()
        if not value:
            raise ConfigError(
                f"profile {profile.name!r} takes its API key from the environment variable "
                f"{profile.api_key_env}, which is not set"
            )
        return check_key(value, f"the environment variable {profile.api_key_env}")
    if profile.api_key_command:
        return _run_key_command(profile)
    if profile.api_key_file:
        key_path = _key_file_path(profile.api_key_file, config_file)
        try:
            raw, _ = read_regular_file(key_path, limit=MAX_KEY_BYTES, what="an API key file")
            value = raw.decode("utf-8").strip()
        except FileNotFoundError:
            raise ConfigError(
                f"cannot read the API key file of profile {profile.name!r}: no such file",
                key_path,
            ) from None
        except ConfigError as exc:
            raise ConfigError(
                f"the API key file of profile {profile.name!r} {exc.message}", key_path
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(
                f"API key file of profile {profile.name!r} is not UTF-8 text", key_path
            ) from None
        if not value:
            raise ConfigError(f"API key file of profile {profile.name!r} is empty", key_path)
        return check_key(value, f"the file {key_path}")
    if profile.api_key:
        return check_key(profile.api_key, f"the config (profiles.{profile.name}.api_key)")
    raise ConfigError(
        f"profile {profile.name!r} has no API key source: set api_key_env, api_key_command, "
        f"api_key_file or api_key in the config, or the {API_KEY_ENV} environment variable"
    )
