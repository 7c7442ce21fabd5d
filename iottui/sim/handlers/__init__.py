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
from iottui.sim.handlers import (
    account,
    alarms,
    channels,
    contacts,
    dashboards,
    deviceconfigs,
    devices,
    edgemodules,
    fleet,
    groups,
    metrics,
    rules,
    sensors,
    topics,
    widgets,
)
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
        account.get_token, {"update": PostSpec(account.regenerate_token, ("action",))}
    ),
    "user": RouteSpec(account.get_user),
    "fleet": RouteSpec(fleet.get_fleet, raw=fleet.get_fleet_raw),
    "devices": RouteSpec(devices.get_devices),
    "groups": RouteSpec(
        groups.get_groups,
        {
            "create": _p(groups.create_group, "name", "devices"),
            "delete": _p(groups.delete_group, "id"),
            "update": _p(groups.update_group, "id", "name", "devices"),
        },
    ),
    "groups_share": RouteSpec(None, {"update": _p(groups.share_group, "id", "contacts")}),
    "groups_unshare": RouteSpec(None, {"update": _p(groups.unshare_group, "id", "contacts")}),
    "sensors": RouteSpec(
        sensors.get_sensors,
        {
            "create": _p(sensors.create_sensor),
            "delete": _p(sensors.delete_sensor, "id", "deviceId"),
            "update": _p(sensors.update_sensor),
        },
    ),
    "sensors_count": RouteSpec(sensors.count_sensors),
    "metrics": RouteSpec(metrics.get_metrics),
    "metrics_count": RouteSpec(metrics.count_metrics),
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
    "alarms": RouteSpec(alarms.get_alarms, {"close": _p(alarms.close_alarm, "id")}),
    "topics": RouteSpec(
        topics.get_topics,
        {
            "create": _p(topics.create_topic, "name", "channels"),
            "delete": _p(topics.delete_topic, "id"),
            "update": _p(topics.update_topic, "id", "name", "channels"),
        },
    ),
    "channels": RouteSpec(
        channels.get_channels,
        {
            "create": _p(
                channels.create_channel,
                "name",
                "type",
                "target",
                "timeZoneId",
                "topicInfos",
                "newTopics",
            ),
            "delete": _p(channels.delete_channel, "id"),
            "update": _p(
                channels.update_channel,
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
                widgets.create_widget,
                "dashboardId",
                "name",
                "type",
                "metrics",
                "layout",
                "settings",
            ),
            "delete": _p(widgets.delete_widget, "dashboardId", "id"),
            "update": _p(
                widgets.update_widget,
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
    "data": RouteSpec(metrics.get_data, prepare=metrics.prepare_data),
    "lastvalues": RouteSpec(metrics.get_last_values),
    "deviceconfigurations": RouteSpec(
        deviceconfigs.get_deviceconfigs,
        {
            "create": _p(deviceconfigs.create_deviceconfig, "name", "configuration"),
            "update": _p(deviceconfigs.update_deviceconfig, "id", "name", "configuration"),
            "delete": _p(deviceconfigs.delete_deviceconfig, "id"),
        },
    ),
    "deviceconfigurations_assign": RouteSpec(
        None, {"update": _p(deviceconfigs.assign_deviceconfig, "id", "deviceIds", "groupIds")}
    ),
    "contacts": RouteSpec(contacts.get_contacts),
    "edgemodules": RouteSpec(
        edgemodules.get_edgemodules,
        {
            "create": _p(
                edgemodules.create_edgemodule,
                "name",
                "repository",
                "accessType",
                "dockerImageName",
                "containerOptions",
            ),
            "delete": _p(edgemodules.delete_edgemodule, "id"),
            "update": _p(
                edgemodules.update_edgemodule,
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
