"""Management screens and forms: groups, sensors, rules (with backtest), notifications,
edge, account, history export; dashboards live in :mod:`iottui.ui.dashboards`.

Importing this package registers every management command in :mod:`iottui.ui.registry`.
"""

from __future__ import annotations

from iottui.ui import dashboards
from iottui.ui.manage import (
    account,
    edge,
    groups,
    history_export,
    inventory,
    notifications,
    rules,
    sensors,
)

__all__ = [
    "account",
    "dashboards",
    "edge",
    "groups",
    "history_export",
    "inventory",
    "notifications",
    "rules",
    "sensors",
]
