"""Pure helpers of the management UI (no Textual, no I/O)."""

from __future__ import annotations

from iottui.api.enums import (
    Aggregation,
    DataPeriod,
    Permission,
    TemperatureUnit,
    WidgetType,
)
from iottui.api.models import (
    Group,
    PortMapping,
    Widget,
    WidgetAggregation,
    WidgetMetric,
    WidgetSensor,
    WidgetSettings,
)
from iottui.ui.dashboards.data import WidgetData, describe, plan, refresh_ms
from iottui.ui.dashboards.widgets.base import format_value
from iottui.ui.dashboards.widgets.gauge import bounds, fraction
from iottui.ui.dashboards.widgets.map import positions
from iottui.ui.dashboards.widgets.number import big
from iottui.ui.dashboards.widgets.status import is_on
from iottui.ui.dashboards.widgets.thermometer import convert
from iottui.ui.manage.common import clean, group_write_reason, split_names, text
from iottui.ui.manage.edge_forms import parse_ports
from iottui.ui.manage.sensor_forms import parse_nodeids

NOW = 1_768_478_400_000


def _widget(
    period: DataPeriod | None, agg: WidgetAggregation | None = None, **kw: object
) -> Widget:
    settings = WidgetSettings(data_period=period, aggregation=agg, **kw)  # type: ignore[arg-type]
    metric = WidgetMetric("temp", WidgetSensor(7), "Temperature", "SI.Temperature.CELSIUS")
    return Widget("w1", "T", WidgetType.CHART, settings=settings, metrics=(metric,))


def test_server_text_is_cleaned_never_markup() -> None:
    assert clean("evil\x1b[31m\nname\u202e") == "evil\\x1b[31m\\x0aname\\u202e"  # shown, not hidden
    t = text("[bold]x[/bold]")
    assert t.plain == "[bold]x[/bold]"
    assert not t.spans
    assert split_names(" a, b,,c ,") == ["a", "b", "c"]


def test_group_permission_reasons() -> None:
    read_only = Group(1, "Shared", permission=Permission.READ_ONLY)
    writer = Group(2, "Team", permission=Permission.READ_WRITE)
    assert "Read only" in (group_write_reason(read_only) or "")
    assert group_write_reason(writer) is None
    assert "Owned or Full access" in (group_write_reason(writer, share=True) or "")
    assert group_write_reason(Group(3, "Mine"), share=True) is None


def test_ports_and_nodeids() -> None:
    assert parse_ports("8080:80, 2222 : 22") == (
        [PortMapping(8080, 80), PortMapping(2222, 22)],
        None,
    )
    assert parse_ports("") == ([], None)
    assert parse_ports("80")[1] is not None
    assert parse_nodeids("'ns=1;s=A.B' temp 'ns=2;i=5' vel") == {
        "temp": "ns=1;s=A.B",
        "vel": "ns=2;i=5",
    }


def test_widget_plans_honour_period_and_aggregation() -> None:
    live = _widget(DataPeriod.LIVE)
    assert plan(live, NOW).live
    assert refresh_ms(live) == 5_000
    hour = _widget(
        DataPeriod.HOUR_1, WidgetAggregation(Aggregation.MAX, 60_000), refresh_interval=30_000
    )
    p = plan(hour, NOW)
    assert (p.live, p.start, p.end, p.period, p.func) == (
        False,
        NOW - 3_600_000,
        NOW,
        60_000,
        "MAX",
    )
    assert refresh_ms(hour) == 30_000
    assert describe(hour) == "1 hour · MAX per 1 min · ↻ 30 s"
    # A month at 1 s buckets is capped to 2000 buckets.
    month = _widget(DataPeriod.MONTH_1, WidgetAggregation(Aggregation.AVG, 1000))
    assert plan(month, NOW).period == 30 * 86_400_000 // 2000
    raw = _widget(DataPeriod.DAY_1)
    assert (plan(raw, NOW).period, plan(raw, NOW).func) == (None, None)
    assert refresh_ms(_widget(DataPeriod.DAY_1, refresh_interval=10)) == 1_000


def test_value_formatting_and_indicators() -> None:
    assert [format_value(v) for v in (None, 3.0, 2.3456, "7", "Running")] == [
        "—",
        "3",
        "2.35",
        "7",
        "Running",
    ]
    assert big("12.5") is not None
    assert big("12 V") is None
    assert [is_on(v) for v in (None, 0, "1", "OK", "off", True)] == [
        None,
        False,
        True,
        True,
        False,
        True,
    ]
    assert bounds(WidgetSettings(min_value="10", max_value="20")) == (10.0, 20.0)
    assert bounds(WidgetSettings(min_value="30", max_value="20")) == (0.0, 100.0)
    assert fraction(150, 0, 100) == 1.0
    assert convert(100.0, "SI.Temperature.CELSIUS", TemperatureUnit.FAHRENHEIT) == 212.0
    assert convert(100.0, "SI.Temperature.CELSIUS", TemperatureUnit.CELSIUS) == 100.0


def test_map_positions_pair_by_timestamp() -> None:
    data = WidgetData(
        series={"5_lng": ((1, 12.5), (2, 12.6), (3, "x")), "5_lat": ((1, 50.1), (3, 50.3))},
        labels={"5_lat": "Latitude", "5_lng": "Longitude"},
    )
    assert positions(data, "5_lng", "5_lat") == [(12.5, 50.1)]
    live = WidgetData(last={"5_lng": "13", "5_lat": 51}, labels={"5_lng": "x", "5_lat": "y"})
    assert positions(live, None, None) == [(13.0, 51.0)]
