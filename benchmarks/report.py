"""Turn the JSON lines the benchmarks append (``--json FILE``) into the README's Markdown table.

    .venv/bin/python benchmarks/report.py FILE

The last figure of each (benchmark, name) wins, so re-running one benchmark updates its rows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from _common import fmt

ORDER = ["start", "parse", "bigfleet", "live", "idle", "sim", "bigstart", "latency"]


def main() -> None:
    rows: dict[tuple[str, str], dict[str, object]] = {}
    machine: dict[str, str] = {}
    for line in Path(sys.argv[1]).read_text().splitlines():
        item = json.loads(line)
        rows[(item["bench"], item["name"])] = item
        machine = item["machine"]
    print(
        f"Machine: {machine.get('nproc')} x {machine.get('cpu')}, Python {machine.get('python')}, "
        f"{machine.get('platform')}\n"
    )
    print("| # | Figure | Value | Goal | Verdict | Load (1/5/15 min) |")
    print("|---|---|---|---|---|---|")
    for (bench, name), item in sorted(rows.items(), key=lambda kv: ORDER.index(kv[0][0])):
        verdict = {True: "ok", False: "**missed**", None: ""}[item["ok"]]  # type: ignore[index]
        value = f"{fmt(float(item['value']))} {item['unit']}"  # type: ignore[arg-type]
        number = ORDER.index(bench) + 1
        goal = item["goal"] if item["goal"] != "-" else ""
        load = item.get("load", "")
        print(f"| {number} | {name} | {value} | {goal} | {verdict} | {load} |")


if __name__ == "__main__":
    main()
