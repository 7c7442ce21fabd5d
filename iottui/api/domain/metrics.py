"""Metric definitions of a custom or OPC-UA sensor: id, name, value type, unit or custom unit.

One rule for all layers (before: the client allowed an integer with a common unit, the CLI
refused it, the simulator turned it into a double, the form allowed only ``[A-Za-z0-9_.-]`` ids):

- **id**: required; no blanks, quotes or hidden characters, at most :data:`METRIC_ID_MAX`. The
  document says the id is the key the sensor's script prints (``{"metricId": value}``), so any
  JSON key would do, but OPC-UA sensors map node ids to metric ids in one blank-separated string
  (``"'ns=1;s=A' temp"``) where a blank or a quote would split or end the id. The form's
  letters-digits-only rule is dropped: ``temp°`` or ``cpu/user`` are valid script keys.
- **name**: a name (:mod:`iottui.api.domain.names`).
- **value type**: ``double``, ``integer``, ``string`` or ``bool`` (any case), default ``double``.
- **common unit** (``valueUnit``): one of the document's common units (any case; sent in the
  document's spelling). The document: "Metric type will be a double in case of these units" —
  so a common unit with a value type other than double asks for a metric the server will not
  store as asked; it is refused everywhere (the simulator included) instead of changed silently.
- **custom unit** (``valueAnnotation``): free text, at most :data:`ANNOTATION_MAX` characters.
  A metric has one unit: a common unit and a custom unit together are refused.
- a sensor has 1 to :data:`METRICS_MAX` metrics with distinct ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE
from iottui.api.domain.names import name_problems, text_problems
from iottui.api.domain.problems import Problem, within
from iottui.api.domain.text import is_hidden
from iottui.api.enums import COMMON_UNITS

#: The value types of the document, in its spelling.
VALUE_TYPES: tuple[str, ...] = ("double", "integer", "string", "bool")
#: The longest metric id (the simulator's bound, kept for every layer).
METRIC_ID_MAX = 64
#: The longest custom unit.
ANNOTATION_MAX = 32
#: The most metrics one sensor holds.
METRICS_MAX = 100

_COMMON = {u.lower(): u for u in COMMON_UNITS}


@dataclass(frozen=True, slots=True)
class MetricDef:
    """A metric definition with its values normalised (trimmed, document spelling)."""

    id: str
    name: str
    value_type: str = DEFAULT_VALUE_TYPE
    value_unit: str | None = None
    value_annotation: str | None = None


def common_unit(text: str) -> str | None:
    """A common unit in the document's spelling (any case in), None if it is not one."""
    return _COMMON.get(text.strip().lower())


def split_unit(text: str | None) -> tuple[str | None, str | None]:
    """One "unit" input (CLI ``ID:NAME:TYPE:UNIT``, a form field) as (common unit, custom unit).

    A common unit, or anything spelled like one (``SI.`` / ``NoSI.``: refused later by
    :func:`metric_problems` if it is not in the list), is a common unit; any other text is a
    custom unit (``km/h``).
    """
    unit = (text or "").strip()
    if not unit:
        return None, None
    if common_unit(unit) is not None or unit.startswith(("SI.", "NoSI.")):
        return unit, None
    return None, unit


def metric_id_problems(value: object, field: str = "id") -> list[Problem]:
    """What is wrong with a metric id (nothing: an empty list)."""
    problems = text_problems(value, field, max_len=METRIC_ID_MAX, what="the metric id")
    if problems:
        return problems
    assert isinstance(value, str)
    mid = value.strip()
    bad = sorted({c for c in mid if c.isspace() or c in "'\"" or is_hidden(c)})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return [
            Problem(
                field,
                f"metric id {mid!r} must not contain blanks, quotes or control characters "
                f"({shown})",
            )
        ]
    return []


def read_metric(
    metric_id: object,
    name: object,
    value_type: object = None,
    value_unit: object = None,
    value_annotation: object = None,
) -> tuple[MetricDef | None, list[Problem]]:
    """One metric definition, normalised, and what is wrong with it (fields ``id``, ``name``,
    ``valueType``, ``valueUnit``, ``valueAnnotation``). The definition is None when there are
    problems."""
    out = metric_id_problems(metric_id, "id")
    out += name_problems(name, "name")
    vtype = DEFAULT_VALUE_TYPE
    if value_type is not None and (not isinstance(value_type, str) or value_type.strip()):
        vtype = value_type.strip().lower() if isinstance(value_type, str) else ""
        if vtype not in VALUE_TYPES:
            out.append(
                Problem("valueType", f"must be one of {', '.join(VALUE_TYPES)}, got {value_type!r}")
            )
    unit = _optional_text(value_unit, "valueUnit", 100, out)
    annotation = _optional_text(value_annotation, "valueAnnotation", ANNOTATION_MAX, out)
    if unit is not None:
        known = common_unit(unit)
        if known is None:
            out.append(Problem("valueUnit", f"{unit!r} is not one of the document's common units"))
        else:
            unit = known
            if vtype != "double":
                out.append(
                    Problem(
                        "valueUnit",
                        f"a common unit ({known}) makes the metric a double; it cannot be {vtype}",
                    )
                )
        if annotation is not None:
            out.append(
                Problem(
                    "valueAnnotation",
                    "give a common unit or a custom unit, not both",
                )
            )
    if out:
        return None, out
    assert isinstance(metric_id, str)
    assert isinstance(name, str)
    return MetricDef(metric_id.strip(), name.strip(), vtype, unit, annotation), []


def metric_problems(
    metric_id: object,
    name: object,
    value_type: object = None,
    value_unit: object = None,
    value_annotation: object = None,
) -> list[Problem]:
    """What is wrong with one metric definition (nothing: an empty list)."""
    return read_metric(metric_id, name, value_type, value_unit, value_annotation)[1]


def metrics_problems(metrics: Sequence[MetricDef | None], field: str = "metrics") -> list[Problem]:
    """The rules over a sensor's whole list: 1 to :data:`METRICS_MAX` metrics, distinct ids.

    ``None`` items (definitions that already had problems) only count.
    """
    if not metrics:
        return [Problem(field, "a sensor needs at least one metric")]
    if len(metrics) > METRICS_MAX:
        return [Problem(field, f"{len(metrics)} metrics; at most {METRICS_MAX} per sensor")]
    out: list[Problem] = []
    seen: set[str] = set()
    for i, m in enumerate(metrics):
        if m is None:
            continue
        if m.id in seen:
            out += within([Problem("id", f"metric id {m.id!r} is used twice")], f"{field}[{i}]")
        seen.add(m.id)
    return out


def read_metrics(
    items: Sequence[tuple[object, object, object, object, object]], field: str = "metrics"
) -> tuple[list[MetricDef], list[Problem]]:
    """A sensor's metric list from (id, name, value type, unit, custom unit) tuples."""
    defs: list[MetricDef | None] = []
    out: list[Problem] = []
    for i, item in enumerate(items):
        definition, problems = read_metric(*item)
        defs.append(definition)
        out += within(problems, f"{field}[{i}]")
    out += metrics_problems(defs, field)
    return [d for d in defs if d is not None], out


def _optional_text(value: object, field: str, max_len: int, out: list[Problem]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    problems = text_problems(value, field, max_len=max_len)
    out += problems
    return None if problems else str(value).strip()
