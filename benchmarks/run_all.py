"""Every benchmark of the README's table, short runs, then the table itself.

    .venv/bin/python benchmarks/run_all.py [--json FILE] [--only start,latency] [--all]

Runs, one after the other (each a fresh process, each printing its own figures, timelines and
the load average as it goes): 1 start, 8 a server 200 ms away, 7 the 10,000-device warm start,
2 the fleet parse, 4 live refresh and key latency, 5 idle CPU and memory; with ``--all`` also 3
the 10,000-device start without a cache and 6 the simulator. Each figure is printed against
its goal and, where there is one, the floor measured in the same run (a bare Textual app,
``json.loads``, a bare ``Tree``). The start benchmarks (1, 7, 8) take their verdicts from the
real ``iottui`` command in a pseudo-terminal (``_pty.py``) and print, from in-process runs of
the same command (``_start.py``), the timeline of where the time goes. Then the Markdown table
of ``benchmarks/README.md`` is printed, rebuilt from the figures (``report.py``), with the load
average of each benchmark: the machine may be shared, and the table says so.

The repetitions are kept short so that the default run takes under 3 minutes on a quiet
two-core machine; each script takes ``--runs`` (and its own options) for longer runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (name, arguments): the order of the run; the short settings of each.
DEFAULT: list[tuple[str, list[str]]] = [
    ("start", ["--runs", "5"]),
    ("latency", ["--runs", "3"]),
    ("bigstart", ["--runs", "3"]),
    ("parse", ["--runs", "3"]),
    ("live", ["--presses", "60"]),
    ("idle", ["--seconds", "10", "--cycles", "2000"]),
]
EXTRA: list[tuple[str, list[str]]] = [
    ("bigfleet", ["--runs", "1"]),
    ("sim", ["--seconds", "2"]),
]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--json", type=Path, default=None, help="keep the figures (JSON lines) here")
    p.add_argument("--only", default="", help="comma-separated names, e.g. start,latency")
    p.add_argument("--all", action="store_true", help="also bigfleet and sim (longer)")
    args = p.parse_args()
    plan = DEFAULT + (EXTRA if args.all else [])
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {name for name, _ in DEFAULT + EXTRA}
        if unknown:
            p.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
        plan = [(name, extra) for name, extra in DEFAULT + EXTRA if name in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        figures = args.json or Path(tmp) / "figures.jsonl"
        failed: list[str] = []
        began = time.monotonic()
        for name, extra in plan:
            started = time.monotonic()
            command = [
                sys.executable,
                str(HERE / f"bench_{name}.py"),
                *extra,
                "--json",
                str(figures),
            ]
            print(f"\n$ {' '.join(command[1:])}", flush=True)
            if subprocess.run(command, cwd=HERE.parent, check=False).returncode != 0:
                failed.append(name)
            print(f"  ({name}: {time.monotonic() - started:.0f} s)", flush=True)
        print(
            f"\nAll run in {time.monotonic() - began:.0f} s; load average now "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.\n",
            flush=True,
        )
        if figures.exists():
            subprocess.run([sys.executable, str(HERE / "report.py"), str(figures)], check=False)
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
