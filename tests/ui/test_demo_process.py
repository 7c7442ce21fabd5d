"""``iottui --demo``'s simulator runs in a child process: it serves the fleet, reports why it
cannot start, and never outlives the UI process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from iottui.api import IoTClient
from iottui.config import TuiOptions
from iottui.ui.launch import (
    EXIT_DEMO_FAILED,
    DemoError,
    DemoServer,
    demo_state_path,
    prepare_app,
    run_app,
)

from .helpers import until

pytestmark = pytest.mark.slow


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) counts as gone
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


async def test_demo_child_serves_the_fleet_and_stops() -> None:
    options = TuiOptions(demo=True, devices=12, fresh=True)
    demo = DemoServer(options)
    url, key = demo.start()
    assert url.startswith("http://127.0.0.1:")
    assert demo.process is not None
    pid = demo.process.pid
    try:
        # A request sent before the child serves waits in the socket's backlog.
        async with IoTClient(url, key) as client:
            fleet = await client.fleet.get()
        assert sum(1 for _ in fleet.devices()) == 12
        demo.wait_ready(timeout=60)
        assert demo.failure is None
        assert demo_state_path(options).exists()
    finally:
        demo.stop()
    assert _wait_gone(pid)
    demo.stop()  # twice is harmless


async def test_demo_child_refuses_a_wrong_key() -> None:
    demo = DemoServer(TuiOptions(demo=True, devices=5, fresh=True))
    url, _key = demo.start()
    try:
        from iottui.api.errors import AuthenticationError

        async with IoTClient(url, "not-the-key") as client:
            with pytest.raises(AuthenticationError):
                await client.account.user()
    finally:
        demo.stop()


def test_a_second_demo_on_the_same_state_says_why() -> None:
    options = TuiOptions(demo=True, devices=5, fresh=True)
    first = DemoServer(options)
    first.start()
    try:
        first.wait_ready(timeout=60)
        second = DemoServer(TuiOptions(demo=True, devices=5))
        second.start()
        try:
            with pytest.raises(DemoError) as raised:
                second.wait_ready(timeout=60)
            assert "lock" in str(raised.value).lower() or "in use" in str(raised.value).lower()
            assert second.failure == str(raised.value)
        finally:
            second.stop()
    finally:
        first.stop()


async def test_the_app_exits_with_the_reason_when_the_demo_cannot_start() -> None:
    options = TuiOptions(demo=True, devices=5, fresh=True)
    holder = DemoServer(options)
    holder.start()
    try:
        holder.wait_ready(timeout=60)
        app, demo = prepare_app(TuiOptions(demo=True, devices=5))
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                await until(pilot, lambda: not app.is_running, 30)
            assert app.return_code == 3
            assert demo.failure is not None
        finally:
            demo.stop()
    finally:
        holder.stop()


def test_a_demo_failure_while_the_screen_mounts_is_not_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in tmux with the demo's state held by another iottui: the app was told to end
    while its main screen was still mounting, the screen's mount handler found its children
    gone (``NoMatches: '#tree-filter'``, or ``No Tab with id '--content-tab-detail'``), and
    the user got "iottui: crashed", exit 70 and a crash file, instead of the simulator's
    reason and exit 3. Made deterministic here: the main screen breaks exactly that way once
    the app has been told to end."""
    from textual.css.query import NoMatches

    from iottui.ui.app import IoTApp

    options = TuiOptions(demo=True, devices=5, fresh=True)
    holder = DemoServer(options)
    holder.start()
    try:
        holder.wait_ready(timeout=60)
        app, demo = prepare_app(TuiOptions(demo=True, devices=5))

        def open_main() -> None:
            with pytest.raises(DemoError):
                demo.wait_ready(timeout=60)
            # what the demo-failure thread does, then what the mounting screen hit
            app.exit(EXIT_DEMO_FAILED, EXIT_DEMO_FAILED, "demo failed")
            raise NoMatches("No nodes match '#tree-filter' on MainScreen()")

        monkeypatch.setattr(app, "open_main", open_main)
        assert isinstance(app, IoTApp)
        code = run_app(app, demo, headless=True)
        err = capsys.readouterr().err
        assert code == EXIT_DEMO_FAILED == 3, err
        assert "the demo simulator could not start" in err
        assert "in use" in err
        assert "crashed" not in err
        assert not list(demo_state_path(options).parent.glob("crash-*.txt"))
    finally:
        holder.stop()


def test_the_child_ends_when_the_ui_process_is_killed(tmp_path: Path) -> None:
    """kill -9 of the UI process: the simulator sees its stdin close and stops."""
    script = textwrap.dedent(
        """
        import sys, time
        from iottui.config import TuiOptions
        from iottui.ui.launch import DemoServer
        demo = DemoServer(TuiOptions(demo=True, devices=5, fresh=True))
        demo.start()
        demo.wait_ready(timeout=60)
        print(demo.process.pid, flush=True)
        time.sleep(120)
        """
    )
    ui = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        assert ui.stdout is not None
        child_pid = int(ui.stdout.readline())
        assert _alive(child_pid)
        os.kill(ui.pid, signal.SIGKILL)
        ui.wait()
        assert _wait_gone(child_pid), "the demo simulator outlived its UI process"
    finally:
        if ui.poll() is None:
            ui.kill()


def test_the_child_stops_cleanly_when_the_ui_dies_while_it_starts(tmp_path: Path) -> None:
    """The UI is killed before the simulator is ready: it still stops, without a traceback."""
    script = textwrap.dedent(
        """
        import os, signal
        from iottui.config import TuiOptions
        from iottui.ui.launch import DemoServer, demo_state_path
        options = TuiOptions(demo=True, devices=300, fresh=True)
        demo = DemoServer(options)
        demo.start()
        print(demo.process.pid, demo.log_path, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    ui = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=os.environ.copy()
    )
    pid_text, log_path = ui.stdout.split()
    assert _wait_gone(int(pid_text), timeout=60), "the demo simulator outlived its UI process"
    log = Path(log_path).read_text() if Path(log_path).exists() else ""
    assert "Traceback" not in log, log
