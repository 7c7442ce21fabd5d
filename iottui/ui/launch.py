"""Start the TUI: resolve the connection, start the simulator for ``--demo``, run the app.

This is the only UI module that starts the simulator (for ``--demo``), as a child process
(``python -m iottui.sim.child``); it imports nothing of :mod:`iottui.sim`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import gc
import io
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from iottui.config import (
    Config,
    ConnectionSettings,
    Profile,
    TuiOptions,
    check_key,
    connection,
    data_dir,
    demo_connection,
    load_config,
    resolve_connection,
    update_config,
)
from iottui.crash import crash_line, write_crash_report
from iottui.exit_codes import EXIT_CONNECTION_ERROR, EXIT_CRASH
from iottui.gcpause import gc_paused
from iottui.ui.early_start import EarlyStart
from iottui.ui.settings import NewProfile, UISettings

if TYPE_CHECKING:
    from collections.abc import Callable

    from iottui.api.client import IoTClient
    from iottui.api.models import Fleet
    from iottui.ui.app import IoTApp

#: Exit status of ``iottui --demo`` when its simulator cannot start (as ``iottui sim``'s).
EXIT_DEMO_FAILED = EXIT_CONNECTION_ERROR


def demo_state_path(options: TuiOptions) -> Path:
    """Where the demo simulator keeps its state (survives restarts; ``--fresh`` deletes it)."""
    return data_dir() / f"demo-seed{options.seed}-{options.devices}dev.sqlite"


class DemoError(RuntimeError):
    """The demo simulator could not start (the message says why)."""


class DemoServer:
    """The simulator behind ``--demo``, in a child process (started at most once).

    :meth:`start` returns at once: it binds a loopback socket, hands it to
    ``python -m iottui.sim.child`` and returns the URL and a fresh key, so the UI starts while
    the simulator imports and loads its state on another core (requests wait in the socket's
    backlog meanwhile). :meth:`wait_ready` blocks until the child serves and raises
    :class:`DemoError` with its reason if it cannot; the child stops when this process closes
    its stdin (:meth:`stop`) or dies. Its log is ``demo-….log`` beside the state file.
    """

    def __init__(self, options: TuiOptions) -> None:
        self.options = options
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.api_key = ""
        self.log_path = demo_state_path(options).with_suffix(".log")
        self._outcome: str | None = None  # "ready ..." or "error ..." once known
        self._known = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> tuple[str, str]:
        with self._lock:
            if self.process is None:
                self._spawn()
        return self.url, self.api_key

    def _spawn(self) -> None:
        path = demo_state_path(self.options)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.options.fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        # proto=IPPROTO_TCP: the child's asyncio sets TCP_NODELAY only on TCP-proto sockets.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.bind(("127.0.0.1", 0))
            sock.listen(128)
            port = int(sock.getsockname()[1])
            key = "demo-" + secrets.token_urlsafe(24)
            command = [
                sys.executable,
                "-m",
                "iottui.sim.child",
                "--fd",
                str(sock.fileno()),
                "--devices",
                str(self.options.devices),
                "--seed",
                str(self.options.seed),
                "--state",
                str(path),
            ]
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    pass_fds=(sock.fileno(),),
                    env={**os.environ, "IOTTUI_SIM_API_KEY": key},
                    # Its own session: the terminal's signals (Ctrl-Z, hang-up) are not its own;
                    # it ends when our end of its stdin closes.
                    start_new_session=True,
                )
        finally:
            sock.close()  # the child holds it now; if it dies, connections are refused
        self.url, self.api_key = f"http://127.0.0.1:{port}", key
        threading.Thread(
            target=self._read_outcome, args=(self.process,), name="demo-sim-watch", daemon=True
        ).start()

    def _read_outcome(self, process: subprocess.Popen[bytes]) -> None:
        try:
            raw = process.stdout.readline() if process.stdout is not None else b""
        except (OSError, ValueError):  # closed by stop()
            raw = b""
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith(("ready", "error ")):
            status = process.wait()
            line = (
                f"error the demo simulator stopped while starting (exit status {status}; "
                f"see {self.log_path})"
            )
        self._outcome = line
        self._known.set()

    @property
    def failure(self) -> str | None:
        """Why the simulator could not start, once known; None while starting or serving."""
        outcome = self._outcome
        if outcome is not None and outcome.startswith("error "):
            return outcome.removeprefix("error ")
        return None

    def wait_ready(self, timeout: float | None = 120.0) -> None:
        """Block until the simulator serves; :class:`DemoError` if it cannot (or in time)."""
        if self.process is None:
            raise DemoError("the demo simulator is not started")
        if not self._known.wait(timeout):
            raise DemoError(f"the demo simulator did not start within {timeout:.0f} s")
        failure = self.failure
        if failure is not None:
            raise DemoError(failure)

    async def start_async(self) -> tuple[str, str]:
        """Start and wait until serving (the welcome screen's demo button)."""
        url, key = self.start()
        await asyncio.to_thread(self.wait_ready)
        return url, key

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the child to stop (close its stdin) and wait; kill it if it does not."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def ui_settings(
    conn: ConnectionSettings | None, config: Config, demo: DemoServer, options: TuiOptions
) -> UISettings:
    """The app's settings from the resolved connection and the config file."""
    profile = conn.profile_name if conn and conn.profile_name else ("demo" if options.demo else "")

    def save_theme(theme: str) -> None:
        def change(fresh: Config) -> None:
            if profile and profile in fresh.profiles:
                fresh.add(dataclasses.replace(fresh.get(profile), theme=theme), activate=False)
            else:
                fresh.ui.theme = theme

        update_config(change, config.path)

    def save_profile(new: NewProfile) -> None:
        key = check_key(new.api_key, "the welcome screen")
        update_config(
            lambda fresh: fresh.add(
                Profile(name=new.name, url=new.url, api_key=key), activate=True
            ),
            config.path,
        )

    notify = conn.notify if conn else config.ui.notify
    cache = None
    if conn is not None:
        from iottui.ui.fleet_cache import cache_for

        cache = cache_for(conn, demo=(options.seed, options.devices) if options.demo else None)
        if cache is not None and options.demo and options.fresh:
            cache.clear()  # --demo --fresh starts from nothing, the cached fleet included
    return UISettings(
        profile=profile or "(new)",
        server=conn.url if conn else "",
        refresh=conn.refresh if conn else (options.refresh or 5.0),
        keymap=dict(conn.keymap) if conn else dict(config.ui.keymap),
        theme=conn.theme if conn else config.ui.theme,
        read_only=conn.read_only if conn else options.read_only,
        notify=notify,
        save_theme=save_theme,
        save_profile=save_profile,
        start_demo=demo.start_async,
        fleet_cache=cache,
    )


def prepare_app(options: TuiOptions) -> tuple[IoTApp, DemoServer]:
    """The app ``iottui`` runs for these options, and the demo simulator (started for
    ``--demo``) that :func:`run_tui` stops at the end.

    With ``--demo`` the simulator's child process is started before the UI's modules are
    imported, so both come up at the same time. If it cannot start, the app exits with its
    reason as soon as that is known.
    """
    app, demo, _ = _prepare(options)
    return app, demo


def _prepare(options: TuiOptions) -> tuple[IoTApp, DemoServer, ConnectionSettings | None]:
    # The start imports Textual and the UI: ~55,000 objects that live as long as the process
    # and make no garbage. With the collector running, its passes walked them again and again
    # (~45 ms before the first frame, 3x a bare Textual app's: gc callbacks, 2026-12-05); it
    # is paused meanwhile, and what they built is then left out of its passes (gc.freeze:
    # still freed by reference counting; collect_and_freeze unfreezes it after each fleet).
    with gc_paused():
        app, demo, conn = _prepare_paused(options)
    gc.freeze()
    return app, demo, conn


def _prepare_paused(
    options: TuiOptions,
) -> tuple[IoTApp, DemoServer, ConnectionSettings | None]:
    config = load_config()
    demo = DemoServer(options)
    conn: ConnectionSettings | None
    if options.demo:
        url, key = demo.start()
        conn = demo_connection(options, config, url=url, api_key=key)
    else:
        conn = resolve_connection(options, config)
    try:
        settings = ui_settings(conn, config, demo, options)
        connect: Callable[[], IoTClient] | None = None
        early_fleet: Callable[[], Fleet] | None = None
        if conn is not None:
            if not settings.cached_fleet_first:
                early = EarlyStart(conn)  # the server's fleet asked for now
                early.wait_sent()  # then Textual imported, while the server answers
                connect, early_fleet = early.client, early.fleet
            else:  # paint first: the app builds the client once the cached fleet is drawn
                connect = functools.partial(connection.connect, conn)
        from iottui.ui.app import IoTApp

        app = IoTApp(None, settings, connect=connect, early_fleet=early_fleet)
    except BaseException:
        demo.stop()
        raise
    if options.demo:
        threading.Thread(
            target=_exit_if_demo_fails, args=(app, demo), name="demo-failure", daemon=True
        ).start()
    return app, demo, conn


def _exit_if_demo_fails(app: IoTApp, demo: DemoServer) -> None:
    """Runs in a thread: end the app with the simulator's reason if it cannot start."""
    try:
        demo.wait_ready(timeout=None)
        return
    except DemoError as error:
        message = f"iottui: the demo simulator could not start: {error}"
    for _ in range(600):  # the app may still be starting: wait for it, up to a minute
        if app.is_running:
            with contextlib.suppress(RuntimeError):  # it ended meanwhile
                app.call_from_thread(exit_once_shown, app, EXIT_DEMO_FAILED, message)
            return
        time.sleep(0.1)


#: The longest (seconds) an exit waits for the screen on top to be shown whole.
SHOWN_WAIT = 5.0


def exit_once_shown(app: IoTApp, code: int, message: str, waited: float = 0.0) -> None:
    """On the app's thread: exit with ``code`` and ``message`` once the screen on top is
    mounted.

    Textual mounts nothing once an exit has begun, so an exit while a screen is still being
    composed leaves it without its children, and its ``on_mount`` (the main screen's queries
    its widgets) fails: a demo that could not start ended as a crash (exit 70) instead of
    saying why (seen in tmux with a second ``iottui --demo`` on the same state).
    """
    screen = app.screen
    # the main screen mounts its tabs right after its first frame (paint first): wait for them
    # too, but never more than SHOWN_WAIT seconds in all
    shown = screen.is_mounted and getattr(screen, "ready", True)
    if shown or waited >= SHOWN_WAIT:
        app.exit(code, code, message)
    else:
        app.set_timer(0.02, functools.partial(exit_once_shown, app, code, message, waited + 0.02))


def run_tui(options: TuiOptions) -> int:
    """Run the app; returns the exit code. ConfigError propagates (the CLI exits 2 on it)."""
    app, demo, conn = _prepare(options)
    return run_app(app, demo, secrets=(conn.api_key,) if conn is not None else ())


def run_app(
    app: IoTApp, demo: DemoServer, *, secrets: Sequence[str] = (), headless: bool = False
) -> int:
    """Run a prepared app to its end and return the exit code; stops the demo simulator.

    An unhandled exception in the app is a crash: Textual has restored the terminal by the
    time ``run`` returns; its own report (a traceback with local variables, which may hold the
    key) is not shown. Instead the traceback, with ``secrets`` scrubbed, goes to a crash file
    in the data dir, one line on stderr names it, and the exit code is ``EXIT_CRASH``.
    """
    from rich.console import Console  # after the demo's child is started (as Textual is)

    from iottui.ui.compat import unhandled_exception

    report = io.StringIO()
    # What Textual prints once the terminal is restored (an exit message, or its crash report)
    # is held here, and passed on to stderr only when the app did not crash.
    app.error_console = Console(file=report, markup=False, highlight=False, color_system=None)
    try:
        result = app.run(headless=headless)
    finally:
        demo.stop()
    error = unhandled_exception(app)
    failure = demo.failure
    if error is not None and failure is not None and result == EXIT_DEMO_FAILED:
        # The app was told to end because the simulator could not start, possibly while a
        # screen was still mounting: what broke in that teardown (a screen's mount handler
        # finding its children gone) is a consequence, and the simulator's reason is the news.
        sys.stderr.write(f"iottui: the demo simulator could not start: {failure}\n")
        return EXIT_DEMO_FAILED
    if error is not None:
        path = write_crash_report(error, secrets)
        sys.stderr.write(crash_line(error, path, secrets) + "\n")
        return EXIT_CRASH
    sys.stderr.write(report.getvalue())
    if failure is not None and not result:
        # It failed after the app had gone (or before it could be told): still say why.
        sys.stderr.write(f"iottui: the demo simulator could not start: {failure}\n")
        return EXIT_DEMO_FAILED
    return int(result or 0)
