"""``iottui rules list|create|update|enable|disable|delete``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from iottui.api.domain import DEFAULT_CHECKCOUNT, checkcount_problems
from iottui.api.enums import RuleType, Severity
from iottui.api.errors import ValidationError
from iottui.api.models import Rule, RuleSource, Threshold
from iottui.commands._core import (
    Ctx,
    Resource,
    SubParsers,
    add_payload_options,
    created_id,
    done,
    each_id,
    require_change,
)
from iottui.commands._output import Column
from iottui.commands._parse import (
    check_condition,
    parse_enum,
    parse_int_id,
    parse_source_spec,
    parse_str_id,
    parse_threshold_spec,
    refuse,
    unique,
)
from iottui.commands._payload import (
    Fields,
    load_payload,
)


def _threshold_text(t: Threshold) -> str:
    checks = f" x{t.checkcount}" if t.checkcount != 1 else ""
    return f"{t.condition} {t.severity.label}{checks}"


COLUMNS: list[Column[Rule]] = [
    Column("id", lambda r: r.id),
    Column("name", lambda r: r.name),
    Column("rule_type", lambda r: r.rule_type, header="TYPE"),
    Column("state", lambda r: r.state),
    Column("sources", lambda r: [s.label for s in r.sources]),
    Column("thresholds", lambda r: [_threshold_text(t) for t in r.thresholds]),
]

RULE_HELP = (
    "sources: --source SENSOR_ID:METRIC_ID for a metric rule, --device-source DEVICE_ID for a\n"
    "  device-offline rule (the rule type follows from them, or set --type metric|offline).\n"
    "thresholds: --threshold CONDITION[:SEVERITY[:CHECKCOUNT]]\n"
    "  metric rules: metric>=60, metric<0.5, metric==1 (ops > >= < <= == !=)\n"
    "  offline rules: the offline duration in minutes, e.g. 22\n"
    "  severity: critical (1, default), major (2), minor (3), warning (4)\n"
    f"  checkcount: consecutive checks before an alarm opens (default {DEFAULT_CHECKCOUNT})\n"
    "  --topic ID / --new-topic NAME notify topics for every threshold given by flags.\n"
    "payload: {name, ruleType, sources [{metricId, thingId} | {deviceId}], thresholds\n"
    "  [{condition, severity, checkcount, topicIds, newTopics}]}; snake_case keys work too\n"
    "  (the output of `rules list --json` is accepted). Flags override it."
)


def _payload_source(item: Fields) -> RuleSource:
    device = item.integer("device_id")
    if device is not None and not item.has("metric_id"):
        return RuleSource(device_id=device)
    metric = item.text("metric_id")
    thing = item.integer("thing_id", "sensor_id")
    if metric is None or thing is None:
        raise ValidationError(
            f"{item.where}: a source needs metricId and thingId (sensor id), or deviceId",
            field="sources",
        )
    return RuleSource(metric_id=metric, thing_id=thing)


def _payload_threshold(item: Fields, rule_type: RuleType | None) -> Threshold:
    condition = check_condition(
        item.text("condition", required=True) or "", rule_type, option=item.where
    )
    severity_raw = item.raw("severity")
    severity = (
        Severity.CRITICAL
        if severity_raw is None
        else parse_enum(Severity, severity_raw, option=f"{item.where}: severity")
    )
    checkcount = item.integer("checkcount", "check_count")
    if checkcount is not None:
        refuse(checkcount_problems(checkcount), item.where)
    return Threshold(
        condition=condition,
        severity=severity,
        checkcount=DEFAULT_CHECKCOUNT if checkcount is None else checkcount,
        topic_ids=tuple(item.ids("topic_ids") or ()),
        new_topics=tuple(item.ids("new_topics") or ()),
    )


class _RuleInput:
    def __init__(self, args: argparse.Namespace, payload: Fields | None) -> None:
        self.name: str | None = None
        self.rule_type: RuleType | None = None
        self.sources: list[RuleSource] | None = None
        self.thresholds: list[Threshold] | None = None
        if args.rule_type is not None:
            self.rule_type = parse_enum(RuleType, args.rule_type, option="--type")
        if payload is not None and self.rule_type is None and payload.has("rule_type"):
            self.rule_type = parse_enum(
                RuleType, payload.raw("rule_type"), option=f"{payload.where}: ruleType"
            )
        flag_sources = [parse_source_spec(s) for s in args.sources or ()] + [
            RuleSource(device_id=parse_int_id(d, option="--device-source", what="device id"))
            for d in args.device_sources or ()
        ]
        if payload is not None:
            self.name = payload.text("name")
            items = payload.objects("sources")
            if items is not None:
                self.sources = [_payload_source(i) for i in items]
        if flag_sources:
            self.sources = flag_sources
        if self.rule_type is None and self.sources:
            kinds = {s.metric_id is None for s in self.sources}
            if len(kinds) > 1:
                raise ValidationError(
                    "a rule's sources are either metrics (--source) or devices (--device-source)",
                    field="--source",
                )
            self.rule_type = RuleType.DEVICE_OFFLINE if kinds == {True} else RuleType.METRIC
        if self.rule_type is not None and self.sources:
            want_device = self.rule_type == RuleType.DEVICE_OFFLINE
            if any((s.metric_id is None) != want_device for s in self.sources):
                raise ValidationError(
                    f"a {self.rule_type.label.lower()} rule takes "
                    + (
                        "--device-source DEVICE_ID"
                        if want_device
                        else "--source SENSOR_ID:METRIC_ID"
                    )
                    + " sources",
                    field="--source",
                )
        if payload is not None:
            items = payload.objects("thresholds")
            if items is not None:
                self.thresholds = [_payload_threshold(i, self.rule_type) for i in items]
        topics = [parse_str_id(t, option="--topic", what="topic id") for t in args.topic_ids or ()]
        new_topics = [
            parse_str_id(t, option="--new-topic", what="topic name") for t in args.new_topics or ()
        ]
        if args.thresholds:
            self.thresholds = [
                parse_threshold_spec(t, self.rule_type, topic_ids=topics, new_topics=new_topics)
                for t in args.thresholds
            ]
        elif topics or new_topics:
            raise ValidationError("--topic/--new-topic go with --threshold", field="--topic")
        if args.name is not None:
            self.name = args.name
        if self.name is not None and not self.name.strip():
            raise ValidationError("--name: the rule name must not be empty", field="--name")


async def list_rules(ctx: Ctx) -> int:
    items: Sequence[Rule] = ctx.read(await ctx.client.rules.list())
    if ctx.opt("active_only"):
        items = [r for r in items if r.active]
    ctx.out.items(items, COLUMNS, empty="(no rules)")
    return 0


async def create(ctx: Ctx) -> int:
    data = _RuleInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    if not data.name:
        raise ValidationError("--name is required (or give it in --payload)", field="--name")
    if not data.sources:
        raise ValidationError(
            "give at least one --source SENSOR_ID:METRIC_ID or --device-source DEVICE_ID",
            field="--source",
        )
    if not data.thresholds:
        raise ValidationError("give at least one --threshold", field="--threshold")
    assert data.rule_type is not None
    result = await ctx.client.rules.create(
        data.name, data.rule_type, sources=data.sources, thresholds=data.thresholds
    )
    rid = created_id(result)
    return done(ctx, f"created rule {rid} ({data.name})", id=rid, name=data.name)


async def update(ctx: Ctx) -> int:
    rid = parse_str_id(ctx.args.rule_id, option="RULE_ID", what="rule id")
    data = _RuleInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    active: bool | None = ctx.args.active
    require_change(
        (data.name, data.sources, data.thresholds, active),
        "--name, --source, --device-source, --threshold, --enable/--disable or --payload",
    )
    await ctx.client.rules.update(
        rid, name=data.name, active=active, sources=data.sources, thresholds=data.thresholds
    )
    return done(ctx, f"updated rule {rid}", id=rid)


def _rule_ids(args: argparse.Namespace) -> list[str]:
    return unique(parse_str_id(r, option="RULE_ID", what="rule id") for r in args.rule_ids)


async def _switch(ctx: Ctx, on: bool) -> int:
    """Enable or disable each rule given, going on after a failure."""
    rules = ctx.client.rules
    return await each_id(
        ctx,
        _rule_ids(ctx.args),
        rules.enable if on else rules.disable,
        noun="rule",
        verb="enabled" if on else "disabled",
        report=lambda changed: {"ids": [rid for rid, _ in changed]},
    )


async def enable(ctx: Ctx) -> int:
    return await _switch(ctx, True)


async def disable(ctx: Ctx) -> int:
    return await _switch(ctx, False)


async def delete(ctx: Ctx) -> int:
    ids = _rule_ids(ctx.args)
    ctx.confirm(f"Delete rule(s) {', '.join(ids)}")
    await ctx.client.rules.delete(ids)
    return done(ctx, f"deleted rule(s) {', '.join(ids)}", ids=ids)


def _rule_inputs(p: argparse.ArgumentParser, *, create: bool) -> None:
    p.add_argument("--name", help="the rule's name" + (" (required)" if create else ""))
    p.add_argument(
        "--type",
        dest="rule_type",
        metavar="KIND",
        help="metric (1) or offline (2); default: from the sources",
    )
    p.add_argument(
        "--source",
        dest="sources",
        metavar="SENSOR_ID:METRIC_ID",
        action="append",
        help="a metric to watch (repeatable" + ("" if create else "; replaces all sources") + ")",
    )
    p.add_argument(
        "--device-source",
        dest="device_sources",
        metavar="DEVICE_ID",
        action="append",
        help="a device to watch for going offline (repeatable)",
    )
    p.add_argument(
        "--threshold",
        dest="thresholds",
        metavar="COND[:SEV[:CHECKS]]",
        action="append",
        help="a threshold (repeatable" + ("" if create else "; replaces all thresholds") + ")",
    )
    p.add_argument(
        "--topic",
        dest="topic_ids",
        metavar="TOPIC_ID",
        action="append",
        help="notify this topic (repeatable)",
    )
    p.add_argument(
        "--new-topic",
        dest="new_topics",
        metavar="NAME",
        action="append",
        help="create and notify a topic (repeatable)",
    )
    add_payload_options(p, "rule")


def register(subparsers: SubParsers) -> None:
    res = Resource(
        subparsers,
        "rules",
        help="alarm rules: list, create, update, enable, disable, delete",
        examples=[
            "iottui rules list",
            "iottui rules create --name Overheat --source 106631:temp "
            "--threshold 'metric>=60:critical:2'",
            "iottui rules disable 5c40273ee27d3c716847f530",
        ],
    )
    p = res.leaf(
        "list",
        list_rules,
        operation="rules.list",
        help="list rules with their sources and thresholds",
        formats=("table", "json", "csv"),
        examples=["iottui rules list", "iottui rules list --json | jq '.[] | select(.state == 2)'"],
    )
    p.add_argument("--active", dest="active_only", action="store_true", help="only active rules")

    p = res.leaf(
        "create",
        create,
        operation="rules.create",
        help="create a metric-threshold or device-offline rule",
        notes=RULE_HELP,
        examples=[
            "iottui rules create --name Overheat --source 106631:temp "
            "--threshold 'metric>=60:critical:2' --threshold 'metric>=50:warning' --new-topic Ops",
            "iottui rules create --name 'Gateway down' --device-source 2000000472 "
            "--threshold 22:major",
            "iottui rules create --payload-file rule.json",
        ],
    )
    _rule_inputs(p, create=True)

    p = res.leaf(
        "update",
        update,
        operation="rules.update",
        help="update a rule: name, sources, thresholds, active state",
        notes=RULE_HELP,
        examples=[
            "iottui rules update 5c40273ee27d3c716847f530 --name 'CNC-1 Overheating'",
            "iottui rules update 5c40273ee27d3c716847f530 --threshold 'metric>41:major'",
        ],
    )
    p.add_argument("rule_id", metavar="RULE_ID")
    _rule_inputs(p, create=False)
    state = p.add_mutually_exclusive_group()
    state.add_argument(
        "--enable", dest="active", action="store_const", const=True, help="activate the rule"
    )
    state.add_argument(
        "--disable", dest="active", action="store_const", const=False, help="disable the rule"
    )

    for verb, body, text in (
        ("enable", enable, "activate rules"),
        ("disable", disable, "disable rules (no new alarms until enabled)"),
    ):
        p = res.leaf(
            verb,
            body,
            operation="rules.update",
            help=text,
            examples=[f"iottui rules {verb} 5c40273ee27d3c716847f530 5d52a6e5e27d3b7b484fe2a8"],
        )
        p.add_argument("rule_ids", metavar="RULE_ID", nargs="+")

    p = res.leaf(
        "delete",
        delete,
        operation="rules.delete",
        help="delete one or more rules",
        destructive=True,
        examples=["iottui rules delete 5c40273ee27d3c716847f530 --yes"],
    )
    p.add_argument("rule_ids", metavar="RULE_ID", nargs="+")
