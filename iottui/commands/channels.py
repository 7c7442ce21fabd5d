"""``iottui channels list|create|update|delete``: where alarm notifications are sent."""

from __future__ import annotations

import argparse

from iottui.api.domain import target_problems, timezone_problems
from iottui.api.enums import ChannelType
from iottui.api.models import Channel
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
from iottui.commands._parse import (
    parse_enum,
    parse_name,
    parse_str_id,
    parse_str_ids,
    refuse,
    replacement,
)

CHANNEL_COLUMNS: list[Column[Channel]] = [
    Column("id", lambda c: c.id),
    Column("name", lambda c: c.name),
    Column("type", lambda c: c.type),
    Column("state", lambda c: c.state),
    Column("target", lambda c: c.target),
    Column("timezone", lambda c: c.timezone.id if c.timezone else None),
    Column("topics", lambda c: [t.name for t in c.topics]),
]

CHANNEL = IdArg("channel_id", "CHANNEL_ID", "channel id", parse_str_id)


def _check_target(kind: ChannelType | None, target: str) -> str:
    refuse(target_problems(None if kind is None else int(kind), target), "--target")
    return target.strip()


def _check_timezone(value: str) -> str:
    refuse(timezone_problems(value), "--timezone")
    return value.strip()


async def list_channels(ctx: Ctx) -> int:
    items = ctx.read(await ctx.client.channels.list())
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
    name = parse_name(args.name, "channel")
    kind = parse_enum(ChannelType, args.channel_type, option="--type")
    target = _check_target(kind, args.target)
    result = await ctx.client.channels.create(
        name,
        kind,
        target,
        timezone_id=_check_timezone(args.timezone),
        topic_ids=parse_str_ids(args.topic_ids, option="--topic", what="topic id"),
        new_topics=parse_str_ids(args.new_topics, option="--new-topic", what="topic name"),
    )
    cid = created_id(result)
    return done(ctx, f"created {kind.label.lower()} channel {cid} ({name})", id=cid, name=name)


async def update_channel(ctx: Ctx) -> int:
    args = ctx.args
    cid = CHANNEL.read(args)
    topics = replacement(
        args.topic_ids,
        args.no_topics,
        lambda ids: parse_str_ids(ids, option="--topic", what="topic id"),
        option="--topic",
    )
    name = parse_name(args.name, "channel") if args.name is not None else None
    target = _check_target(None, args.target) if args.target is not None else None
    if name is None or target is None:  # the API wants both on every update: keep them
        current = find_current(ctx, await ctx.client.channels.list(), cid, "channel")
        name = current.name if name is None else name
        target = current.target if target is None else target
    await ctx.client.channels.update(
        cid,
        name=name,
        target=target,
        timezone_id=_check_timezone(args.timezone) if args.timezone else None,
        topic_ids=topics,
        new_topics=parse_str_ids(args.new_topics, option="--new-topic", what="topic name") or None,
        active=args.active,
    )
    return done(ctx, f"updated channel {cid}", id=cid)


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
    CHANNEL.add(p)
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
    channels.delete_leaf(
        CHANNEL,
        lambda client, cid: client.channels.delete(cid),
        noun="channel",
        help="delete a channel",
        example="iottui channels delete CHANNEL_ID --yes",
    )
