"""The request handlers of all 53 operations, keyed by route key, method and action.

``ROUTES[route_key]`` says what a path answers: a GET handler and POST handlers by action, each
with the payload fields it accepts (matched without regard to case). Operations that share a
route and action (custom vs system-health sensor create; dashboards list vs get one) are told
apart inside their handler by the payload shape or the query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from iottui.api.routes import OPERATIONS
from iottui.sim.handlers import dashboards, data, edge, fleet, rules
from iottui.sim.handlers.common import Doc, GetHandler, PostHandler
from iottui.sim.world import World


@dataclass(frozen=True)
class PostSpec:
    handler: PostHandler
    fields: tuple[str, ...] | None  # None: the handler checks fields itself


@dataclass
class RouteSpec:
    get: GetHandler | None = None
    post: dict[str, PostSpec] = field(default_factory=dict)
    #: For slow reads: validates under the lock and returns work to run in a thread.
    prepare: Callable[[World, Mapping[str, str]], Callable[[], Doc]] | None = None
    #: For big reads answered from a cache: the JSON body as bytes (``get`` stays the
    #: reference rendering of the same answer).
    raw: Callable[[World, Mapping[str, str]], bytes] | None = None


def _p(handler: PostHandler, *fields: str) -> PostSpec:
    return PostSpec(handler, fields or None)


ROUTES: dict[str, RouteSpec] = {
    "assignmenttoken": RouteSpec(
        fleet.get_token, {"update": PostSpec(fleet.regenerate_token, ("action",))}
    ),
    "user": RouteSpec(fleet.get_user),
    "fleet": RouteSpec(fleet.get_fleet, raw=fleet.get_fleet_raw),
    "devices": RouteSpec(fleet.get_devices),
    "groups": RouteSpec(
        fleet.get_groups,
        {
            "create": _p(fleet.create_group, "name", "devices"),
            "delete": _p(fleet.delete_group, "id"),
            "update": _p(fleet.update_group, "id", "name", "devices"),
        },
    ),
    "groups_share": RouteSpec(None, {"update": _p(fleet.share_group, "id", "contacts")}),
    "groups_unshare": RouteSpec(None, {"update": _p(fleet.unshare_group, "id", "contacts")}),
    "sensors": RouteSpec(
        fleet.get_sensors,
        {
            "create": _p(fleet.create_sensor),
            "delete": _p(fleet.delete_sensor, "id", "deviceId"),
            "update": _p(fleet.update_sensor),
        },
    ),
    "sensors_count": RouteSpec(fleet.count_sensors),
    "metrics": RouteSpec(fleet.get_metrics),
    "metrics_count": RouteSpec(fleet.count_metrics),
    "rules": RouteSpec(
        rules.get_rules,
        {
            "create": _p(
                rules.create_rule, "name", "ruleType", "sources", "thresholds", "activeflag"
            ),
            "delete": _p(rules.delete_rule, "id"),
            "update": _p(
                rules.update_rule, "id", "name", "ruleType", "activeflag", "sources", "thresholds"
            ),
        },
    ),
    "alarms": RouteSpec(rules.get_alarms, {"close": _p(rules.close_alarm, "id")}),
    "topics": RouteSpec(
        rules.get_topics,
        {
            "create": _p(rules.create_topic, "name", "channels"),
            "delete": _p(rules.delete_topic, "id"),
            "update": _p(rules.update_topic, "id", "name", "channels"),
        },
    ),
    "channels": RouteSpec(
        rules.get_channels,
        {
            "create": _p(
                rules.create_channel,
                "name",
                "type",
                "target",
                "timeZoneId",
                "topicInfos",
                "newTopics",
            ),
            "delete": _p(rules.delete_channel, "id"),
            "update": _p(
                rules.update_channel,
                "id",
                "name",
                "type",
                "target",
                "timeZoneId",
                "topicInfos",
                "newTopics",
                "activeflag",
            ),
        },
    ),
    "dashboards": RouteSpec(
        dashboards.get_dashboards,
        {
            "create": _p(dashboards.create_dashboard, "name"),
            "delete": _p(dashboards.delete_dashboard, "id"),
            "update": _p(dashboards.update_dashboard, "id", "name"),
        },
    ),
    "widgets": RouteSpec(
        None,
        {
            "create": _p(
                dashboards.create_widget,
                "dashboardId",
                "name",
                "type",
                "metrics",
                "layout",
                "settings",
            ),
            "delete": _p(dashboards.delete_widget, "dashboardId", "id"),
            "update": _p(
                dashboards.update_widget,
                "dashboardId",
                "id",
                "name",
                "type",
                "metrics",
                "layout",
                "settings",
            ),
        },
    ),
    "data": RouteSpec(data.get_data, prepare=data.prepare_data),
    "lastvalues": RouteSpec(data.get_last_values),
    "deviceconfigurations": RouteSpec(
        edge.get_deviceconfigs,
        {
            "create": _p(edge.create_deviceconfig, "name", "configuration"),
            "update": _p(edge.update_deviceconfig, "id", "name", "configuration"),
            "delete": _p(edge.delete_deviceconfig, "id"),
        },
    ),
    "deviceconfigurations_assign": RouteSpec(
        None, {"update": _p(edge.assign_deviceconfig, "id", "deviceIds", "groupIds")}
    ),
    "contacts": RouteSpec(fleet.get_contacts),
    "edgemodules": RouteSpec(
        edge.get_edgemodules,
        {
            "create": _p(
                edge.create_edgemodule,
                "name",
                "repository",
                "accessType",
                "dockerImageName",
                "containerOptions",
            ),
            "delete": _p(edge.delete_edgemodule, "id"),
            "update": _p(
                edge.update_edgemodule,
                "id",
                "name",
                "repository",
                "accessType",
                "dockerImageName",
                "containerOptions",
            ),
        },
    ),
}


def _check_coverage() -> None:
    """Every operation of the route table has a handler here (checked at import)."""
    for op in OPERATIONS:
        spec = ROUTES[op.route]
        if op.method == "GET":
            assert spec.get is not None, op.id
        else:
            assert op.action in spec.post, op.id


_check_coverage()
