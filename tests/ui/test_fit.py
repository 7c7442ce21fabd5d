"""Whole at 80x24 (issue 11 #6): columns by priority, numbers never cut, the footer's last cell.

The device pane at 80x24 shows every value the store holds for the device whole (or scaled
with its unit); hypothesis puts any number and unit into a live table of any width.
"""

from __future__ import annotations

import math
import re

import hypothesis
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding

from iottui.api.models import Device, LastValues, Metric, Sensor, Value
from iottui.ui.live import LiveStore
from iottui.ui.text import fit_value, format_value, value_forms
from iottui.ui.widgets.columns import Column, fit_columns
from iottui.ui.widgets.device_pane import DevicePane
from iottui.ui.widgets.footer import LeanFooter
from iottui.ui.widgets.live_table import LiveTable

from .helpers import NOW, TestApp, main_screen, poll, screen_text, settle, started

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.integers(min_value=-(10**20), max_value=10**20),
)
units = st.sampled_from(["", "%", "°C", "hPa", "MB", "kWh", "m/s²", "rpm", "µg/m³", "米/秒"])


@given(value=numbers, unit=units, width=st.integers(min_value=1, max_value=40))
def test_a_value_fits_whole_with_its_unit(value: float, unit: str, width: int) -> None:
    forms = value_forms(value, unit)
    assert forms[0] == format_value(value, unit)
    shown = fit_value(value, unit, width)
    assert shown in forms
    assert cell_len(shown) <= width or shown == min(forms, key=len)
    for form in forms:
        assert "…" not in form
        assert form.endswith(f" {unit}") or not unit
        number = form[: len(form) - len(unit)].strip() if unit else form
        assert re.fullmatch(r"-?\d+(\.\d+)?([kMGTPEZY]|e-?\d+)?", number), form


@given(
    least=st.lists(st.integers(1, 12), min_size=1, max_size=8),
    content=st.lists(st.integers(0, 40), min_size=8, max_size=8),
    whole=st.lists(st.booleans(), min_size=8, max_size=8),
    width=st.integers(0, 200),
)
# the live table's metric (keep 0) and value (keep 1, whole) in 22 cells: the value stays
@example(least=[8, 11], content=[15, 14, *[0] * 6], whole=[False, True, *[False] * 6], width=22)
def test_columns_fit_by_priority(
    least: list[int], content: list[int], whole: list[bool], width: int
) -> None:
    columns = [
        Column(f"c{i}", "", keep=(i * 5) % 8, least=n, whole=whole[i]) for i, n in enumerate(least)
    ]
    sizes = {c.key: content[i] for i, c in enumerate(columns)}
    widths = fit_columns(columns, sizes, width)
    assert sum(w + 2 for w in widths.values()) <= width
    assert list(widths) == [c.key for c in columns if c.key in widths]  # table order kept
    narrowest = {c.key: min(c.least, max(1, sizes[c.key])) for c in columns}
    two = sorted(columns, key=lambda c: c.keep)[:2]
    squeezed = any(c.whole for c in two) and sum(narrowest[c.key] + 2 for c in two) > width
    for column in columns:
        if column.key in widths and (column.whole or not squeezed):
            assert widths[column.key] >= narrowest[column.key] or len(widths) == 1
    # the more kept whole column of the two most kept is never left out for a name
    value = next((c for c in two if c.whole), None)
    if value is not None and narrowest[value.key] + 2 <= width:
        assert value.key in widths


class LiveApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LiveTable(with_sensor=True)


@hypothesis.settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.tuples(numbers, units), min_size=1, max_size=6),
    width=st.integers(min_value=24, max_value=120),
)
# at 24 columns the value column was dropped for the metric's name (4.05e-238 m/s²)
@example(values=[(4.047395191432399e-238, "m/s²")], width=24)
@example(values=[(-4.047395191432399e-238, "m/s²")], width=20)
@example(values=[(-1.7976931348623157e308, "µg/m³")], width=21)
@example(values=[(5e-324, "kWh"), (1e300, "m/s²")], width=22)
@example(values=[(-(10**20), "µg/m³")], width=30)
@example(values=[(123456.789, "米/秒"), (-0.000123, "米/秒")], width=23)
@example(values=[(math.nan, "m/s²"), (math.inf, "°C"), (-math.inf, "hPa")], width=20)
@example(values=[(1e-300, "rpm"), (-2.5e300, "µg/m³"), (0.5, ""), (-7, "%")], width=25)
async def test_a_live_table_shows_any_value_whole(
    values: list[tuple[Value, str]], width: int
) -> None:
    metrics = tuple(
        Metric(f"m{i}", f"Metric number {i}", value_unit=unit) for i, (_, unit) in enumerate(values)
    )
    sensor = Sensor(7, "Sensor with a long name", metrics=metrics)
    device = Device(1, "Device", sensors=(sensor,))
    store = LiveStore()
    store.update([LastValues(7, NOW, {f"m{i}": v for i, (v, _) in enumerate(values)})])
    app = LiveApp()
    async with app.run_test(size=(width, 12)) as pilot:
        table = app.query_one(LiveTable)
        table.show(device, [sensor], store, NOW)
        await pilot.pause()
        assert "value" in table.widths
        rows = screen_text(app).splitlines()[1:]
        for n, metric in enumerate(metrics):
            forms = value_forms(values[n][0], metric.unit)
            assert any(form in rows[n] for form in forms), (rows[n], forms)


async def test_an_age_is_whole_or_left_out() -> None:
    metric = Metric("m", "Metric", value_unit="°C")
    sensor = Sensor(7, "Sensor", metrics=(metric,))
    store = LiveStore()
    store.update([LastValues(7, NOW - 3000 * 86_400_000, {"m": 21.5})])
    app = LiveApp()
    async with app.run_test(size=(60, 6)) as pilot:
        table = app.query_one(LiveTable)
        for width in (60, 36, 24):
            await pilot.resize_terminal(width, 6)
            table.show(Device(1, "Device", sensors=(sensor,)), [sensor], store, NOW)
            await pilot.pause()
            row = screen_text(app).splitlines()[1]
            # it was "300…": the age's column was capped at four cells
            assert ("3000d" in row) == ("age" in table.widths), (width, row)
        assert "age" not in table.widths
        assert format_value(21.5, metric.unit) in row


async def test_every_value_of_the_device_is_whole_at_80x24(app: TestApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("l", "j")  # the first group's first device
        await settle(pilot)
        await poll(pilot)
        screen = main_screen(pilot.app)
        table = screen.query_one("#device-live", LiveTable)
        device = screen.query_one(DevicePane).device
        assert device is not None
        text = screen_text(pilot.app)
        store: LiveStore = screen.store
        checked = 0
        for sensor in device.sensors:
            for metric in sensor.metrics:
                value, _ = store.value(sensor.id, metric.id)
                line = next((row for row in text.splitlines() if metric.name[:8] in row), None)
                assert line is not None, metric.name
                assert any(form in line for form in value_forms(value, metric.unit)), (line, value)
                checked += 1
        assert checked >= 10
        assert "value" in table.widths
        assert "metric" in table.widths
        assert "trend" not in table.widths  # the trend gave way first


class FooterApp(App[None]):
    BINDINGS = [Binding(k, f"key_{k}", f"Label{k}") for k in "abcdefghijklmn"]

    def compose(self) -> ComposeResult:
        yield LeanFooter(compact=True)


async def test_the_footer_ends_with_the_palette_key() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        last = screen_text(app).splitlines()[-1]
        # it was "...▏^p paletteL": a key behind the palette key showed in the last cell
        assert last.endswith("▏^p palette"), last
