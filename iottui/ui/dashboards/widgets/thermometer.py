"""Thermometer widget: a vertical tube filled to the latest temperature, in °C or °F."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult

from iottui.api.conditions import to_number
from iottui.api.enums import TemperatureUnit
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile, format_value
from iottui.ui.dashboards.widgets.gauge import bounds, fraction

CELSIUS_UNIT = "SI.Temperature.CELSIUS"


def convert(value: float, source_uom: str, unit: TemperatureUnit) -> float:
    """A Celsius metric shown in °F is converted; anything else is shown as it comes."""
    if unit == TemperatureUnit.FAHRENHEIT and source_uom in (CELSIUS_UNIT, "°C", "C"):
        return value * 9 / 5 + 32
    return value


class ThermometerTile(Tile):
    """A tube ``│█│`` filled from the bottom between the widget's min and max."""

    def render_data(self, data: WidgetData) -> RenderResult:
        settings = self.model.settings
        unit = settings.unit or TemperatureUnit.CELSIUS
        symbol = "°F" if unit == TemperatureUnit.FAHRENHEIT else "°C"
        low, high = bounds(settings, (0.0, 100.0) if symbol == "°C" else (32.0, 212.0))
        key = next(iter(data.labels), None)
        number = to_number(data.value())
        if number is not None and key is not None:
            number = convert(number, data.units.get(key, ""), unit)
        rows = max(self.content_size.height - 3, 2)
        filled = 0 if number is None else round(fraction(number, low, high) * rows)
        out = Text(justify="center")
        shown = "—" if number is None else format_value(round(number, 1))
        out.append(f"{shown} {symbol}\n", style=self.style_of("tile--value"))
        out.append(f"{format_value(high)}\n", style=self.style_of("tile--muted"))
        for row in range(rows):
            full = rows - row <= filled
            out.append("│")
            out.append("█" if full else " ", style=self.style_of("tile--fill"))
            out.append("│\n")
        out.append("(●)", style=self.style_of("tile--fill"))
        out.append(f" {format_value(low)}", style=self.style_of("tile--muted"))
        return out
