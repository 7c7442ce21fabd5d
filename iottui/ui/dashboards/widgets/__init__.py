"""One tile class per widget type; :func:`make_tile` picks it."""

from __future__ import annotations

from iottui.api.enums import WidgetType
from iottui.api.models import Widget as WidgetModel
from iottui.ui.dashboards.widgets.base import Tile, tile_keys
from iottui.ui.dashboards.widgets.chart import ChartTile
from iottui.ui.dashboards.widgets.gauge import GaugeTile
from iottui.ui.dashboards.widgets.map import MapTile
from iottui.ui.dashboards.widgets.number import NumberTile
from iottui.ui.dashboards.widgets.status import StatusTile
from iottui.ui.dashboards.widgets.string import StringTile
from iottui.ui.dashboards.widgets.thermometer import ThermometerTile

TILES: dict[WidgetType, type[Tile]] = {
    WidgetType.CHART: ChartTile,
    WidgetType.NUMBER: NumberTile,
    WidgetType.GAUGE: GaugeTile,
    WidgetType.THERMOMETER: ThermometerTile,
    WidgetType.MAP: MapTile,
    WidgetType.STRING: StringTile,
    WidgetType.STATUS_INDICATOR: StatusTile,
}


def make_tile(model: WidgetModel, *, id: str | None = None, key: str = "") -> Tile:
    """The tile for a widget; an unknown type shows its latest value as text."""
    return TILES.get(model.type, StringTile)(model, id=id, key=key)


__all__ = ["TILES", "Tile", "make_tile", "tile_keys"]
