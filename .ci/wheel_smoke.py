"""Smoke test of an installed wheel, run by ``.ci/run`` with the interpreter of a fresh
virtualenv where the wheel (not the source tree) is installed, from a directory outside the
clone. It checks what a packaging mistake would break first:

1. ``iottui --version`` (the console script, the package metadata);
2. ``iottui sim`` starts and answers one request (the simulator and its dependencies);
3. the app's first frame in a headless pilot, connected to that simulator (a stylesheet or
   another data file missing from the wheel fails here).

Exit status 0 when all three pass; a one-line reason otherwise.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

KEY = "wheel-smoke-key-0123456789"
BIN = Path(sys.executable).parent


def fail(message: str) -> None:
    print(f"wheel smoke: FAILED: {message}", file=sys.stderr)
    raise SystemExit(1)


def installed_from_the_wheel() -> None:
    import iottui

    where = Path(iottui.__file__).resolve()
    if Path(sys.prefix).resolve() not in where.parents:
        fail(f"iottui imported from {where}, not from the virtualenv {sys.prefix}")
    print(f"iottui imported from {where.parent}")


def version() -> None:
    out = subprocess.run(
        [str(BIN / "iottui"), "--version"], capture_output=True, text=True, timeout=60
    )
    if out.returncode != 0 or not re.fullmatch(r"iottui \S+\n", out.stdout):
        fail(f"iottui --version: exit {out.returncode}: {out.stdout!r} {out.stderr!r}")
    print(out.stdout.strip())


def start_sim() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [str(BIN / "iottui"), "sim", "--port", "0", "--memory", "--devices", "4"]
        + ["--replay-hours", "1", "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "IOTTUI_SIM_API_KEY": KEY},
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    for line in process.stdout:
        found = re.search(r"Listening on (http://\S+)", line)
        if found:
            return process, found.group(1)
        if time.monotonic() > deadline:
            break
    process.kill()
    fail(f"iottui sim did not start: {process.stderr.read() if process.stderr else ''}")
    raise AssertionError  # unreachable


def one_request(url: str) -> str:
    import httpx

    response = httpx.get(f"{url}/devices", headers={"Authorization": f"Bearer {KEY}"}, timeout=30)
    if response.status_code != 200:
        fail(f"GET /devices: HTTP {response.status_code}")
    devices = response.json()["data"]
    name = str(devices[0]["name"])
    print(f"iottui sim answered GET /devices: {len(devices)} devices")
    return name


def screen_text(app: Any) -> str:
    """The text on the app's screen (its SVG screenshot without the markup)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def first_frame(url: str, device: str) -> None:
    from iottui.api.client import IoTClient
    from iottui.ui.app import IoTApp
    from iottui.ui.settings import UISettings

    client = IoTClient(url, KEY)
    settings = UISettings(profile="smoke", server=url, check_tty=False, notify="off")
    app = IoTApp(client, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + 60
        while device not in screen_text(app):
            if time.monotonic() > deadline:
                fail(f"the app never showed the fleet ({device!r}):\n{screen_text(app)}")
            await pilot.pause(0.1)
    print(f"first frame: the fleet tree shows {device!r}")


def main() -> None:
    installed_from_the_wheel()
    version()
    sim, url = start_sim()
    try:
        device = one_request(url)
        asyncio.run(first_frame(url, device))
    finally:
        sim.send_signal(signal.SIGINT)
        try:
            sim.wait(timeout=30)
        except subprocess.TimeoutExpired:
            sim.kill()
    print("wheel smoke: ok")


if __name__ == "__main__":
    main()
