"""Export the metric chart's data as CSV to a file (a local write: allowed in read-only mode),
in the one history CSV format (:mod:`iottui.api.history_csv`, the same as the CLI's)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from iottui.api.errors import IoTError
from iottui.api.history_csv import history_csv, iso_utc
from iottui.api.models import DataSeries
from iottui.ui.manage.form import FormScreen
from iottui.ui.registry import CommandContext, Selection, command


def default_path(selection: Selection, now_ms: int, cwd: Path | None = None) -> Path:
    parts = [
        selection.device.name if selection.device else "",
        selection.sensor.name if selection.sensor else "",
        selection.metric.name if selection.metric else "",
    ]
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(p for p in parts if p)).strip("-.")
    stamp = datetime.fromtimestamp(now_ms / 1000, UTC).strftime("%Y%m%d-%H%M")
    return (cwd or Path.cwd()) / f"{slug or 'history'}-{stamp}.csv"


class ExportForm(FormScreen[Any]):
    """Ask where to write the CSV, then write it."""

    title_text = "Export chart data as CSV"
    save_label = "Export"
    what = "the export"
    writes = False

    def __init__(
        self, selection: Selection, series: Sequence[DataSeries], path: Path, summary: str
    ) -> None:
        super().__init__()
        self.selection = selection
        self.series = list(series)
        self.path = path
        self.summary = summary

    def compose_fields(self) -> Iterator[Widget]:
        yield Static(Text(self.summary))
        yield from self.field("File", Input(str(self.path), id="path"), "path")
        yield Checkbox("Overwrite if it exists", False, id="overwrite")

    def target(self) -> Path:
        return Path(self.query_one("#path", Input).value.strip()).expanduser()

    def check(self) -> dict[str, str]:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            return {"path": "Give a file name."}
        path = self.target()
        if path.is_dir():
            return {"path": "That is a directory; add a file name."}
        if not path.parent.exists():
            return {"path": f"The folder {str(path.parent)!r} does not exist."}
        if path.exists() and not self.query_one("#overwrite", Checkbox).value:
            return {"path": "The file exists; tick 'Overwrite' or choose another name."}
        return {}

    async def submit(self) -> Any:
        path = self.target()
        try:
            content = history_csv(self.series)
            await asyncio.to_thread(path.write_text, content, encoding="utf-8")
        except OSError as exc:
            raise IoTError(f"Could not write {path}: {exc.strerror or exc}") from exc
        return path

    def success_message(self, result: Any) -> str:
        rows = sum(len(s.points) for s in self.series)
        return f"Wrote {rows} row(s) to {result}."


@command(
    "history-export",
    "Export chart data as CSV…",
    "Write the metric chart's data to a CSV file",
    contexts={"metric", "sensor"},
)
def history_export(ctx: CommandContext) -> None:
    shown = ctx.session.shown_history
    if shown is None:
        ctx.app.notify(
            "Open a metric's chart first; its data is what gets exported.", severity="warning"
        )
        return
    selection = Selection("metric", device=shown.device, sensor=shown.sensor, metric=shown.metric)
    points = sum(len(s.points) for s in shown.series)
    func, period = shown.func, shown.bucket_ms
    agg = f"{func} per {period // 1000} s" if func and period else "raw samples"
    summary = f"{points} point(s), {iso_utc(shown.start)} to {iso_utc(shown.end)}, {agg}."
    now = ctx.session.now_ms()
    ctx.open(ExportForm(selection, shown.series, default_path(selection, now), summary))
