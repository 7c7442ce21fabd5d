"""The rule form: metric-threshold and device-offline rules, with a backtest before saving."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from iottui.api.enums import RuleType
from iottui.api.errors import IoTError
from iottui.api.models import Fleet, Rule, RuleSource, Threshold
from iottui.ui.manage.backtest import (
    WEEK_MS,
    BacktestReport,
    backtest_metric_rule,
    backtest_offline_rule,
)
from iottui.ui.manage.common import all_metrics, clean, device_label, error_text, metric_label
from iottui.ui.manage.form import FormScreen
from iottui.ui.manage.history import fetch_device_stamps, fetch_metric_samples
from iottui.ui.manage.picker import Picker, PickItem
from iottui.ui.manage.threshold_rows import ThresholdRows
from iottui.ui.registry import Selection

MAX_SHOWN = 12
#: Seconds of quiet after an edit before the backtest runs again.
BACKTEST_DELAY = 0.8


def metric_key(sensor_id: int | None, metric_id: str | None) -> str:
    return f"m|{sensor_id}|{metric_id}"


def device_key(device_id: int | None) -> str:
    return f"d|{device_id}"


def source_key(source: RuleSource) -> str:
    if source.metric_id is not None:
        return metric_key(source.thing_id, source.metric_id)
    return device_key(source.device_id)


def when(ms: int | None, since: int | None = None) -> str:
    """``MM-DD HH:MM`` (UTC); only ``HH:MM`` when on the same day as ``since``."""
    if ms is None:
        return "still open"
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    if since is not None and datetime.fromtimestamp(since / 1000, UTC).date() == moment.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%m-%d %H:%M")


#: Above this many alarms a week the backtest suggests tuning the rule.
NOISY = 20


def render_report(report: BacktestReport) -> Text:
    """The backtest as text: counts per window, then the latest alarms with their times (UTC).

    The source and the condition are shown per alarm only when the rule has several.
    """
    out = Text()
    counts = " · ".join(f"{label}: {n} alarm{'s' * (n != 1)}" for label, n in report.counts())
    out.append(f"Would have opened — {counts}\n", style="bold")
    several_sources = len({a.source for a in report.alarms}) > 1
    several_conditions = len({a.condition for a in report.alarms}) > 1
    for alarm in report.alarms[-MAX_SHOWN:][::-1]:
        line = f"  {when(alarm.open_time)} → {when(alarm.close_time, alarm.open_time):<11}"
        line += f" {alarm.severity.label:<8}"
        if alarm.value is not None:
            line += f" {clean(alarm.value):>8}"
        if several_conditions:
            line += f"  {clean(alarm.condition)}"
        if several_sources:
            line += f"  {clean(alarm.source)}"
        out.append(line + "\n")
    if len(report.alarms) > MAX_SHOWN:
        out.append(f"  … and {len(report.alarms) - MAX_SHOWN} earlier\n")
    if report.count(max(span for _, span in report.windows)) > NOISY:
        out.append(
            "  That is noisy: raise the consecutive checks or the threshold.\n", style="italic"
        )
    for note in report.notes:
        out.append(f"  note: {clean(note)}\n", style="italic")
    for error in report.errors:
        out.append(f"  {clean(error)}\n", style="bold")
    out.append("  (times in UTC)", style="dim")
    return out


class RuleForm(FormScreen[Any]):
    """Create or edit a rule; pre-filled from a selected metric or device."""

    def __init__(
        self,
        fleet: Fleet,
        topic_names: dict[str, str],
        *,
        rule: Rule | None = None,
        selection: Selection | None = None,
    ) -> None:
        super().__init__()
        self.fleet = fleet
        self.topic_names = topic_names
        self.rule = rule
        self.initial_type = rule.rule_type if rule else RuleType.METRIC
        self.initial_sources: list[str] = [source_key(s) for s in rule.sources] if rule else []
        self.extra_items: list[PickItem] = []
        if rule is not None:
            known = {i.value for i in self.items_for(rule.rule_type)}
            self.extra_items = [
                PickItem(clean(s.label) or source_key(s), source_key(s))
                for s in rule.sources
                if source_key(s) not in known
            ]
        elif selection is not None:
            if selection.metric and selection.sensor:
                self.initial_sources = [metric_key(selection.sensor.id, selection.metric.id)]
            elif selection.device is not None:
                self.initial_type = RuleType.DEVICE_OFFLINE
                self.initial_sources = [device_key(selection.device.id)]
        self._backtest_timer: Timer | None = None
        self._shown_type = self.initial_type
        self.title_text = f"Edit rule {clean(rule.name)!r}" if rule else "New rule"
        self.save_label = "Save" if rule else "Create"
        self.what = f"the change to rule {clean(rule.name)!r}" if rule else "the new rule"

    def items_for(self, rule_type: RuleType) -> list[PickItem]:
        if rule_type == RuleType.DEVICE_OFFLINE:
            return [PickItem(device_label(d), device_key(d.id)) for d in self.fleet.devices()]
        return [
            PickItem(metric_label(d, s, m), metric_key(s.id, m.id))
            for d, s, m in all_metrics(self.fleet)
        ]

    def compose_fields(self) -> Iterator[Widget]:
        r = self.rule
        yield from self.field("Name", Input(clean(r.name) if r else "", id="name"), "name")
        types = [(Text(t.label), int(t)) for t in (RuleType.METRIC, RuleType.DEVICE_OFFLINE)]
        kind: Select[int] = Select(
            types,
            value=int(self.initial_type),
            allow_blank=False,
            id="rule-type",
            disabled=r is not None,
        )
        yield from self.field("Kind", kind, "rule-type")
        items = self.items_for(self.initial_type) + self.extra_items
        picker = Picker(items, self.initial_sources, id="sources")
        yield from self.field(self.sources_label(), picker, "sources")
        rows = ThresholdRows(list(r.thresholds) if r else [], self.topic_names, id="thresholds")
        yield from self.field(self.thresholds_label(), rows, "thresholds")
        names = ", ".join(clean(n) for n in sorted(self.topic_names.values())) or "none yet"
        yield Static(
            Text(f"Existing topics: {names}. Other names create new topics."), classes="hint"
        )
        with Horizontal(classes="row", id="backtest-row"):
            yield Button("Backtest (last day / week)", id="backtest-button")
        yield Static(Text("Backtest: choose sources and thresholds, then run it."), id="backtest")

    def sources_label(self) -> str:
        if self.is_offline():
            return "Devices to watch (space to tick)"
        return "Metrics to watch (space to tick)"

    def thresholds_label(self) -> str:
        if self.is_offline():
            return "Thresholds: offline minutes, severity, checks, topics"
        return "Thresholds: condition (metric>=60), severity, consecutive checks, topics"

    def is_offline(self) -> bool:
        try:
            value = self.query_one("#rule-type", Select).value
        except Exception:
            value = int(self.initial_type)
        return value == int(RuleType.DEVICE_OFFLINE)

    def on_mount(self) -> None:
        if self.initial_sources:
            self.run_backtest()

    @on(Select.Changed, "#rule-type")
    def _type_changed(self) -> None:
        shown = RuleType(2 if self.is_offline() else 1)
        if shown == self._shown_type:
            return  # the Select announces its initial value too
        self._shown_type = shown
        picker = self.query_one("#sources", Picker)
        picker.set_items(self.items_for(RuleType(2 if self.is_offline() else 1)), [])
        self.query_one("#label-sources", Static).update(Text(self.sources_label()))
        self.query_one("#label-thresholds", Static).update(Text(self.thresholds_label()))

    @on(Button.Pressed, "#backtest-button")
    def _backtest_pressed(self) -> None:
        self.run_backtest()

    @on(Picker.Changed)
    @on(Select.Changed, "ThresholdRow Select")
    def _sources_changed(self) -> None:
        self.schedule_backtest()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.name in ("condition", "checks"):
            self.schedule_backtest()

    def schedule_backtest(self) -> None:
        """Re-run the backtest shortly after the user stops changing sources or thresholds."""
        if self._backtest_timer is not None:
            self._backtest_timer.stop()
        self._backtest_timer = self.set_timer(BACKTEST_DELAY, self.run_backtest)

    # --- reading ------------------------------------------------------------------------------

    def sources(self) -> list[RuleSource]:
        out: list[RuleSource] = []
        for key in self.query_one("#sources", Picker).selected:
            kind, _, rest = key.partition("|")
            if kind == "d":
                out.append(RuleSource(device_id=int(rest)))
            else:
                sid, _, mid = rest.partition("|")
                out.append(RuleSource(metric_id=mid, thing_id=int(sid)))
        return out

    def thresholds(self) -> list[Threshold]:
        return self.query_one("#thresholds", ThresholdRows).read(self.is_offline())

    def check(self) -> dict[str, str]:
        errors = self.name_errors()
        if not self.query_one("#sources", Picker).selected:
            what = "device" if self.is_offline() else "metric"
            errors["sources"] = f"Tick at least one {what} to watch."
        problems = self.query_one("#thresholds", ThresholdRows).problems(self.is_offline())
        if problems:
            errors["thresholds"] = "\n".join(problems)
        return errors

    async def submit(self) -> Any:
        name = self.query_one("#name", Input).value.strip()
        rules = self.client.rules
        if self.rule is not None:
            await rules.update(
                self.rule.id, name=name, sources=self.sources(), thresholds=self.thresholds()
            )
            return self.rule.id
        rule_type = RuleType.DEVICE_OFFLINE if self.is_offline() else RuleType.METRIC
        return await rules.create(
            name, rule_type, sources=self.sources(), thresholds=self.thresholds()
        )

    def success_message(self, result: Any) -> str:
        name = self.query_one("#name", Input).value.strip()
        return f"Rule {name!r} {'saved' if self.rule else 'created'}."

    # --- backtest -----------------------------------------------------------------------------

    @work(exclusive=True, group="backtest", exit_on_error=False)
    async def run_backtest(self) -> None:
        box = self.query_one("#backtest", Static)
        offline = self.is_offline()
        problems = self.query_one("#thresholds", ThresholdRows).problems(offline)
        keys = self.query_one("#sources", Picker).selected
        if not keys:
            box.update(Text("Backtest: tick at least one source to see what the rule would do."))
            return
        if problems:
            box.update(Text("Backtest waits for valid thresholds: " + problems[0]))
            return
        box.update(Text("Backtest: fetching the last week of history…"))
        now = _now(self.app)
        start = now - WEEK_MS
        labels = {i.value: i.label for i in self.query_one("#sources", Picker).items}
        try:
            if offline:
                devices = await fetch_device_stamps(
                    self.client, self.fleet, keys, labels, start=start, end=now
                )
                report = backtest_offline_rule(devices, self.thresholds(), now=now)
            else:
                series = await fetch_metric_samples(self.client, keys, labels, start=start, end=now)
                report = backtest_metric_rule(series, self.thresholds(), now=now)
        except IoTError as exc:
            box.update(Text(f"Backtest failed: {error_text(exc)}"))
            return
        box.update(render_report(report))


def _now(app: Any) -> int:
    clock = getattr(app, "clock", None)
    if clock is not None:
        return int(clock.now_ms())
    return int(datetime.now(UTC).timestamp() * 1000)
