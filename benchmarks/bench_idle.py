"""Benchmark 5: idle CPU with live refresh every 5 s and nothing changing, and memory over
10,000 refresh cycles on an accelerated clock.

    .venv/bin/python benchmarks/bench_idle.py [--seconds 60] [--cycles 10000]

(a) The app (headless) shows a device's live values with refresh every 5 s against a
simulator on a fixed clock (so nothing changes), in its own process; the app process's CPU
time over ``--seconds`` is divided by the wall time. Goal: < 2 % of one core. A bare Textual
app (one ``Static``) idle as long, in the same run, is the floor.
(b) The app's live poll (``MainScreen.poll_once``, exactly what each refresh runs) is driven
``--cycles`` times back to back against a simulator whose clock runs 600x faster, so every
cycle brings new values; RSS and the live store's sizes are sampled along the way. Goal: no
growth beyond the bounded buffers (sparklines keep at most ``SPARK_POINTS`` per metric).
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

from _common import Figure, cpu_seconds, parser, report, rss_mb
from _ui import HERE, KEY, free_port, make_app, until


async def idle_cpu(url: str, seconds: float) -> float:
    from iottui.ui.widgets.fleet_tree import FleetTree

    app = make_app(url, refresh=5.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = None

        def ready() -> bool:
            nonlocal screen
            screen = app.main_screen
            # the browser and the tabs are mounted right after the first frame
            return screen is not None and screen.ready and screen.fleet_tree.index is not None

        await until(pilot, ready)
        tree = screen.query_one(FleetTree)
        device = next(iter(tree.index.devices.values()))
        tree.reveal_device(device.id)
        await pilot.pause(0.5)
        group = tree.index.device_group[device.id]
        tree.move_cursor(tree.node_for(("device", group.id, device.id, None, None)))
        await until(pilot, lambda: bool(screen.store.last))
        await pilot.pause(6)  # first refreshes, seeding done
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        await asyncio.sleep(seconds)
        return (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)


async def bare_idle_cpu(seconds: float) -> float:
    """A bare Textual app (one ``Static``) idle for ``seconds``: the floor of idle CPU."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.0)
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        await asyncio.sleep(seconds)
        return (cpu_seconds() - cpu0) / (time.perf_counter() - wall0)


async def memory_cycles(url: str, cycles: int) -> list[tuple[int, float, int, int]]:
    from iottui.ui.widgets.fleet_tree import FleetTree

    app = make_app(url, refresh=300.0)
    samples: list[tuple[int, float, int, int]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = None

        def ready() -> bool:
            nonlocal screen
            screen = app.main_screen
            # the browser and the tabs are mounted right after the first frame
            return screen is not None and screen.ready and screen.fleet_tree.index is not None

        await until(pilot, ready)
        tree = screen.query_one(FleetTree)
        device = max(tree.index.devices.values(), key=lambda d: len(d.sensors))
        tree.reveal_device(device.id)
        await pilot.pause(0.5)
        group = tree.index.device_group[device.id]
        tree.move_cursor(tree.node_for(("device", group.id, device.id, None, None)))
        await until(pilot, lambda: bool(screen.store.last))
        screen.poller.paused = True
        for cycle in range(1, cycles + 1):
            await screen.poll_once()
            if cycle % 50 == 0:
                await pilot.pause()
            if cycle in (100, 1000, cycles) or cycle % 2500 == 0:
                await pilot.pause()
                gc.collect()
                points = sum(len(b) for b in screen.store.history.values())
                samples.append((cycle, rss_mb(), points, len(screen.store.history)))
    return samples


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--cycles", type=int, default=10_000)
    args = p.parse_args()
    import os
    import subprocess
    import sys

    def serve(extra: str) -> tuple[subprocess.Popen[str], str]:
        port = free_port()
        code = (
            "import sys, time\n"
            "from iottui.clock import FixedClock, AcceleratedClock\n"
            "from iottui.sim.config import SimConfig\n"
            "from iottui.sim.runner import SimServer\n"
            f"clock = {extra}\n"
            f"sim = SimServer(SimConfig(api_key={KEY!r}, devices=60, clock=clock,"
            f" tick_seconds=0), port={port})\n"
            "sim.start(); print('READY', flush=True)\n"
            "while True: time.sleep(3600)\n"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(HERE.parent)},
        )
        assert proc.stdout is not None
        if "READY" not in proc.stdout.readline():
            raise RuntimeError("simulator did not start")
        return proc, f"http://127.0.0.1:{port}"

    fixed, fixed_url = serve("FixedClock(1768478400000)")
    try:
        cpu = asyncio.run(idle_cpu(fixed_url, args.seconds))
    finally:
        fixed.terminate()
    bare_cpu = asyncio.run(bare_idle_cpu(args.seconds))
    fast, fast_url = serve("AcceleratedClock(1768478400000, 600.0)")
    try:
        samples = asyncio.run(memory_cycles(fast_url, args.cycles))
    finally:
        fast.terminate()

    from iottui.ui.live import SPARK_POINTS

    figures = [
        Figure(
            "idle",
            f"idle CPU, refresh 5 s, {args.seconds:g} s",
            cpu * 100,
            "% core",
            "< 2 %",
            cpu < 0.02,
        ),
        Figure(
            "idle",
            f"bare Textual app idle CPU, {args.seconds:g} s (floor)",
            bare_cpu * 100,
            "% core",
            "-",
            None,
        ),
    ]
    first = samples[0]
    for cycle, rss, _points, _keys in samples:
        figures.append(Figure("idle", f"RSS after {cycle:,} refresh cycles", rss, "MB", "-", None))
    last = samples[-1]
    bound = last[3] * SPARK_POINTS
    growth = last[1] - samples[1][1] if len(samples) > 1 else 0.0
    figures.append(
        Figure(
            "idle",
            f"RSS growth from {samples[1][0]:,} to {last[0]:,} cycles",
            growth,
            "MB",
            "~0 (bounded)",
            growth < 5.0,
        )
    )
    figures.append(
        Figure(
            "idle",
            f"sparkline points kept ({last[3]} metrics, bound {bound})",
            last[2],
            "points",
            f"<= {bound}",
            last[2] <= bound,
        )
    )
    report(
        "Benchmark 5: idle CPU and memory over refresh cycles",
        figures,
        args.json,
        f"first sample at cycle {first[0]}: RSS {first[1]:.0f} MB",
    )


if __name__ == "__main__":
    main()
