"""The chart panel: the metric pane with its history chart's range, aggregation, thresholds
and data.

The range presets (keys ``1``-``9``) and the aggregation (``f``) pick what is fetched; a worker
fetches it (one at a time, a newer request replaces an older one); the thresholds drawn are those
of the metric rules that watch the metric (:meth:`ChartPanel.set_rules`, from the screen's rule
list). What is drawn is also the session's :attr:`~iottui.ui.session.Session.shown_history`,
which ``:history-export`` (``x``) writes to a file.

The keys are the screen's (:data:`iottui.ui.screens.main_layout.CHART_BINDINGS`): the tree keeps
the focus while a metric is shown, so the screen passes them on to :meth:`ChartPanel.set_range`,
:meth:`ChartPanel.cycle_func`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from iottui.ui import messages as msg
from iottui.ui.session import ShownHistory, session_of
from iottui.ui.text import to_float
from iottui.ui.views.items import shown_in_tab
from iottui.ui.widgets.chart_data import ChartData
from iottui.ui.widgets.metric_pane import FUNCS, RANGES, MetricPane

if TYPE_CHECKING:
    from iottui.api.enums import Aggregation, DataPeriod
    from iottui.api.models import DataSeries, Device, Metric, Rule, Sensor
    from iottui.ui.live import LiveStore

#: Points an aggregated chart aims for.
CHART_POINTS = 120
#: Re-fetch a visible chart at most this often (seconds).
CHART_REFRESH = 30.0


#: The chart's keys, bound on the screen (see the module's docstring).
@dataclass(frozen=True, slots=True)
class HistoryRequest:
    sensor_id: int
    metric_id: str
    period: DataPeriod
    func: Aggregation
    start: int
    end: int
    bucket: int


def thresholds_for(
    rules: Sequence[Rule], sensor_id: int, metric_id: str
) -> list[tuple[float, int]]:
    """The numeric thresholds of metric rules that watch this metric."""
    from iottui.api.conditions import ConditionError, parse_metric_condition
    from iottui.api.enums import RuleType

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
    series: Sequence[DataSeries],
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


class ChartPanel(MetricPane):
    """One metric's value and history chart, and the fetching of that history."""

    @dataclass
    class HistoryLoaded(Message, bubble=False):
        """The answer to :attr:`request` (dropped when another request replaced it)."""

        request: HistoryRequest
        series: Sequence[DataSeries]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.period: DataPeriod = RANGES[3]
        self.func: Aggregation = FUNCS[0]
        self.request: HistoryRequest | None = None
        self.series: list[DataSeries] = []
        self.rules: Sequence[Rule] = ()
        self._shown: tuple[Device, Sensor, Metric] | None = None
        self._fetched_at = 0.0

    def show(
        self, device: Device, sensor: Sensor, metric: Metric, store: LiveStore, now: int
    ) -> None:
        super().show(device, sensor, metric, store, now)
        self._shown = (device, sensor, metric)

    def on_screen(self) -> bool:
        return self._shown is not None and shown_in_tab(self)

    def set_rules(self, rules: Sequence[Rule]) -> None:
        """The rules whose thresholds the chart draws; redrawn at once."""
        self.rules = rules
        self.redraw()

    def set_range(self, number: int) -> None:
        self.period = RANGES[number - 1]
        self.fetch(force=True)

    def cycle_func(self) -> None:
        self.func = FUNCS[(FUNCS.index(self.func) + 1) % len(FUNCS)]
        self.fetch(force=True)

    def fetch(self, *, force: bool = False) -> None:
        """Ask for the shown metric's history over the range (unless the same chart was fetched
        less than :data:`CHART_REFRESH` ago and ``force`` is False)."""
        if self._shown is None:
            return
        _device, sensor, metric = self._shown
        self.set_controls(self.period, self.func)
        end = session_of(self).now_ms()
        span = self.period.millis
        freq_ms = sensor.frequency.seconds * 1000 if sensor.frequency else 10_000
        bucket = max(span // CHART_POINTS, freq_ms)
        request = HistoryRequest(
            sensor.id, metric.id, self.period, self.func, end - span, end, bucket
        )
        old = self.request
        same = old is not None and (old.sensor_id, old.metric_id, old.period, old.func) == (
            request.sensor_id,
            request.metric_id,
            request.period,
            request.func,
        )
        if same and not force and time.monotonic() - self._fetched_at < CHART_REFRESH:
            return
        if not same:
            self.series = []
        self.request = request
        self._fetched_at = time.monotonic()
        self.fetch_history(request)

    @work(exclusive=True, group="history", exit_on_error=False)
    async def fetch_history(self, request: HistoryRequest) -> None:
        from iottui.api.errors import IoTError
        from iottui.api.resources.metrics import SeriesQuery

        client = session_of(self).api
        try:
            series = await client.metrics.history(
                [SeriesQuery(request.sensor_id, request.metric_id, request.func)],
                start=request.start,
                end=request.end,
                period=request.bucket,
            )
        except IoTError as error:
            self.post_message(msg.CallFailed("history", error))
            return
        self.post_message(self.HistoryLoaded(request, series))

    @on(HistoryLoaded)
    def on_history_loaded(self, message: HistoryLoaded) -> None:
        if message.request != self.request:
            return
        self.series = list(message.series)
        self.redraw()

    def redraw(self) -> None:
        """Draw the fetched history with the rules' thresholds (when the chart is on screen)."""
        request, shown = self.request, self._shown
        if request is None or shown is None or not self.on_screen():
            return
        thresholds = thresholds_for(self.rules, request.sensor_id, request.metric_id)
        title = f"{request.func.value} per {request.bucket // 1000} s · {request.period.label}"
        self.show_chart(chart_data(request, self.series, thresholds, title))
        device, sensor, metric = shown
        session_of(self).shown_history = ShownHistory(
            device,
            sensor,
            metric,
            request.start,
            request.end,
            tuple(self.series),
            request.func,
            request.bucket,
        )
