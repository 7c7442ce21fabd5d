"""Benchmark 4: live refresh cost and responsiveness.

    .venv/bin/python benchmarks/bench_live.py [--runs 5] [--presses 200]

(a) Requests and bytes per refresh for 100, 500 and 2,000 visible sensors: one refresh is the
call the app's live poll makes, ``client.metrics.last_values(ids)``, counted by the client's
own stats. Goal: one request per 100 sensors.
(b) Key press to repaint: with the app polling every second (its visible sensors plus a side
poll of 100 sensors on the same client and event loop, as a 100-sensor view would), ``j``/``k``
in the fleet tree, timed from the key to the first frame after the cursor moved and the detail
pane followed (and, for reference, to the first frame after the cursor alone moved). p50/p95;
goal p95 < 50 ms.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from _common import Figure, median, parser, percentile, report
from _ui import KEY, SimProcess, make_app, until


async def refresh_cost(url: str, counts: list[int], runs: int) -> list[tuple[int, float, float]]:
    from iottui.api.client import IoTClient

    async with IoTClient(url, KEY) as client:
        fleet = await client.fleet.get()
        ids = [s.id for d in fleet.devices() for s in d.sensors]
        out = []
        for n in counts:
            chosen = ids[:n]
            requests, received = [], []
            for _ in range(runs):
                before_r, before_b = client.stats.request_count, client.stats.bytes_received
                await client.metrics.last_values(chosen)
                requests.append(client.stats.request_count - before_r)
                received.append(client.stats.bytes_received - before_b)
            out.append((len(chosen), median(requests), median(received)))
        return out


async def key_latency(url: str, presses: int, *, pane: bool = True) -> list[float]:
    """Key event sent as a terminal would (through the driver) to the first frame after the
    highlight moved (and, with ``pane``, the detail pane followed); frames are seen by
    wrapping ``App._display``.
    """
    from textual import events

    from iottui.ui.widgets.fleet_tree import FleetTree

    app = make_app(url, refresh=1.0)
    latencies: list[float] = []
    frames: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = None

        def ready() -> bool:
            nonlocal screen
            screen = app._main_screen()
            return screen is not None and screen.query_one(FleetTree).index is not None

        await until(pilot, ready)
        tree = screen.query_one(FleetTree)
        first = next(iter(tree.index.groups.values()))
        tree.root.children[0].expand()
        await pilot.pause(0.5)
        ids = [s.id for d in tree.index.devices.values() for s in d.sensors][:100]
        stop = asyncio.Event()

        async def side_poll() -> None:
            while not stop.is_set():
                await app.client.metrics.last_values(ids)
                await asyncio.sleep(1.0)

        display = app._display

        def recording_display(target: Any, renderable: Any) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            display(target, renderable)

        app._display = recording_display  # type: ignore[method-assign]
        side = asyncio.create_task(side_poll())
        await pilot.pause(1.0)
        span = max(1, min(10, len(first.devices)))
        keys = ["j"] * span + ["k"] * span
        for i in range(presses):
            key = keys[i % len(keys)]
            before = tree.cursor_line
            event = events.Key(key, key)
            event.set_sender(app)
            t0 = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            deadline = t0 + 10
            while tree.cursor_line == before or (
                pane and (tree.cursor_node is None or screen.node is not tree.cursor_node.data)
            ):
                await asyncio.sleep(0.0005)
                if time.perf_counter() > deadline:
                    raise RuntimeError("key not handled")
            moved = time.perf_counter()
            while not frames or frames[-1] < moved:
                await asyncio.sleep(0.0005)
                if time.perf_counter() > deadline:
                    raise RuntimeError("no repaint")
            latencies.append(frames[-1] - t0)
            await asyncio.sleep(0.05)
        stop.set()
        await side
    return latencies


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--presses", type=int, default=200)
    p.add_argument("--devices", type=int, default=500)
    args = p.parse_args()
    sim = SimProcess(args.devices)
    try:
        costs = asyncio.run(refresh_cost(sim.url, [100, 500, 2000], args.runs))
        latencies = asyncio.run(key_latency(sim.url, args.presses))
        cursor_only = asyncio.run(key_latency(sim.url, args.presses, pane=False))
    finally:
        sim.stop()
    figures = []
    for n, requests, received in costs:
        goal = -(-n // 100)
        figures.append(
            Figure(
                "live",
                f"requests per refresh, {n:,} sensors",
                requests,
                "req",
                f"{goal}",
                requests <= goal,
            )
        )
        figures.append(
            Figure("live", f"bytes per refresh, {n:,} sensors", received / 1024, "KiB", "-", None)
        )
    p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
    figures.append(
        Figure("live", "key press to repaint p50 (polling 100 sensors/s)", p50, "ms", "-", None)
    )
    figures.append(
        Figure(
            "live",
            "key press to repaint p95 (polling 100 sensors/s)",
            p95,
            "ms",
            "< 50 ms",
            p95 < 50,
        )
    )
    c50, c95 = percentile(cursor_only, 50) * 1000, percentile(cursor_only, 95) * 1000
    figures.append(Figure("live", "key press to cursor-only repaint p50", c50, "ms", "-", None))
    figures.append(Figure("live", "key press to cursor-only repaint p95", c95, "ms", "-", None))
    report(
        "Benchmark 4: live refresh",
        figures,
        args.json,
        f"{args.devices} devices; {len(latencies)} key presses; "
        f"refresh costs median of {args.runs}",
    )


if __name__ == "__main__":
    main()
