"""Benchmark 1: start. ``iottui --demo`` (1,000 devices) as a user runs it, against a bare
Textual app, each run a fresh process in a terminal, alternating, in the same run.

    .venv/bin/python benchmarks/bench_start.py [--runs 5] [--devices 1000] [--size 120x40]

The verdicts come from the real command (``benchmarks/_pty.py``): the installed ``iottui``
console script in a pseudo-terminal, its output read as a terminal shows it, timed from
launch to the first frame showing (medians):

- the status line (the first frame) vs the bare app's first frame: goal <= 1.3x;
- the fleet tree's groups (from the cache on a warm start) vs the bare first frame: goal
  <= 2.0x; and the tree built from the server's fleet (groups with online counts);
- a first start (no demo state file, no cache: ``--demo --fresh``) against a warm one.

The process's CPU time at each of those frames (``/proc``) against the bare app's is printed
too: steadier than the wall clock on a shared machine. Then where the time goes: the same
command run in-process in the same terminal (``benchmarks/_start.py --terminal``: the console
script's code, the app run by the product's ``run_app``, imports, frames composed, the cache
read and client calls marked, and each frame's showing in the terminal), ``--inproc-runs``
times, its median timeline. The first start builds the demo's
state file and cache and caches the project's bytecode (as on a user's second start). The
load average is printed with the figures: the machine may be shared.
"""

from __future__ import annotations

import compileall
import tempfile

from _common import Figure, median, parser, report
from _pty import PtyRun, run_bare, run_iottui, terminal_size
from _start import child_env, load_average, print_timeline, run_in_terminal, timeline

import iottui


def at(runs: list[PtyRun], mark: str) -> float:
    return median(r.marks[mark] for r in runs)


def cpu(runs: list[PtyRun], mark: str) -> float:
    return median(r.cpu[mark] for r in runs)


def cache_bytecode() -> None:
    """Compile the project's modules as their first import would (a user's second start)."""
    compileall.compile_dir(iottui.__path__[0], quiet=1)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=1000)
    p.add_argument("--size", default="120x40", help="the terminal, columns x rows")
    p.add_argument("--inproc-runs", type=int, default=3, help="in-process runs (timelines)")
    args = p.parse_args()
    size = terminal_size(args.size)
    load_before = load_average()
    demo_args = ["--demo", "--devices", str(args.devices)]
    cache_bytecode()
    with tempfile.TemporaryDirectory() as home:
        env = child_env(home)
        cold = run_iottui([*demo_args, "--fresh"], env, size, wait_for_save=True)
        warm: list[PtyRun] = []
        bare: list[PtyRun] = []
        for _ in range(args.runs):
            bare.append(run_bare(env, size))
            warm.append(run_iottui(demo_args, env, size))
        load_real = load_average()
        inproc = [run_in_terminal(*demo_args, env=env, size=size) for _ in range(args.inproc_runs)]
    load_after = load_average()

    floor, floor_cpu = at(bare, "first"), cpu(bare, "first")
    first, populated, live = at(warm, "first"), at(warm, "populated"), at(warm, "live")

    def ms(name: str, value: float, goal: str = "-", ok: bool | None = None) -> Figure:
        return Figure("start", name, value * 1000, "ms", goal, ok)

    def ratio(name: str, value: float, goal: str = "-", ok: bool | None = None) -> Figure:
        return Figure("start", name, value, "x", goal, ok)

    cold_live = cold.marks["live"]
    figures = [
        ms("bare Textual app, first frame (floor)", floor),
        ms("iottui --demo first frame (status line)", first),
        ratio("first frame vs floor", first / floor, "<= 1.3x", first / floor <= 1.3),
        ms(f"--demo {args.devices} devices, frame with the populated tree", populated),
        ratio("populated tree vs floor", populated / floor, "<= 2.0x", populated / floor <= 2.0),
        ms("frame with the server's fleet (live tree)", live),
        ratio("live tree vs floor", live / floor),
        ratio("first frame, process CPU vs floor's", cpu(warm, "first") / floor_cpu),
        ratio("populated tree, process CPU vs floor's", cpu(warm, "populated") / floor_cpu),
        ms("first start (no state, no cache): live tree", cold_live),
        ratio("first start vs warm (live tree)", cold_live / live),
    ]
    report(
        f"Benchmark 1: start, the real command in a {args.size} terminal",
        figures,
        args.json,
        f"median of {args.runs} runs; load average before {load_before}, after the timed "
        f"runs {load_real}, after the in-process runs {load_after}",
    )
    print_timeline(
        f"warm --demo {args.devices}, in-process, in the terminal ({args.inproc_runs} runs)",
        timeline(inproc),
    )


if __name__ == "__main__":
    main()
