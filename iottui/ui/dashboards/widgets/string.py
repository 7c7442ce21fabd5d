"""String widget: the latest value as text (wrapped, never markup)."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult

from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile, format_value
from iottui.ui.manage.common import clean


class StringTile(Tile):
    """Each metric's latest value, one per line, labelled when there are several."""

    def render_data(self, data: WidgetData) -> RenderResult:
        out = Text(justify="center")
        several = len(data.labels) > 1
        for n, (key, label) in enumerate(data.labels.items()):
            if n:
                out.append("\n")
            if several:
                out.append(f"{clean(label)}: ", style=self.style_of("tile--muted"))
            out.append(format_value(data.last.get(key)), style=self.style_of("tile--value"))
        return out
