"""Add or edit a dashboard widget: type, metrics, layout on the grid, and settings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Select

from iottui.api.conditions import to_number
from iottui.api.enums import (
    Aggregation,
    AxisType,
    DataPeriod,
    ScalingType,
    TemperatureUnit,
    WidgetType,
)
from iottui.api.models import (
    Dashboard,
    Fleet,
    WidgetAggregation,
    WidgetLayout,
    WidgetSettings,
)
from iottui.api.models import Widget as WidgetModel
from iottui.ui.dashboards.data import metric_key
from iottui.ui.dashboards.grid import GRID_COLS, default_width
from iottui.ui.manage.common import all_metrics, clean, metric_label
from iottui.ui.manage.form import FormScreen
from iottui.ui.manage.picker import Picker, PickItem

_ONLY = {
    "only-chart": {WidgetType.CHART},
    "only-range": {WidgetType.CHART, WidgetType.GAUGE, WidgetType.THERMOMETER},
    "only-thermo": {WidgetType.THERMOMETER},
    "only-map": {WidgetType.MAP},
}


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


class WidgetForm(FormScreen[Any]):
    """Create or update one widget of a dashboard."""

    DEFAULT_CSS = """
    WidgetForm .row > Vertical { height: auto; width: 1fr; }
    WidgetForm .-hidden { display: none; }
    """

    def __init__(self, dashboard: Dashboard, fleet: Fleet, widget: WidgetModel | None = None):
        super().__init__()
        self.dashboard = dashboard
        self.fleet = fleet
        self.widget_model = widget
        where = f"on {clean(dashboard.name)!r}"
        self.title_text = (
            f"Edit widget {clean(widget.name)!r} {where}" if widget else f"New widget {where}"
        )
        self.save_label = "Save" if widget else "Add"
        self.what = "the widget"

    def _cell(self, label: str, widget: Widget, name: str) -> Vertical:
        return Vertical(*self.field(label, widget, name))

    def compose_fields(self) -> Iterator[Widget]:
        w = self.widget_model
        s = w.settings if w else WidgetSettings()
        yield from self.field("Name", Input(clean(w.name) if w else "", id="name"), "name")
        types = [(Text(t.label), int(t)) for t in WidgetType]
        yield from self.field(
            "Type",
            Select(types, value=int(w.type) if w else 1, allow_blank=False, id="type"),
            "type",
        )
        items = [
            PickItem(metric_label(d, se, m), metric_key(se.id, m.id))
            for d, se, m in all_metrics(self.fleet)
        ]
        chosen = [metric_key(m.sensor.id, m.id) for m in w.metrics] if w else []
        known = {i.value for i in items}
        items += [
            PickItem(clean(m.name or m.id), metric_key(m.sensor.id, m.id))
            for m in (w.metrics if w else ())
            if metric_key(m.sensor.id, m.id) not in known
        ]
        yield from self.field(
            "Metrics (space to tick)", Picker(items, chosen, id="metrics"), "metrics"
        )
        lay = w.layout if w else WidgetLayout(width=0)
        yield Horizontal(
            self._cell(
                "Width (1-10)",
                Input(_opt(lay.width or None), placeholder="auto", id="width"),
                "width",
            ),
            self._cell("Height", Input(_opt(lay.height), id="height"), "height"),
            self._cell("X (blank: auto)", Input(_opt(lay.x), id="x"), "x"),
            self._cell("Y (blank: auto)", Input(_opt(lay.y), id="y"), "y"),
            classes="row",
        )
        periods = [(Text(p.label), int(p)) for p in DataPeriod]
        aggs = [(Text(str(a)), str(a)) for a in Aggregation]
        agg = s.aggregation
        yield Horizontal(
            self._cell(
                "Data period",
                Select(periods, value=int(s.data_period or 1), allow_blank=False, id="data-period"),
                "data-period",
            ),
            self._cell(
                "Aggregation",
                Select(
                    aggs,
                    value=str(agg.method) if agg else "AVG",
                    allow_blank=False,
                    id="aggregation",
                ),
                "aggregation",
            ),
            self._cell(
                "Aggr. period s",
                Input(_opt(agg.period // 1000 if agg and agg.period else None), id="agg-period"),
                "agg-period",
            ),
            self._cell(
                "Refresh s",
                Input(
                    _opt(s.refresh_interval // 1000 if s.refresh_interval else None),
                    placeholder="auto",
                    id="refresh",
                ),
                "refresh",
            ),
            classes="row",
        )
        axes = [(Text("Single axis"), 1), (Text("Multiple axes"), 2)]
        scales = [(Text("Auto scaling"), 1), (Text("Manual"), 2)]
        yield Horizontal(
            self._cell(
                "Axes",
                Select(axes, value=int(s.axis_type or 1), allow_blank=False, id="axis-type"),
                "axis-type",
            ),
            self._cell(
                "Scaling",
                Select(
                    scales, value=int(s.scaling_type or 1), allow_blank=False, id="scaling-type"
                ),
                "scaling-type",
            ),
            classes="row only-chart",
        )
        units = [(Text(u.label), int(u)) for u in TemperatureUnit]
        yield Horizontal(
            self._cell("Min", Input(clean(s.min_value or ""), id="min-value"), "min-value"),
            self._cell("Max", Input(clean(s.max_value or ""), id="max-value"), "max-value"),
            classes="row only-range",
        )
        yield from self.field(
            "Unit", Select(units, value=int(s.unit or 1), allow_blank=False, id="unit"), "unit"
        )
        all_keys = [(Text(i.label), i.value) for i in items]
        yield Horizontal(
            self._cell(
                "Longitude metric", Select(all_keys, value=s.lng or Select.NULL, id="lng"), "lng"
            ),
            self._cell(
                "Latitude metric", Select(all_keys, value=s.lat or Select.NULL, id="lat"), "lat"
            ),
            classes="row only-map",
        )

    def on_mount(self) -> None:
        for widget in self.query("#label-unit, #unit, #err-unit"):
            widget.add_class("only-thermo")
        self._show_for_type()

    def kind(self) -> WidgetType:
        value = self.query_one("#type", Select).value
        return WidgetType(value if isinstance(value, int) else 1)

    @on(Select.Changed, "#type")
    def _show_for_type(self) -> None:
        kind = self.kind()
        for cls, kinds in _ONLY.items():
            for widget in self.query(f".{cls}"):
                widget.set_class(kind not in kinds, "-hidden")

    # --- reading ------------------------------------------------------------------------------

    def _int(self, name: str) -> int | None:
        text = self.typed(name)
        return int(text) if text.lstrip("-").isdigit() else None

    def _select(self, name: str) -> Any:
        value = self.query_one(f"#{name}", Select).value
        return None if value is Select.NULL else value

    def check(self) -> dict[str, str]:
        errors = self.name_errors()
        kind = self.kind()
        chosen = self.query_one("#metrics", Picker).selected
        if not chosen:
            errors["metrics"] = "Tick at least one metric."
        elif kind == WidgetType.MAP and len(chosen) < 2:
            errors["metrics"] = "A map needs two metrics: longitude and latitude."
        width, height = self._int("width"), self._int("height")
        if self.typed("width") and (width is None or not 1 <= width <= GRID_COLS):
            errors["width"] = "1 to 10 grid columns."
        if self.typed("height") and (height is None or height < 1):
            errors["height"] = "At least 1 grid row."
        x, y = self._int("x"), self._int("y")
        if self.typed("x") and (x is None or not 0 <= x < GRID_COLS):
            errors["x"] = "0 to 9, or blank."
        if self.typed("y") and (y is None or y < 0):
            errors["y"] = "0 or more, or blank."
        if bool(self.typed("x")) != bool(self.typed("y")):
            errors["y" if self.typed("x") else "x"] = "Give both X and Y, or neither."
        for name, minimum in (("agg-period", 1), ("refresh", 1)):
            value = self._int(name)
            if self.typed(name) and (value is None or value < minimum):
                errors[name] = f"Whole seconds, at least {minimum}."
        ranged = kind in _ONLY["only-range"]
        manual = kind == WidgetType.CHART and self._select("scaling-type") == 2
        low, high = to_number(self.typed("min-value")), to_number(self.typed("max-value"))
        if ranged and self.typed("min-value") and low is None:
            errors["min-value"] = "A number."
        if ranged and self.typed("max-value") and high is None:
            errors["max-value"] = "A number."
        if manual and (low is None or high is None):
            errors["min-value"] = "Manual scaling needs a min and a max."
        if low is not None and high is not None and low >= high:
            errors["max-value"] = "Max must be above min."
        if manual and self._select("axis-type") == 2:
            errors["scaling-type"] = "Manual scaling is only for a single axis."
        if kind == WidgetType.MAP:
            lng, lat = self._select("lng"), self._select("lat")
            for name, key in (("lng", lng), ("lat", lat)):
                if key is not None and key not in chosen:
                    errors[name] = "Pick one of the ticked metrics (or leave it blank)."
        return errors

    def values(self) -> tuple[str, WidgetType, list[tuple[int, str]], WidgetLayout, WidgetSettings]:
        kind = self.kind()
        metrics: list[tuple[int, str]] = []
        for key in self.query_one("#metrics", Picker).selected:
            sid, _, mid = key.partition("_")
            metrics.append((int(sid), mid))
        layout = WidgetLayout(
            width=self._int("width") or default_width(kind),
            height=self._int("height") or 6,
            x=self._int("x"),
            y=self._int("y"),
        )
        agg_period = self._int("agg-period")
        refresh = self._int("refresh")
        ranged = kind in _ONLY["only-range"]
        # Start from the widget's own settings so what the form does not show (``limit``, keys a
        # newer server added) is kept.
        base = self.widget_model.settings if self.widget_model else WidgetSettings()
        settings = replace(
            base,
            data_period=DataPeriod(self._select("data-period") or 1),
            aggregation=WidgetAggregation(
                Aggregation(self._select("aggregation") or "AVG"),
                agg_period * 1000 if agg_period else None,
            ),
            refresh_interval=refresh * 1000 if refresh else None,
            axis_type=AxisType(self._select("axis-type")) if kind == WidgetType.CHART else None,
            scaling_type=ScalingType(self._select("scaling-type"))
            if kind == WidgetType.CHART
            else None,
            min_value=(self.typed("min-value") or None) if ranged else None,
            max_value=(self.typed("max-value") or None) if ranged else None,
            unit=TemperatureUnit(self._select("unit")) if kind == WidgetType.THERMOMETER else None,
            lng=self._select("lng") if kind == WidgetType.MAP else None,
            lat=self._select("lat") if kind == WidgetType.MAP else None,
        )
        return self.typed("name"), kind, metrics, layout, settings

    async def submit(self) -> Any:
        name, kind, metrics, layout, settings = self.values()
        api = self.client.widgets
        if self.widget_model is None:
            created = await api.create(
                self.dashboard.id, name, kind, metrics=metrics, layout=layout, settings=settings
            )
            return created if created is not None else name
        await api.update(
            self.dashboard.id,
            self.widget_model.id,
            name=name,
            type=kind,
            metrics=metrics,
            layout=layout,
            settings=settings,
        )
        return self.widget_model.id
