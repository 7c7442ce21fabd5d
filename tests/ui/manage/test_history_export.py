"""Exporting the chart's data as CSV: default path in the current directory, refusing to
overwrite unless told, writing what the chart holds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from iottui.api import IoTClient
from iottui.api.enums import Aggregation
from iottui.api.history_csv import history_csv
from iottui.api.resources.metrics import SeriesQuery
from iottui.ui.manage.history_export import ExportForm
from iottui.ui.registry import Selection
from iottui.ui.session import ShownHistory

from ..helpers import NOW, TestApp
from .util import field_error, fleet, form, notices, run, save, started


async def test_export_writes_csv_to_the_current_directory(
    app: TestApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client: IoTClient
) -> None:
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "history-export")
        assert not isinstance(pilot.app.screen, ExportForm)
        assert any("Open a metric's chart first" in n for n in notices(pilot))
        device = next((await fleet(pilot)).devices())
        sensor = next(s for s in device.sensors if any(m.id == "temp" for m in s.metrics))
        metric = next(m for m in sensor.metrics if m.id == "temp")
        start = NOW - 3_600_000
        series = await client.metrics.history(
            [SeriesQuery(sensor.id, "temp", Aggregation.AVG)], start=start, end=NOW, period=300_000
        )
        selection = Selection("metric", device=device, sensor=sensor, metric=metric)
        app.session.shown_history = ShownHistory(
            device, sensor, metric, start, NOW, tuple(series), Aggregation.AVG, 300_000
        )
        await run(pilot, "history-export", selection)
        screen = form(pilot)
        assert isinstance(screen, ExportForm)
        path = Path(screen.query_one("#path", Input).value)
        assert path.parent == tmp_path
        assert path.name.endswith(".csv")
        await save(pilot)
        assert not isinstance(pilot.app.screen, ExportForm)
        text = await asyncio.to_thread(path.read_text)
        assert text == history_csv(series)  # the CLI's format, from the same writer
        lines = text.splitlines()
        assert lines[0] == "timestamp,time,sensor_id,metric_id,func,value"
        assert len(lines) == 1 + len(series[0].points)
        assert f",{sensor.id},temp,AVG," in lines[1]
        # Exporting again to the same file needs the overwrite box ticked.
        await run(pilot, "history-export", selection)
        await save(pilot)
        assert "exists" in field_error(pilot, "path")
        form(pilot).query_one("#overwrite", Checkbox).value = True
        await save(pilot)
        assert not isinstance(pilot.app.screen, ExportForm)
