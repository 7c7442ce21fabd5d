"""The base of every dashboard tile: a bordered, focusable box titled with the widget's name.

Tiles display; they do not fetch. The dashboard screen calls :meth:`Tile.update_data` with a
:class:`~iottui.ui.dashboards.data.WidgetData` on each refresh.
"""

from __future__ import annotations

import math
from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from iottui.api.conditions import to_number
from iottui.api.enums import unit_symbol
from iottui.api.models import Value
from iottui.api.models import Widget as WidgetModel
from iottui.ui.dashboards.data import WidgetData, describe
from iottui.ui.manage.common import clean


def format_value(value: Value) -> str:
    """A value for display: numbers with at most 2 decimals, text cleaned, None as ``—``."""
    if value is None:
        return "—"
    if isinstance(value, str) and to_number(value) is None:
        return clean(value)
    number = to_number(value)
    if number is None:
        return clean(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".") if math.isfinite(number) else "—"


def unit_of(uom: str) -> str:
    """A widget metric's ``uom`` (a common unit id or free text) as a short symbol."""
    return unit_symbol(uom) if "." in uom else uom


def tile_keys(models: list[WidgetModel]) -> list[str]:
    """A key per widget: its id, and the how-many-th widget of that id it is.

    Duplicate ids are data: a dashboard listing two widgets with one id shows both, each with
    its own timer and data (they may differ in metrics); keyed by id alone, one tile would
    show the other's data and one timer would run on unstopped.
    """
    seen: dict[str, int] = {}
    keys = []
    for model in models:
        count = seen.get(model.id, 0)
        seen[model.id] = count + 1
        keys.append(f"{model.id}#{count}")
    return keys


class Tile(Widget, can_focus=True):
    """Base tile; subclasses implement :meth:`render_data` (or compose children)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tile--value",
        "tile--muted",
        "tile--on",
        "tile--off",
        "tile--fill",
        "tile--empty",
        "tile--error",
    }
    DEFAULT_CSS = """
    Tile {
        border: round $panel-lighten-2; padding: 0 1; content-align: center middle;
    }
    Tile:focus { border: round $accent; }
    Tile > .tile--value { text-style: bold; color: $text; }
    Tile > .tile--muted { color: $text-muted; }
    Tile > .tile--on { color: $success; text-style: bold; }
    Tile > .tile--off { color: $error; text-style: bold; }
    Tile > .tile--fill { color: $accent; }
    Tile > .tile--empty { color: $panel-lighten-2; }
    Tile > .tile--error { color: $error; }
    """

    data: reactive[WidgetData | None] = reactive(None, always_update=True)
    """The last data shown (None until the first refresh)."""

    def __init__(self, model: WidgetModel, *, id: str | None = None, key: str = "") -> None:
        super().__init__(id=id)
        self.model = model
        #: what the dashboard keys this tile's timer and data by (see :func:`tile_keys`)
        self.key = key or model.id

    def on_mount(self) -> None:
        self.border_title = Text(clean(self.model.name) or self.model.type.label)
        self.border_subtitle = Text(describe(self.model))

    def update_data(self, data: WidgetData) -> None:
        self.data = data
        sub = describe(self.model)
        self.border_subtitle = Text(f"⚠ {clean(data.error)}" if data.error else sub)
        self.data_changed(data)

    def data_changed(self, data: WidgetData) -> None:
        """Hook for tiles with children (charts)."""

    def style_of(self, name: str) -> str:
        return str(self.get_component_rich_style(name, partial=True))

    def render(self) -> RenderResult:
        if self.data is None:
            return Text("loading…", style=self.style_of("tile--muted"))
        if not self.data.labels:
            return Text(
                "no metrics chosen — e edits the widget", style=self.style_of("tile--muted")
            )
        return self.render_data(self.data)

    def render_data(self, data: WidgetData) -> RenderResult:
        return Text(format_value(data.value()))

    def unit(self, data: WidgetData, key: str | None = None) -> str:
        keys = data.keys()
        key = key or (keys[0] if keys else None)
        return unit_of(data.units.get(key, "")) if key else ""
