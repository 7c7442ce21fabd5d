"""Fast tests of the UI's pure helpers: safe text, formatting, sparklines, the live store,
the poller's interval steps and the tree filter."""

from __future__ import annotations

import pytest

from iottui.api.enums import unit_symbol
from iottui.api.models import DataPoint, DataSeries, Device, LastValues, Metric, Sensor
from iottui.ui.fleet_index import apply_filter
from iottui.ui.live import STEPS, LiveStore, Poller
from iottui.ui.text import clean, format_age, format_value, safe, sparkline


def test_clean_makes_control_and_bidi_characters_visible() -> None:
    assert clean("[bold red]x[/]") == "[bold red]x[/]"
    assert clean("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert clean("osc\x1b]52;c;AAAA\x07") == "osc\\x1b]52;c;AAAA\\x07"
    assert clean("\u202eevil") == "\\u202eevil"
    assert clean("line\nbreak\ttab") == "line\\x0abreak\\x09tab"
    assert clean(None) == ""
    text = safe("[b]x[/b]")
    assert text.plain == "[b]x[/b]"
    assert not text.spans


def test_format_value_and_age() -> None:
    assert format_value(21.0, "°C") == "21 °C"
    assert format_value(21.456) == "21.46"
    assert format_value("49") == "49"
    assert format_value("OK") == "OK"
    assert format_value(None) == "–"
    assert format_value(True) == "true"
    assert format_age(None, 10_000) == "–"
    assert format_age(0, 59_000) == "59s"
    assert format_age(0, 3_600_000) == "1h"
    assert format_age(0, 2 * 86_400_000) == "2d"


def test_sparkline_buckets_and_flat_series() -> None:
    assert sparkline([]) == ""
    assert sparkline([1, 1, 1]) == "▄▄▄"
    assert sparkline([0, 1]) == "▁█"
    assert len(sparkline(list(range(100)), 20)) == 20


def test_live_store_seeds_then_appends_only_new_samples() -> None:
    store = LiveStore(maxlen=5)
    series = DataSeries(1, "t", tuple(DataPoint(1000 * i, float(i)) for i in range(8)))
    store.seed([series], [1])
    assert list(store.spark(1, "t")) == [3.0, 4.0, 5.0, 6.0, 7.0]
    assert 1 in store.seeded
    assert store.update([LastValues(1, 9000, {"t": 9})]) == {1}
    assert store.update([LastValues(1, 9000, {"t": 9})]) == set(), "same sample counted twice"
    assert store.update([LastValues(1, 6000, {"t": 6, "s": "x"})]) == {1}
    assert list(store.spark(1, "t"))[-1] == 9.0, "an older sample was appended"
    assert store.value(1, "s") == ("x", 6000)
    assert store.value(2, "t") == (None, None)


def test_poller_interval_steps_and_clamp() -> None:
    poller = Poller(5)
    assert poller.faster() == 3
    assert poller.slower() == 5
    assert poller.slower() == 10
    poller.interval = STEPS[-1]
    assert poller.slower() == STEPS[-1]
    assert poller.set_interval(0.1) == 1.0
    assert poller.set_interval(10_000) == 300.0


def test_filter_matches_device_sensor_and_metric_names() -> None:
    metric = Metric("m1", "Temperature")
    sensor = Sensor(10, "Environment", metrics=(metric, Metric("m2", "Humidity")))
    devices = [
        Device(1, "Truck 1", sensors=(sensor,)),
        Device(2, "Gateway", sensors=(Sensor(11, "Truck GPS"),)),
        Device(3, "Other"),
    ]
    result = apply_filter(devices, "truck")
    assert result.devices == {1: None, 2: {11}}
    assert result.sensors == {11: None}
    result = apply_filter(devices, "TEMP")
    assert result.devices == {1: {10}}
    assert result.sensors == {10: {"m1"}}
    assert apply_filter(devices, "  ").devices == {}


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("SI.Temperature.CELSIUS", "°C"),
        ("SI.Mass.KILOGRAM", "kilogram"),  # a common unit's code the table does not know
        ("°C", "°C"),  # a server's own symbol: as sent, its case kept
        ("mW", "mW"),
        ("MW", "MW"),
        ("kPa", "kPa"),
        ("m/s²", "m/s²"),
        ("v1.2", "v1.2"),
        ("", ""),
        (None, ""),
    ],
)
def test_unit_symbols_keep_what_the_server_sent(unit: str | None, shown: str) -> None:
    assert unit_symbol(unit) == shown
    assert unit_symbol(unit, "custom") == "custom"  # the annotation wins


def test_short_severity_labels_are_words_or_numbers_never_cut_words() -> None:
    from iottui.api.enums import Severity

    assert [s.short_label for s in Severity] == ["Crit", "Maj", "Min", "Warn"]
    assert Severity(7).short_label == "S7"  # a severity this client does not know
