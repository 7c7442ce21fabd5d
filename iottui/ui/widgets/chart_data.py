"""What a history chart draws, apart from the chart widget so that computing it does not
import plotext (see :mod:`iottui.ui.widgets.chart`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the chart draws: x in minutes relative to now (negative = past)."""

    title: str = ""
    xs: tuple[float, ...] = ()
    ys: tuple[float, ...] = ()
    thresholds: tuple[tuple[float, int], ...] = ()
    xlabel: str = "minutes ago"
    message: str = ""
    extra: tuple[str, ...] = field(default=())
