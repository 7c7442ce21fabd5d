"""Parsing of command-line values: durations, times, ids, enum names, compact specs.

JSON payloads (``--payload``, ``--payload-file``) are read by :mod:`iottui.commands._payload`.

Every parser raises :class:`iottui.api.errors.ValidationError` with the option's name in
``field`` and a message that says what was expected, so a typo exits with code 2 and a clear
line on stderr before any request is made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from iottui.api.conditions import ConditionError, parse_metric_condition, parse_offline_duration
from iottui.api.domain import (
    DEFAULT_CHECKCOUNT,
    Problem,
    checkcount_problems,
    frequency_problems,
    name_problems,
    parse_nodeids,
    port_mapping_problems,
    read_metric,
    split_unit,
)
from iottui.api.enums import OpenIntEnum, RuleType, Severity
from iottui.api.errors import ValidationError
from iottui.api.models import Frequency, Metric, PortMapping, RuleSource, Threshold

E = TypeVar("E", bound=OpenIntEnum)
T = TypeVar("T")

_UNITS_MS: dict[str, int] = {
    "ms": 1,
    "s": 1000,
    "sec": 1000,
    "secs": 1000,
    "second": 1000,
    "seconds": 1000,
    "m": 60_000,
    "min": 60_000,
    "mins": 60_000,
    "minute": 60_000,
    "minutes": 60_000,
    "h": 3_600_000,
    "hr": 3_600_000,
    "hour": 3_600_000,
    "hours": 3_600_000,
    "d": 86_400_000,
    "day": 86_400_000,
    "days": 86_400_000,
    "w": 604_800_000,
    "week": 604_800_000,
    "weeks": 604_800_000,
}
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$", re.IGNORECASE)
#: Epoch milliseconds below this (3 March 1973) are almost surely epoch seconds.
_MIN_EPOCH_MS = 100_000_000_000
#: The last millisecond of the year 9999: later times cannot even be printed.
_MAX_EPOCH_MS = 253_402_300_799_999
#: The longest duration taken (100 years): beyond it, a "range" or "since" means nothing.
_MAX_DURATION_MS = 100 * 365 * 86_400_000


def parse_number(text: str | float, *, option: str) -> float:
    """A finite number (``nan``, ``inf`` and overflowing values such as ``1e400`` are refused)."""
    try:
        value = float(str(text).strip())
    except ValueError:
        raise ValidationError(f"{option}: {text!r} is not a number", field=option) from None
    if not math.isfinite(value):
        raise ValidationError(
            f"{option}: {text!r} is not a finite number (nan, inf and values beyond "
            "±1.8e308 are refused)",
            field=option,
        )
    return value


def parse_duration_ms(text: str, *, option: str) -> int:
    """``5m``, ``24h``, ``1.5h``, ``30s``, ``500ms``, ``7d``, ``2w`` -> milliseconds (> 0)."""
    match = _DURATION_RE.match(text or "")
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS_MS:
        raise ValidationError(
            f"{option}: {text!r} is not a duration; use a number and a unit "
            "(ms, s, m, h, d, w), e.g. 30s, 5m, 24h, 7d",
            field=option,
        )
    amount = float(match.group(1)) * _UNITS_MS[unit]
    if not math.isfinite(amount) or amount > _MAX_DURATION_MS:
        raise ValidationError(f"{option}: {text!r} is longer than 100 years", field=option)
    millis = round(amount)
    if millis <= 0:
        raise ValidationError(f"{option}: the duration must be positive", field=option)
    return millis


def parse_time_ms(text: str, *, now_ms: int, option: str) -> int:
    """A point in time: ``now``, ``-2h`` (relative to now), epoch ms, or ISO 8601.

    ISO times without an offset are read as local time; ``Z`` or ``+02:00`` are honoured.
    """
    value = (text or "").strip()
    if value.lower() == "now":
        return now_ms
    if value.startswith("-") and not _digits(value[1:]):
        return now_ms - parse_duration_ms(value[1:], option=option)
    if _digits(value):
        if len(value) > len(str(_MAX_EPOCH_MS)) or int(value) > _MAX_EPOCH_MS:
            raise ValidationError(
                f"{option}: {value[:20]}{'…' if len(value) > 20 else ''} is after the year 9999",
                field=option,
            )
        number = int(value)
        if number < _MIN_EPOCH_MS:
            raise ValidationError(
                f"{option}: {value} looks like epoch seconds; times are epoch milliseconds "
                f"(try {value}000) or ISO 8601",
                field=option,
            )
        return number
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"{option}: {text!r} is not a time; use ISO 8601 (2026-11-25T10:00:00Z), "
            "epoch milliseconds, 'now' or a relative time like -2h",
            field=option,
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return int(moment.timestamp() * 1000)


def _digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` also says yes to "²" and other digit characters)."""
    return text.isascii() and text.isdigit()


def resolve_range(
    *,
    now_ms: int,
    since: str | None,
    start: str | None,
    end: str | None,
    default_ms: int | None,
    since_option: str = "--since",
) -> tuple[int | None, int | None]:
    """``--since``/``--range`` or ``--start``/``--end`` as ``(start, end)`` epoch ms.

    Returns ``(None, None)`` when nothing is given and there is no default.
    """
    if since is not None and start is not None:
        raise ValidationError(f"use either {since_option} or --start, not both", field="--start")
    end_ms = parse_time_ms(end, now_ms=now_ms, option="--end") if end is not None else now_ms
    if since is not None:
        start_ms: int | None = end_ms - parse_duration_ms(since, option=since_option)
    elif start is not None:
        start_ms = parse_time_ms(start, now_ms=now_ms, option="--start")
    elif default_ms is not None:
        start_ms = end_ms - default_ms
    elif end is None:
        return None, None
    else:
        raise ValidationError(f"--end needs --start or {since_option}", field="--end")
    assert start_ms is not None
    if start_ms >= end_ms:
        raise ValidationError("the start of the time range must be before its end", field="--start")
    return start_ms, end_ms


def parse_frequency(text: str, *, option: str = "--frequency") -> Frequency:
    """``10s``, ``10``, ``5m``, ``1h``, ``10 seconds`` -> Frequency (seconds or minutes, >= 1 s)."""
    value = (text or "").strip()
    if value.isdigit():
        seconds = int(value)
    else:
        millis = parse_duration_ms(value, option=option)
        if millis % 1000:
            raise ValidationError(f"{option}: a frequency is whole seconds", field=option)
        seconds = millis // 1000
    frequency = Frequency("minutes", seconds // 60) if seconds and seconds % 60 == 0 else None
    frequency = frequency or Frequency("seconds", seconds)
    refuse(frequency_problems(frequency.type, frequency.value, "frequency"), option)
    return frequency


def parse_whole(text: str | int, *, option: str, what: str) -> int:
    """A whole number, negative too (``"-3"``)."""
    try:
        return int(str(text).strip())
    except ValueError:
        raise ValidationError(
            f"{option}: {what} {text!r} must be a whole number", field=option
        ) from None


def parse_int_id(text: str | int, *, option: str, what: str = "id") -> int:
    number = parse_whole(text, option=option, what=what)
    if number < 0:
        raise ValidationError(f"{option}: {what} must not be negative", field=option)
    return number


def parse_str_id(text: str, *, option: str, what: str = "id") -> str:
    value = str(text).strip()
    if not value:
        raise ValidationError(f"{option}: the {what} must not be empty", field=option)
    return value


def replacement(
    given: Sequence[str] | None,
    clear: bool,
    parse: Callable[[Sequence[str]], list[T]],
    *,
    option: str,
) -> list[T] | None:
    """A repeatable option that replaces a whole list (``--channel``) and its twin that
    empties it (``--no-channels``): the new list, ``[]``, or None when neither is given."""
    if clear:
        if given:
            clear_option = f"--no-{option.removeprefix('--')}s"
            raise ValidationError(f"use either {option} or {clear_option}", field=clear_option)
        return []
    return parse(given) if given else None


def parse_str_ids(values: Iterable[str] | None, *, option: str, what: str = "id") -> list[str]:
    """Non-empty ids (or names) from a repeatable option, in order, without repeats."""
    return unique(parse_str_id(v, option=option, what=what) for v in values or ())


def parse_name(value: str | None, what: str, *, option: str = "--name") -> str:
    """A name that is not blank (``what``, e.g. "topic", says whose in the message)."""
    problems = name_problems(value, option)
    if problems:
        raise ValidationError(f"{option}: the {what} name {problems[0].message}", field=option)
    assert value is not None
    return value.strip()


def norm_key(name: str) -> str:
    """A key or enum word compared loosely: lowercase letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


#: Extra words accepted for enum members (normalised: lowercase letters and digits only).
_ALIASES: dict[str, dict[str, str]] = {
    "RuleType": {"offline": "DEVICE_OFFLINE", "device": "DEVICE_OFFLINE", "threshold": "METRIC"},
    "Permission": {
        "read": "READ_ONLY",
        "ro": "READ_ONLY",
        "rw": "READ_WRITE",
        "write": "READ_WRITE",
        "owner": "OWNED",
        "full": "FULL_ACCESS",
    },
    "WidgetType": {"status": "STATUS_INDICATOR"},
    "TemperatureUnit": {"c": "CELSIUS", "f": "FAHRENHEIT"},
    "AxisType": {"multi": "MULTIPLE"},
    "ScalingType": {"automatic": "AUTO"},
}


def parse_enum(enum_cls: type[E], text: str | int, *, option: str) -> E:
    """An int enum by number or by name/label, case- and punctuation-insensitive.

    ``critical``, ``1``, ``read-write``, ``Read/Write``, ``offline``, ``device_offline`` ...
    """
    raw = str(text).strip()
    if raw.isdigit():
        member = enum_cls(int(raw))
        if member.known:
            return member
    key = norm_key(raw)
    alias = _ALIASES.get(enum_cls.__name__, {}).get(key)
    if alias is not None:
        return enum_cls[alias]
    for member in enum_cls:
        if key and key in (norm_key(member.name), norm_key(member.label)):
            return member
    choices = ", ".join(f"{m.name.lower().replace('_', '-')} ({int(m)})" for m in enum_cls)
    raise ValidationError(f"{option}: {text!r} is not one of: {choices}", field=option)


def parse_str_choice(enum_cls: type[Enum], text: str, *, option: str) -> Any:
    for member in enum_cls:
        if str(member.value).lower() == text.strip().lower():
            return member
    choices = ", ".join(str(m.value) for m in enum_cls)
    raise ValidationError(f"{option}: {text!r} is not one of: {choices}", field=option)


# --- compact specs --------------------------------------------------------------------------


def make_metric(
    metric_id: str,
    name: str,
    value_type: str | None,
    unit: str | None,
    *,
    option: str,
    annotation: str | None = None,
) -> Metric:
    """A metric for a sensor create/update, by the one rule of :mod:`iottui.api.domain.metrics`.

    ``unit`` may be a common unit or free text (``km/h``), which becomes the custom unit.
    """
    value_unit, note = split_unit(unit)
    definition, problems = read_metric(
        metric_id, name, value_type, value_unit, note if note is not None else annotation
    )
    refuse(problems, option)
    assert definition is not None
    return Metric(
        id=definition.id,
        name=definition.name,
        value_type=definition.value_type,
        value_unit=definition.value_unit,
        value_annotation=definition.value_annotation,
    )


def refuse(problems: Sequence[Problem], option: str) -> None:
    """Present a domain rule's first problem as the CLI's usage error for ``option``."""
    if problems:
        raise ValidationError(f"{option}: {problems[0]}", field=option)


def parse_metric_spec(text: str, *, option: str = "--metric") -> Metric:
    """``ID:NAME[:TYPE[:UNIT]]``; UNIT is a common unit (SI.Temperature.CELSIUS) or free text
    (``km/h``), which becomes the metric's custom annotation."""
    parts = text.split(":", 3)
    if len(parts) < 2:
        raise ValidationError(
            f"{option}: {text!r} is not ID:NAME[:TYPE[:UNIT]] "
            "(e.g. temp:Temperature:double:SI.Temperature.CELSIUS)",
            field=option,
        )
    return make_metric(
        parts[0],
        parts[1],
        parts[2] if len(parts) > 2 else None,
        parts[3] if len(parts) > 3 else None,
        option=option,
    )


def parse_node_spec(text: str, *, option: str = "--node") -> tuple[str, str]:
    """``METRIC_ID=NODE_ID`` (``temp=ns=1;s=Folder.Item.Temp``) -> (node id, metric id)."""
    metric_id, sep, node_id = text.partition("=")
    if not sep or not metric_id.strip() or not node_id.strip():
        raise ValidationError(
            f"{option}: {text!r} is not METRIC_ID=NODE_ID (e.g. temp=ns=1;s=Folder.Item.Temp)",
            field=option,
        )
    return node_id.strip(), metric_id.strip()


def parse_nodeids_string(text: str, *, option: str) -> list[tuple[str, str]]:
    """The document's ``"'ns=1;s=A' temp 'ns=1;s=B' vel"`` form -> [(node id, metric id)]."""
    pairs, problems = parse_nodeids(text)
    refuse(problems, option)
    return pairs


def check_condition(condition: str, rule_type: RuleType | None, *, option: str) -> str:
    """Validate a threshold condition for a rule type (either kind when the type is unknown)."""
    try:
        if rule_type == RuleType.DEVICE_OFFLINE:
            parse_offline_duration(condition)
        elif rule_type == RuleType.METRIC:
            parse_metric_condition(condition)
        else:
            try:
                parse_metric_condition(condition)
            except ConditionError:
                parse_offline_duration(condition)
    except ConditionError as exc:
        raise ValidationError(f"{option}: {exc}", field=option) from None
    return condition.strip()


def parse_threshold_spec(
    text: str,
    rule_type: RuleType | None,
    *,
    topic_ids: Sequence[str] = (),
    new_topics: Sequence[str] = (),
    option: str = "--threshold",
) -> Threshold:
    """``CONDITION[:SEVERITY[:CHECKCOUNT]]``: ``metric>=60:critical:2`` or ``22:1`` (offline)."""
    parts = text.split(":")
    if len(parts) > 3 or not parts[0].strip():
        raise ValidationError(
            f"{option}: {text!r} is not CONDITION[:SEVERITY[:CHECKCOUNT]] "
            "(e.g. metric>=60:critical:2, or 22:major for 22 minutes offline)",
            field=option,
        )
    condition = check_condition(parts[0], rule_type, option=option)
    severity = Severity.CRITICAL
    if len(parts) > 1 and parts[1].strip():
        severity = parse_enum(Severity, parts[1], option=option)
    checkcount = DEFAULT_CHECKCOUNT
    if len(parts) > 2 and parts[2].strip():
        # a whole number (negative too: the domain rule says what is wrong with it)
        checkcount = parse_whole(parts[2], option=option, what="checkcount")
        refuse(checkcount_problems(checkcount), option)
    return Threshold(
        condition=condition,
        severity=severity,
        checkcount=checkcount,
        topic_ids=tuple(topic_ids),
        new_topics=tuple(new_topics),
    )


def parse_source_spec(text: str, *, option: str = "--source") -> RuleSource:
    """``SENSOR_ID:METRIC_ID`` -> a metric rule source."""
    sensor, sep, metric = text.partition(":")
    if not sep or not metric.strip():
        raise ValidationError(
            f"{option}: {text!r} is not SENSOR_ID:METRIC_ID (e.g. 106631:temp)", field=option
        )
    return RuleSource(
        metric_id=metric.strip(), thing_id=parse_int_id(sensor, option=option, what="sensor id")
    )


def parse_sensor_metric(text: str, *, option: str = "--metric") -> tuple[int, str]:
    """``SENSOR_ID:METRIC_ID`` -> (sensor id, metric id)."""
    source = parse_source_spec(text, option=option)
    assert source.thing_id is not None
    assert source.metric_id is not None
    return source.thing_id, source.metric_id


def parse_port_mapping(text: str, *, option: str = "--port") -> PortMapping:
    """``HOST:CONTAINER`` (``8080:80``)."""
    host, sep, container = text.partition(":")
    if not sep:
        raise ValidationError(f"{option}: {text!r} is not HOST_PORT:CONTAINER_PORT", field=option)
    ports = [parse_whole(p, option=option, what="port") for p in (host, container)]
    refuse(port_mapping_problems([(ports[0], ports[1])], "port"), option)
    return PortMapping(host_port=ports[0], container_port=ports[1])


def parse_bool(text: str, *, option: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "on", "true", "yes", "enable", "enabled"):
        return True
    if value in ("0", "off", "false", "no", "disable", "disabled"):
        return False
    raise ValidationError(f"{option}: {text!r} is not on/off", field=option)


def unique(values: Iterable[Any]) -> list[Any]:
    """Values in order without repeats."""
    seen: set[Any] = set()
    out = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out
