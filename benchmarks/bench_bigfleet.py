"""Benchmark 3: a fleet of 10,000 devices: time until the tree is navigable, process RSS, and
expanding the biggest group (about 1,000 devices).

    .venv/bin/python benchmarks/bench_bigfleet.py [--runs 3] [--devices 10000]

The simulator runs in its own process (as a real server would), so RSS is the app's alone.
"Navigable" is the app's first fleet poll done and the tree showing its groups, measured from
entering ``App.run_test``. Expansion is timed from ``node.expand()`` to the first frame
composed after the group's device nodes were added. The simulator's own share is shown too:
its ``GET /devices`` answer received in full by a bare httpx client (median of 3, after the
big group was made).
Goals: navigable < 3 s, RSS < 400 MB, expand < 100 ms.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

from _common import Figure, median, parser, peak_rss_mb, report, rss_mb
from _ui import KEY, SimProcess, make_app, until


async def one_run(url: str) -> tuple[float, float, float, int]:
    from iottui.ui.widgets.fleet_tree import FleetTree

    app = make_app(url, refresh=5.0)
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = None

        def ready() -> bool:
            nonlocal screen
            screen = app.main_screen
            if screen is None or not screen.ready:  # the browser: mounted after the first frame
                return False
            tree = screen.query_one(FleetTree)
            return tree.index is not None and bool(tree.root.children)

        await until(pilot, ready, within=120)
        await pilot.pause()
        navigable = time.perf_counter() - start
        tree = screen.query_one(FleetTree)
        await pilot.press("j")  # navigable: the cursor moves
        await pilot.pause()
        big = max(tree.index.groups.values(), key=lambda g: len(g.devices))
        size = len(big.devices)
        key = ("group", big.id, None, None, None)
        while tree.node_for(key) is None:  # the root lists groups in chunks too
            more = next(n for n in tree.root.children if n.data and n.data.kind == "more")
            tree.select_node(more)
            await pilot.pause()
        biggest = tree.node_for(key)
        assert biggest is not None
        if biggest.is_expanded:
            biggest.collapse()
            await pilot.pause()
        frames: list[float] = []
        display = app._display

        def recording_display(target: Any, renderable: Any) -> None:
            if renderable is not None:
                frames.append(time.perf_counter())
            display(target, renderable)

        app._display = recording_display
        t0 = time.perf_counter()
        biggest.expand()  # its devices are added when the tree handles NodeExpanded
        deadline = t0 + 30
        while not (biggest.data.loaded and len(biggest.children) > 1):
            await asyncio.sleep(0.0005)
            if time.perf_counter() > deadline:
                raise RuntimeError("the group never loaded")
        loaded = time.perf_counter()
        while not frames or frames[-1] < loaded:
            await asyncio.sleep(0.0005)
            if time.perf_counter() > deadline:
                raise RuntimeError("no frame after the expansion")
        expand = frames[-1] - t0
        app._display = display
        gc.collect()
        rss = rss_mb()
    return navigable, rss, expand, size


def time_fleet_answer(url: str, times: int = 3) -> float:
    """Median seconds of the simulator's ``GET /devices`` received in full by a bare client
    (the server's share of "navigable": rendering, encoding and sending the answer)."""
    import httpx

    spent: list[float] = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {KEY}"}) as client:
        for _ in range(times):
            began = time.perf_counter()
            client.get("/devices", timeout=120).raise_for_status()
            spent.append(time.perf_counter() - began)
    return median(spent)


async def add_big_group(url: str, size: int) -> None:
    """Group the first ``size`` devices together (the generated groups are smaller)."""
    from iottui.api.client import IoTClient

    async with IoTClient(url, KEY, timeout=120) as client:
        devices = await client.devices.list()
        await client.groups.create(f"Big {size}", [str(d.id) for d in devices[:size]])


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=10_000)
    args = p.parse_args()
    sim = SimProcess(args.devices)
    try:
        asyncio.run(add_big_group(sim.url, min(1000, args.devices)))
        answer = time_fleet_answer(sim.url)
        results = [asyncio.run(one_run(sim.url)) for _ in range(args.runs)]
    finally:
        sim.stop()
    navigable = median(r[0] for r in results)
    rss = max(r[1] for r in results)
    expand = median(r[2] for r in results)
    size = results[0][3]
    figures = [
        Figure(
            "bigfleet", "time until the tree is navigable", navigable, "s", "< 3 s", navigable < 3
        ),
        Figure(
            "bigfleet",
            "of which the simulator's GET /devices (bare client)",
            answer,
            "s",
            "-",
            None,
        ),
        Figure("bigfleet", "process RSS with the fleet loaded", rss, "MB", "< 400 MB", rss < 400),
        Figure("bigfleet", "peak RSS of the process", peak_rss_mb(), "MB", "-", None),
        Figure(
            "bigfleet",
            f"expand a group of {size:,} devices",
            expand * 1000,
            "ms",
            "< 100 ms",
            expand < 0.1,
        ),
    ]
    report(
        f"Benchmark 3: big fleet ({args.devices:,} devices)",
        figures,
        args.json,
        f"median of {args.runs} runs (RSS: max)",
    )


if __name__ == "__main__":
    main()
