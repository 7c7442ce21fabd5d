"""Benchmark 7: a warm start with 10,000 devices, from the fleet cache, headless.

    .venv/bin/python benchmarks/bench_bigstart.py [--runs 3] [--devices 10000]

``iottui --demo --devices 10000`` once (``--fresh``: the simulator's state file and the fleet
cache are built), then warm starts alternating with a bare Textual app (the floor), each a fresh
process. Figures (medians): the frame with a navigable tree (the groups listed, from the cache)
from launch, goal < 0.8 s; the frame with the server's fleet swapped in; whether the cursor,
moved three lines down on the cached tree before the live fleet came, was on the same node
after the swap (every run); the process's RSS once the live fleet is shown, goal < 250 MB. The
load average is printed: the machine may be shared. See ``benchmarks/_start.py``.
"""

from __future__ import annotations

import tempfile
from typing import Any

from _common import Figure, median, parser, report
from _start import child_env, load_average, print_timeline, run_child, timeline


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=10_000)
    p.set_defaults(runs=3)
    args = p.parse_args()
    load_before = load_average()
    devices = str(args.devices)
    with tempfile.TemporaryDirectory() as home:
        env = child_env(home)
        cold = run_child("demo", devices, "--fresh", env=env)
        warm: list[dict[str, Any]] = []
        bare: list[dict[str, Any]] = []
        for _ in range(args.runs):
            bare.append(run_child("bare", env=env))
            warm.append(run_child("demo", devices, "--move", env=env))
    load_after = load_average()

    def at(mark: str) -> float:
        return median(r["marks"][mark] for r in warm)

    navigable, live = at("populated"), at("live")
    kept = [r["cursor_kept"] for r in warm]
    rss = median(r["rss_mb"] for r in warm)
    figures = [
        Figure(
            "bigstart",
            "bare Textual app, first frame (floor)",
            median(r["marks"]["first"] for r in bare) * 1000,
            "ms",
            "-",
            None,
        ),
        Figure(
            "bigstart",
            f"{args.devices} devices warm: first frame",
            at("first") * 1000,
            "ms",
            "-",
            None,
        ),
        Figure(
            "bigstart",
            "navigable tree (from the cache)",
            navigable * 1000,
            "ms",
            "< 800 ms",
            navigable < 0.8,
        ),
        Figure("bigstart", "server's fleet swapped in", live * 1000, "ms", "-", None),
        Figure(
            "bigstart",
            "cursor kept across the swap (runs)",
            sum(1 for k in kept if k),
            f"of {len(kept)}",
            "all",
            all(k is True for k in kept),
        ),
        Figure("bigstart", "RSS with the live fleet shown", rss, "MB", "< 250 MB", rss < 250),
        Figure(
            "bigstart",
            "first start (no cache): live tree",
            cold["marks"]["live"] * 1000,
            "ms",
            "-",
            None,
        ),
    ]
    report(
        "Benchmark 7: 10,000 devices, warm start from the cache (headless)",
        figures,
        args.json,
        f"median of {args.runs} runs; load average before {load_before}, after {load_after}",
    )
    print_timeline(f"warm --demo --devices {args.devices}", timeline(warm))
    print_timeline("first start (no cache)", timeline([cold]))


if __name__ == "__main__":
    main()
