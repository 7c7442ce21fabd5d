"""Running what the command line chose: the TUI, the simulator, or a resource command."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from iottui.config import (
    TuiOptions,
    connection,
    resolve_connection,
)
from iottui.exit_codes import (
    UsageError,
)

if TYPE_CHECKING:
    from iottui.api.client import IoTClient

    CommandHandler = Callable[[argparse.Namespace, IoTClient], Awaitable[int]]

from iottui.cli.output import load_config_with_warnings


def given(args: argparse.Namespace, names: Sequence[str]) -> list[str]:
    return [
        "--" + name.removeprefix("tui_").replace("_", "-")
        for name in names
        if getattr(args, name, None) not in (None, False)
    ]


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


def cmd_tui(usage_error: Callable[[str], NoReturn], args: argparse.Namespace) -> int:
    """Start the TUI; ``usage_error`` says what is wrong with the options (and exits 2)."""
    if not args.tui_demo:
        demo_only = given(args, ("tui_devices", "tui_seed", "tui_fresh"))
        if demo_only:
            usage_error(f"{', '.join(demo_only)} only applies with --demo")
    else:
        with_demo = given(args, ("profile", "url", "api_key_env"))
        if with_demo:
            usage_error(f"--demo cannot be combined with {', '.join(with_demo)}")
    options = _tui_options(args)
    # Surface config errors before the screen opens; run_tui reads the config again.
    load_config_with_warnings()
    try:
        from iottui.ui.launch import run_tui
    except ImportError as exc:
        raise UsageError(f"the terminal UI is not available: {exc}") from None
    return run_tui(options)


def cmd_sim(args: argparse.Namespace) -> int:
    try:
        from iottui.sim import cli as sim_cli
    except ImportError as exc:
        raise UsageError(f"the simulator is not available: {exc}") from None
    sim_parser = argparse.ArgumentParser(
        prog="iottui sim",
        description="Run the TeamViewer IoT Cloud API simulator on a loopback port.",
    )
    sim_cli.add_arguments(sim_parser)
    sim_args = sim_parser.parse_args(args.sim_args)
    return sim_cli.run(sim_args)


def run_resource_command(args: argparse.Namespace, handler: CommandHandler) -> int:
    config = load_config_with_warnings()
    options = TuiOptions(
        profile=args.profile,
        url=args.url,
        api_key_env=args.api_key_env,
        read_only=args.read_only,
    )
    settings = resolve_connection(options, config)
    if settings is None:
        raise UsageError(
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
        raise UsageError(f"refusing `{command}`: it writes, and {reason}")
    client = connection.connect(settings)
    args.profile_refresh = settings.refresh  # what `alarms watch` and `values --follow` poll at

    async def run() -> int:
        async with client:
            return await handler(args, client)

    return asyncio.run(run())
