"""Request validation, before any I/O, with messages that name the offending field.

Each function raises :class:`~iottui.api.errors.ValidationError` (``field`` set) or returns the
normalised value. Responses are never validated here: parsing accepts what the server sends
(the document's own edge module example has a startup file without an extension).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from iottui.api.conditions import ConditionError, parse_metric_condition, parse_offline_duration
from iottui.api.defaults import MIN_SENSOR_FREQUENCY_S
from iottui.api.domain import (
    Problem,
    checkcount_problems,
    docker_image_problems,
    frequency_problems,
    frequency_seconds,
    frequency_unit,
    name_problems,
    nodeids_problems,
    port_mapping_problems,
    read_metrics,
    startup_file_problems,
    target_problems,
    timezone_problems,
)
from iottui.api.domain import format_nodeids as domain_format_nodeids
from iottui.api.domain import parse_nodeids as domain_parse_nodeids
from iottui.api.enums import ChannelType, Permission, RuleType, Severity
from iottui.api.errors import ValidationError
from iottui.api.models import Frequency, Metric, PortMapping, RuleSource, Threshold

__all__ = [
    "format_nodeids",
    "parse_nodeids",
    "validate_channel_target",
    "validate_condition",
    "validate_docker_image",
    "validate_frequency",
    "validate_id",
    "validate_ids",
    "validate_metrics",
    "validate_name",
    "validate_nodeids",
    "validate_permission",
    "validate_port_mappings",
    "validate_rule_sources",
    "validate_severity",
    "validate_startup_file",
    "validate_thresholds",
    "validate_timezone",
]


def validate_name(value: str, field: str = "name") -> str:
    """A name by :func:`iottui.api.domain.name_problems` (surrounding blanks are removed)."""
    _raise_first(name_problems(value, field))
    return value.strip()


#: Domain field names (the wire's) as the client's arguments name them.
_CLIENT_FIELDS = {
    "valueType": "value_type",
    "valueUnit": "value_unit",
    "valueAnnotation": "value_annotation",
    "hostPort": "host_port",
    "containerPort": "container_port",
}


def _raise_first(problems: Sequence[Problem]) -> None:
    """Present a domain rule's first problem as the client's ValidationError."""
    if problems:
        problem = problems[0]
        field = re.sub(
            r"[A-Za-z]+$", lambda m: _CLIENT_FIELDS.get(m.group(0), m.group(0)), problem.field
        )
        raise ValidationError(f"{field}: {problem.message}", field=field)


def validate_id(value: int | str, field: str = "id") -> int | str:
    """An id: a non-negative int or a non-empty string."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"{field} must be an id, got {type(value).__name__}", field=field)
    if isinstance(value, int) and value < 0:
        raise ValidationError(f"{field} must not be negative, got {value}", field=field)
    if isinstance(value, str) and not value.strip():
        raise ValidationError(f"{field} must not be empty", field=field)
    return value


def validate_ids(values: Iterable[int | str], field: str) -> list[int | str]:
    if isinstance(values, str | bytes):
        raise ValidationError(f"{field} must be a list of ids, not a single string", field=field)
    return [validate_id(v, f"{field}[{i}]") for i, v in enumerate(values)]


def validate_frequency(
    frequency: Frequency, field: str = "frequency", minimum: int = MIN_SENSOR_FREQUENCY_S
) -> Frequency:
    """A frequency by :func:`iottui.api.domain.frequency_problems`, at least ``minimum`` s."""
    if not isinstance(frequency, Frequency):
        raise ValidationError(f"{field} must be a Frequency", field=field)
    _raise_first(frequency_problems(frequency.type, frequency.value, field))
    unit = frequency_unit(frequency.type) or frequency.type
    if frequency_seconds(unit, frequency.value) < minimum:
        raise ValidationError(
            f"{field} must be at least {minimum} second{'s' if minimum != 1 else ''}, "
            f"got {frequency.value} {frequency.type}",
            field=f"{field}.value",
        )
    return Frequency(unit, frequency.value)


def validate_metrics(metrics: Sequence[Metric], field: str = "metrics") -> list[Metric]:
    """Metric definitions by :func:`iottui.api.domain.read_metrics`; returned normalised
    (trimmed, value type in lower case, common units in the document's spelling)."""
    items = list(metrics)
    for i, metric in enumerate(items):
        if not isinstance(metric, Metric):
            raise ValidationError(f"{field}[{i}] must be a Metric", field=f"{field}[{i}]")
    definitions, problems = read_metrics(
        [(m.id, m.name, m.value_type, m.value_unit, m.value_annotation) for m in items], field
    )
    _raise_first(problems)
    return [
        replace(
            m,
            id=d.id,
            name=d.name,
            value_type=d.value_type,
            value_unit=d.value_unit,
            value_annotation=d.value_annotation,
        )
        for m, d in zip(items, definitions, strict=True)
    ]


def parse_nodeids(text: str) -> list[tuple[str, str]]:
    """``"'ns=1;s=A' a 'ns=1;s=B' b"`` -> ``[("ns=1;s=A", "a"), ("ns=1;s=B", "b")]``, by
    :func:`iottui.api.domain.parse_nodeids`; raises ValidationError when it is not pairs."""
    pairs, problems = domain_parse_nodeids(text)
    _raise_first(problems)
    return pairs


def format_nodeids(pairs: Sequence[tuple[str, str]]) -> str:
    """The wire form of (node id, metric id) pairs."""
    return domain_format_nodeids(pairs)


def validate_nodeids(
    pairs: Sequence[tuple[str, str]], metrics: Sequence[Metric] | None, field: str = "nodeids"
) -> str:
    """(node id, metric id) pairs by :func:`iottui.api.domain.nodeids_problems` (each metric of
    ``metrics``, when given, mapped exactly once). Returns the wire form."""
    items = list(pairs)
    for i, pair in enumerate(items):
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise ValidationError(
                f"{field}[{i}] must be a (node id, metric id) pair", field=f"{field}[{i}]"
            )
    known = None if metrics is None else [m.id for m in metrics]
    cleaned = [(str(n).strip(), m) for n, m in items]
    _raise_first(nodeids_problems(cleaned, known, field))
    return domain_format_nodeids(cleaned)


def validate_docker_image(name: str, field: str = "docker_image_name") -> str:
    """A docker image name by :func:`iottui.api.domain.docker_image_problems`."""
    _raise_first(docker_image_problems(name, field))
    return name


def validate_startup_file(path: str, field: str = "startup_file") -> str:
    """A startup file by :func:`iottui.api.domain.startup_file_problems`."""
    _raise_first(startup_file_problems(path, field))
    return path


def validate_port_mappings(
    mappings: Sequence[PortMapping], field: str = "port_mapping"
) -> list[PortMapping]:
    """Port mappings by :func:`iottui.api.domain.port_mapping_problems`."""
    items = list(mappings)
    for i, pm in enumerate(items):
        if not isinstance(pm, PortMapping):
            raise ValidationError(f"{field}[{i}] must be a PortMapping", field=f"{field}[{i}]")
    _raise_first(port_mapping_problems([(p.host_port, p.container_port) for p in items], field))
    return items


def validate_channel_target(
    channel_type: ChannelType | int | None, target: str, field: str = "target"
) -> str:
    """A channel's target by :func:`iottui.api.domain.target_problems` (an email address
    for email channels, an http(s) URL for webhooks, either when the type is not known)."""
    kind = None if channel_type is None else int(channel_type)
    _raise_first(target_problems(kind, target, field))
    return target.strip()


def validate_timezone(value: str, field: str = "timezone_id") -> str:
    """A channel's time zone by :func:`iottui.api.domain.timezone_problems`."""
    _raise_first(timezone_problems(value, field))
    return value.strip()


def validate_severity(value: Severity | int, field: str = "severity") -> Severity:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= int(value) <= 4:
        raise ValidationError(
            f"{field} must be 1 (critical), 2 (major), 3 (minor) or 4 (warning), got {value!r}",
            field=field,
        )
    return Severity(int(value))


def validate_permission(value: Permission | int, field: str = "permission") -> Permission:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= int(value) <= 4:
        raise ValidationError(
            f"{field} must be 1 (read only), 2 (read/write), 3 (owned) or 4 (full access), "
            f"got {value!r}",
            field=field,
        )
    return Permission(int(value))


def validate_condition(rule_type: RuleType | int, condition: str, field: str = "condition") -> str:
    """``metric<op>number`` for metric rules, a positive duration for device-offline rules."""
    try:
        if int(rule_type) == RuleType.DEVICE_OFFLINE:
            parse_offline_duration(condition)
        else:
            parse_metric_condition(condition)
    except ConditionError as exc:
        raise ValidationError(f"{field}: {exc}", field=field) from None
    return condition.strip()


def validate_rule_sources(
    rule_type: RuleType | int, sources: Sequence[RuleSource], field: str = "sources"
) -> list[RuleSource]:
    """Metric rules need ``metric_id`` + ``thing_id`` (the sensor); offline rules ``device_id``."""
    items = list(sources)
    if not items:
        raise ValidationError(f"{field} must contain at least one source", field=field)
    offline = int(rule_type) == RuleType.DEVICE_OFFLINE
    for i, src in enumerate(items):
        if not isinstance(src, RuleSource):
            raise ValidationError(f"{field}[{i}] must be a RuleSource", field=f"{field}[{i}]")
        if offline:
            if src.device_id is None:
                raise ValidationError(
                    f"{field}[{i}].device_id is required for a device-offline rule",
                    field=f"{field}[{i}].device_id",
                )
        else:
            if not src.metric_id:
                raise ValidationError(
                    f"{field}[{i}].metric_id is required for a metric rule",
                    field=f"{field}[{i}].metric_id",
                )
            if src.thing_id is None:
                raise ValidationError(
                    f"{field}[{i}].thing_id (the sensor id) is required for a metric rule",
                    field=f"{field}[{i}].thing_id",
                )
    return items


def validate_thresholds(
    rule_type: RuleType | int, thresholds: Sequence[Threshold], field: str = "thresholds"
) -> list[Threshold]:
    items = list(thresholds)
    if not items:
        raise ValidationError(f"{field} must contain at least one threshold", field=field)
    for i, th in enumerate(items):
        if not isinstance(th, Threshold):
            raise ValidationError(f"{field}[{i}] must be a Threshold", field=f"{field}[{i}]")
        validate_condition(rule_type, th.condition, f"{field}[{i}].condition")
        validate_severity(th.severity, f"{field}[{i}].severity")
        _raise_first(checkcount_problems(th.checkcount, f"{field}[{i}].checkcount"))
        for j, name in enumerate(th.new_topics):
            validate_name(name, f"{field}[{i}].new_topics[{j}]")
    return items
