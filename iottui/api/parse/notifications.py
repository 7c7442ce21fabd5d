"""Parsers of notification topics and channels."""

from __future__ import annotations

from typing import Any

from iottui.api.enums import ChannelState, ChannelType
from iottui.api.models import Channel, TimeZone, Topic, TopicChannel, TopicRef
from iottui.api.parse.core import (
    _CHANNEL_STATES,
    _CHANNEL_TYPES,
    _enum,
    _extra,
    _list,
    _obj,
    _opt_str,
    _req_str,
    _str_or,
)

_TOPIC_CHANNEL_KEYS = frozenset({"id", "name", "target"})
_TOPIC_KEYS = frozenset({"id", "name", "channels"})


def parse_topics(value: Any, path: str) -> list[Topic]:
    out: list[Topic] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        cpath = f"{ipath}.channels"
        channels: list[TopicChannel] = []
        for j, ch in enumerate(_list(low.get("channels"), cpath)):
            jpath = f"{cpath}[{j}]"
            if type(ch) is str:  # a bare channel id
                channels.append(TopicChannel(id=ch, name=""))
                continue
            clow = _obj(ch, jpath)
            channels.append(
                TopicChannel(
                    id=_req_str(clow, "id", jpath),
                    name=_str_or(clow, "name", jpath),
                    target=_str_or(clow, "target", jpath),
                    extra=_extra(ch, clow, _TOPIC_CHANNEL_KEYS),
                )
            )
        out.append(
            Topic(
                id=_req_str(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                channels=tuple(channels),
                extra=_extra(item, low, _TOPIC_KEYS),
            )
        )
    return out


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


def parse_channels(value: Any, path: str) -> list[Channel]:
    out: list[Channel] = []
    for i, item in enumerate(_list(value, path)):
        ipath = f"{path}[{i}]"
        low = _obj(item, ipath)
        ctype = _enum(ChannelType, _CHANNEL_TYPES, low, "type", ipath)
        state = _enum(ChannelState, _CHANNEL_STATES, low, "activeflag", ipath)
        tpath = f"{ipath}.topicInfos"
        topics: list[TopicRef] = []
        for j, t in enumerate(_list(low.get("topicinfos"), tpath)):
            jpath = f"{tpath}[{j}]"
            if type(t) is str:
                topics.append(TopicRef(id=t, name=""))
                continue
            tlow = _obj(t, jpath)
            topics.append(
                TopicRef(id=_req_str(tlow, "id", jpath), name=_str_or(tlow, "name", jpath))
            )
        out.append(
            Channel(
                id=_req_str(low, "id", ipath),
                name=_str_or(low, "name", ipath),
                type=ChannelType.EMAIL if ctype is None else ctype,
                state=ChannelState.ACTIVE if state is None else state,
                target=_str_or(low, "target", ipath),
                timezone=_timezone(low, ipath),
                topics=tuple(topics),
                extra=_extra(item, low, _CHANNEL_KEYS),
            )
        )
    return out
