"""Request validation, before any I/O, with messages that name the offending field.

Each function raises :class:`~iottui.api.errors.ValidationError` (``field`` set) or returns the
normalised value. Responses are never validated here: parsing accepts what the server sends
(the document's own edge module example has a startup file without an extension).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from iottui.api.conditions import ConditionError, parse_metric_condition, parse_offline_duration
from iottui.api.defaults import MIN_SENSOR_FREQUENCY_S
from iottui.api.enums import ChannelType, Permission, RuleType, Severity
from iottui.api.errors import ValidationError
from iottui.api.models import Frequency, Metric, PortMapping, RuleSource, Threshold

__all__ = [
    "DOCKER_IMAGE_RE",
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
]

DOCKER_IMAGE_RE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_NODE_ID_RE = re.compile(r"^ns=\d+;[sigb]=[^']+$")
_NODEIDS_TOKEN_RE = re.compile(r"'([^']*)'\s+(\S+)")
_FREQUENCY_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600}


def validate_name(value: str, field: str = "name") -> str:
    """A non-empty name (surrounding blanks are removed)."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text, got {type(value).__name__}", field=field)
    text = value.strip()
    if not text:
        raise ValidationError(f"{field} must not be empty", field=field)
    return text


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
    """A frequency of a known unit whose length is at least ``minimum`` seconds."""
    if not isinstance(frequency, Frequency):
        raise ValidationError(f"{field} must be a Frequency", field=field)
    unit = frequency.type.lower()
    if unit not in _FREQUENCY_UNITS:
        known = ", ".join(_FREQUENCY_UNITS)
        raise ValidationError(
            f"{field}.type must be one of {known}, got {frequency.type!r}", field=f"{field}.type"
        )
    if isinstance(frequency.value, bool) or not isinstance(frequency.value, int):
        raise ValidationError(f"{field}.value must be an integer", field=f"{field}.value")
    if frequency.value * _FREQUENCY_UNITS[unit] < minimum:
        raise ValidationError(
            f"{field} must be at least {minimum} second{'s' if minimum != 1 else ''}, "
            f"got {frequency.value} {frequency.type}",
            field=f"{field}.value",
        )
    return Frequency(unit, frequency.value)


def validate_metrics(metrics: Sequence[Metric], field: str = "metrics") -> list[Metric]:
    """Metric definitions: at least one, ids non-empty without blanks and unique, names set."""
    items = list(metrics)
    if not items:
        raise ValidationError(f"{field} must contain at least one metric", field=field)
    seen: set[str] = set()
    for i, metric in enumerate(items):
        if not isinstance(metric, Metric):
            raise ValidationError(f"{field}[{i}] must be a Metric", field=f"{field}[{i}]")
        mid = metric.id
        if not isinstance(mid, str) or not mid.strip():
            raise ValidationError(f"{field}[{i}].id must not be empty", field=f"{field}[{i}].id")
        if any(c.isspace() for c in mid) or "'" in mid:
            raise ValidationError(
                f"{field}[{i}].id {mid!r} must not contain blanks or quotes",
                field=f"{field}[{i}].id",
            )
        if mid in seen:
            raise ValidationError(
                f"{field}[{i}].id {mid!r} is used twice; metric ids must be unique",
                field=f"{field}[{i}].id",
            )
        seen.add(mid)
        validate_name(metric.name, f"{field}[{i}].name")
        vtype = metric.value_type
        if not isinstance(vtype, str) or not vtype.strip():
            raise ValidationError(
                f"{field}[{i}].value_type must be e.g. double or string",
                field=f"{field}[{i}].value_type",
            )
        if metric.value_unit and vtype.strip().lower() in ("string", "bool", "boolean"):
            raise ValidationError(
                f"{field}[{i}]: a common unit ({metric.value_unit}) makes the metric a double; "
                f"it cannot be {vtype}",
                field=f"{field}[{i}].value_unit",
            )
    return items


def parse_nodeids(text: str) -> list[tuple[str, str]]:
    """``"'ns=1;s=A' a 'ns=1;s=B' b"`` -> ``[("ns=1;s=A", "a"), ("ns=1;s=B", "b")]``.

    Raises ValidationError when the text is not a sequence of quoted node ids, each followed by
    a metric id.
    """
    pairs: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _NODEIDS_TOKEN_RE.match(text, pos)
        if not match:
            raise ValidationError(
                f"nodeids must be pairs of 'quoted node id' and metric id separated by blanks, "
                f"e.g. \"'ns=1;s=Folder.Item.Temp' temp\"; cannot read from: {text[pos:]!r}",
                field="nodeids",
            )
        pairs.append((match.group(1), match.group(2)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return pairs


def format_nodeids(pairs: Sequence[tuple[str, str]]) -> str:
    """The wire form of (node id, metric id) pairs."""
    return " ".join(f"'{node}' {metric}" for node, metric in pairs)


def validate_nodeids(
    pairs: Sequence[tuple[str, str]], metrics: Sequence[Metric] | None, field: str = "nodeids"
) -> str:
    """(node id, metric id) pairs: node ids like ``ns=1;s=Folder.Item.Temp``, each metric id
    present in ``metrics`` (when given) and mapped once. Returns the wire form."""
    items = list(pairs)
    if not items:
        raise ValidationError(f"{field} must map at least one node id to a metric", field=field)
    known = None if metrics is None else {m.id for m in metrics}
    mapped: set[str] = set()
    for i, pair in enumerate(items):
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise ValidationError(
                f"{field}[{i}] must be a (node id, metric id) pair", field=f"{field}[{i}]"
            )
        node, metric_id = pair
        if not isinstance(node, str) or not _NODE_ID_RE.match(node.strip()):
            raise ValidationError(
                f"{field}[{i}]: node id {node!r} is not well formed; expected e.g. "
                "'ns=1;s=Folder.Item.Property' (ns=<index>;<s|i|g|b>=<identifier>, no quotes)",
                field=f"{field}[{i}]",
            )
        if not isinstance(metric_id, str) or not metric_id or any(c.isspace() for c in metric_id):
            raise ValidationError(
                f"{field}[{i}]: metric id {metric_id!r} must be non-empty without blanks",
                field=f"{field}[{i}]",
            )
        if known is not None and metric_id not in known:
            raise ValidationError(
                f"{field}[{i}]: metric id {metric_id!r} is not one of the sensor's metrics "
                f"({', '.join(sorted(known))})",
                field=f"{field}[{i}]",
            )
        if metric_id in mapped:
            raise ValidationError(
                f"{field}[{i}]: metric id {metric_id!r} is mapped twice", field=f"{field}[{i}]"
            )
        mapped.add(metric_id)
    return format_nodeids([(n.strip(), m) for n, m in items])


def validate_docker_image(name: str, field: str = "docker_image_name") -> str:
    if not isinstance(name, str) or not DOCKER_IMAGE_RE.match(name):
        raise ValidationError(
            f"{field} {name!r} must be 1 to 50 characters of A-Z, a-z, 0-9, _ and -",
            field=field,
        )
    return name


def validate_startup_file(path: str, field: str = "startup_file") -> str:
    """A path whose file name has an extension (``/home/service/run.sh``)."""
    if not isinstance(path, str) or not path.strip():
        raise ValidationError(f"{field} must be a file path", field=field)
    base = path.rstrip().rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not base or not dot or not stem or not ext or " " in ext:
        raise ValidationError(
            f"{field} {path!r} must name a file with an extension (e.g. /home/service/run.sh)",
            field=field,
        )
    return path


def validate_port_mappings(
    mappings: Sequence[PortMapping], field: str = "port_mapping"
) -> list[PortMapping]:
    items = list(mappings)
    for i, pm in enumerate(items):
        if not isinstance(pm, PortMapping):
            raise ValidationError(f"{field}[{i}] must be a PortMapping", field=f"{field}[{i}]")
        for name, port in (("host_port", pm.host_port), ("container_port", pm.container_port)):
            if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
                raise ValidationError(
                    f"{field}[{i}].{name} must be a port 1-65535, got {port!r}",
                    field=f"{field}[{i}].{name}",
                )
    return items


def validate_channel_target(
    channel_type: ChannelType | int | None, target: str, field: str = "target"
) -> str:
    """An email address for email channels (type 0), an http(s) URL for webhooks (type 1).

    With an unknown type (an update that does not say) either form is accepted.
    """
    if not isinstance(target, str) or not target.strip():
        raise ValidationError(f"{field} must not be empty", field=field)
    text = target.strip()
    is_email = bool(_EMAIL_RE.match(text))
    is_url = _is_http_url(text)
    if channel_type is not None and int(channel_type) == ChannelType.EMAIL:
        if not is_email:
            raise ValidationError(
                f"{field} {text!r} must be an email address for an email channel", field=field
            )
    elif channel_type is not None and int(channel_type) == ChannelType.WEBHOOK:
        if not is_url:
            raise ValidationError(
                f"{field} {text!r} must be an http:// or https:// URL for a webhook channel",
                field=field,
            )
    elif not (is_email or is_url):
        raise ValidationError(
            f"{field} {text!r} must be an email address or an http(s) URL", field=field
        )
    return text


def _is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in text


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
        if (
            isinstance(th.checkcount, bool)
            or not isinstance(th.checkcount, int)
            or th.checkcount < 1
        ):
            raise ValidationError(
                f"{field}[{i}].checkcount must be a positive integer, got {th.checkcount!r}",
                field=f"{field}[{i}].checkcount",
            )
        for j, name in enumerate(th.new_topics):
            validate_name(name, f"{field}[{i}].new_topics[{j}]")
    return items
