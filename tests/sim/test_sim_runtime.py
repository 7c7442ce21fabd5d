"""The running server: background rule evaluation on an accelerated clock, layering, runner."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from iottui.clock import AcceleratedClock
from iottui.sim.runner import SimServer, SimServerError
from tests.sim.conftest import T0, make_config, raw


def test_background_ticks_follow_an_accelerated_clock() -> None:
    config = make_config(clock=AcceleratedClock(T0, 3600.0), tick_seconds=0.05, replay_hours=0)
    with SimServer(config) as server:
        engine = server.context.engine
        first = engine.evaluated_until
        deadline = time.monotonic() + 10
        while engine.evaluated_until - first < 1_800_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert engine.evaluated_until - first >= 1_800_000  # half an hour of sim time
        assert engine.evaluations > 3
        with raw(server) as http:
            body = http.get("/alarms", params={"status": 3}).json()
        assert body["status"] == "OK"


def test_runner_lifecycle() -> None:
    server = SimServer(make_config(devices=3))
    with pytest.raises(SimServerError):
        _ = server.context
    server.start()
    try:
        assert server.running
        assert server.url.startswith("http://127.0.0.1:")
        assert server.port > 0
        assert server.start_seconds is not None
        assert server.api_key not in repr(server)
        with pytest.raises(SimServerError):
            server.start()
    finally:
        server.stop()
    assert not _running(server)
    with SimServer(make_config(devices=3)) as other, pytest.raises(SimServerError):
        SimServer(make_config(devices=3), port=other.port).start()


def test_no_textual_import() -> None:
    code = (
        "import sys, iottui.sim.app, iottui.sim.runner, iottui.sim.cli, iottui.sim.engine;"
        "bad = [m for m in sys.modules if m.startswith(('textual', 'iottui.ui'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _running(server: SimServer) -> bool:
    """``server.running`` through a call, so mypy keeps no narrowing across ``stop()``."""
    return server.running


def test_idle_connections_outlive_the_clients_keep_alive() -> None:
    """Both uvicorn and httpx dropped idle connections after 5 s: a client reusing one the
    server was closing failed with ReadError (a UI test's poll toasted "alarms failed" on a
    loaded machine). The server must keep them longer than the client does."""
    import httpx

    from iottui.sim import runner

    client_expiry = httpx.Limits().keepalive_expiry
    assert client_expiry is not None
    assert client_expiry < runner.KEEP_ALIVE_SECONDS
    with SimServer(make_config(devices=1)) as server:
        assert server._server is not None
        assert server._server.config.timeout_keep_alive == runner.KEEP_ALIVE_SECONDS
