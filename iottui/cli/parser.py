"""The ``iottui`` argument parser: TUI options, connection options, info, profile, sim and the
resource commands of :mod:`iottui.commands` (each leaf gets the connection options)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

from iottui import __version__
from iottui.config import (
    CONFIG_ENV,
    DEFAULT_VERSION,
    MAX_REFRESH,
    MIN_REFRESH,
    config_path,
)

if TYPE_CHECKING:
    from iottui.api.client import IoTClient

    CommandHandler = Callable[[argparse.Namespace, IoTClient], Awaitable[int]]

from iottui.config.arguments import refresh_seconds

_OWN_COMMANDS: Final = frozenset({"info", "profile", "sim", "completion"})
# Options of the TUI that make no sense with info/profile/sim.
# Their dests carry a prefix so a resource command may have its own --refresh or --devices.
TUI_ONLY: Final = ("tui_demo", "tui_devices", "tui_seed", "tui_fresh", "tui_refresh")
CONNECTION_DESTS: Final = ("profile", "url", "api_key_env", "read_only", "strict")


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


_STRICT_HELP: Final = (
    "exit 1 when some items of a list could not be read (by default they are named on stderr, "
    "the rest is printed, and the exit code is 0)"
)


def _add_top_level_options(parser: argparse.ArgumentParser, *, version: bool = True) -> None:
    """The options before any command: the TUI's, the connection's, ``--strict``."""
    if version:  # an action that prints and exits wherever it is on the line
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
        type=refresh_seconds,
        metavar="SECONDS",
        help=f"live value refresh interval ({MIN_REFRESH:g}-{MAX_REFRESH:g} s)",
    )
    connection = parser.add_argument_group("connection (TUI and resource commands)")
    _add_connection_options(connection, suppress=False)
    reading = parser.add_argument_group("resource commands")
    reading.add_argument("--strict", action="store_true", help=_STRICT_HELP)
    parser.set_defaults(
        cli_func=None, command_handler=None, writes=False, help_parser=None, command=None
    )


def build_parser() -> argparse.ArgumentParser:
    """The full parser, including resource commands when ``iottui.commands`` is installed."""
    from iottui.cli import completion  # the commands' modules: only when they may be used

    parser = argparse.ArgumentParser(
        prog="iottui",
        description=(
            "A keyboard-driven terminal client for TeamViewer IoT Cloud API v2.0.0 fleets. "
            "Without a command, starts the terminal UI."
        ),
        epilog=(
            "exit codes: 0 ok, 1 API error, 2 usage or config error, 3 connection error, "
            f"70 crash, 130 interrupted. Config file: {config_path()} (override with "
            f"{CONFIG_ENV})."
        ),
    )
    _add_top_level_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_info_parser(subparsers)
    _add_profile_parser(subparsers)
    _add_sim_parser(subparsers)
    completion.add_parser(subparsers)
    _register_resource_commands(subparsers)
    return parser


class _NotTheTui(Exception):
    """The words are not (only) the TUI's options: the full parser decides."""


class _TuiParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheTui(message)


def parse_tui_only(words: Sequence[str]) -> argparse.Namespace | None:
    """The parsed options when ``words`` just start the terminal UI, else None.

    The full parser imports every resource command (and with them the API's models) to build
    its subcommands: ~100 ms that ``iottui`` alone, the TUI, would spend before its first
    frame. This parser has only the top-level options (the same definitions); anything else
    (a command, ``--help``, an unknown option, a bad value, ``--strict``) is left to the full
    parser, so its messages and usage stay the only ones.
    """
    # without -h and --version: they act (print, exit) wherever they are, even after a command
    # (`profile add --version 2.1.0`); unknown here, they go to the full parser
    parser = _TuiParser(prog="iottui", add_help=False)
    _add_top_level_options(parser, version=False)
    try:
        args, extra = parser.parse_known_args(list(words))
    except _NotTheTui:
        return None
    if extra or args.strict:
        return None
    return args


def _add_info_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from iottui.cli.profiles import cmd_info

    info = subparsers.add_parser(
        "info",
        help="show version, config path, data dirs and profiles (never a key)",
        description="Show the version, config file, data and cache dirs, and the profiles.",
    )
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(cli_func=cmd_info)


def _add_profile_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from iottui.cli.profiles import (
        cmd_profile_add,
        cmd_profile_check,
        cmd_profile_list,
        cmd_profile_remove,
        cmd_profile_use,
    )

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
        type=refresh_seconds,
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
    add.set_defaults(cli_func=cmd_profile_add)

    listing = verbs.add_parser("list", help="list profiles", description="List the profiles.")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(cli_func=cmd_profile_list)

    remove = verbs.add_parser("remove", help="remove a profile", description="Remove a profile.")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(cli_func=cmd_profile_remove)

    use = verbs.add_parser(
        "use", help="make a profile the active one", description="Select the active profile."
    )
    use.add_argument("name", metavar="NAME")
    use.set_defaults(cli_func=cmd_profile_use)

    check = verbs.add_parser(
        "check",
        help="connect with a profile and show the user it authenticates as",
        description=(
            "Resolve the profile's key, call the user-info operation and show the user and "
            "license, or the exact error (exit 1 for an API error, 3 when unreachable)."
        ),
    )
    check.add_argument("name", metavar="NAME", nargs="?", help="profile (default: the active one)")
    check.set_defaults(cli_func=cmd_profile_check)


def _add_sim_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from iottui.cli.run import cmd_sim

    # The simulator's own options are defined by iottui.sim.cli; importing it (and uvicorn)
    # for every command would slow them all down, so this parser takes the rest of the line
    # verbatim ("\0" as the only prefix character means nothing looks like an option) and
    # cmd_sim parses it with the simulator's parser.
    sim = subparsers.add_parser(
        "sim",
        help="run the API simulator (see `iottui sim --help`)",
        add_help=False,
        prefix_chars="\0",
    )
    sim.add_argument("sim_args", nargs=argparse.REMAINDER)
    sim.set_defaults(cli_func=cmd_sim)


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
        if "--strict" not in parser._option_string_actions:
            group.add_argument(
                "--strict", action="store_true", default=argparse.SUPPRESS, help=_STRICT_HELP
            )
        return
    parser.set_defaults(help_parser=parser)
    for action in children:
        for child in action.choices.values():
            _prepare_resource_parser(child, seen)


def _options(
    parser: argparse.ArgumentParser, seen: set[int] | None = None
) -> tuple[set[str], set[str]]:
    """Every option string in this parser and its subparsers, and the long ones taking a value."""
    seen = set() if seen is None else seen
    if id(parser) in seen:
        return set(), set()
    seen.add(id(parser))
    every: set[str] = set()
    with_value: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                more, more_with_value = _options(child, seen)
                every |= more
                with_value |= more_with_value
            continue
        every.update(action.option_strings)
        if action.nargs != 0:
            with_value.update(s for s in action.option_strings if s.startswith("--"))
    return every, with_value


def attach_negative_values(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``--start -2h`` as ``--start=-2h``, as the help shows it.

    argparse reads a value that starts with ``-`` (``-2h``, ``-inf``, ``-1e5``) as an unknown
    option, so ``--start -2h`` failed with "expected one argument". An option that takes a
    value is joined to the next word when that word starts with one ``-`` and is no option of
    iottui's (``-h``, ``-y`` stay options); nothing after ``--`` is touched.
    """
    every, takes_value = _options(parser)
    out: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            out.append(token)
            out.extend(tokens)
            break
        if token in takes_value:
            value = next(tokens, None)
            if (
                value is not None
                and value.startswith("-")
                and not value.startswith("--")
                and value not in ("-", *every)
            ):
                out.append(f"{token}={value}")
                continue
            out.append(token)
            if value is not None:
                out.append(value)
            continue
        out.append(token)
    return out
