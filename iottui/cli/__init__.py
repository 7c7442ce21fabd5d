"""The ``iottui`` command line: the TUI, ``info``, ``profile``, ``sim`` and resource commands.

Without a subcommand, ``iottui`` starts the terminal UI (``iottui.ui.launch.run_tui`` with a
:class:`~iottui.config.TuiOptions`). Subcommands:

* ``info``: version, config file and its mode, data/cache dirs, profiles (never a key).
* ``profile add|list|remove|use|check``: manage the profiles in the config file.
* ``sim ...``: the simulator, delegated to ``iottui.sim.cli`` (imported when used).
* ``<resource> <verb> ...``: headless commands from ``iottui.commands``.

The package, by concern: :mod:`~iottui.cli.dispatch` (``main()``: dispatch, errors to exit codes),
:mod:`~iottui.cli.parser` (the argument parser), :mod:`~iottui.cli.run` (the TUI, the
simulator, a resource command), :mod:`~iottui.cli.profiles` (``info`` and ``profile``) and
:mod:`~iottui.cli.output` (one-line errors, terminal-safe text).

The hook for resource commands: ``iottui.commands.register(subparsers)`` adds one parser per
resource with leaf parsers per verb. Each leaf sets ``command_handler`` (``async (args, client)
-> int``) and ``writes`` (bool) with ``set_defaults``. The parser adds the connection options
to every leaf; :func:`~iottui.cli.run.run_resource_command` resolves the profile into
:class:`~iottui.config.ConnectionSettings`, refuses writes on a read-only profile (exit 2),
builds the client with :func:`iottui.config.connect`, runs the handler with
:func:`asyncio.run` inside ``async with client``.

Exit codes are :mod:`iottui.exit_codes` (0 ok, 1 API error, 2 usage or config error,
3 connection error, 70 crash, 130 interrupted). Errors go to stderr as one line; there is
never a traceback (``IOTTUI_DEBUG=1`` re-raises unexpected exceptions for debugging).
"""

from __future__ import annotations

from iottui.gcpause import gc_paused

# The modules of every command's start are imported with the cyclic collector paused: it
# walks the growing heap of class objects again and again meanwhile, for nothing (no cycles
# are garbage yet). Measured with the launcher's imports: 31 passes, 2.9 ms -> 5 passes, 2.3
# ms (the passes it skips partly come back once it runs again). It runs again once they are.
with gc_paused():
    from iottui.cli.dispatch import main
    from iottui.cli.parser import build_parser

__all__ = ["build_parser", "main"]
