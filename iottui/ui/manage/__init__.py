"""Management screens and forms: groups, sensors, rules (with backtest), notifications,
dashboards, edge, account, history export.

Importing this package registers every management command in :mod:`iottui.ui.registry`.
"""

from __future__ import annotations

from iottui.ui.manage import groups, rules, sensors

__all__ = ["groups", "rules", "sensors"]
