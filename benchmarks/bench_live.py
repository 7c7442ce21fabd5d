"""Benchmark 4: live refresh cost and responsiveness.

    .venv/bin/python benchmarks/bench_live.py [--runs 5] [--presses 200]

(a) Requests and bytes per refresh for 100, 500 and 2,000 visible sensors: one refresh is the
call the app's live poll makes, ``client.metrics.last_values(ids)``, counted by the client's
own stats. Goal: one request per 100 sensors.
(b) Key press to repaint: with the app polling every second (its visible sensors plus a side
poll of 100 sensors on the same client and event loop, as a 100-sensor view would), ``j``/``k``
in the fleet tree, timed from the key to the first frame that drew the moved cursor and the
detail pane's widgets for the new node (and, for reference, to the first frame that drew the
moved cursor). What a frame drew is recorded by wrapping the widgets' ``render_lines``: the
state of the app when a frame is shown is not what it drew (the pane's widgets may be rebuilt
and still wait for their repaint, a frame or two later). p50/p95;
goal p95 < 50 ms. The app's CPU time over the same span (the event loop's thread time, so
other processes on the machine do not count) is reported too: it is the steadier figure on a
shared machine. The floor is Textual itself: a bare ``Tree`` of the same shape (one group of
devices) in a bare app, no polling, timed the same way.
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


async def press_keys(
    app: Any, tree: Any, presses: int, span: int, moved: Any, keys: tuple[str, str] = ("j", "k")
) -> tuple[list[float], list[float]]:
    """Send ``j``/``k`` through the driver as a terminal would; for each, the time to the first
    frame composed once ``moved(before)`` holds, and the thread's CPU time over it.

    Frames are seen by wrapping ``App._display``, which the screen calls right after composing
    a frame, and ``moved`` is checked there: a frame composed before this coroutine next runs
    still counts (polling for the move first and then waiting for a later frame would skip it
    and time the frame after).
    """
    from textual import events

    press: dict[str, Any] = {}
    display = app._display

    def recording_display(target: Any, renderable: Any) -> None:
        waiting = renderable is not None and "before" in press and "done" not in press
        if waiting and moved(press["before"]):
            press["done"] = (time.perf_counter(), time.thread_time())
        display(target, renderable)

    app._display = recording_display
    sequence = [keys[0]] * span + [keys[1]] * span
    latencies: list[float] = []
    cpu: list[float] = []
    for i in range(presses):
        key = sequence[i % len(sequence)]
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        press.clear()
        press["before"] = tree.cursor_line
        c0 = time.thread_time()
        t0 = time.perf_counter()
        app._driver.send_message(event)
        deadline = t0 + 10
        while "done" not in press:
            await asyncio.sleep(0.0005)
            if time.perf_counter() > deadline:
                raise RuntimeError("key not handled or no repaint")
        t1, c1 = press["done"]
        latencies.append(t1 - t0)
        cpu.append(c1 - c0)
        await asyncio.sleep(0.05)
    return latencies, cpu


async def key_latency(
    url: str, presses: int, *, pane: bool = True
) -> tuple[list[float], list[float]]:
    """Key press to the first frame after the highlight moved (and, with ``pane``, the detail
    pane followed), while the app polls; (latencies, CPU times)."""
    from iottui.ui.widgets.fleet_tree import FleetTree

    app = make_app(url, refresh=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = None

        def ready() -> bool:
            nonlocal screen
            screen = app.main_screen
            # the browser and the tabs are mounted right after the first frame
            return screen is not None and screen.ready and screen.fleet_tree.index is not None

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

        side = asyncio.create_task(side_poll())
        await pilot.pause(1.0)
        span = max(1, min(10, len(first.devices)))

        painted = watch_painting(tree, lambda: screen.node)
        switcher = screen.query_one("#panes")

        def moved(before: int) -> bool:
            node = tree.cursor_node
            if painted.get(tree) in (None, before) or node is None:
                return False
            if not pane:
                return True
            # every widget of the pane shown was drawn for the node under the cursor
            current = switcher.query_one(f"#{switcher.current}")
            return screen.node is node.data and all(
                painted.get(widget) is node.data for widget in pane_widgets(current)
            )

        result = await press_keys(app, tree, presses, span, moved)
        stop.set()
        await side
    return result


def pane_widgets(pane: Any) -> list[Any]:
    """The widgets of a detail pane that draw the node: its texts and tables."""
    from textual.widgets import DataTable, Static

    return [w for w in pane.query("*") if isinstance(w, Static | DataTable)]


def watch_painting(tree: Any, shown: Any) -> dict[Any, Any]:
    """What the last frame drew, by widget: for the tree, the cursor line it drew; for the
    widgets of the detail panes, the node the pane showed (``shown()``) when they were drawn.
    Recorded in their ``render_lines``, which the compositor calls for each widget it draws."""
    painted: dict[Any, Any] = {}

    def record(widget: Any, value: Any) -> None:
        real = widget.render_lines

        def render_lines(crop: Any) -> Any:
            painted[widget] = value()
            return real(crop)

        widget.render_lines = render_lines

    record(tree, lambda: tree.cursor_line)
    if shown is not None:
        for pane in tree.screen.query_one("#panes").children:
            for widget in pane_widgets(pane):
                record(widget, shown)
    return painted


async def floor_latency(presses: int) -> tuple[list[float], list[float]]:
    """The same key presses (down/up: a bare ``Tree`` has no j/k) in a bare Textual ``Tree``
    (50 leaves under one open node)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Tree

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            tree: Tree[None] = Tree("Fleet")
            tree.show_root = False
            group = tree.root.add("group", expand=True)
            for i in range(50):
                group.add_leaf(f"device {i}")
            yield tree

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(Tree)
        tree.focus()
        tree.cursor_line = 0  # the group, as in the app
        await pilot.pause(0.5)
        painted = watch_painting(tree, None)
        return await press_keys(
            app,
            tree,
            presses,
            10,
            lambda before: painted.get(tree) not in (None, before),
            ("down", "up"),
        )


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--presses", type=int, default=200)
    p.add_argument("--devices", type=int, default=500)
    args = p.parse_args()
    sim = SimProcess(args.devices)
    try:
        costs = asyncio.run(refresh_cost(sim.url, [100, 500, 2000], args.runs))
        latencies, cpu = asyncio.run(key_latency(sim.url, args.presses))
        cursor_only, _ = asyncio.run(key_latency(sim.url, args.presses, pane=False))
        floor, floor_cpu = asyncio.run(floor_latency(args.presses))
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
    for name, values in (("app CPU per key press", cpu), ("bare Textual Tree (floor)", floor)):
        for q in (50, 95):
            value = percentile(values, q) * 1000
            figures.append(Figure("live", f"{name} p{q}", value, "ms", "-", None))
    figures.append(
        Figure(
            "live",
            "bare Textual Tree CPU per key p50",
            percentile(floor_cpu, 50) * 1000,
            "ms",
            "-",
            None,
        )
    )
    report(
        "Benchmark 4: live refresh",
        figures,
        args.json,
        f"{args.devices} devices; {len(latencies)} key presses; "
        f"refresh costs median of {args.runs}",
    )


if __name__ == "__main__":
    main()
