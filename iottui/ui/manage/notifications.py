"""The Notifications screen: topics and their channels (e-mail / webhook)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, TabbedContent, TabPane

from iottui.api.enums import ChannelState
from iottui.api.models import Channel, Topic
from iottui.ui.manage.common import clean, named, run_write
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.screen_base import ManageScreen, by_name
from iottui.ui.manage.tables import manage_table
from iottui.ui.manage.topic_form import ChannelForm, TopicForm
from iottui.ui.registry import CommandContext, command


class NotificationsScreen(ManageScreen):
    """Topics (what rules notify) and channels (who gets told)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="notifications.new"),
        Binding("e,enter", "edit", "Edit", id="notifications.edit"),
        Binding("d,delete", "delete", "Delete", id="notifications.delete"),
        Binding("a", "toggle_active", "(De)activate channel", id="notifications.toggle"),
    ]
    screen_title = "Notifications — topics and channels"

    def __init__(self, tab: str = "topics") -> None:
        super().__init__()
        self.initial_tab = tab
        self.topics: list[Topic] = []
        self.channels: list[Channel] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Topics", id="topics"):
                yield manage_table("topics-table")
            with TabPane("Channels", id="channels"):
                yield manage_table("channels-table")
        yield from self.compose_status()

    @property
    def on_channels(self) -> bool:
        return self.query_one(TabbedContent).active == "channels"

    async def load(self) -> None:
        self.set_status("Loading…")
        topics = self.read(await self.attempt("topics", self.client.topics.list(), ()))
        channels = self.read(await self.attempt("channels", self.client.channels.list(), ()))
        self.topics = by_name(topics)
        self.channels = by_name(channels)
        rows: list[tuple[str, list[Text]]] = []
        for t in self.topics:
            names = ", ".join(clean(c.name) for c in t.channels) or "— none: notifies no one"
            rows.append((t.id, [Text(clean(t.name)), Text(names)]))
        self.fill(self.query_one("#topics-table", DataTable), rows)
        rows = []
        for c in self.channels:
            state = Text(c.state.label)
            if c.unconfirmed:
                state = Text("⚠ UNCONFIRMED", style="bold reverse")
            elif c.state == ChannelState.DISABLED:
                state = Text("disabled", style="dim")
            rows.append(
                (
                    c.id,
                    [
                        Text(clean(c.name)),
                        Text(c.type.label),
                        Text(clean(c.target)),
                        state,
                        Text(clean(c.timezone.id) if c.timezone else ""),
                        Text(", ".join(clean(t.name) for t in c.topics)),
                    ],
                )
            )
        self.fill(self.query_one("#channels-table", DataTable), rows)
        pending = sum(1 for c in self.channels if c.unconfirmed)
        note = f" · {pending} unconfirmed channel(s) send nothing yet" if pending else ""
        self.set_status(
            f"{len(self.topics)} topic(s), {len(self.channels)} channel(s){note}. "
            "n new · e edit · d delete · a (de)activate"
        )

    def _after_form(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def selected_topic(self) -> Topic | None:
        return self.current_item(self.query_one("#topics-table", DataTable), self.topics)

    def selected_channel(self) -> Channel | None:
        return self.current_item(self.query_one("#channels-table", DataTable), self.channels)

    def action_new(self) -> None:
        if self.on_channels:
            self.app.push_screen(ChannelForm(self.topics), self._after_form)
        else:
            self.app.push_screen(TopicForm(self.channels), self._after_form)

    def action_edit(self) -> None:
        if self.on_channels:
            channel = self.selected_channel()
            if channel and self.writable(channel, named("Channel", channel.name)):
                self.app.push_screen(ChannelForm(self.topics, channel), self._after_form)
            return
        topic = self.selected_topic()
        if topic and self.writable(topic, named("Topic", topic.name)):
            self.app.push_screen(TopicForm(self.channels, topic), self._after_form)

    def open_row(self, table: DataTable[Any]) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        if self.on_channels:
            channel = self.selected_channel()
            if channel is None or not self.writable(channel, named("Channel", channel.name)):
                return
            topics = ", ".join(clean(t.name) for t in channel.topics) or "no topics"
            confirm_write(
                self.app,
                "Delete channel?",
                Text(
                    f"Delete channel {clean(channel.name)!r} ({clean(channel.target)})? "
                    f"It stops receiving: {topics}."
                ),
                what=f"deleting channel {clean(channel.name)!r}",
                call=lambda: self.client.channels.delete(channel.id),
                done=f"Channel {clean(channel.name)!r} deleted.",
                on_success=self.reload,
            )
            return
        topic = self.selected_topic()
        if topic is None or not self.writable(topic, named("Topic", topic.name)):
            return
        channels = ", ".join(clean(c.name) for c in topic.channels) or "no channels"
        confirm_write(
            self.app,
            "Delete topic?",
            Text(
                f"Delete topic {clean(topic.name)!r}? Rules that notify it stop notifying "
                f"its channels ({channels})."
            ),
            what=f"deleting topic {clean(topic.name)!r}",
            call=lambda: self.client.topics.delete(topic.id),
            done=f"Topic {clean(topic.name)!r} deleted.",
            on_success=self.reload,
        )

    def action_toggle_active(self) -> None:
        channel = self.selected_channel() if self.on_channels else None
        if channel is None or not self.writable(channel, named("Channel", channel.name)):
            return
        activate = channel.state != ChannelState.ACTIVE
        verb = "activate" if activate else "deactivate"
        run_write(
            self.app,
            f"{verb} channel {clean(channel.name)!r}",
            lambda: self.client.channels.update(
                channel.id, name=channel.name, target=channel.target, active=activate
            ),
            done=f"Channel {clean(channel.name)!r} {verb}d.",
            on_success=self.reload,
        )


@command(
    "topics",
    "Topics…",
    "Notification topics and their channels",
    operations=("topics.list", "topics.create", "topics.update", "topics.delete", "channels.list"),
)
def topics_command(ctx: CommandContext) -> None:
    ctx.open(NotificationsScreen("topics"))


@command(
    "channels",
    "Channels…",
    "E-mail and webhook channels (shows unconfirmed ones)",
    operations=(
        "channels.list",
        "channels.create",
        "channels.update",
        "channels.delete",
        "topics.list",
    ),
)
def channels_command(ctx: CommandContext) -> None:
    ctx.open(NotificationsScreen("channels"))
