"""``iottui sim`` / ``python -m iottui.sim``: what it prints, keys, host warning, clean Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from iottui.sim import cli


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_build_config(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.delenv(cli.ENV_KEY, raising=False)
    config = cli.build_config(_parse("--devices", "5", "--seed", "3", "--faults", "latency=1"))
    assert config.devices == 5
    assert config.seed == 3
    assert config.state_path is None
    assert config.faults.latency == 1
    assert config.api_key.startswith("sim-")
    assert config.api_key not in repr(config)
    monkeypatch.setenv(cli.ENV_KEY, "from-env")
    assert cli.build_config(_parse()).api_key == "from-env"
    assert cli.build_config(_parse("--api-key", "given")).api_key == "given"
    with pytest.raises(ValueError, match="--faults"):
        cli.build_config(_parse("--faults", "bogus=1"))
    with pytest.raises(ValueError, match="--devices"):
        cli.build_config(_parse("--devices", "0"))
    with pytest.raises(SystemExit):
        _parse("--state", "x.sqlite", "--memory")


def test_loopback_detection() -> None:
    assert cli._is_loopback("127.0.0.1")
    assert cli._is_loopback("::1")
    assert cli._is_loopback("localhost")
    assert not cli._is_loopback("0.0.0.0")
    assert not cli._is_loopback("192.168.1.10")


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], list[str]]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iottui.sim",
            "--port",
            "0",
            "--devices",
            "6",
            "--replay-hours",
            "1",
            "--log-level",
            "warning",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Press Ctrl-C"):
            return proc, lines
    proc.kill()
    raise AssertionError(f"no banner: {lines}")


def test_prints_url_key_and_connect_command_and_stops_on_ctrl_c() -> None:
    env = {k: v for k, v in os.environ.items() if k != cli.ENV_KEY}
    proc, lines = _run(env=env)
    try:
        url = next(line.split()[2] for line in lines if line.startswith("Listening on "))
        key = next(line.split(": ", 1)[1] for line in lines if line.startswith("API key: "))
        connect = next(line for line in lines if line.startswith("Connect: "))
        assert url.startswith("http://127.0.0.1:")
        assert connect == f"Connect: IOTTUI_API_KEY={key} iottui --url {url}"
        response = httpx.get(f"{url}/devices", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Stopped." in out


def test_key_from_environment_is_not_printed() -> None:
    proc, lines = _run(env={cli.ENV_KEY: "secret-key-from-env"})
    try:
        assert not any("secret-key-from-env" in line for line in lines)
        url = next(line.split()[2] for line in lines if line.startswith("Listening on "))
        ok = httpx.get(f"{url}/user", headers={"Authorization": "Bearer secret-key-from-env"})
        assert ok.status_code == 200
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0


def test_bad_options_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iottui.sim", "--faults", "nonsense=1"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown fault" in result.stderr
