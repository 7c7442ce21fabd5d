"""``iottui sim``: run the simulator in the foreground.

``add_arguments(parser)`` defines the options and ``run(args)`` serves until Ctrl-C. It prints
the URL, the key (a random one unless ``--api-key`` or ``IOTTUI_SIM_API_KEY`` gives it) and the
command to connect the TUI. It binds loopback unless another host is asked for, with a warning.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TextIO

from iottui.sim.config import FaultSpec, FaultSpecError, SimConfig, random_api_key
from iottui.sim.runner import SimServer, SimServerError
from iottui.sim.store import StateFileError

ENV_KEY = "IOTTUI_SIM_API_KEY"
DEFAULT_PORT = 8765


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The simulator's options."""
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1; anything else is reachable from other machines)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--api-key",
        default=None,
        help=f"the Bearer key clients must send (default: ${ENV_KEY}, "
        "else a random key that is printed)",
    )
    parser.add_argument(
        "--devices", type=int, default=60, help="devices generated on first start (default 60)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the fleet (default 1)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="FILE",
        help="SQLite file keeping state across restarts",
    )
    where.add_argument(
        "--memory",
        action="store_true",
        help="keep state in memory only (the default without --state)",
    )
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help="faults to inject, e.g. latency=0.5,jitter=0.2,error_rate=0.05,"
        "rate_limit=20,drop_rate=0.01,malformed_rate=0.01",
    )
    parser.add_argument(
        "--replay-hours",
        type=float,
        default=24.0,
        help="hours of rule evaluation replayed at start (default 24)",
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=("debug", "info", "warning", "error"),
        help="log verbosity (default info)",
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _say(text: str, stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    out.write(text + "\n")
    out.flush()


def build_config(args: argparse.Namespace) -> SimConfig:
    """A :class:`SimConfig` from parsed options (raises ValueError on bad values)."""
    key = args.api_key or os.environ.get(ENV_KEY) or random_api_key()
    try:
        faults = FaultSpec.parse(args.faults or "")
    except FaultSpecError as exc:
        raise ValueError(f"--faults: {exc}") from None
    if not 1 <= args.devices <= 100_000:
        raise ValueError("--devices must be between 1 and 100000")
    if not 0 <= args.port <= 65535:
        raise ValueError("--port must be between 0 and 65535")
    state = None if args.memory else args.state
    return SimConfig(
        api_key=key,
        devices=args.devices,
        seed=args.seed,
        state_path=state,
        faults=faults,
        replay_hours=args.replay_hours,
    )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; returns the exit code."""
    logging.basicConfig(
        level=getattr(logging, str(args.log_level).upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        config = build_config(args)
    except ValueError as exc:
        _say(f"iottui sim: {exc}", sys.stderr)
        return 2
    if not _is_loopback(args.host):
        _say(
            f"WARNING: binding {args.host}: the simulator is reachable from other machines "
            "and the key travels in clear over http.",
            sys.stderr,
        )
    server = SimServer(
        config,
        host=args.host,
        port=args.port,
        log_level="warning" if args.log_level == "info" else args.log_level,
    )
    _say(
        f"Starting the simulator ({config.devices} devices, seed {config.seed}, "
        f"state {config.state_path or 'in memory'}) ..."
    )
    try:
        server.start()
    except StateFileError as exc:  # a usage error: the --state path given cannot be used
        _say(f"iottui sim: {exc}", sys.stderr)
        return 2
    except SimServerError as exc:
        _say(f"iottui sim: {exc}", sys.stderr)
        return 3
    key_shown = config.api_key if not (args.api_key or os.environ.get(ENV_KEY)) else None
    _say(f"Listening on {server.url} (started in {server.start_seconds or 0:.2f}s)")
    if key_shown is not None:
        _say(f"API key: {key_shown}")
        _say(f"Connect: IOTTUI_API_KEY={key_shown} iottui --url {server.url}")
    else:
        _say("API key: the one you gave (not shown)")
        _say(f"Connect: IOTTUI_API_KEY=<your key> iottui --url {server.url}")
    _say(f"Try:     curl -H 'Authorization: Bearer <key>' {server.url}/devices")
    if config.outbox_path is not None:
        _say(f"Emails:  appended to {config.outbox_path}")
    else:
        _say(f"Emails:  kept in memory, GET {server.url}/__sim/outbox (with the key)")
    if config.faults.active:
        _say(f"Faults:  {config.faults} (change them at {server.url}/__sim/faults)")
    _say("Press Ctrl-C to stop.")

    stop = threading.Event()

    def _handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.is_set() and server.running:
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _say("Stopping ...")
        server.stop()
        _say("Stopped.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m iottui.sim", description="Run the IoT Cloud API simulator."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
