"""The demo simulator as a child process of ``iottui --demo``: ``python -m iottui.sim.child``.

The parent binds a loopback socket, starts this process with the socket's descriptor
(``--fd``) and the key in ``IOTTUI_SIM_API_KEY``, and goes on starting the terminal UI at
once: the simulator's imports, the loading of its state and the first answers run on another
core and outside the UI's GIL. Requests the UI sends before this process serves simply wait in
the socket's backlog.

Protocol with the parent (one line on stdout, then nothing):

* ``ready <seconds>`` once serving;
* ``error <message>`` when it cannot start (e.g. another ``--demo`` holds the state file);
  the exit status is then 3.

The process stops when its stdin reaches end of file (the parent closed it, exited or was
killed: nothing is left behind), or on SIGTERM/SIGINT; the state database is closed cleanly.
Logs go to stderr, which the parent points at a file.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from types import FrameType

EXIT_FAILED = 3


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m iottui.sim.child", description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="listening socket to serve")
    parser.add_argument("--devices", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--state", type=Path, default=None, help="SQLite state file")
    return parser.parse_args(argv)


def _report(line: str) -> bool:
    """Tell the parent; False when it is no longer listening (it stopped or died)."""
    try:
        sys.stdout.write(line.replace("\n", " ") + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):
        # so that the interpreter's final flush does not fail on the closed pipe again
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process
        return False
    return True


def _watch_parent(stop: threading.Event) -> None:
    """Set ``stop`` when stdin closes: the parent is gone or asked us to stop."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    stop.set()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    stop = threading.Event()

    def _handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _handler)
    threading.Thread(target=_watch_parent, args=(stop,), name="parent-watch", daemon=True).start()

    key = os.environ.get("IOTTUI_SIM_API_KEY", "")
    if not key:
        _report("error IOTTUI_SIM_API_KEY is not set")
        return EXIT_FAILED
    try:
        sock = socket.socket(fileno=args.fd)
    except OSError as exc:
        _report(f"error cannot use the socket passed as fd {args.fd}: {exc}")
        return EXIT_FAILED

    from iottui.sim.config import SimConfig
    from iottui.sim.runner import SimServer, SimServerError

    config = SimConfig(api_key=key, devices=args.devices, seed=args.seed, state_path=args.state)
    server = SimServer(config, sock=sock)
    try:
        server.start()
    except SimServerError as exc:
        _report(f"error {exc}")
        sock.close()
        return EXIT_FAILED
    except Exception as exc:  # e.g. an unreadable state file: say it in one line, log the rest
        logging.getLogger("iottui.sim").exception("the simulator could not start")
        _report(f"error {type(exc).__name__}: {exc}")
        sock.close()
        return EXIT_FAILED
    try:
        if not _report(f"ready {server.start_seconds or 0.0:.3f}"):
            stop.set()  # the parent went away while we were starting
        while not stop.is_set() and server.running:
            stop.wait(0.5)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
