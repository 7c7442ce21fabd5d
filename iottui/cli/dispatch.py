"""``main()``: parse the command line, dispatch, turn every error into one line and an exit code."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Final, NoReturn

from iottui.api.errors import IoTError
from iottui.exit_codes import (
    EXIT_API_ERROR,
    EXIT_CRASH,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    exit_code_for,
)

if TYPE_CHECKING:
    from iottui.api.client import IoTClient

    CommandHandler = Callable[[argparse.Namespace, IoTClient], Awaitable[int]]

from iottui.cli.output import error
from iottui.cli.parser import (
    CONNECTION_DESTS,
    TUI_ONLY,
    attach_negative_values,
    build_parser,
    parse_tui_only,
)
from iottui.cli.run import cmd_tui, given, run_resource_command

DEBUG_ENV: Final = "IOTTUI_DEBUG"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises, never prints a traceback)."""
    # Problems reach the user as one "iottui: error/warning" line (or in the TUI); without a
    # handler, Python's last-resort handler would also print iottui's log records on stderr,
    # twice over and across the TUI's screen. `iottui sim` configures its own logging.
    _quiet_library_logs()
    try:
        words = list(argv) if argv is not None else sys.argv[1:]
        tui_args = parse_tui_only(words)  # `iottui` alone: no command is imported
        if tui_args is not None:
            return cmd_tui(_full_parser_error, tui_args)
        parser = build_parser()
        try:
            args = parser.parse_args(attach_negative_values(parser, words))
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
    except (IoTError, UsageError) as exc:
        error(str(exc))
        return exit_code_for(exc)
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        # A bug: the traceback (scrubbed of keys) goes to a crash file; one line names it.
        from iottui.crash import crash_line, write_crash_report

        print(crash_line(exc, write_crash_report(exc)), file=sys.stderr)
        return EXIT_CRASH


def _full_parser_error(message: str) -> NoReturn:
    """A usage error of the TUI's options, said by the full parser (its usage line)."""
    build_parser().error(message)


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


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    handler: CommandHandler | None = args.command_handler
    cli_func: Callable[[argparse.Namespace], int] | None = args.cli_func
    if args.command is None:
        if args.strict:
            parser.error("--strict applies to resource commands (`iottui groups list --strict`)")
        return cmd_tui(parser.error, args)
    misplaced = given(args, TUI_ONLY)
    if handler is None and cli_func is not None:
        misplaced += given(args, CONNECTION_DESTS)
    if misplaced:
        parser.error(
            f"{', '.join(misplaced)} cannot be used with `iottui {args.command}` "
            "(only when starting the terminal UI"
            + (")" if handler is None and cli_func is not None else " without a command)")
        )
    if handler is not None:
        return run_resource_command(args, handler)
    if cli_func is not None:
        return cli_func(args)
    help_parser: argparse.ArgumentParser = args.help_parser or parser
    help_parser.print_usage(sys.stderr)
    error(f"choose a command: see `{help_parser.prog} --help`")
    return EXIT_USAGE
