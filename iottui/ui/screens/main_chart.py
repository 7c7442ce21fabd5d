"""The main screen's metric chart: range presets, aggregation, history fetch and thresholds."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from iottui.api.conditions import ConditionError, parse_metric_condition
from iottui.api.enums import Aggregation, DataPeriod, RuleType
from iottui.api.errors import IoTError
from iottui.api.models import DataSeries, Rule
from iottui.ui import messages as msg
from iottui.ui.compat import MessagePumpMeta
from iottui.ui.registry import all_commands
from iottui.ui.text import to_float
from iottui.ui.widgets.chart_data import ChartData
from iottui.ui.widgets.metric_pane import FUNCS, RANGES, MetricPane

#: Points an aggregated chart aims for.
CHART_POINTS = 120
#: Re-fetch a visible chart at most this often (seconds).
CHART_REFRESH = 30.0


@dataclass(frozen=True, slots=True)
class HistoryRequest:
    sensor_id: int
    metric_id: str
    period: DataPeriod
    func: Aggregation
    start: int
    end: int
    bucket: int


def thresholds_for(rules: list[Rule], sensor_id: int, metric_id: str) -> list[tuple[float, int]]:
    """The numeric thresholds of metric rules that watch this metric."""
    out: list[tuple[float, int]] = []
    for rule in rules:
        if rule.rule_type != RuleType.METRIC:
            continue
        if not any(s.metric_id == metric_id and s.thing_id == sensor_id for s in rule.sources):
            continue
        for threshold in rule.thresholds:
            try:
                value = parse_metric_condition(threshold.condition).threshold
            except ConditionError:
                continue
            out.append((value, int(threshold.severity)))
    return sorted(set(out))


def chart_data(
    request: HistoryRequest,
    series: list[DataSeries],
    thresholds: list[tuple[float, int]],
    title: str,
) -> ChartData:
    # the chart labels its time axis (relative to now, or dates for data far from now)
    points = sorted(
        ((p.timestamp, to_float(p.value)) for s in series for p in s.points), key=lambda p: p[0]
    )
    stamps = tuple(t for t, v in points if v is not None)
    ys = tuple(v for _, v in points if v is not None)
    message = "" if stamps else "no data in this range"
    return ChartData(
        title=title if stamps else f"{title} — {message}",
        stamps=stamps,
        ys=ys,
        now=request.end,
        thresholds=tuple(thresholds),
        message=message,
    )


class ChartMixin(metaclass=MessagePumpMeta):
    # The metaclass collects this mixin's @on handlers (Textual only reads them per class).
    """Mixed into :class:`MainScreen`."""

    CHART_BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(i),
                f"chart_range({i})",
                "Range",
                id=f"range_{i}",
                show=i == 1,
                key_display="1-9",
            )
            for i in range(1, 10)
        ),
        Binding("f", "chart_func", "Aggregation", id="aggregation"),
        Binding("x", "export_history", "Export", id="export_history"),
    ]

    def init_chart(self) -> None:
        self.chart_period = DataPeriod.HOUR_1
        self.chart_func = Aggregation.AVG
        self.chart_request: HistoryRequest | None = None
        self.chart_series: list[DataSeries] = []
        self._chart_time = 0.0

    def chart_visible(self) -> bool:
        self_: Any = self
        return bool(
            self_.active_tab == "detail" and self_.node is not None and self_.node.kind == "metric"
        )

    def chart_check(self, action: str) -> bool | None:
        # False hides the key from the footer (None would show it dimmed)
        if action in ("chart_range", "chart_func"):
            return self.chart_visible()
        if action == "export_history":
            return self.chart_visible() and "history-export" in all_commands()
        return True

    def request_chart(self, *, force: bool = False) -> None:
        self_: Any = self
        node = self_.node
        if node is None or node.kind != "metric" or node.sensor_id is None or not node.metric_id:
            return
        pane = self_.query_one(MetricPane)
        pane.set_controls(self.chart_period, self.chart_func)
        end = self_.app.clock.now_ms()
        span = self.chart_period.millis
        found = (
            self_.fleet_tree.index.sensors.get(node.sensor_id) if self_.fleet_tree.index else None
        )
        freq_ms = found[1].frequency.seconds * 1000 if found and found[1].frequency else 10_000
        bucket = max(span // CHART_POINTS, freq_ms)
        request = HistoryRequest(
            node.sensor_id,
            node.metric_id,
            self.chart_period,
            self.chart_func,
            end - span,
            end,
            bucket,
        )
        same = self.chart_request is not None and (
            self.chart_request.sensor_id,
            self.chart_request.metric_id,
            self.chart_request.period,
            self.chart_request.func,
        ) == (request.sensor_id, request.metric_id, request.period, request.func)
        if same and not force and time.monotonic() - self._chart_time < CHART_REFRESH:
            return
        if not same:
            self.chart_series = []
        self.chart_request = request
        self._chart_time = time.monotonic()
        self.fetch_history(request)

    @work(exclusive=True, group="history", exit_on_error=False)
    async def fetch_history(self, request: HistoryRequest) -> None:
        from iottui.api.resources.metrics import SeriesQuery

        self_: Any = self
        client = self_.app.client
        try:
            series = await client.metrics.history(
                [SeriesQuery(request.sensor_id, request.metric_id, request.func)],
                start=request.start,
                end=request.end,
                period=request.bucket,
            )
        except IoTError as error:
            self_.post_message(msg.CallFailed("history", error))
            return
        self_.post_message(msg.HistoryLoaded(request, series))

    @on(msg.HistoryLoaded)
    def on_history_loaded(self, message: msg.HistoryLoaded) -> None:
        if message.request != self.chart_request:
            return
        self.chart_series = list(message.series)
        self.redraw_chart()

    def redraw_chart(self) -> None:
        self_: Any = self
        request = self.chart_request
        if request is None or not self.chart_visible():
            return
        thresholds = thresholds_for(self_.rules, request.sensor_id, request.metric_id)
        title = f"{request.func.value} per {request.bucket // 1000} s · {request.period.label}"
        data = chart_data(request, self.chart_series, thresholds, title)
        self_.query_one(MetricPane).show_chart(data)
        self_.app.current_history = (
            self_.tree_selection(),
            list(self.chart_series),
            request.start,
            request.end,
            request.func,
            request.bucket,
        )

    def action_chart_range(self, number: int) -> None:
        self.chart_period = RANGES[number - 1]
        self.request_chart(force=True)

    def action_chart_func(self) -> None:
        self.chart_func = FUNCS[(FUNCS.index(self.chart_func) + 1) % len(FUNCS)]
        self.request_chart(force=True)

    def action_export_history(self) -> None:
        self_: Any = self
        self_.app.run_command("history-export")
