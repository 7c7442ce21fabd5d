"""`iottui profile check` against the simulator over loopback: ok, wrong key, unreachable."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from iottui import cli
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer

KEY = "check-key-5d1e"


@pytest.fixture(scope="module")
def server() -> Iterator[SimServer]:
    with SimServer(SimConfig(api_key=KEY, devices=3, seed=2, tick_seconds=0)) as running:
        yield running


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_check_ok_and_errors(
    server: SimServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIM_KEY", KEY)
    assert cli.main(["profile", "add", "sim", "--url", server.url, "--api-key-env", "SIM_KEY"]) == 0
    capsys.readouterr()

    assert cli.main(["profile", "check"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"ok: profile 'sim' at {server.url} authenticates as ")
    assert "license" in out
    assert KEY not in out + err

    monkeypatch.setenv("SIM_KEY", "wrong-key")
    assert cli.main(["profile", "check", "sim"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("iottui: error: account.user: HTTP 401")
    assert "wrong-key" not in err

    down = f"http://127.0.0.1:{free_port()}"
    assert cli.main(["profile", "add", "down", "--url", down, "--api-key-env", "SIM_KEY"]) == 0
    capsys.readouterr()
    assert cli.main(["profile", "check", "down"]) == 3
    assert "cannot connect" in capsys.readouterr().err

    assert cli.main(["profile", "check", "nope"]) == 2
    assert "no profile named 'nope'" in capsys.readouterr().err
