"""Gauge widget: the latest value on a bar between the widget's min and max."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult

from iottui.api.conditions import to_number
from iottui.api.models import WidgetSettings
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile, format_value


def bounds(
    settings: WidgetSettings, default: tuple[float, float] = (0.0, 100.0)
) -> tuple[float, float]:
    """The widget's (min, max) from its string settings, falling back to ``default``."""
    low = to_number(settings.min_value)
    high = to_number(settings.max_value)
    low = default[0] if low is None else low
    high = default[1] if high is None else high
    return (low, high) if high > low else default


def fraction(value: float, low: float, high: float) -> float:
    return min(max((value - low) / (high - low), 0.0), 1.0)


class GaugeTile(Tile):
    """``▕█████░░░░▏`` with the value above and min / max below."""

    def render_data(self, data: WidgetData) -> RenderResult:
        low, high = bounds(self.model.settings)
        raw = data.value()
        number = to_number(raw)
        width = max(self.content_size.width - 2, 4)
        out = Text(justify="center")
        unit = self.unit(data)
        out.append(
            f"{format_value(raw)} {unit}".rstrip() + "\n", style=self.style_of("tile--value")
        )
        filled = 0 if number is None else round(fraction(number, low, high) * width)
        out.append("▕")
        out.append("█" * filled, style=self.style_of("tile--fill"))
        out.append("░" * (width - filled), style=self.style_of("tile--empty"))
        out.append("▏\n")
        lo, hi = format_value(low), format_value(high)
        gap = max(width + 2 - len(lo) - len(hi), 1)
        out.append(f"{lo}{' ' * gap}{hi}", style=self.style_of("tile--muted"))
        if number is not None and not low <= number <= high:
            out.append("\n(outside the gauge's range)", style=self.style_of("tile--error"))
        return out
