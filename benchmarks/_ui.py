"""Helpers of the UI benchmarks: a simulator in another process, the app headless, waiting."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
KEY = "bench-key-not-secret"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SimProcess:
    """The simulator in its own process (so the app's CPU and RSS are the app's alone)."""

    def __init__(self, devices: int, faults: str = "") -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "_serve.py"),
                "sim",
                str(self.port),
                KEY,
                str(devices),
                *([faults] if faults else []),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(HERE.parent)},
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "READY" not in line:
            self.proc.kill()
            raise RuntimeError(f"simulator did not start: {line!r}")
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/__sim/health", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("simulator never answered")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


async def until(pilot: Any, predicate: Callable[[], bool], within: float = 120.0) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > within:
            raise RuntimeError(f"condition not met within {within:g} s")
        await pilot.pause(0.01)
        await asyncio.sleep(0)
    return time.perf_counter() - start


def make_app(url: str, refresh: float = 5.0, clock: Any = None) -> Any:
    from iottui.api.client import IoTClient
    from iottui.ui.app import IoTApp
    from iottui.ui.settings import UISettings

    client = IoTClient(url, KEY, clock=clock)
    settings = UISettings(
        profile="bench", server=url, refresh=refresh, check_tty=False, notify="off"
    )
    return IoTApp(client, settings, clock=clock)
