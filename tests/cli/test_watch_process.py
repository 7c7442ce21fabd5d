"""``iottui alarms watch`` and ``iottui values --follow`` as real processes: Ctrl-C (SIGINT)
exits 130 without a traceback, and a reader that goes away (``| head``) ends them quietly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from iottui import cli
from iottui.clock import FixedClock, SystemClock
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer

KEY_ENV = "IOTTUI_TEST_WATCH_KEY"
API_KEY = "watch-test-key-0123456789"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    # a quarter of an hour behind the wall clock: the CLI asks for alarms up to its own now
    clock = FixedClock(SystemClock().now_ms() - 15 * 60_000)
    with SimServer(SimConfig(api_key=API_KEY, devices=24, seed=7, clock=clock)) as server:
        yield server


def sensor_ids(sim: SimServer) -> list[str]:
    with sim.context.world.lock:
        return [str(sensor_id) for sensor_id in list(sim.context.world.sensors)[:3]]


COMMANDS = {
    "alarms watch": ["alarms", "watch", "--json"],
    "values --follow": ["values", "--follow", "--all", "--json", "--sensor"],
}


def start(sim: SimServer, name: str) -> subprocess.Popen[str]:
    argv = COMMANDS[name] + (sensor_ids(sim) if name == "values --follow" else [])
    env = {**os.environ, KEY_ENV: API_KEY, "PYTHONUNBUFFERED": "1"}
    connection = ["--url", sim.url, "--api-key-env", KEY_ENV]
    return subprocess.Popen(
        [sys.executable, "-m", "iottui", *argv, "--refresh", "1", *connection],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Ctrl-C as at a terminal, even when this test runs where SIGINT is ignored (a
        # background job): a child inherits that, and Python would then keep ignoring it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.parametrize("name", list(COMMANDS))
def test_ctrl_c_exits_130_without_a_traceback(sim: SimServer, name: str) -> None:
    process = start(sim, name)
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())  # it is running: the first event is out
    assert first["event"] in ("opened", "value")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert err.strip() == ""
    for line in out.splitlines():  # whatever came out before is whole lines of JSON
        json.loads(line)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_reader_that_goes_away_ends_it_quietly(sim: SimServer, name: str) -> None:
    process = start(sim, name)
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()  # like `| head -1` exiting
    assert process.wait(timeout=20) == 0
    assert process.stderr.read() == ""


def test_usage_errors_before_any_poll(
    sim: SimServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(KEY_ENV, API_KEY)
    connection = ["--url", sim.url, "--api-key-env", KEY_ENV]
    assert cli.main(["alarms", "watch", "--severity", "bogus", *connection]) == 2
    assert "--severity: 'bogus' is not one of" in capsys.readouterr().err
    assert cli.main(["values", "--sensor", "1", "--all", *connection]) == 2
    assert "--all and --refresh go with --follow" in capsys.readouterr().err
    assert cli.main(["alarms", "watch", "--refresh", "0.1", *connection]) == 2
    assert "must be between 1 and 300 seconds" in capsys.readouterr().err
