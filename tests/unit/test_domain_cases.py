"""One table of cases, four callers: the client's validation, the CLI's parsing, the sensor
form and the simulator each read the same inputs and present the same problem (or accept).

Each row is something the layers used to disagree on (issue 11 #3); the rule each follows is
in :mod:`iottui.api.domain`. A caller "presents" a problem in its own way (an exception, a form
message, a 400 answer); here each presentation is reduced to its text, which must contain the
row's expected fragment, or the caller must accept the input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from iottui.api.errors import ValidationError
from iottui.api.models import Frequency, Metric
from iottui.api.validate import validate_frequency, validate_metrics, validate_name
from iottui.api.validate import validate_nodeids as client_nodeids
from iottui.commands._parse import (
    parse_name,
)
from iottui.commands._payload import (
    Fields,
    payload_frequency,
)
from iottui.commands.sensors import _SensorInput
from iottui.sim.errors import SimError
from iottui.sim.handlers.sensors import parse_frequency, parse_metrics, parse_params
from iottui.sim.payload import Payload
from iottui.ui.manage.metric_rows import MetricRow, row_problems
from iottui.ui.manage.sensor_forms import field_problems

#: (id, name, value type, common unit, custom unit)
MetricIn = tuple[str, str, str | None, str | None, str | None]
TEMP: MetricIn = ("temp", "Temperature", None, None, None)


@dataclass(frozen=True)
class Case:
    """A sensor definition; ``expect`` is a fragment of the one problem, None to accept."""

    id: str
    expect: str | None
    name: str = "Sensor"
    frequency: tuple[str, int] = ("seconds", 10)
    metrics: tuple[MetricIn, ...] = (TEMP,)
    nodes: tuple[tuple[str, str], ...] | None = None  # (node id, metric id) of an OPC-UA sensor
    only: frozenset[str] = field(default_factory=frozenset)  # callers that can express it


CASES = [
    Case("valid custom sensor", None),
    Case("valid OPC-UA sensor", None, nodes=(("ns=1;s=Folder.Item.Temp", "temp"),)),
    Case(
        "numeric and GUID node ids",
        None,
        metrics=(TEMP, ("vel", "Velocity", None, None, None)),
        nodes=(("ns=2;i=5", "temp"), ("ns=0;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63", "vel")),
    ),
    Case(
        "integer with a common unit",
        "makes the metric a double",
        metrics=(("t", "T", "integer", "SI.Temperature.CELSIUS", None),),
    ),
    Case(
        "double with a common unit, any case",
        None,
        metrics=(("t", "T", "double", "si.temperature.celsius", None),),
    ),
    Case("metric id with a degree sign", None, metrics=(("temp°", "T", None, None, None),)),
    Case(
        "metric id with a blank",
        "must not contain blanks",
        metrics=(("a b", "T", None, None, None),),
    ),
    Case(
        "metric id with a quote",
        "must not contain blanks, quotes",
        metrics=(("it's", "T", None, None, None),),
    ),
    Case(
        "duplicate metric ids", "is used twice", metrics=(TEMP, ("temp", "Again", None, None, None))
    ),
    Case("metric without a name", "must not be empty", metrics=(("t", " ", None, None, None),)),
    Case("unknown value type", "must be one of double", metrics=(("t", "T", "float", None, None),)),
    Case(
        "unknown common unit",
        "not one of the document's common units",
        metrics=(("t", "T", None, "SI.Foo.BAR", None),),
        only=frozenset({"client", "cli", "sim"}),
    ),
    Case("common and custom unit", "not both", metrics=(("t", "T", None, "SI.Power.WATT", "W"),)),
    Case("custom unit", None, metrics=(("v", "Speed", "double", None, "km/h"),)),
    Case("no metrics", "at least one metric", metrics=()),
    Case(
        "frequency in hours",
        "must be seconds or minutes",
        frequency=("hours", 1),
        only=frozenset({"client", "cli", "form", "sim"}),
    ),
    Case("frequency zero", "from 1 to 86400", frequency=("seconds", 0)),
    Case("frequency of minutes", None, frequency=("minutes", 5)),
    Case("blank name", "must not be empty", name="   "),
    Case("name of 101 characters", "at most 100", name="n" * 101),
    Case("name with an escape", "without control characters", name="a\x1b[2Jb"),
    Case("name with a lone surrogate", "lone surrogate", name="a\ud800"),
    Case(
        "node id without ns",
        "is not like 'ns=1;s=Folder.Item.Property'",
        nodes=(("Folder.Item.Temp", "temp"),),
    ),
    Case(
        "string node id starting with a blank",
        "must not start with a blank",
        nodes=(("ns=1;s= x", "temp"),),
    ),
    Case(
        "numeric node id that is not a number",
        "a numeric identifier",
        nodes=(("ns=1;i=abc", "temp"),),
    ),
    Case(
        "metric without a node id",
        "has no node id",
        metrics=(TEMP, ("vel", "Velocity", None, None, None)),
        nodes=(("ns=1;s=A", "temp"),),
        only=frozenset({"client", "cli", "sim"}),
    ),
    Case(
        "metric mapped twice",
        "mapped twice",
        metrics=(TEMP, ("vel", "Velocity", None, None, None)),
        nodes=(("ns=1;s=A", "temp"), ("ns=1;s=B", "temp"), ("ns=1;s=C", "vel")),
        only=frozenset({"client", "cli", "sim"}),
    ),
]


def _metric(m: MetricIn) -> Metric:
    return Metric(m[0], m[1], m[2] if m[2] is not None else "double", m[3], m[4])


def client(case: Case) -> None:
    validate_name(case.name)
    validate_frequency(Frequency(*case.frequency))
    metrics = validate_metrics([_metric(m) for m in case.metrics])
    if case.nodes is not None:
        client_nodeids(list(case.nodes), metrics)


def cli(case: Case) -> None:
    """The CLI reads a --payload (or flags) into the client's values: its own checks first."""
    parse_name(case.name, "sensor")
    payload = Fields(
        {
            "frequency": {"type": case.frequency[0], "value": case.frequency[1]},
            "metrics": [
                {
                    k: v
                    for k, v in zip(
                        ("id", "name", "valueType", "valueUnit", "valueAnnotation"), m, strict=True
                    )
                    if v is not None
                }
                for m in case.metrics
            ],
            **({"nodeids": [list(n) for n in case.nodes]} if case.nodes is not None else {}),
        },
        "--payload",
    )
    payload_frequency(Fields(payload.raw("frequency"), "--payload: frequency"))
    data = _SensorInput(argparse.Namespace(), payload)
    data.check_metrics()
    if not case.metrics:  # `sensors create` requires --metric
        data.require(metrics="--metric")
        raise AssertionError("an empty metric list is not None")


def form(case: Case) -> None:
    """The sensor form: its field checks and its metric rows (one row per metric)."""
    errors = field_problems(case.name, Frequency(*case.frequency))
    nodes = dict((m, n) for n, m in case.nodes or ())
    rows = [
        MetricRow(_metric(m), nodes.get(m[0], "") if case.nodes is not None else "")
        for m in case.metrics
    ]
    problems = [*errors.values(), *row_problems(rows, opcua=case.nodes is not None)]
    if problems:
        raise ValueError(problems[0])


def sim(case: Case) -> None:
    """The simulator's readers of a sensor payload (as the create handler calls them)."""
    Payload({"name": case.name}, ("name",)).name()
    parse_frequency({"type": case.frequency[0], "value": case.frequency[1]})
    metrics = parse_metrics(
        [
            {
                k: v
                for k, v in zip(
                    ("id", "name", "valueType", "valueUnit", "valueAnnotation"), m, strict=True
                )
                if v is not None
            }
            for m in case.metrics
        ]
    )
    if case.nodes is not None:
        text = " ".join(f"'{n}' {m}" for n, m in case.nodes)
        parse_params({"nodeids": text}, metrics)


CALLERS: dict[str, Callable[[Case], None]] = {
    "client": client,
    "cli": cli,
    "form": form,
    "sim": sim,
}


def _presented(call: Callable[[Case], None], case: Case) -> str | None:
    try:
        call(case)
    except (ValidationError, ValueError) as exc:
        return str(exc)
    except SimError as exc:  # the simulator answers its status with the error shape's desc
        return f"{exc.kind.status} {exc.body()['error']['desc']}"
    return None


@pytest.mark.parametrize("caller", sorted(CALLERS))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_caller_presents_the_one_rule(case: Case, caller: str) -> None:
    if case.only and caller not in case.only:
        pytest.skip(f"the {caller} cannot express {case.id!r}")
    shown = _presented(CALLERS[caller], case)
    if case.expect is None:
        assert shown is None, shown
    else:
        assert shown is not None, f"{caller} accepted {case.id!r}"
        assert case.expect in shown, shown
        if caller == "sim":
            assert shown.startswith("400 "), shown


def test_the_table_covers_every_rule_module() -> None:
    """Names, frequencies, metric definitions and node ids each have refusals and acceptances."""
    expects: dict[str, Any] = {c.id: c.expect for c in CASES}
    assert sum(e is None for e in expects.values()) >= 6
    assert sum(e is not None for e in expects.values()) >= 18
