"""Benchmark 8: a server 200 ms away. Populated tree vs first frame + one round trip + parse.

    .venv/bin/python benchmarks/bench_latency.py [--runs 5] [--devices 1000] [--latency 0.2]

The simulator runs in its own process and adds ``--latency`` seconds to every answer (one
round trip per request; a real link adds one more for the TCP handshake of the first request,
which this does not model). ``iottui --url URL --api-key-env BENCH_API_KEY`` (as a user with an
ad hoc URL: no demo), with the fleet cache off (``[ui] fleet_cache = false``) so the tree waits
for the server, runs as a user runs it (the installed console script in a pseudo-terminal,
``benchmarks/_pty.py``), each run a fresh process, alternating with a bare Textual app. Its
first frame (the status line) and its first frame with the fleet tree's groups are timed from
launch. The parse time (the fleet's answer read -> models built) and where the time goes come
from ``--inproc-runs`` in-process runs of the same command in the same terminal
(``benchmarks/_start.py --terminal``). Goal:
the populated tree <= first frame + latency + parse (medians). The load average is printed:
the machine may be shared.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from _common import Figure, median, parser, report
from _pty import PtyRun, run_bare, run_iottui, terminal_size
from _start import child_env, load_average, print_timeline, run_in_terminal, timeline
from _ui import KEY, SimProcess


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=1000)
    p.add_argument("--latency", type=float, default=0.2)
    p.add_argument("--size", default="120x40", help="the terminal, columns x rows")
    p.add_argument("--inproc-runs", type=int, default=3, help="in-process runs (parse, timeline)")
    args = p.parse_args()
    size = terminal_size(args.size)
    load_before = load_average()
    sim = SimProcess(args.devices, f"latency={args.latency}")
    try:
        with tempfile.TemporaryDirectory() as home:
            config = Path(home) / "config" / "iottui" / "config.toml"
            config.parent.mkdir(parents=True)
            config.write_text("[ui]\nfleet_cache = false\n", encoding="utf-8")
            os.chmod(config, 0o600)
            env = child_env(home, BENCH_API_KEY=KEY)
            command = ["--url", sim.url, "--api-key-env", "BENCH_API_KEY"]
            run_iottui(command, env, size)  # bytecode, the simulator's fleet cache warm
            runs: list[PtyRun] = []
            bare: list[PtyRun] = []
            for _ in range(args.runs):
                bare.append(run_bare(env, size))
                runs.append(run_iottui(command, env, size))
            load_real = load_average()
            inproc = [
                run_in_terminal(*command, env=env, size=size) for _ in range(args.inproc_runs)
            ]
    finally:
        sim.stop()
    load_after = load_average()

    def at(mark: str) -> float:
        return median(r.marks[mark] for r in runs)

    first, populated = at("first"), at("populated")
    parse = median(r["marks"]["fleet parsed"] - r["marks"]["fleet.get answer read"] for r in inproc)
    budget = first + args.latency + parse

    def ms(name: str, value: float, goal: str = "-", ok: bool | None = None) -> Figure:
        return Figure("latency", name, value * 1000, "ms", goal, ok)

    figures = [
        ms("bare Textual app, first frame (floor)", median(r.marks["first"] for r in bare)),
        ms("first frame (status line)", first),
        ms("fleet answer decoded and parsed (in-process)", parse),
        ms(
            f"frame with the populated tree ({args.latency * 1000:.0f} ms away)",
            populated,
            f"<= {budget * 1000:.0f} ms",
            populated <= budget,
        ),
        ms(
            "over first frame + round trip + parse", populated - budget, "<= 0", populated <= budget
        ),
        ms(
            "in-process: fleet request sent",
            median(r["marks"]["fleet request"] for r in inproc),
        ),
    ]
    report(
        f"Benchmark 8: a server {args.latency * 1000:.0f} ms away ({args.devices} devices), "
        f"in a {args.size} terminal",
        figures,
        args.json,
        f"median of {args.runs} runs; load average before {load_before}, after the timed "
        f"runs {load_real}, after the in-process runs {load_after}",
    )
    print_timeline(
        f"iottui --url, in-process, in the terminal ({args.inproc_runs} runs)", timeline(inproc)
    )


if __name__ == "__main__":
    main()
