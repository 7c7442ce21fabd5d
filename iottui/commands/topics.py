"""``iottui topics list|create|update|delete``: named groups of notification channels."""

from __future__ import annotations

from iottui.api.models import Topic
from iottui.commands._core import (
    Ctx,
    IdArg,
    Resource,
    SubParsers,
    created_id,
    done,
    find_current,
)
from iottui.commands._output import Column
from iottui.commands._parse import parse_name, parse_str_id, parse_str_ids, replacement

TOPIC_COLUMNS: list[Column[Topic]] = [
    Column("id", lambda t: t.id),
    Column("name", lambda t: t.name),
    Column("channels", lambda t: [c.name for c in t.channels]),
]


TOPIC = IdArg("topic_id", "TOPIC_ID", "topic id", parse_str_id)


async def create_topic(ctx: Ctx) -> int:
    name = parse_name(ctx.args.name, "topic")
    result = await ctx.client.topics.create(
        name, parse_str_ids(ctx.args.channel_ids, option="--channel", what="channel id")
    )
    tid = created_id(result)
    return done(ctx, f"created topic {tid} ({name})", id=tid, name=name)


async def update_topic(ctx: Ctx) -> int:
    tid = TOPIC.read(ctx.args)
    channels = replacement(
        ctx.args.channel_ids,
        ctx.args.no_channels,
        lambda ids: parse_str_ids(ids, option="--channel", what="channel id"),
        option="--channel",
    )
    if ctx.args.name is not None:
        name = parse_name(ctx.args.name, "topic")
    else:  # the API wants the name on every update: keep the current one
        name = find_current(ctx, await ctx.client.topics.list(), tid, "topic").name
    await ctx.client.topics.update(tid, name=name, channel_ids=channels)
    return done(ctx, f"updated topic {tid}", id=tid)


def register(subparsers: SubParsers) -> None:
    topics = Resource(
        subparsers,
        "topics",
        help="notification topics: list, create, update, delete",
        examples=["iottui topics list", "iottui topics create --name Ops --channel CHANNEL_ID"],
    )
    topics.list_leaf(
        lambda client: client.topics.list(),
        TOPIC_COLUMNS,
        empty="(no topics)",
        help="list topics and their channels",
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
    TOPIC.add(p)
    p.add_argument("--name", help="the new name (default: keep it)")
    p.add_argument(
        "--channel",
        dest="channel_ids",
        metavar="CHANNEL_ID",
        action="append",
        help="the topic's channels after the update (repeatable)",
    )
    p.add_argument("--no-channels", action="store_true", help="remove every channel")
    topics.delete_leaf(
        TOPIC,
        lambda client, tid: client.topics.delete(tid),
        noun="topic",
        help="delete a topic",
        example="iottui topics delete TOPIC_ID --yes",
    )
