"""``iottui topics ...`` and ``iottui channels ...``: where alarm notifications go."""

from __future__ import annotations

import argparse
import re

from iottui.api.enums import ChannelType
from iottui.api.errors import NotFoundError, ValidationError
from iottui.api.models import Channel, Topic
from iottui.commands._core import Ctx, Resource, SubParsers, created_id, done
from iottui.commands._output import Column
from iottui.commands._parse import parse_enum, parse_str_id, unique

TOPIC_COLUMNS: list[Column[Topic]] = [
    Column("id", lambda t: t.id),
    Column("name", lambda t: t.name),
    Column("channels", lambda t: [c.name for c in t.channels]),
]

CHANNEL_COLUMNS: list[Column[Channel]] = [
    Column("id", lambda c: c.id),
    Column("name", lambda c: c.name),
    Column("type", lambda c: c.type),
    Column("state", lambda c: c.state),
    Column("target", lambda c: c.target),
    Column("timezone", lambda c: c.timezone.id if c.timezone else None),
    Column("topics", lambda c: [t.name for t in c.topics]),
]

_TZ_RE = re.compile(r"^GMT[+-]\d{2}:\d{2}( \S+)?$")


def _name(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise ValidationError(f"--name: the {what} name must not be empty", field="--name")
    return value.strip()


def _ids(values: list[str] | None, option: str, what: str) -> list[str]:
    return unique(parse_str_id(v, option=option, what=what) for v in values or ())


# --- topics ---------------------------------------------------------------------------------


async def list_topics(ctx: Ctx) -> int:
    ctx.out.items(await ctx.client.topics.list(), TOPIC_COLUMNS, empty="(no topics)")
    return 0


async def create_topic(ctx: Ctx) -> int:
    name = _name(ctx.args.name, "topic")
    result = await ctx.client.topics.create(
        name, _ids(ctx.args.channel_ids, "--channel", "channel id")
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
        channels = _ids(ctx.args.channel_ids, "--channel", "channel id")
    if ctx.args.name is not None:
        name = _name(ctx.args.name, "topic")
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


# --- channels -------------------------------------------------------------------------------


def _check_target(kind: ChannelType | None, target: str) -> str:
    target = target.strip()
    if not target:
        raise ValidationError("--target must not be empty", field="--target")
    if kind == ChannelType.EMAIL and "@" not in target:
        raise ValidationError(f"--target: {target!r} is not an email address", field="--target")
    if kind == ChannelType.WEBHOOK and not target.lower().startswith(("https://", "http://")):
        raise ValidationError(f"--target: {target!r} is not an http(s) URL", field="--target")
    return target


def _check_timezone(value: str) -> str:
    value = value.strip()
    if not _TZ_RE.match(value):
        raise ValidationError(
            f"--timezone: {value!r} is not like 'GMT+02:00 Europe/Berlin'", field="--timezone"
        )
    return value


async def list_channels(ctx: Ctx) -> int:
    items = await ctx.client.channels.list()
    ctx.out.items(items, CHANNEL_COLUMNS, empty="(no channels)")
    unconfirmed = [c for c in items if c.unconfirmed]
    if unconfirmed and not ctx.out.json and ctx.out.format == "table":
        ctx.out.note(
            f"{len(unconfirmed)} channel(s) unconfirmed: they send nothing until the target "
            "confirms (" + ", ".join(c.name for c in unconfirmed) + ")"
        )
    return 0


async def create_channel(ctx: Ctx) -> int:
    args = ctx.args
    name = _name(args.name, "channel")
    kind = parse_enum(ChannelType, args.channel_type, option="--type")
    target = _check_target(kind, args.target)
    result = await ctx.client.channels.create(
        name,
        kind,
        target,
        timezone_id=_check_timezone(args.timezone),
        topic_ids=_ids(args.topic_ids, "--topic", "topic id"),
        new_topics=_ids(args.new_topics, "--new-topic", "topic name"),
    )
    cid = created_id(result)
    return done(ctx, f"created {kind.label.lower()} channel {cid} ({name})", id=cid, name=name)


async def update_channel(ctx: Ctx) -> int:
    args = ctx.args
    cid = parse_str_id(args.channel_id, option="CHANNEL_ID", what="channel id")
    topics: list[str] | None = None
    if args.no_topics:
        if args.topic_ids:
            raise ValidationError("use either --topic or --no-topics", field="--no-topics")
        topics = []
    elif args.topic_ids:
        topics = _ids(args.topic_ids, "--topic", "topic id")
    name = _name(args.name, "channel") if args.name is not None else None
    target = _check_target(None, args.target) if args.target is not None else None
    if name is None or target is None:  # the API wants both on every update: keep them
        current = next((c for c in await ctx.client.channels.list() if c.id == cid), None)
        if current is None:
            raise NotFoundError(f"channel {cid} not found", status=404, operation="channels.update")
        name = current.name if name is None else name
        target = current.target if target is None else target
    await ctx.client.channels.update(
        cid,
        name=name,
        target=target,
        timezone_id=_check_timezone(args.timezone) if args.timezone else None,
        topic_ids=topics,
        new_topics=_ids(args.new_topics, "--new-topic", "topic name") or None,
        active=args.active,
    )
    return done(ctx, f"updated channel {cid}", id=cid)


async def delete_channel(ctx: Ctx) -> int:
    cid = parse_str_id(ctx.args.channel_id, option="CHANNEL_ID", what="channel id")
    ctx.confirm(f"Delete channel {cid}")
    await ctx.client.channels.delete(cid)
    return done(ctx, f"deleted channel {cid}", id=cid)


def _channel_topics(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--topic",
        dest="topic_ids",
        metavar="TOPIC_ID",
        action="append",
        help="an existing topic (repeatable)",
    )
    p.add_argument(
        "--new-topic",
        dest="new_topics",
        metavar="NAME",
        action="append",
        help="create a topic with this name (repeatable)",
    )


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

    channels = Resource(
        subparsers,
        "channels",
        help="notification channels (email, webhook): list, create, update, delete",
        examples=["iottui channels list"],
    )
    channels.leaf(
        "list",
        list_channels,
        operation="channels.list",
        help="list channels; unconfirmed ones are flagged",
        formats=("table", "json", "csv"),
    )
    p = channels.leaf(
        "create",
        create_channel,
        operation="channels.create",
        help="create an email or webhook channel",
        examples=[
            "iottui channels create --name Ops --type email --target ops@example.com "
            "--timezone 'GMT+02:00 Europe/Berlin' --new-topic Ops",
            "iottui channels create --name Hook --type webhook --target https://example.com/hook "
            "--timezone 'GMT+00:00 UTC'",
        ],
    )
    p.add_argument("--name", required=True, help="the channel's name")
    p.add_argument(
        "--type",
        dest="channel_type",
        required=True,
        metavar="KIND",
        help="email (0) or webhook (1)",
    )
    p.add_argument("--target", required=True, help="the email address or webhook URL")
    p.add_argument("--timezone", required=True, metavar="TZ", help="like 'GMT+02:00 Europe/Berlin'")
    _channel_topics(p)
    p = channels.leaf(
        "update",
        update_channel,
        operation="channels.update",
        help="update a channel: name, target, time zone, topics, active state",
        examples=[
            "iottui channels update CHANNEL_ID --deactivate",
            "iottui channels update CHANNEL_ID --target ops@example.com --topic TOPIC_ID",
        ],
    )
    p.add_argument("channel_id", metavar="CHANNEL_ID")
    p.add_argument("--name", help="the new name (default: keep it)")
    p.add_argument("--target", help="the new email address or webhook URL (default: keep it)")
    p.add_argument("--timezone", metavar="TZ", help="like 'GMT+02:00 Europe/Berlin'")
    _channel_topics(p)
    p.add_argument("--no-topics", action="store_true", help="remove every topic")
    state = p.add_mutually_exclusive_group()
    state.add_argument(
        "--activate", dest="active", action="store_const", const=True, help="activate the channel"
    )
    state.add_argument(
        "--deactivate",
        dest="active",
        action="store_const",
        const=False,
        help="deactivate the channel",
    )
    p = channels.leaf(
        "delete",
        delete_channel,
        operation="channels.delete",
        help="delete a channel",
        destructive=True,
        examples=["iottui channels delete CHANNEL_ID --yes"],
    )
    p.add_argument("channel_id", metavar="CHANNEL_ID")
