"""Benchmark 7: a warm start with 10,000 devices, from the fleet cache, as a user runs it.

    .venv/bin/python benchmarks/bench_bigstart.py [--runs 3] [--devices 10000] [--size 120x40]

``iottui --demo --devices 10000 --fresh`` once (the simulator's state file and the fleet cache
are built), then warm starts of the real command (the installed console script in a
pseudo-terminal, ``benchmarks/_pty.py``) alternating with a bare Textual app (the floor), each
a fresh process. Figures (medians): from launch, the first frame showing the tree's groups
(navigable: from the cache), goal < 0.8 s; the frame with the server's fleet (groups with
online counts); the process's RSS when that frame is shown and once the fleet cache has been
saved after it (the steady state), goal < 250 MB. Then ``--inproc-runs`` in-process runs
(``benchmarks/_start.py``: the console script's code, the app run by the headless pilot): the
cursor, moved three lines down on the cached tree before the server's fleet came, is on the
same node after the swap (every run); and the median timeline of where the time goes. The load
average is printed: the machine may be shared.
"""

from __future__ import annotations

import tempfile
from typing import Any

from _common import Figure, median, parser, report
from _pty import PtyRun, run_bare, run_iottui, terminal_size
from _start import child_env, load_average, print_timeline, run_child, timeline


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=10_000)
    p.add_argument("--size", default="120x40", help="the terminal, columns x rows")
    p.add_argument("--inproc-runs", type=int, default=2, help="in-process runs (cursor, timeline)")
    p.set_defaults(runs=3)
    args = p.parse_args()
    size = terminal_size(args.size)
    load_before = load_average()
    demo_args = ["--demo", "--devices", str(args.devices)]
    with tempfile.TemporaryDirectory() as home:
        env = child_env(home)
        cold = run_iottui([*demo_args, "--fresh"], env, size, wait_for_save=True)
        warm: list[PtyRun] = []
        bare: list[PtyRun] = []
        for _ in range(args.runs):
            bare.append(run_bare(env, size))
            warm.append(run_iottui(demo_args, env, size, wait_for_save=True, rss_at=["live"]))
        load_real = load_average()
        inproc: list[dict[str, Any]] = []
        for _ in range(args.inproc_runs):
            inproc.append(run_child("iottui", "--move", "--", *demo_args, env=env))
    load_after = load_average()

    def at(mark: str) -> float:
        return median(r.marks[mark] for r in warm)

    navigable, live = at("populated"), at("live")
    kept = [r["cursor_kept"] for r in inproc]
    rss_live = median(r.rss_mb["live"] for r in warm)
    rss = median(r.rss_mb["end"] for r in warm)

    def ms(name: str, value: float, goal: str = "-", ok: bool | None = None) -> Figure:
        return Figure("bigstart", name, value * 1000, "ms", goal, ok)

    figures = [
        ms("bare Textual app, first frame (floor)", median(r.marks["first"] for r in bare)),
        ms(f"{args.devices} devices warm: first frame (status line)", at("first")),
        ms("navigable tree (groups, from the cache)", navigable, "< 800 ms", navigable < 0.8),
        ms("server's fleet swapped in (live tree)", live),
        Figure("bigstart", "RSS when the live tree is shown", rss_live, "MB", "-", None),
        Figure(
            "bigstart", "RSS once the fleet is saved after it", rss, "MB", "< 250 MB", rss < 250
        ),
        Figure(
            "bigstart",
            "cursor kept across the swap (in-process runs)",
            sum(1 for k in kept if k),
            f"of {len(kept)}",
            "all",
            all(k is True for k in kept),
        ),
        ms("first start (no cache): live tree", cold.marks["live"]),
    ]
    report(
        f"Benchmark 7: 10,000 devices, warm start from the cache, in a {args.size} terminal",
        figures,
        args.json,
        f"median of {args.runs} runs; load average before {load_before}, after the timed "
        f"runs {load_real}, after the in-process runs {load_after}",
    )
    print_timeline(
        f"warm --demo --devices {args.devices}, in-process, headless ({args.inproc_runs} runs)",
        timeline(inproc),
    )


if __name__ == "__main__":
    main()
