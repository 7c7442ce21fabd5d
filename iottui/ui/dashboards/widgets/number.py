"""Number widget: the latest value, large, with its unit."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult

from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile, format_value
from iottui.ui.manage.common import clean

_BIG = {
    "0": ("┏━┓", "┃ ┃", "┗━┛"),
    "1": (" ╺┓", "  ┃", " ╺┻"),
    "2": ("╺━┓", "┏━┛", "┗━╸"),
    "3": ("╺━┓", " ━┫", "╺━┛"),
    "4": ("╻ ╻", "┗━┫", "  ╹"),
    "5": ("┏━╸", "┗━┓", "╺━┛"),
    "6": ("┏━╸", "┣━┓", "┗━┛"),
    "7": ("╺━┓", "  ┃", "  ╹"),
    "8": ("┏━┓", "┣━┫", "┗━┛"),
    "9": ("┏━┓", "┗━┫", "╺━┛"),
    ".": ("   ", "   ", " • "),
    "-": ("   ", "╺━╸", "   "),
}


def big(text: str) -> list[str] | None:
    """Three lines of large digits, or None if ``text`` has other characters."""
    if not text or any(c not in _BIG for c in text):
        return None
    return ["".join(_BIG[c][row] for c in text) for row in range(3)]


class NumberTile(Tile):
    """The latest value of the first metric, in large digits when it fits."""

    def render_data(self, data: WidgetData) -> RenderResult:
        shown = format_value(data.value())
        unit = self.unit(data)
        label = clean(next(iter(data.labels.values()), ""))
        out = Text(justify="center")
        lines = big(shown)
        width = self.content_size.width
        if lines and len(lines[0]) <= width and self.content_size.height >= 5:
            for line in lines:
                out.append(line + "\n", style=self.style_of("tile--value"))
        else:
            out.append(shown + "\n", style=self.style_of("tile--value"))
        out.append(f"{unit}\n" if unit else "", style=self.style_of("tile--value"))
        out.append(label, style=self.style_of("tile--muted"))
        return out
