"""The ``iottui`` command line: the TUI, ``info``, ``profile``, ``sim`` and resource commands.

Without a subcommand, ``iottui`` starts the terminal UI (``iottui.ui.launch.run_tui`` with a
:class:`~iottui.config.TuiOptions`). Subcommands:

* ``info``: version, config file and its mode, data/cache dirs, profiles (never a key).
* ``profile add|list|remove|use|check``: manage the profiles in the config file.
* ``sim ...``: the simulator, delegated to ``iottui.sim.cli`` (imported when used).
* ``<resource> <verb> ...``: headless commands from ``iottui.commands``.

The hook for resource commands (also in ``spec/CLI_HOOK.md``): ``iottui.commands.register(
subparsers)`` adds one parser per resource with leaf parsers per verb. Each leaf sets
``command_handler`` (``async (args, client) -> int``) and ``writes`` (bool) with
``set_defaults``. This module adds the connection options to every leaf, resolves the profile
into :class:`~iottui.config.ConnectionSettings`, refuses writes on a read-only profile (exit 2),
builds the client with :func:`build_client`, runs the handler with :func:`asyncio.run` inside
``async with client``, and maps errors to exit codes.

Exit codes: 0 ok, 1 API error, 2 usage or config error, 3 connection error, 130 interrupted.
Errors go to stderr as one line; there is never a traceback (``IOTTUI_DEBUG=1`` re-raises
unexpected exceptions for debugging).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import importlib
import json
import logging
import os
import sys
import time
import unicodedata
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final, NoReturn, TextIO

from iottui import __version__
from iottui.api.errors import (
    APIConnectionError,
    APIError,
    InsecureURLError,
    IoTError,
    ResponseFormatError,
    ValidationError,
)
from iottui.config import (
    API_KEY_ENV,
    CONFIG_ENV,
    DEFAULT_REFRESH,
    DEFAULT_VERSION,
    MAX_REFRESH,
    MIN_REFRESH,
    Config,
    ConfigError,
    ConnectionSettings,
    Profile,
    TuiOptions,
    cache_dir,
    check_profile_name,
    check_url,
    config_path,
    data_dir,
    describe_key_source,
    load_config,
    resolve_connection,
    save_config,
)

if TYPE_CHECKING:
    from iottui.api.client import IoTClient
    from iottui.api.models import User

    CommandHandler = Callable[[argparse.Namespace, IoTClient], Awaitable[int]]

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_CONNECTION_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_client",
    "build_parser",
    "exit_code_for",
    "main",
]

EXIT_OK: Final = 0
EXIT_API_ERROR: Final = 1
EXIT_USAGE: Final = 2
EXIT_CONNECTION_ERROR: Final = 3
EXIT_INTERRUPTED: Final = 130

DEBUG_ENV: Final = "IOTTUI_DEBUG"

_OWN_COMMANDS: Final = frozenset({"info", "profile", "sim"})
# Options of the TUI that make no sense with info/profile/sim.
# Their dests carry a prefix so a resource command may have its own --refresh or --devices.
_TUI_ONLY: Final = ("tui_demo", "tui_devices", "tui_seed", "tui_fresh", "tui_refresh")
_CONNECTION: Final = ("profile", "url", "api_key_env", "read_only")


class CLIUsageError(Exception):
    """A usage problem found after parsing (exit code 2)."""


# --------------------------------------------------------------------------------------------
# Output helpers


def clean(text: str) -> str:
    """Text safe for a terminal: control characters (escape sequences) shown as ``\\xNN``."""
    out = []
    for char in text:
        if char in "\n\t" or unicodedata.category(char)[0] != "C":
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return "".join(out)


def _error(message: str) -> None:
    print(f"iottui: error: {clean(message)}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"iottui: warning: {clean(message)}", file=sys.stderr)


def exit_code_for(exc: BaseException) -> int:
    """The exit code for an error: 3 connection, 2 config/usage/validation, 1 API."""
    if isinstance(exc, APIConnectionError):
        return EXIT_CONNECTION_ERROR
    if isinstance(exc, ConfigError | ValidationError | InsecureURLError | CLIUsageError):
        return EXIT_USAGE
    if isinstance(exc, APIError | ResponseFormatError | IoTError):
        return EXIT_API_ERROR
    return EXIT_API_ERROR


def _load_config_with_warnings() -> Config:
    config = load_config()
    for warning in config.warnings:
        _warn(warning)
    return config


# --------------------------------------------------------------------------------------------
# Argument parsing


def _refresh_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not MIN_REFRESH <= seconds <= MAX_REFRESH:
        raise argparse.ArgumentTypeError(
            f"must be between {MIN_REFRESH:g} and {MAX_REFRESH:g} seconds, got {value}"
        )
    return seconds


def _device_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= count <= 100_000:
        raise argparse.ArgumentTypeError(f"must be between 1 and 100000, got {count}")
    return count


_CONNECTION_OPTIONS: Final[tuple[tuple[str, dict[str, Any]], ...]] = (
    ("--profile", {"metavar": "NAME", "help": "use this profile instead of the active one"}),
    ("--url", {"metavar": "URL", "help": "server base URL (https://, or http:// to loopback)"}),
    (
        "--api-key-env",
        {
            "metavar": "VAR",
            "help": "name of the environment variable holding the API key (never the key itself)",
        },
    ),
    ("--read-only", {"action": "store_true", "help": "refuse every write operation"}),
)


def _add_connection_options(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    *,
    suppress: bool,
    existing: Collection[str] = (),
) -> None:
    """``--profile``, ``--url``, ``--api-key-env``, ``--read-only`` (those not in ``existing``).

    With ``suppress`` (on subcommand parsers) an option that is not given leaves the value
    parsed at the top level alone.
    """
    for flag, kwargs in _CONNECTION_OPTIONS:
        if flag in existing:
            continue
        if suppress:
            kwargs = {**kwargs, "default": argparse.SUPPRESS}
        parser.add_argument(flag, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The full parser, including resource commands when ``iottui.commands`` is installed."""
    parser = argparse.ArgumentParser(
        prog="iottui",
        description=(
            "A keyboard-driven terminal client for TeamViewer IoT Cloud API v2.0.0 fleets. "
            "Without a command, starts the terminal UI."
        ),
        epilog=(
            "exit codes: 0 ok, 1 API error, 2 usage or config error, 3 connection error. "
            f"Config file: {config_path()} (override with {CONFIG_ENV})."
        ),
    )
    parser.add_argument("--version", action="version", version=f"iottui {__version__}")
    tui = parser.add_argument_group("terminal UI")
    tui.add_argument(
        "--demo",
        dest="tui_demo",
        action="store_true",
        help="run against the built-in simulator (state kept in the data dir)",
    )
    tui.add_argument(
        "--devices",
        dest="tui_devices",
        type=_device_count,
        metavar="N",
        help="demo: number of devices (60)",
    )
    tui.add_argument("--seed", dest="tui_seed", type=int, metavar="S", help="demo: seed (1)")
    tui.add_argument(
        "--fresh", dest="tui_fresh", action="store_true", help="demo: discard the saved state"
    )
    tui.add_argument(
        "--refresh",
        dest="tui_refresh",
        type=_refresh_seconds,
        metavar="SECONDS",
        help=f"live value refresh interval ({MIN_REFRESH:g}-{MAX_REFRESH:g} s)",
    )
    connection = parser.add_argument_group("connection (TUI and resource commands)")
    _add_connection_options(connection, suppress=False)
    parser.set_defaults(cli_func=None, command_handler=None, writes=False, help_parser=None)

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_info_parser(subparsers)
    _add_profile_parser(subparsers)
    _add_sim_parser(subparsers)
    _register_resource_commands(subparsers)
    return parser


def _add_info_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    info = subparsers.add_parser(
        "info",
        help="show version, config path, data dirs and profiles (never a key)",
        description="Show the version, config file, data and cache dirs, and the profiles.",
    )
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(cli_func=_cmd_info)


def _add_profile_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profile = subparsers.add_parser(
        "profile",
        help="add, list, remove, select or check server profiles",
        description="Manage the server profiles in the config file.",
    )
    profile.set_defaults(help_parser=profile)
    verbs = profile.add_subparsers(dest="profile_command", metavar="VERB")

    add = verbs.add_parser(
        "add",
        help="add a profile (asks for the key without echo, or use a key source option)",
        description=(
            "Add a profile. Without a key source option, the API key is asked for without "
            "echo and stored inline in the config file (mode 0600). The key is never accepted "
            "as a command-line argument."
        ),
    )
    add.add_argument("name", metavar="NAME", help="profile name (letters, digits, - and _)")
    add.add_argument("--url", dest="add_url", metavar="URL", required=True, help="server URL")
    source = add.add_mutually_exclusive_group()
    source.add_argument(
        "--api-key-env",
        dest="add_key_env",
        metavar="VAR",
        help="read the key from this environment variable at run time",
    )
    source.add_argument(
        "--api-key-command",
        dest="add_key_command",
        metavar="CMD",
        help="run this command (e.g. a password manager) and use its output as the key",
    )
    source.add_argument(
        "--api-key-file",
        dest="add_key_file",
        metavar="PATH",
        help="read the key from this file at run time",
    )
    add.add_argument(
        "--version",
        dest="add_version",
        metavar="V",
        default=DEFAULT_VERSION,
        help=f"API version sent in the Accept header ({DEFAULT_VERSION})",
    )
    add.add_argument(
        "--refresh",
        dest="add_refresh",
        type=_refresh_seconds,
        metavar="SECONDS",
        help="live value refresh interval",
    )
    add.add_argument("--read-only", dest="add_read_only", action="store_true", help="refuse writes")
    add.add_argument(
        "--ca-bundle", dest="add_ca_bundle", metavar="PATH", help="CA bundle to verify TLS with"
    )
    add.add_argument("--use", dest="add_use", action="store_true", help="make it the active one")
    add.add_argument(
        "--force", dest="add_force", action="store_true", help="replace an existing profile"
    )
    add.set_defaults(cli_func=_cmd_profile_add)

    listing = verbs.add_parser("list", help="list profiles", description="List the profiles.")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(cli_func=_cmd_profile_list)

    remove = verbs.add_parser("remove", help="remove a profile", description="Remove a profile.")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(cli_func=_cmd_profile_remove)

    use = verbs.add_parser(
        "use", help="make a profile the active one", description="Select the active profile."
    )
    use.add_argument("name", metavar="NAME")
    use.set_defaults(cli_func=_cmd_profile_use)

    check = verbs.add_parser(
        "check",
        help="connect with a profile and show the user it authenticates as",
        description=(
            "Resolve the profile's key, call the user-info operation and show the user and "
            "license, or the exact error (exit 1 for an API error, 3 when unreachable)."
        ),
    )
    check.add_argument("name", metavar="NAME", nargs="?", help="profile (default: the active one)")
    check.set_defaults(cli_func=_cmd_profile_check)


def _add_sim_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # The simulator's own options are defined by iottui.sim.cli; importing it (and uvicorn)
    # for every command would slow them all down, so this parser takes the rest of the line
    # verbatim ("\0" as the only prefix character means nothing looks like an option) and
    # _cmd_sim parses it with the simulator's parser.
    sim = subparsers.add_parser(
        "sim",
        help="run the API simulator (see `iottui sim --help`)",
        add_help=False,
        prefix_chars="\0",
    )
    sim.add_argument("sim_args", nargs=argparse.REMAINDER)
    sim.set_defaults(cli_func=_cmd_sim)


def _register_resource_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    try:
        commands = importlib.import_module("iottui.commands")
    except ModuleNotFoundError as exc:
        if exc.name != "iottui.commands":
            raise
        return
    # Until the package defines register() (it is written in parallel), run without it.
    register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] | None = (
        getattr(commands, "register", None)
    )
    if register is None:
        return
    register(subparsers)
    seen: set[int] = set()
    for name, parser in subparsers.choices.items():
        if name not in _OWN_COMMANDS:
            _prepare_resource_parser(parser, seen)


def _prepare_resource_parser(parser: argparse.ArgumentParser, seen: set[int]) -> None:
    """Add connection options to every leaf; remember the innermost parser for usage."""
    if id(parser) in seen:
        return
    seen.add(id(parser))
    children = [
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    ]
    if not children:
        parser.set_defaults(command_prog=parser.prog)
        group = parser.add_argument_group("connection")
        _add_connection_options(group, suppress=True, existing=set(parser._option_string_actions))
        return
    parser.set_defaults(help_parser=parser)
    for action in children:
        for child in action.choices.values():
            _prepare_resource_parser(child, seen)


# --------------------------------------------------------------------------------------------
# Dispatch


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises, never prints a traceback)."""
    # Problems reach the user as one "iottui: error/warning" line (or in the TUI); without a
    # handler, Python's last-resort handler would also print iottui's log records on stderr,
    # twice over and across the TUI's screen. `iottui sim` configures its own logging.
    _quiet_library_logs()
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(list(argv) if argv is not None else None)
        except SystemExit as exc:  # --help, --version and usage errors
            return _system_exit_code(exc)
        return _dispatch(parser, args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return _system_exit_code(exc)
    except BrokenPipeError:
        # The reader went away (`iottui ... | head`): stop quietly. Point stdout at devnull so
        # the interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_API_ERROR
    except (IoTError, CLIUsageError) as exc:
        _error(str(exc))
        return exit_code_for(exc)
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        _error(
            f"internal error: {type(exc).__name__}: {exc} "
            f"(set {DEBUG_ENV}=1 to see the traceback, and please report it)"
        )
        return EXIT_API_ERROR


def _quiet_library_logs() -> None:
    package_logger = logging.getLogger("iottui")
    if not any(isinstance(h, logging.NullHandler) for h in package_logger.handlers):
        package_logger.addHandler(logging.NullHandler())


def _system_exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_USAGE


def _given(args: argparse.Namespace, names: Sequence[str]) -> list[str]:
    return [
        "--" + name.removeprefix("tui_").replace("_", "-")
        for name in names
        if getattr(args, name, None) not in (None, False)
    ]


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    handler: CommandHandler | None = args.command_handler
    cli_func: Callable[[argparse.Namespace], int] | None = args.cli_func
    if args.command is None:
        return _cmd_tui(parser, args)
    misplaced = _given(args, _TUI_ONLY)
    if handler is None and cli_func is not None:
        misplaced += _given(args, _CONNECTION)
    if misplaced:
        parser.error(
            f"{', '.join(misplaced)} cannot be used with `iottui {args.command}` "
            "(only when starting the terminal UI"
            + (")" if handler is None and cli_func is not None else " without a command)")
        )
    if handler is not None:
        return _run_resource_command(args, handler)
    if cli_func is not None:
        return cli_func(args)
    help_parser: argparse.ArgumentParser = args.help_parser or parser
    help_parser.print_usage(sys.stderr)
    _error(f"choose a command: see `{help_parser.prog} --help`")
    return EXIT_USAGE


def _tui_options(args: argparse.Namespace) -> TuiOptions:
    defaults = TuiOptions()
    return TuiOptions(
        demo=args.tui_demo,
        devices=args.tui_devices if args.tui_devices is not None else defaults.devices,
        seed=args.tui_seed if args.tui_seed is not None else defaults.seed,
        fresh=args.tui_fresh,
        profile=args.profile,
        url=args.url,
        api_key_env=args.api_key_env,
        refresh=args.tui_refresh,
        read_only=args.read_only,
    )


def _cmd_tui(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if not args.tui_demo:
        demo_only = _given(args, ("tui_devices", "tui_seed", "tui_fresh"))
        if demo_only:
            parser.error(f"{', '.join(demo_only)} only applies with --demo")
    else:
        with_demo = _given(args, ("profile", "url", "api_key_env"))
        if with_demo:
            parser.error(f"--demo cannot be combined with {', '.join(with_demo)}")
    options = _tui_options(args)
    # Surface config errors before the screen opens; run_tui reads the config again.
    _load_config_with_warnings()
    try:
        from iottui.ui.launch import run_tui
    except ImportError as exc:
        raise CLIUsageError(f"the terminal UI is not available: {exc}") from None
    return run_tui(options)


def _cmd_sim(args: argparse.Namespace) -> int:
    try:
        from iottui.sim import cli as sim_cli
    except ImportError as exc:
        raise CLIUsageError(f"the simulator is not available: {exc}") from None
    sim_parser = argparse.ArgumentParser(
        prog="iottui sim",
        description="Run the TeamViewer IoT Cloud API simulator on a loopback port.",
    )
    sim_cli.add_arguments(sim_parser)
    sim_args = sim_parser.parse_args(args.sim_args)
    return sim_cli.run(sim_args)


def build_client(settings: ConnectionSettings) -> IoTClient:
    """The client for a resolved profile (version, path overrides, CA bundle).

    Tests monkeypatch this to inject a transport.
    """
    from iottui.api.client import IoTClient

    return IoTClient(
        settings.url,
        settings.api_key,
        version=settings.version,
        routes=settings.routes,
        verify=settings.verify,
    )


def _run_resource_command(args: argparse.Namespace, handler: CommandHandler) -> int:
    config = _load_config_with_warnings()
    options = TuiOptions(
        profile=args.profile,
        url=args.url,
        api_key_env=args.api_key_env,
        read_only=args.read_only,
    )
    settings = resolve_connection(options, config)
    if settings is None:
        raise CLIUsageError(
            "no profile configured: run `iottui profile add NAME --url URL`, or pass --url "
            "with --api-key-env VAR"
        )
    if args.writes and settings.read_only:
        reason = (
            f"profile {settings.profile_name!r} is read-only"
            if settings.profile_name and not args.read_only
            else "--read-only is set"
        )
        command = getattr(args, "command_prog", None) or f"iottui {args.command}"
        raise CLIUsageError(f"refusing `{command}`: it writes, and {reason}")
    client = build_client(settings)

    async def run() -> int:
        async with client:
            return await handler(args, client)

    return asyncio.run(run())


# --------------------------------------------------------------------------------------------
# info and profile


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


def _print_json(data: object, out: TextIO | None = None) -> None:
    print(json.dumps(data, indent=2, sort_keys=True), file=out or sys.stdout)


def _cmd_info(args: argparse.Namespace) -> int:
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
        _error(str(exc))
        return EXIT_USAGE
    info["warnings"] = list(config.warnings)
    info["active_profile"] = config.active
    info["profiles"] = [_profile_summary(p, config) for p in config.profiles.values()]
    if args.json:
        _print_json(info)
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


def _fail(message: str) -> NoReturn:
    raise CLIUsageError(message)


def _cmd_profile_add(args: argparse.Namespace) -> int:
    name = check_profile_name(args.name)
    url = check_url(args.add_url)
    config = _load_config_with_warnings()
    if name in config.profiles and not args.add_force:
        _fail(f"profile {name!r} already exists (use --force to replace it)")
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
            _warn(f"the environment variable {args.add_key_env} is not set in this shell")
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
            _fail("no API key entered; nothing saved")
        profile = replace(profile, api_key=key)
    config.add(profile, activate=True if args.add_use else None)
    path = save_config(config)
    active = " (active)" if config.active == name else ""
    print(f"saved profile {name!r}{active} to {clean(str(path))} (mode 0600)")
    print(f"  url: {clean(url)}; key source: {describe_key_source(profile)}")
    return EXIT_OK


def _cmd_profile_list(args: argparse.Namespace) -> int:
    config = _load_config_with_warnings()
    if args.json:
        _print_json(
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


def _cmd_profile_remove(args: argparse.Namespace) -> int:
    config = _load_config_with_warnings()
    config.remove(args.name)
    path = save_config(config)
    print(f"removed profile {args.name!r} from {clean(str(path))}")
    if config.active:
        print(f"active profile: {config.active}")
    elif config.profiles:
        print("no active profile now; choose one with `iottui profile use NAME`")
    return EXIT_OK


def _cmd_profile_use(args: argparse.Namespace) -> int:
    config = _load_config_with_warnings()
    config.get(args.name)
    config.active = args.name
    save_config(config)
    print(f"active profile: {args.name}")
    return EXIT_OK


def _cmd_profile_check(args: argparse.Namespace) -> int:
    config = _load_config_with_warnings()
    settings = resolve_connection(TuiOptions(profile=args.name), config)
    if settings is None:
        raise CLIUsageError("no profile configured: run `iottui profile add NAME --url URL`")
    client = build_client(settings)

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
