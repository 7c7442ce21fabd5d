"""Benchmark 1: start. ``iottui --demo`` (1,000 devices) against a bare Textual app, headless,
each run a fresh process, alternating, in the same run.

    .venv/bin/python benchmarks/bench_start.py [--runs 5] [--devices 1000]

Figures (medians; see ``benchmarks/_start.py`` for how frames are seen):

- the first frame (layout, status line) vs the bare app's first frame: goal <= 1.3x;
- the first frame with a populated fleet tree (from the cache on a warm start, else the
  server's) vs the bare first frame: goal <= 2.0x; and the frame with the server's fleet;
- a first start (no demo state file, no cache: ``--demo --fresh`` the first time) against a
  warm one.

The demo's state file and fleet cache are built by the first start, which also caches the
project's bytecode (as on a user's second start). The load average is printed with the
figures: the machine may be shared. The median timeline of the warm starts is printed too.
"""

from __future__ import annotations

import tempfile
from typing import Any

from _common import Figure, median, parser, report
from _start import child_env, load_average, print_timeline, run_child, timeline


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=1000)
    args = p.parse_args()
    load_before = load_average()
    with tempfile.TemporaryDirectory() as home:
        env = child_env(home)
        devices = str(args.devices)
        cold = run_child("demo", devices, "--fresh", env=env)  # state file, cache, bytecode
        demo: list[dict[str, Any]] = []
        bare: list[dict[str, Any]] = []
        for _ in range(args.runs):
            bare.append(run_child("bare", env=env))
            demo.append(run_child("demo", devices, env=env))
    load_after = load_average()

    def at(results: list[dict[str, Any]], mark: str) -> float:
        return median(r["marks"][mark] for r in results)

    def cpu(results: list[dict[str, Any]], mark: str) -> float:
        return median(r["cpu"][mark] for r in results)

    floor = at(bare, "first")
    floor_cpu = cpu(bare, "first")
    first, populated, live = at(demo, "first"), at(demo, "populated"), at(demo, "live")
    cold_live: float = cold["marks"]["live"]
    figures = [
        Figure("start", "bare Textual app, first frame (floor)", floor * 1000, "ms", "-", None),
        Figure(
            "start", "iottui --demo first frame (layout, status)", first * 1000, "ms", "-", None
        ),
        Figure(
            "start", "first frame vs floor", first / floor, "x", "<= 1.3x", first / floor <= 1.3
        ),
        Figure(
            "start",
            f"--demo {args.devices} devices, frame with populated tree",
            populated * 1000,
            "ms",
            "-",
            None,
        ),
        Figure(
            "start",
            "populated tree vs floor",
            populated / floor,
            "x",
            "<= 2.0x",
            populated / floor <= 2.0,
        ),
        Figure(
            "start",
            "first frame, process CPU time vs floor's",
            cpu(demo, "first") / floor_cpu,
            "x",
            "-",
            None,
        ),
        Figure(
            "start",
            "populated tree, process CPU time vs floor's",
            cpu(demo, "populated") / floor_cpu,
            "x",
            "-",
            None,
        ),
        Figure("start", "frame with the server's fleet (live)", live * 1000, "ms", "-", None),
        Figure("start", "live tree vs floor", live / floor, "x", "-", None),
        Figure(
            "start",
            "--demo to idle (rules, alarms drawn)",
            at(demo, "idle") * 1000,
            "ms",
            "-",
            None,
        ),
        Figure("start", "first start: live tree (state built)", cold_live * 1000, "ms", "-", None),
        Figure("start", "first start vs warm (live tree)", cold_live / live, "x", "-", None),
    ]
    report(
        "Benchmark 1: start (headless)",
        figures,
        args.json,
        f"median of {args.runs} runs; load average before {load_before}, after {load_after}",
    )
    print_timeline(f"warm --demo {args.devices}", timeline(demo))


if __name__ == "__main__":
    main()
