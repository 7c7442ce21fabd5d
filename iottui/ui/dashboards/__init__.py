"""Dashboards: the list, one dashboard rendered on the 10 x 20 grid, widget forms.

Importing this package registers the ``dashboards`` and ``dashboard-open`` commands.
"""

from __future__ import annotations

from iottui.ui.dashboards import list_screen

__all__ = ["list_screen"]
