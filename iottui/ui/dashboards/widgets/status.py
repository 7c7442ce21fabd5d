"""Status indicator widget: on/off (or the state's text) with a coloured dot."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult

from iottui.api.conditions import to_number
from iottui.api.models import Value
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile, format_value
from iottui.ui.manage.common import clean

_OFF_WORDS = {"off", "false", "no", "down", "stopped", "closed", "error", "offline", "0"}


def is_on(value: Value) -> bool | None:
    """True/False for a state, None when there is no value."""
    if value is None:
        return None
    number = to_number(value)
    if number is not None:
        return number != 0
    return str(value).strip().lower() not in _OFF_WORDS


class StatusTile(Tile):
    """``● ON`` / ``● OFF``; a text state is shown beside the dot."""

    def render_data(self, data: WidgetData) -> RenderResult:
        out = Text(justify="center")
        for n, (key, label) in enumerate(data.labels.items()):
            value = data.last.get(key)
            state = is_on(value)
            if n:
                out.append("\n")
            style = self.style_of("tile--on" if state else "tile--off")
            if state is None:
                out.append("○ no data", style=self.style_of("tile--muted"))
            else:
                word = "ON" if state else "OFF"
                if to_number(value) is None:
                    word = format_value(value)
                out.append(f"● {word}", style=style)
            if len(data.labels) > 1:
                out.append(f"  {clean(label)}", style=self.style_of("tile--muted"))
        return out
