"""Shared helpers of the benchmark scripts: timing, medians, memory, the machine, the report.

Every script prints its figures as a small table and, with ``--json PATH``, appends them as JSON
lines so ``benchmarks/report.py`` can rebuild the README table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One measured figure and its goal."""

    bench: str
    name: str
    value: float
    unit: str
    goal: str
    ok: bool | None
    note: str = ""

    def row(self) -> str:
        verdict = {True: "ok", False: "MISSED", None: "-"}[self.ok]
        return f"  {self.name:<52} {fmt(self.value):>12} {self.unit:<8} {self.goal:<14} {verdict}"


def fmt(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def machine() -> dict[str, str]:
    """nproc, CPU model, Python version and platform."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p in 0..100) of some samples."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call of ``fn`` took."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def rss_mb(pid: int | None = None) -> float:
    """Current resident set size in MiB (Linux /proc)."""
    path = Path(f"/proc/{pid or 'self'}/status")
    for line in path.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU seconds used by this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--runs", type=int, default=5, help="repetitions; the median is reported")
    p.add_argument("--json", type=Path, default=None, help="append figures as JSON lines here")
    return p


def report(title: str, figures: list[Figure], json_path: Path | None, extra: str = "") -> None:
    m = machine()
    print(f"\n{title}")
    print(f"  machine: {m['nproc']} x {m['cpu']}, Python {m['python']}, {m['platform']}")
    if extra:
        print(f"  {extra}")
    print(f"  {'figure':<52} {'value':>12} {'unit':<8} {'goal':<14} verdict")
    for figure in figures:
        print(figure.row())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  load average at the end (1, 5, 15 min): {load}")
    if json_path is not None:
        with json_path.open("a", encoding="utf-8") as fh:
            for figure in figures:
                fh.write(json.dumps({**asdict(figure), "machine": m, "load": load}) + "\n")
    sys.stdout.flush()
