"""Copy the core screens' snapshot SVGs to ``screenshots/`` (the README shows them).

Run after updating the snapshots::

    .venv/bin/python -m pytest tests/ui/test_snapshots.py --snapshot-update
    .venv/bin/python tests/ui/make_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__" / "test_snapshots"
TARGET = HERE.parent.parent / "screenshots"

#: snapshot test name -> screenshot file name
NAMES = {
    "test_main_120x40": "main.svg",
    "test_main_80x24": "main-80x24.svg",
    "test_device": "device.svg",
    "test_metric_chart": "metric-chart.svg",
    "test_alarms": "alarms.svg",
    "test_rules": "rules.svg",
    "test_metric_chart_80x24": "metric-chart-80x24.svg",
    "test_alarms_80x24": "alarms-80x24.svg",
    "test_rules_80x24": "rules-80x24.svg",
    "test_help": "help.svg",
    "test_filter": "filter.svg",
    "test_welcome": "welcome.svg",
}


def main() -> int:
    TARGET.mkdir(exist_ok=True)
    missing = []
    for test, name in NAMES.items():
        source = SNAPSHOTS / f"{test}.svg"
        if not source.exists():
            missing.append(source.name)
            continue
        shutil.copyfile(source, TARGET / name)
        print(f"{source.relative_to(HERE.parent.parent)} -> screenshots/{name}")
    if missing:
        print(f"missing snapshots (run the snapshot tests first): {', '.join(missing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
