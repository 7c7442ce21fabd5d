"""Copy the management screens' snapshot SVGs to ``screenshots/`` (the README shows them).

Run after updating the snapshots::

    .venv/bin/python -m pytest tests/ui/manage/test_snapshots.py --snapshot-update
    .venv/bin/python tests/ui/manage/make_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__" / "test_snapshots"
TARGET = HERE.parent.parent.parent / "screenshots"

#: snapshot case -> screenshot file name
NAMES = {
    "dashboard": "dashboard.svg",
    "dashboards": "manage-dashboards.svg",
    "widget_form": "manage-widget-form.svg",
    "rule_new_backtest": "manage-rule-backtest.svg",
    "sensor_custom_errors": "manage-sensor-form.svg",
    "sensor_opcua": "manage-sensor-opcua.svg",
    "group_new": "manage-group-form.svg",
    "group_share": "manage-group-share.svg",
    "group_delete_confirm": "manage-confirm.svg",
    "notifications": "manage-notifications.svg",
    "channel_form": "manage-channel-form.svg",
    "edge": "manage-edge.svg",
    "edgemodule_form": "manage-edgemodule-form.svg",
    "account": "manage-contacts.svg",
    "inventory": "manage-inventory.svg",
    "history_export": "manage-history-export.svg",
}
#: the same at 80x24 (test_snapshot_80x24)
NAMES_80X24 = {
    "dashboard": "dashboard-80x24.svg",
    "group_new": "manage-group-form-80x24.svg",
    "channel_form": "manage-channel-form-80x24.svg",
}


def main() -> int:
    TARGET.mkdir(exist_ok=True)
    missing = 0
    sources = [(f"test_snapshot[{case}].svg", name) for case, name in NAMES.items()]
    sources += [(f"test_snapshot_80x24[{case}].svg", name) for case, name in NAMES_80X24.items()]
    for file, name in sources:
        source = SNAPSHOTS / file
        if not source.exists():
            print(f"missing: {source}", file=sys.stderr)
            missing += 1
            continue
        shutil.copyfile(source, TARGET / name)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
