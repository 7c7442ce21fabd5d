"""Benchmark 8: a server 200 ms away. Populated tree vs first frame + one round trip + parse.

    .venv/bin/python benchmarks/bench_latency.py [--runs 5] [--devices 1000] [--latency 0.2]

The simulator runs in its own process and adds ``--latency`` seconds to every answer (one
round trip per request; a real link adds one more for the TCP handshake of the first request,
which this does not model). ``iottui --url`` (as a user with an ad hoc URL: the launcher's
path, no demo) starts fresh each run with the fleet cache off, so the tree waits for the server;
the parse time is measured in the same process (the fleet's answer read -> models built). Goal:
the frame with the server's fleet <= first frame + latency + parse. Side by side with a bare
Textual app. The load average is printed: the machine may be shared.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from _common import Figure, median, parser, report
from _start import child_env, load_average, print_timeline, run_child, timeline
from _ui import KEY, SimProcess


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=1000)
    p.add_argument("--latency", type=float, default=0.2)
    args = p.parse_args()
    load_before = load_average()
    sim = SimProcess(args.devices, f"latency={args.latency}")
    try:
        with tempfile.TemporaryDirectory() as home:
            config = Path(home) / "config" / "iottui" / "config.toml"
            config.parent.mkdir(parents=True)
            config.write_text("[ui]\nfleet_cache = false\n", encoding="utf-8")
            os.chmod(config, 0o600)
            env = child_env(home, BENCH_API_KEY=KEY)
            run_child("url", sim.url, env=env)  # bytecode, the simulator's fleet cache warm
            runs: list[dict[str, Any]] = []
            bare: list[dict[str, Any]] = []
            for _ in range(args.runs):
                bare.append(run_child("bare", env=env))
                runs.append(run_child("url", sim.url, env=env))
    finally:
        sim.stop()
    load_after = load_average()

    def at(mark: str) -> float:
        return median(r["marks"][mark] for r in runs)

    first, live = at("first"), at("live")
    parse = median(r["marks"]["fleet parsed"] - r["marks"]["fleet.get answer read"] for r in runs)
    budget = first + args.latency + parse
    figures = [
        Figure(
            "latency",
            "bare Textual app, first frame (floor)",
            median(r["marks"]["first"] for r in bare) * 1000,
            "ms",
            "-",
            None,
        ),
        Figure("latency", "first frame", first * 1000, "ms", "-", None),
        Figure("latency", "fleet request sent", at("fleet request") * 1000, "ms", "-", None),
        Figure("latency", "fleet answer decoded and parsed", parse * 1000, "ms", "-", None),
        Figure(
            "latency",
            f"frame with the server's fleet ({args.latency * 1000:.0f} ms away)",
            live * 1000,
            "ms",
            f"<= {budget * 1000:.0f} ms",
            live <= budget,
        ),
        Figure(
            "latency",
            "over first frame + round trip + parse",
            (live - budget) * 1000,
            "ms",
            "<= 0",
            live <= budget,
        ),
    ]
    report(
        f"Benchmark 8: a server {args.latency * 1000:.0f} ms away ({args.devices} devices)",
        figures,
        args.json,
        f"median of {args.runs} runs; load average before {load_before}, after {load_after}",
    )
    print_timeline("iottui --url", timeline(runs))


if __name__ == "__main__":
    main()
