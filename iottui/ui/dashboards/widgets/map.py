"""Map widget: positions from two metrics (longitude, latitude) plotted as coordinates.

The widget's ``lng`` and ``lat`` settings name the metrics as ``"<sensorId>_<metricId>"``;
without them the first metric is the longitude and the second the latitude. Samples of the
two are paired by timestamp; the latest position is marked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual_plotext import PlotextPlot

from iottui.api.conditions import to_number
from iottui.ui.dashboards.data import WidgetData
from iottui.ui.dashboards.widgets.base import Tile, format_value


def positions(
    data: WidgetData, lng_key: str | None, lat_key: str | None
) -> list[tuple[float, float]]:
    """(lng, lat) pairs, oldest first, from samples with the same timestamp (or last values)."""
    keys = data.keys()
    lng_key = lng_key if lng_key in data.labels else (keys[0] if keys else None)
    lat_key = lat_key if lat_key in data.labels else (keys[1] if len(keys) > 1 else None)
    if lng_key is None or lat_key is None:
        return []
    lats = {ts: to_number(v) for ts, v in data.series.get(lat_key, ())}
    out: list[tuple[float, float]] = []
    for ts, value in data.series.get(lng_key, ()):
        lng, lat = to_number(value), lats.get(ts)
        if lng is not None and lat is not None:
            out.append((lng, lat))
    if not out:
        lng, lat = to_number(data.last.get(lng_key)), to_number(data.last.get(lat_key))
        if lng is not None and lat is not None:
            out.append((lng, lat))
    return out


class MapTile(Tile):
    """A scatter of positions with the last one highlighted."""

    DEFAULT_CSS = "MapTile { padding: 0; } MapTile PlotextPlot { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield PlotextPlot()

    def data_changed(self, data: WidgetData) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        points = positions(data, self.model.settings.lng, self.model.settings.lat)
        if points:
            lngs = [p[0] for p in points]
            lats = [p[1] for p in points]
            plt.scatter(lngs, lats, marker="dot", label="track")
            plt.scatter([lngs[-1]], [lats[-1]], marker="@", label="now")
            plt.title(f"{format_value(lats[-1])}, {format_value(lngs[-1])}")
            pad_x = max((max(lngs) - min(lngs)) * 0.1, 0.001)
            pad_y = max((max(lats) - min(lats)) * 0.1, 0.001)
            plt.xlim(min(lngs) - pad_x, max(lngs) + pad_x)
            plt.ylim(min(lats) - pad_y, max(lats) + pad_y)
        else:
            plt.title("no position (needs longitude and latitude metrics)")
        plt.xlabel("longitude")
        plt.ylabel("latitude")
        plot.refresh()
