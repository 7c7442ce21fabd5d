"""Parsers of notification topics and channels."""

from __future__ import annotations

from typing import Any

from iottui.api.enums import ChannelState, ChannelType
from iottui.api.models import Channel, TimeZone, Topic, TopicChannel, TopicRef
from iottui.api.parse.core import (
    _CHANNEL_STATES,
    _CHANNEL_TYPES,
    _each,
    _enum,
    _extra,
    _id_str,
    _nested,
    _obj,
    _opt_str,
    _str_or,
)

_TOPIC_CHANNEL_KEYS = frozenset({"id", "name", "target"})
_TOPIC_KEYS = frozenset({"id", "name", "channels"})


def _topic_channel(ch: Any, jpath: str) -> TopicChannel:
    if type(ch) is str:  # a bare channel id
        return TopicChannel(id=ch, name="")
    clow = _obj(ch, jpath)
    return TopicChannel(
        id=_id_str(clow),
        name=_str_or(clow, "name", jpath),
        target=_str_or(clow, "target", jpath),
        extra=_extra(ch, clow, _TOPIC_CHANNEL_KEYS),
    )


def _topic(item: Any, ipath: str) -> Topic:
    low = _obj(item, ipath)
    return Topic(
        id=_id_str(low),
        name=_str_or(low, "name", ipath),
        channels=_nested(low.get("channels"), f"{ipath}.channels", _topic_channel),
        extra=_extra(item, low, _TOPIC_KEYS),
    )


def parse_topics(value: Any, path: str) -> list[Topic]:
    return _each(value, path, _topic)


_CHANNEL_KEYS = frozenset(
    {"id", "name", "type", "activeflag", "target", "timezone", "topicinfos", "timezoneid"}
)


def _timezone(low: dict[str, Any], path: str) -> TimeZone | None:
    tz_raw = low.get("timezone")
    if tz_raw is not None:
        tpath = f"{path}.timezone"
        if type(tz_raw) is str:
            return _timezone_from_id(tz_raw)
        tlow = _obj(tz_raw, tpath)
        return TimeZone(name=_str_or(tlow, "name", tpath), offset=_str_or(tlow, "offset", tpath))
    tz_id = _opt_str(low, "timezoneid", path)
    return None if tz_id is None else _timezone_from_id(tz_id)


def _timezone_from_id(text: str) -> TimeZone:
    """``"GMT+02:00 Europe/Berlin"`` -> TimeZone("Europe/Berlin", "GMT+02:00")."""
    offset, _, name = text.strip().partition(" ")
    if not name:
        return (
            TimeZone(name=offset)
            if not offset.upper().startswith("GMT")
            else TimeZone(name="", offset=offset)
        )
    return TimeZone(name=name.strip(), offset=offset)


def _topic_ref(t: Any, jpath: str) -> TopicRef:
    if type(t) is str:
        return TopicRef(id=t, name="")
    tlow = _obj(t, jpath)
    return TopicRef(id=_id_str(tlow), name=_str_or(tlow, "name", jpath))


def _channel(item: Any, ipath: str) -> Channel:
    low = _obj(item, ipath)
    ctype = _enum(ChannelType, _CHANNEL_TYPES, low, "type", ipath)
    state = _enum(ChannelState, _CHANNEL_STATES, low, "activeflag", ipath)
    return Channel(
        id=_id_str(low),
        name=_str_or(low, "name", ipath),
        type=ChannelType.EMAIL if ctype is None else ctype,
        state=ChannelState.ACTIVE if state is None else state,
        target=_str_or(low, "target", ipath),
        timezone=_timezone(low, ipath),
        topics=_nested(low.get("topicinfos"), f"{ipath}.topicInfos", _topic_ref),
        extra=_extra(item, low, _CHANNEL_KEYS),
    )


def parse_channels(value: Any, path: str) -> list[Channel]:
    return _each(value, path, _channel)
