"""``iottui completion bash|zsh|fish``: a shell completion script, generated from the parser.

The script is made by shtab from the very parser ``iottui`` runs with, so every command, verb
and option completes as it is defined; options that take a local file complete file names, and
``iottui sim`` completes the simulator's own options (its parser is imported only here:
running ``iottui sim`` hands it the raw arguments). The script is static: a Tab costs no
Python start. Install it once (see the README), and again after an upgrade that adds commands.
"""

from __future__ import annotations

import argparse
import sys
from typing import Final

__all__ = ["SHELLS", "add_parser", "completion_script"]

SHELLS: Final = ("bash", "zsh", "fish")
#: Options naming a local file (``--script`` and ``--startup-file`` name files on a device).
_FILE_OPTIONS: Final = frozenset(
    {"--payload-file", "--api-key-file", "--ca-bundle", "--state", "--config"}
)

_INSTALL: Final = """\
install:
  bash  iottui completion bash > ~/.local/share/bash-completion/completions/iottui
  zsh   iottui completion zsh > "${fpath[1]}/_iottui"   (or any directory in $fpath)
  fish  iottui completion fish > ~/.config/fish/completions/iottui.fish
try it in the current shell: source <(iottui completion bash)"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    completion = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        description="Print the completion script for a shell on stdout.",
        epilog=_INSTALL,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell the script is for")
    completion.set_defaults(cli_func=_cmd_completion)


def _mark_file_options(parser: argparse.ArgumentParser, seen: set[int]) -> None:
    """Options taking a file complete file names (shtab's ``complete`` attribute)."""
    import shtab

    if id(parser) in seen:
        return
    seen.add(id(parser))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _mark_file_options(child, seen)
        elif _FILE_OPTIONS.intersection(action.option_strings):
            action.complete = shtab.FILE  # type: ignore[attr-defined]


def _with_sim_options(parser: argparse.ArgumentParser) -> None:
    """Put the simulator's real parser under ``sim`` (the CLI's takes the rest verbatim)."""
    from iottui.sim import cli as sim_cli

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and "sim" in action.choices:
            sim = argparse.ArgumentParser(prog="iottui sim", add_help=True)
            sim_cli.add_arguments(sim)
            action.choices["sim"] = sim


def completion_script(shell: str) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    import shtab

    from iottui.cli.parser import build_parser

    parser = build_parser()
    _with_sim_options(parser)
    _mark_file_options(parser, set())
    script: str = shtab.complete(parser, shell=shell)
    return script


def _cmd_completion(args: argparse.Namespace) -> int:
    sys.stdout.write(completion_script(args.shell).rstrip("\n") + "\n")
    return 0
