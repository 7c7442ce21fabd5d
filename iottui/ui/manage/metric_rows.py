"""An editable list of metric rows (id, name, value type, unit), optionally with OPC-UA node ids."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select

from iottui.api.domain import nodeids_problems, read_metrics
from iottui.api.enums import COMMON_UNITS, UNIT_SYMBOLS, ValueType
from iottui.api.models import Metric
from iottui.ui.manage.common import clean
from iottui.ui.manage.form_style import compact

CUSTOM_UNIT = "custom"
VALUE_TYPES = [ValueType.DOUBLE, ValueType.INTEGER, ValueType.STRING, ValueType.BOOL]


@dataclass(frozen=True, slots=True)
class MetricRow:
    """What one row says."""

    metric: Metric
    node_id: str = ""


class MetricRowWidget(Horizontal):
    """One row: [node id] id, name, value type, unit, custom annotation, remove."""

    DEFAULT_CSS = """
    MetricRowWidget { height: auto; }
    MetricRowWidget Input { width: 1fr; }
    MetricRowWidget .node { width: 2fr; }
    MetricRowWidget Select { width: 14; }
    MetricRowWidget .unit { width: 22; }
    MetricRowWidget Button { min-width: 5; width: 5; }
    """

    def __init__(self, metric: Metric | None = None, node_id: str = "", *, opcua: bool) -> None:
        super().__init__(classes="metric-row")
        self._metric = metric
        self._node_id = node_id
        self._opcua = opcua

    def compose(self) -> ComposeResult:
        m = self._metric
        if self._opcua:
            yield Input(
                self._node_id, placeholder="ns=1;s=Folder.Item", classes="node", name="node"
            )
        yield Input(clean(m.id) if m else "", placeholder="metric id", name="id")
        yield Input(clean(m.name) if m else "", placeholder="name", name="mname")
        types = [(Text(str(v)), str(v)) for v in VALUE_TYPES]
        vtype = str(m.value_type) if m and m.value_type in VALUE_TYPES else "double"
        yield Select(types, value=vtype, allow_blank=False, name="vtype")
        units = [(Text("(no unit)"), "")]
        units += [
            (Text(f"{UNIT_SYMBOLS[u]} {u.rsplit('.', 1)[-1].lower()}"), u) for u in COMMON_UNITS
        ]
        units.append((Text("custom…"), CUSTOM_UNIT))
        unit = ""
        if m and m.value_unit in COMMON_UNITS:
            unit = m.value_unit
        elif m and m.value_annotation:
            unit = CUSTOM_UNIT
        yield Select(units, value=unit, allow_blank=False, classes="unit", name="unit")
        yield Input(
            clean(m.value_annotation) if m and m.value_annotation else "",
            placeholder="custom unit",
            name="annotation",
        )
        yield Button("−", name="remove", tooltip="Remove this metric")

    def on_mount(self) -> None:
        compact(self)

    def _input(self, name: str) -> str:
        return next(w for w in self.query(Input) if w.name == name).value.strip()

    def _select(self, name: str) -> str:
        value = next(w for w in self.query(Select) if w.name == name).value
        return value if isinstance(value, str) else ""

    def read(self) -> MetricRow:
        unit = self._select("unit")
        annotation = self._input("annotation")
        metric = Metric(
            id=self._input("id"),
            name=self._input("mname"),
            value_type=self._select("vtype") or "double",
            value_unit=unit if unit and unit != CUSTOM_UNIT else None,
            value_annotation=annotation or None,
        )
        return MetricRow(metric, self._input("node") if self._opcua else "")

    @on(Button.Pressed)
    def _remove(self, event: Button.Pressed) -> None:
        if event.button.name == "remove":
            event.stop()
            self.remove()


class MetricRows(Vertical):
    """The rows plus an "add metric" button; :meth:`read` and :meth:`problems` for the form."""

    DEFAULT_CSS = """
    MetricRows { height: auto; }
    MetricRows #add-metric { margin-top: 0; }
    """

    def __init__(
        self,
        metrics: list[Metric] | None = None,
        node_ids: dict[str, str] | None = None,
        *,
        opcua: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._initial = metrics or [None]  # type: ignore[list-item]
        self._node_ids = node_ids or {}
        self.opcua = opcua

    def compose(self) -> ComposeResult:
        for metric in self._initial:
            node = self._node_ids.get(metric.id, "") if metric else ""
            yield MetricRowWidget(metric, node, opcua=self.opcua)
        yield Button("+ metric", id="add-metric")

    @on(Button.Pressed, "#add-metric")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        self.mount(MetricRowWidget(opcua=self.opcua), before="#add-metric")

    def read(self) -> list[MetricRow]:
        return [row.read() for row in self.query(MetricRowWidget)]

    def problems(self) -> list[str]:
        """What is wrong with the rows, one message per problem, naming the row."""
        return row_problems(self.read(), opcua=self.opcua)


def row_problems(rows: Sequence[MetricRow], *, opcua: bool) -> list[str]:
    """The rows' problems by the domain rules (metric definitions, and node ids for an OPC-UA
    sensor), each naming its row: ``"Metric 2: metric id 'a b' must not contain blanks ..."``."""
    if not rows:
        return ["Add at least one metric."]
    items = [
        (
            r.metric.id,
            r.metric.name,
            r.metric.value_type,
            r.metric.value_unit,
            r.metric.value_annotation,
        )
        for r in rows
    ]
    _defs, problems = read_metrics(items)
    if opcua:
        pairs = [(r.node_id, r.metric.id) for r in rows]
        problems += nodeids_problems(pairs, None, "metrics")
    words = {
        "name": "the name ",
        "valueType": "the value type ",
        "valueAnnotation": "the custom unit ",
    }
    out: list[str] = []
    for problem in problems:
        match = re.match(r"metrics\[(\d+)\](?:\.(\w+))?", problem.field)
        where = f"Metric {int(match.group(1)) + 1}: " if match else ""
        what = words.get(match.group(2) or "", "") if match else ""
        out.append(f"{where}{what}{problem.message}")
    return out
