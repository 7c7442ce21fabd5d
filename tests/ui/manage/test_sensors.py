"""Sensor forms against the simulator: custom (metric rows), system health, OPC-UA, edit,
delete with confirmation, validation beside the fields."""

from __future__ import annotations

from textual.widgets import Input, Select

from iottui.api import IoTClient
from iottui.api.enums import SystemHealthType
from iottui.api.models import Device
from iottui.ui.manage.confirm import ConfirmScreen
from iottui.ui.manage.metric_rows import MetricRows, MetricRowWidget
from iottui.ui.manage.sensor_forms import SensorForm, parse_nodeids
from iottui.ui.registry import Selection

from ..helpers import TestApp
from .util import field_error, fleet, form, run, save, settle, started, top, type_in


def _row_inputs(row: MetricRowWidget) -> dict[str, Input]:
    return {w.name or "": w for w in row.query(Input)}


async def _device(pilot, index: int = 0) -> Device:  # type: ignore[no-untyped-def]
    return list((await fleet(pilot)).devices())[index]


async def test_custom_sensor_rows_validate_then_create(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        device = await _device(pilot)
        await run(pilot, "sensor-new", Selection("device", device=device))
        assert isinstance(pilot.app.screen, SensorForm)
        before = client.stats.request_count
        await save(pilot)
        assert "name" in field_error(pilot, "name")
        assert "path" in field_error(pilot, "script-path")
        assert "Metric 1: the metric id must not be empty" in field_error(pilot, "metrics")
        assert client.stats.request_count == before
        await type_in(pilot, "#name", "Vibration")
        await type_in(pilot, "#script-path", "relative/path.py")
        await pilot.click("#add-metric")
        await pilot.pause()
        rows = list(form(pilot).query(MetricRowWidget))
        assert len(rows) == 2
        first, second = _row_inputs(rows[0]), _row_inputs(rows[1])
        first["id"].value, first["mname"].value = "rms", "RMS"
        second["id"].value, second["mname"].value = "rms", "Peak"
        rows[1].query(Select).last().value = "NoSI.Dimensionless.DECIBEL"
        await save(pilot)
        assert "absolute path" in field_error(pilot, "script-path")
        assert "'rms' is used twice" in field_error(pilot, "metrics")
        await type_in(pilot, "#script-path", "/opt/vib/read.py")
        second["id"].value = "peak"
        await save(pilot)
        assert not isinstance(top(pilot), SensorForm)
        reloaded = (await fleet(pilot)).find_device(device.id)
        assert reloaded is not None
        device = reloaded
        sensor = next(s for s in device.sensors if s.name == "Vibration")
        assert sensor.script_path == "/opt/vib/read.py"
        assert [(m.id, m.value_unit) for m in sensor.metrics] == [
            ("rms", None),
            ("peak", "NoSI.Dimensionless.DECIBEL"),
        ]


async def test_health_and_opcua_sensors(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        device = next(
            d for d in (await fleet(pilot)).devices() if not any(s.is_opcua for s in d.sensors)
        )
        taken = {s.system_health_type for s in device.sensors if s.system_health_type is not None}
        await run(pilot, "sensor-new-health", Selection("device", device=device))
        select = form(pilot).query_one("#health-type", Select)
        select.value = int(next(iter(taken)))
        await save(pilot)
        assert "already measures" in field_error(pilot, "health-type")
        free = [t for t in SystemHealthType if t not in taken]
        if free:
            select.value = int(free[0])
            await save(pilot)
            assert not isinstance(top(pilot), SensorForm)
        else:
            await pilot.press("escape")
        await run(pilot, "sensor-new-opcua", Selection("device", device=device))
        assert isinstance(pilot.app.screen, SensorForm)
        row = form(pilot).query_one(MetricRowWidget)
        inputs = _row_inputs(row)
        inputs["id"].value, inputs["mname"].value = "temp", "Temperature"
        inputs["node"].value = "Folder.Temp"
        await save(pilot)
        assert "is not like 'ns=1;s=Folder.Item.Property'" in field_error(pilot, "metrics")
        inputs["node"].value = "ns=1;s=Folder.Item.Temp"
        await save(pilot)
        assert not isinstance(top(pilot), SensorForm)
        reloaded = (await fleet(pilot)).find_device(device.id)
        assert reloaded is not None
        device = reloaded
        opcua = next(s for s in device.sensors if s.is_opcua)
        assert parse_nodeids(opcua.nodeids) == {"temp": "ns=1;s=Folder.Item.Temp"}
        # Only one OPC-UA sensor per device: the command refuses a second one.
        await run(pilot, "sensor-new-opcua", Selection("device", device=device))
        assert not isinstance(top(pilot), SensorForm)


async def test_edit_and_delete_sensor(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        device = await _device(pilot)
        sensor = next(s for s in device.sensors if s.script_path)
        sel = Selection("sensor", device=device, sensor=sensor)
        await run(pilot, "sensor-edit", sel)
        screen = form(pilot)
        assert screen.query_one("#script-path", Input).value == sensor.script_path
        assert len(screen.query_one(MetricRows).read()) == len(sensor.metrics)
        await type_in(pilot, "#name", "Environment v2")
        await type_in(pilot, "#frequency", "0")
        await save(pilot)
        assert "from 1 to" in field_error(pilot, "frequency")
        await type_in(pilot, "#frequency", "2")
        screen.query_one("#frequency-unit", Select).value = "minutes"
        await save(pilot)
        assert not isinstance(top(pilot), SensorForm)
        found = (await fleet(pilot)).find_sensor(sensor.id)
        assert found is not None
        assert found[1].name == "Environment v2"
        assert found[1].frequency is not None
        assert found[1].frequency.seconds == 120
        await run(pilot, "sensor-delete", sel)
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)
        body = str(confirm.query_one("#confirm-body").render())
        assert sensor.name in body
        assert device.name in body
        assert "metric(s)" in body
        await pilot.press("y")
        await settle(pilot)
        assert (await fleet(pilot)).find_sensor(sensor.id) is None
