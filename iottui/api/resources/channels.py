"""Notification channels: create, delete, list, update (operations 30-33)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.enums import ChannelState, ChannelType
from iottui.api.errors import ValidationError
from iottui.api.models import Channel, Created
from iottui.api.parse import parse_channels, parse_created
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, validating
from iottui.api.validate import (
    validate_channel_target,
    validate_id,
    validate_ids,
    validate_name,
    validate_timezone,
)


def _channel_type(value: ChannelType | int) -> ChannelType:
    if isinstance(value, bool) or not isinstance(value, int) or int(value) not in (0, 1):
        raise ValidationError(f"type must be 0 (email) or 1 (webhook), got {value!r}", field="type")
    return ChannelType(int(value))


def _topics(topic_ids: Sequence[str], new_topics: Sequence[str]) -> dict[str, Any]:
    return {
        "topicInfos": [str(t) for t in validate_ids(topic_ids, "topic_ids")],
        "newTopics": [validate_name(n, f"new_topics[{i}]") for i, n in enumerate(new_topics)],
    }


class ChannelsResource(Resource):
    name = "channels"
    __slots__ = ()

    @operation("channels.create")
    async def create(
        self,
        name: str,
        type: ChannelType,
        target: str,
        *,
        timezone_id: str,
        topic_ids: Sequence[str] = (),
        new_topics: Sequence[str] = (),
    ) -> Created:
        """Create an email (0, target an address) or webhook (1, an http(s) URL) channel (30)."""
        with validating("channels.create"):
            ctype = _channel_type(type)
            payload: dict[str, Any] = {
                "name": validate_name(name),
                "type": int(ctype),
                "target": validate_channel_target(ctype, target),
                "timeZoneId": validate_timezone(timezone_id),
            }
            payload.update(_topics(topic_ids, new_topics))
        body = await self._post("channels.create", payload)
        return self._parse("channels.create", body, parse_created)

    @operation("channels.delete")
    async def delete(self, channel_id: str) -> None:
        """Delete a channel (31)."""
        with validating("channels.delete"):
            payload = {"id": str(validate_id(channel_id, "channel_id"))}
        await self._post("channels.delete", payload)

    @operation("channels.list")
    async def list(self) -> ReadList[Channel]:
        """Every channel with its state, time zone and topics (32)."""
        body = await self._get("channels.list")
        return self._parse_list("channels.list", body, parse_channels)

    @operation("channels.update")
    async def update(
        self,
        channel_id: str,
        *,
        name: str,
        target: str,
        timezone_id: str | None = None,
        topic_ids: Sequence[str] | None = None,
        new_topics: Sequence[str] | None = None,
        active: bool | None = None,
        channel_type: ChannelType | None = None,
    ) -> None:
        """Update a channel; ``active`` enables (1) or disables (2) it (33).

        ``channel_type`` (optional) makes the target check strict; without it the target may be
        an email address or an http(s) URL.
        """
        with validating("channels.update"):
            ctype = None if channel_type is None else _channel_type(channel_type)
            payload: dict[str, Any] = {
                "id": str(validate_id(channel_id, "channel_id")),
                "name": validate_name(name),
                "target": validate_channel_target(ctype, target),
            }
            if timezone_id is not None:
                payload["timeZoneId"] = validate_timezone(timezone_id)
            if topic_ids is not None:
                payload["topicInfos"] = [str(t) for t in validate_ids(topic_ids, "topic_ids")]
            if new_topics is not None:
                payload["newTopics"] = [
                    validate_name(n, f"new_topics[{i}]") for i, n in enumerate(new_topics)
                ]
            if active is not None:
                payload["activeflag"] = int(
                    ChannelState.ACTIVE if active else ChannelState.DISABLED
                )
        await self._post("channels.update", payload)
