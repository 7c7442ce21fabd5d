"""Topics: create, delete, list, update (operations 26-29)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.models import Created, Topic
from iottui.api.parse import parse_created, parse_topics
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, validating
from iottui.api.validate import validate_id, validate_ids, validate_name


class TopicsResource(Resource):
    name = "topics"
    __slots__ = ()

    @operation("topics.create")
    async def create(self, name: str, channel_ids: Sequence[str] = ()) -> Created:
        """Create a topic, optionally subscribing channels to it (26)."""
        with validating("topics.create"):
            payload = {
                "name": validate_name(name),
                "channels": [str(c) for c in validate_ids(channel_ids, "channel_ids")],
            }
        body = await self._post("topics.create", payload)
        return self._parse("topics.create", body, parse_created)

    @operation("topics.delete")
    async def delete(self, topic_id: str) -> None:
        """Delete a topic (27)."""
        with validating("topics.delete"):
            payload = {"id": str(validate_id(topic_id, "topic_id"))}
        await self._post("topics.delete", payload)

    @operation("topics.list")
    async def list(self) -> ReadList[Topic]:
        """Every topic with its subscribed channels (28)."""
        body = await self._get("topics.list")
        return self._parse_list("topics.list", body, parse_topics)

    @operation("topics.update")
    async def update(
        self, topic_id: str, *, name: str, channel_ids: Sequence[str] | None = None
    ) -> None:
        """Rename a topic and/or replace its channels (29)."""
        with validating("topics.update"):
            payload: dict[str, Any] = {
                "id": str(validate_id(topic_id, "topic_id")),
                "name": validate_name(name),
            }
            if channel_ids is not None:
                payload["channels"] = [str(c) for c in validate_ids(channel_ids, "channel_ids")]
        await self._post("topics.update", payload)
