"""``iottui topics list|create|update|delete``: named groups of notification channels."""

from __future__ import annotations

from iottui.api.errors import NotFoundError, ValidationError
from iottui.api.models import Topic
from iottui.commands._core import Ctx, Resource, SubParsers, created_id, done
from iottui.commands._output import Column
from iottui.commands._parse import parse_name, parse_str_id, parse_str_ids

TOPIC_COLUMNS: list[Column[Topic]] = [
    Column("id", lambda t: t.id),
    Column("name", lambda t: t.name),
    Column("channels", lambda t: [c.name for c in t.channels]),
]


async def list_topics(ctx: Ctx) -> int:
    ctx.out.items(ctx.read(await ctx.client.topics.list()), TOPIC_COLUMNS, empty="(no topics)")
    return 0


async def create_topic(ctx: Ctx) -> int:
    name = parse_name(ctx.args.name, "topic")
    result = await ctx.client.topics.create(
        name, parse_str_ids(ctx.args.channel_ids, option="--channel", what="channel id")
    )
    tid = created_id(result)
    return done(ctx, f"created topic {tid} ({name})", id=tid, name=name)


async def update_topic(ctx: Ctx) -> int:
    tid = parse_str_id(ctx.args.topic_id, option="TOPIC_ID", what="topic id")
    channels: list[str] | None = None
    if ctx.args.no_channels:
        if ctx.args.channel_ids:
            raise ValidationError("use either --channel or --no-channels", field="--no-channels")
        channels = []
    elif ctx.args.channel_ids:
        channels = parse_str_ids(ctx.args.channel_ids, option="--channel", what="channel id")
    if ctx.args.name is not None:
        name = parse_name(ctx.args.name, "topic")
    else:  # the API wants the name on every update: keep the current one
        current = next((t for t in await ctx.client.topics.list() if t.id == tid), None)
        if current is None:
            raise NotFoundError(f"topic {tid} not found", status=404, operation="topics.update")
        name = current.name
    await ctx.client.topics.update(tid, name=name, channel_ids=channels)
    return done(ctx, f"updated topic {tid}", id=tid)


async def delete_topic(ctx: Ctx) -> int:
    tid = parse_str_id(ctx.args.topic_id, option="TOPIC_ID", what="topic id")
    ctx.confirm(f"Delete topic {tid}")
    await ctx.client.topics.delete(tid)
    return done(ctx, f"deleted topic {tid}", id=tid)


def register(subparsers: SubParsers) -> None:
    topics = Resource(
        subparsers,
        "topics",
        help="notification topics: list, create, update, delete",
        examples=["iottui topics list", "iottui topics create --name Ops --channel CHANNEL_ID"],
    )
    topics.leaf(
        "list",
        list_topics,
        operation="topics.list",
        help="list topics and their channels",
        formats=("table", "json", "csv"),
    )
    p = topics.leaf(
        "create",
        create_topic,
        operation="topics.create",
        help="create a topic",
        examples=["iottui topics create --name 'Night shift' --channel 5c46c6d09cd25017f115a7d9"],
    )
    p.add_argument("--name", required=True, help="the topic's name")
    p.add_argument(
        "--channel",
        dest="channel_ids",
        metavar="CHANNEL_ID",
        action="append",
        help="a channel of the topic (repeatable)",
    )
    p = topics.leaf(
        "update",
        update_topic,
        operation="topics.update",
        help="rename a topic or replace its channels",
        examples=[
            "iottui topics update TOPIC_ID --name Ops",
            "iottui topics update TOPIC_ID --channel CHANNEL_ID   # replaces the channels",
        ],
    )
    p.add_argument("topic_id", metavar="TOPIC_ID")
    p.add_argument("--name", help="the new name (default: keep it)")
    p.add_argument(
        "--channel",
        dest="channel_ids",
        metavar="CHANNEL_ID",
        action="append",
        help="the topic's channels after the update (repeatable)",
    )
    p.add_argument("--no-channels", action="store_true", help="remove every channel")
    p = topics.leaf(
        "delete",
        delete_topic,
        operation="topics.delete",
        help="delete a topic",
        destructive=True,
        examples=["iottui topics delete TOPIC_ID --yes"],
    )
    p.add_argument("topic_id", metavar="TOPIC_ID")
