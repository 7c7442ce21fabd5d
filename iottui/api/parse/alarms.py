"""Parsers of rules and alarms."""

from __future__ import annotations

from typing import Any

from iottui.api.domain.defaults import DEFAULT_CHECKCOUNT
from iottui.api.enums import AlarmStatus, AlarmType, RuleState, RuleType, Severity
from iottui.api.models import (
    Alarm,
    AlarmCloseResult,
    AlarmDetails,
    AlarmSource,
    ChangeLogEntry,
    Rule,
    RuleSource,
    Threshold,
)
from iottui.api.parse.core import (
    _ALARM_STATUSES,
    _ALARM_TYPES,
    _RULE_STATES,
    _RULE_TYPES,
    _SEVERITIES,
    _each,
    _enum,
    _extra,
    _id_str,
    _int_or,
    _nested,
    _obj,
    _opt_int,
    _opt_str,
    _req_enum,
    _req_int,
    _req_str,
    _str_or,
    _str_tuple,
)

_SOURCE_KEYS = frozenset(
    {"metricid", "thingid", "deviceid", "devicename", "sensorname", "metricname"}
)
_THRESHOLD_KEYS = frozenset({"condition", "severity", "checkcount", "topicids", "newtopics"})
_RULE_KEYS = frozenset({"id", "name", "ruletype", "activeflag", "sources", "thresholds"})


def _rule_source(value: Any, path: str) -> RuleSource:
    low = _obj(value, path)
    return RuleSource(
        metric_id=_opt_str(low, "metricid", path),
        thing_id=_opt_int(low, "thingid", path),
        device_id=_opt_int(low, "deviceid", path),
        device_name=_opt_str(low, "devicename", path),
        sensor_name=_opt_str(low, "sensorname", path),
        metric_name=_opt_str(low, "metricname", path),
        extra=_extra(value, low, _SOURCE_KEYS),
    )


def _threshold(value: Any, path: str) -> Threshold:
    low = _obj(value, path)
    severity = _enum(Severity, _SEVERITIES, low, "severity", path)
    return Threshold(
        condition=_req_str(low, "condition", path),
        severity=Severity.CRITICAL if severity is None else severity,
        checkcount=_int_or(low, "checkcount", path, DEFAULT_CHECKCOUNT),
        topic_ids=_str_tuple(low.get("topicids"), f"{path}.topicIds"),
        new_topics=_str_tuple(low.get("newtopics"), f"{path}.newTopics"),
        extra=_extra(value, low, _THRESHOLD_KEYS),
    )


def _rule(item: Any, ipath: str) -> Rule:
    low = _obj(item, ipath)
    rtype = _enum(RuleType, _RULE_TYPES, low, "ruletype", ipath)
    state = _enum(RuleState, _RULE_STATES, low, "activeflag", ipath)
    return Rule(
        id=_id_str(low),
        name=_str_or(low, "name", ipath),
        rule_type=RuleType.METRIC if rtype is None else rtype,
        state=RuleState.ACTIVE if state is None else state,
        sources=_nested(low.get("sources"), f"{ipath}.sources", _rule_source),
        thresholds=_nested(low.get("thresholds"), f"{ipath}.thresholds", _threshold),
        extra=_extra(item, low, _RULE_KEYS),
    )


def parse_rules(value: Any, path: str) -> list[Rule]:
    return _each(value, path, _rule)


_CHANGELOG_KEYS = frozenset({"prop", "prevval", "currentval", "closetime", "userid"})


def _changelog(value: Any, path: str) -> ChangeLogEntry:
    low = _obj(value, path)
    return ChangeLogEntry(
        prop=_str_or(low, "prop", path, "status"),
        prev_val=_opt_str(low, "prevval", path),
        current_val=_opt_str(low, "currentval", path),
        close_time=_opt_int(low, "closetime", path),
        user_id=_opt_str(low, "userid", path),
        extra=_extra(value, low, _CHANGELOG_KEYS),
    )


_DETAILS_KEYS = frozenset(
    {"device", "sensor", "metric", "condition", "value", "conscheck", "offlineduration"}
)
_ALARM_SOURCE_KEYS = frozenset({"sourcekey", "id", "details"})
_ALARM_KEYS = frozenset(
    {"id", "severity", "status", "type", "opentime", "description", "source", "changelog"}
)


def _alarm_source(value: Any, path: str) -> AlarmSource | None:
    if value is None:
        return None
    low = _obj(value, path)
    details_raw = low.get("details")
    details = AlarmDetails()
    if details_raw is not None:
        dpath = f"{path}.details"
        dlow = _obj(details_raw, dpath)
        details = AlarmDetails(
            device=_opt_str(dlow, "device", dpath),
            sensor=_opt_str(dlow, "sensor", dpath),
            metric=_opt_str(dlow, "metric", dpath),
            condition=_opt_str(dlow, "condition", dpath),
            value=_opt_str(dlow, "value", dpath),
            cons_check=_opt_str(dlow, "conscheck", dpath),
            offline_duration=_opt_str(dlow, "offlineduration", dpath),
            extra=_extra(details_raw, dlow, _DETAILS_KEYS),
        )
    return AlarmSource(
        source_key=_str_or(low, "sourcekey", path),
        id=_opt_str(low, "id", path),
        details=details,
        extra=_extra(value, low, _ALARM_SOURCE_KEYS),
    )


def parse_alarm(value: Any, path: str) -> Alarm:
    low = _obj(value, path)
    changelog_raw = low.get("changelog")
    if type(changelog_raw) is dict:
        changelog_raw = [changelog_raw]
    return Alarm(
        id=_id_str(low),
        severity=_req_enum(Severity, _SEVERITIES, low, "severity", path),
        status=_req_enum(AlarmStatus, _ALARM_STATUSES, low, "status", path),
        type=_req_enum(AlarmType, _ALARM_TYPES, low, "type", path),
        open_time=_req_int(low, "opentime", path),
        description=_str_or(low, "description", path),
        source=_alarm_source(low.get("source"), f"{path}.source"),
        changelog=_nested(changelog_raw, f"{path}.changeLog", _changelog),
        extra=_extra(value, low, _ALARM_KEYS),
    )


def parse_alarms(value: Any, path: str) -> list[Alarm]:
    return _each(value, path, parse_alarm)


_CLOSE_KEYS = frozenset({"id", "status", "changelog", "userid", "opentime"})


def parse_alarm_close(value: Any, path: str) -> AlarmCloseResult:
    """``data`` of Close Alarm: the alarm's id, status and the changelog entry written."""
    low = _obj(value, path)
    changelog_raw = low.get("changelog")
    entry: ChangeLogEntry | None = None
    if type(changelog_raw) is list:
        if changelog_raw:
            entry = _changelog(changelog_raw[-1], f"{path}.changelog[{len(changelog_raw) - 1}]")
    elif changelog_raw is not None:
        entry = _changelog(changelog_raw, f"{path}.changelog")
    status = _enum(AlarmStatus, _ALARM_STATUSES, low, "status", path)
    return AlarmCloseResult(
        id=_req_str(low, "id", path),
        status=AlarmStatus.CLOSED if status is None else status,
        changelog=entry,
        user_id=_opt_str(low, "userid", path),
        open_time=_opt_int(low, "opentime", path),
        extra=_extra(value, low, _CLOSE_KEYS),
    )
