"""Topic and channel forms."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from iottui.api.domain import target_problems, timezone_problems
from iottui.api.enums import ChannelState, ChannelType
from iottui.api.models import Channel, Topic
from iottui.ui.manage.common import clean, split_names
from iottui.ui.manage.form import FormScreen, say
from iottui.ui.manage.picker import Picker, PickItem

DEFAULT_TZ = "GMT+00:00 UTC"


class TopicForm(FormScreen[Any]):
    """Create or edit a topic and the channels subscribed to it."""

    def __init__(self, channels: list[Channel], topic: Topic | None = None) -> None:
        super().__init__()
        self.channels = channels
        self.topic = topic
        self.title_text = f"Edit topic {clean(topic.name)!r}" if topic else "New topic"
        self.save_label = "Save" if topic else "Create"
        self.what = "the topic"

    def compose_fields(self) -> Iterator[Widget]:
        t = self.topic
        yield from self.field("Name", Input(clean(t.name) if t else "", id="name"), "name")
        items = [PickItem(channel_text(c), c.id) for c in self.channels]
        chosen = [c.id for c in t.channels] if t else []
        yield from self.field(
            "Channels notified (space to tick)", Picker(items, chosen, id="channels"), "channels"
        )
        if not t or not t.channels:
            yield Static(Text("A topic without channels notifies no one."), classes="hint")

    def check(self) -> dict[str, str]:
        return self.name_errors()

    def confirmation(self) -> tuple[str, Text] | None:
        if self.topic is None:
            return None
        kept = set(self.query_one("#channels", Picker).selected)
        dropped = [c for c in self.topic.channels if c.id not in kept]
        if not dropped:
            return None
        names = ", ".join(clean(c.name) for c in dropped)
        body = Text(f"Channels {names} will no longer be notified for {clean(self.topic.name)!r}.")
        return "Remove channels from the topic?", body

    async def submit(self) -> Any:
        name = self.query_one("#name", Input).value.strip()
        ids = self.query_one("#channels", Picker).selected
        if self.topic is None:
            return await self.client.topics.create(name, ids)
        await self.client.topics.update(self.topic.id, name=name, channel_ids=ids)
        return self.topic.id


def channel_text(c: Channel) -> str:
    state = " — UNCONFIRMED" if c.unconfirmed else ""
    return f"{clean(c.name)} ({c.type.label} {clean(c.target)}){state}"


class ChannelForm(FormScreen[Any]):
    """Create or edit an email/webhook channel: target, time zone, topics, active."""

    def __init__(self, topics: list[Topic], channel: Channel | None = None) -> None:
        super().__init__()
        self.topics = topics
        self.channel = channel
        self.title_text = f"Edit channel {clean(channel.name)!r}" if channel else "New channel"
        self.save_label = "Save" if channel else "Create"
        self.what = "the channel"

    def compose_fields(self) -> Iterator[Widget]:
        c = self.channel
        yield from self.field("Name", Input(clean(c.name) if c else "", id="name"), "name")
        types = [(Text(t.label), int(t)) for t in ChannelType]
        yield from self.field(
            "Type",
            Select(
                types,
                value=int(c.type) if c else 0,
                allow_blank=False,
                id="type",
                disabled=c is not None,
            ),
            "type",
        )
        yield from self.field(
            "Target (e-mail address, or https:// URL for a webhook)",
            Input(clean(c.target) if c else "", id="target"),
            "target",
        )
        tz = clean(c.timezone.id) if c and c.timezone else DEFAULT_TZ
        yield from self.field(
            "Time zone (like GMT+02:00 Europe/Berlin)", Input(tz, id="timezone"), "timezone"
        )
        items = [PickItem(clean(t.name), t.id) for t in self.topics]
        chosen = [t.id for t in c.topics] if c else []
        yield from self.field(
            "Topics (space to tick)", Picker(items, chosen, id="topics"), "topics"
        )
        yield from self.field(
            "New topics (comma-separated names)", Input(id="new-topics"), "new-topics"
        )
        if c is not None:
            states = [(Text("Active"), 1), (Text("Disabled"), 2)]
            current = 2 if c.state == ChannelState.DISABLED else 1
            yield from self.field(
                "State", Select(states, value=current, allow_blank=False, id="state"), "state"
            )
            if c.unconfirmed:
                yield Static(
                    Text(
                        "UNCONFIRMED: no notification is sent until the target confirms "
                        "(the e-mail link, or the webhook's ConfirmationURL).",
                        style="bold",
                    ),
                    classes="hint",
                )

    def check(self) -> dict[str, str]:
        errors = self.name_errors()
        # the domain's rules for a channel's target (by its type) and time zone
        kind = self.query_one("#type", Select).value
        target = target_problems(kind if isinstance(kind, int) else None, self.typed("target"))
        if error := say("The target", target):
            errors["target"] = error
        if error := say("The time zone", timezone_problems(self.typed("timezone"))):
            errors["timezone"] = error
        return errors

    async def submit(self) -> Any:
        name = self.typed("name")
        target = self.typed("target")
        tz = self.typed("timezone")
        topic_ids = self.query_one("#topics", Picker).selected
        new = split_names(self.typed("new-topics"))
        if self.channel is None:
            kind = ChannelType(int(self.query_one("#type", Select).value))  # type: ignore[arg-type]
            return await self.client.channels.create(
                name, kind, target, timezone_id=tz, topic_ids=topic_ids, new_topics=new
            )
        state = self.query_one("#state", Select).value
        was_active = self.channel.state == ChannelState.ACTIVE
        active: bool | None = state == 1
        if self.channel.unconfirmed and state == 1:
            active = None  # leave an unconfirmed channel's state alone unless disabled
        elif active == was_active:
            active = None
        await self.client.channels.update(
            self.channel.id,
            name=name,
            target=target,
            timezone_id=tz,
            topic_ids=topic_ids,
            new_topics=new,
            active=active,
        )
        return self.channel.id
