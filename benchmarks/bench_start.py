"""Benchmark 1: process start to a populated tree with ``--demo`` (1,000 devices), headless,
against a bare Textual app's process start to its first frame.

    .venv/bin/python benchmarks/bench_start.py [--runs 5] [--devices 1000]

Each run is a fresh Python process. The demo child goes the way ``iottui --demo`` goes
(:func:`iottui.ui.launch.prepare_app`: the simulator's child process started first, then the
client and the app) and reports the first frame composed with the fleet tree's groups in it;
the floor child mounts one ``Static`` in a bare ``App`` and reports its first frame. Both run
through ``App.run_test`` (headless) and report wall-clock time, so the ratio includes
interpreter start and imports. Each also reports when its app is next idle (for the demo:
the first poll's rules and alarms loaded and drawn too). The demo's state file is warmed once
first (as on a user's second start), which also caches the project's bytecode. Goal: <= 1.3x.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import Figure, median, parser, report

HERE = Path(__file__).resolve().parent

#: Both children time the first frame that shows what they wait for: ``App._display`` (which
#: the screen calls right after composing a frame; also how bench_live sees frames) is wrapped
#: and the condition checked there. They then wait until the app is idle (for the demo: the
#: same poll's rules and alarms loaded and drawn) and report that time too.
FRAME_HOOK = """
    frame = {}
    display = app._display

    def recording_display(target, renderable):
        if renderable is not None and "t" not in frame and READY:
            frame["t"] = time.time()
        display(target, renderable)

    app._display = recording_display
"""

DEMO_CHILD = (
    """
import asyncio, sys, time
from iottui.config import TuiOptions
from iottui.ui.launch import prepare_app

def populated(app):
    from textual.css.query import NoMatches
    from iottui.ui.widgets.fleet_tree import FleetTree
    screen = app._main_screen()
    try:
        tree = screen.query_one(FleetTree) if screen is not None else None
    except NoMatches:  # not composed yet
        return False
    return tree is not None and tree.index is not None and bool(tree.root.children)

async def main():
    options = TuiOptions(demo=True, devices=int(sys.argv[1]))
    app, demo = prepare_app(options)
"""
    + FRAME_HOOK.replace("READY", "populated(app)")
    + """
    async with app.run_test(size=(120, 40)) as pilot:
        while "t" not in frame:
            await pilot.pause(0.005)
        await pilot.pause()
        print("DONE", frame["t"], time.time(), flush=True)
    demo.stop()

asyncio.run(main())
"""
)

BARE_CHILD = (
    """
import asyncio, time
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")

async def main():
    app = Bare()
"""
    + FRAME_HOOK.replace("READY", "True")
    + """
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("DONE", frame["t"], time.time(), flush=True)

asyncio.run(main())
"""
)


def run_child(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from the process's start to its frame, and to idle."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300
    )
    for line in out.stdout.splitlines():
        if line.startswith("DONE"):
            _, frame, idle = line.split()
            return float(frame) - start, float(idle) - start
    raise RuntimeError(f"child failed: {out.stderr[-2000:]}")


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=1000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "HOME": home,
            "XDG_CONFIG_HOME": f"{home}/config",
            "XDG_DATA_HOME": f"{home}/data",
            "XDG_CACHE_HOME": f"{home}/cache",
            "IOTTUI_CONFIG": f"{home}/config/iottui/config.toml",
        }
        # As on a user's machine, bytecode is cached after the first start (some sandboxes set
        # PYTHONDONTWRITEBYTECODE, which would compile the project from source on every start
        # while the installed Textual keeps its cached bytecode: ~90 ms against the demo).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cold, _ = run_child(DEMO_CHILD, str(args.devices), env=env)  # builds the state file
        demo: list[tuple[float, float]] = []
        bare: list[tuple[float, float]] = []
        for _ in range(args.runs):
            bare.append(run_child(BARE_CHILD, env=env))
            demo.append(run_child(DEMO_CHILD, str(args.devices), env=env))
    t_demo, t_bare = median([d[0] for d in demo]), median([b[0] for b in bare])
    idle_demo, idle_bare = median([d[1] for d in demo]), median([b[1] for b in bare])
    ratio = t_demo / t_bare
    figures = [
        Figure("start", "bare Textual app to first frame (floor)", t_bare * 1000, "ms", "-", None),
        Figure(
            "start",
            f"--demo {args.devices} devices to populated tree",
            t_demo * 1000,
            "ms",
            "-",
            None,
        ),
        Figure("start", "demo start vs floor", ratio, "x", "<= 1.3x", ratio <= 1.3),
        Figure("start", "bare Textual app to idle", idle_bare * 1000, "ms", "-", None),
        Figure("start", "--demo to idle (rules, alarms loaded)", idle_demo * 1000, "ms", "-", None),
        Figure("start", "first --demo start (state file built)", cold * 1000, "ms", "-", None),
    ]
    report("Benchmark 1: start (headless)", figures, args.json, f"median of {args.runs} runs")


if __name__ == "__main__":
    main()
