"""The one route table of the IoT Cloud API, shared by the client and the simulator.

The API document (TeamViewer IoT Cloud API v2.0.0) lost its URL paths; the ones below are
reconstructed from it, most as inferences. So every path lives here, under a stable *route
key*, and a profile may override any of them (``[profiles.NAME.paths]`` in the config). The
simulator serves the same table, so an override applies to both ends.

``OPERATIONS`` lists all 53 operations of the document in its order, each with a stable id
(``"groups.create"``) that the client, the CLI, the UI and the tests refer to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

Method = Literal["GET", "POST"]

DEFAULT_PATHS: Mapping[str, str] = {
    "assignmenttoken": "/assignmenttoken",
    "user": "/user",
    "fleet": "/devices",
    "devices": "/devices/list",
    "groups": "/groups",
    "groups_share": "/groups/share",
    "groups_unshare": "/groups/unshare",
    "sensors": "/sensors",
    "sensors_count": "/sensors/count",
    "metrics": "/metrics",
    "metrics_count": "/metrics/count",
    "rules": "/rules",
    "alarms": "/alarms",
    "topics": "/topics",
    "channels": "/channels",
    "dashboards": "/dashboards",
    "widgets": "/widgets",
    "data": "/data",
    "lastvalues": "/lastvalues",
    "deviceconfigurations": "/deviceconfigurations",
    "deviceconfigurations_assign": "/deviceconfigurations/assign",
    "contacts": "/contacts",
    "edgemodules": "/edgemodules",
}


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the API document.

    Attributes:
        number: Its number, 1-53, in the API document's order.
        id: Stable dotted id, ``"<resource>.<verb>"``.
        method: ``GET`` for reads, ``POST`` for changes.
        route: The route key in :data:`DEFAULT_PATHS`.
        action: The POST body's ``action`` (``None`` for GETs).
        summary: One line for help texts.
    """

    number: int
    id: str
    method: Method
    route: str
    action: str | None
    summary: str

    @property
    def resource(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def verb(self) -> str:
        return self.id.split(".", 1)[1]


def _get(number: int, op_id: str, route: str, summary: str) -> Operation:
    return Operation(number, op_id, "GET", route, None, summary)


def _post(number: int, op_id: str, route: str, action: str, summary: str) -> Operation:
    return Operation(number, op_id, "POST", route, action, summary)


OPERATIONS: tuple[Operation, ...] = (
    _get(1, "account.token", "assignmenttoken", "Get the assignment token"),
    _post(2, "account.regenerate_token", "assignmenttoken", "update", "Regenerate the token"),
    _get(3, "account.user", "user", "Get user info and license"),
    _get(4, "fleet.get", "fleet", "Get the nested fleet: groups > devices > sensors > metrics"),
    _get(5, "devices.list", "devices", "Get the flat device list"),
    _post(6, "groups.create", "groups", "create", "Create a group"),
    _post(7, "groups.delete", "groups", "delete", "Delete a group"),
    _get(8, "groups.list", "groups", "List groups"),
    _post(9, "groups.update", "groups", "update", "Rename a group or change its devices"),
    _post(10, "groups.share", "groups_share", "update", "Share a group with contacts"),
    _post(11, "groups.unshare", "groups_unshare", "update", "Unshare a group from contacts"),
    _post(12, "sensors.create_custom", "sensors", "create", "Create a custom or OPC-UA sensor"),
    _post(13, "sensors.create_system_health", "sensors", "create", "Create a system-health sensor"),
    _post(14, "sensors.delete", "sensors", "delete", "Delete a sensor"),
    _get(15, "sensors.list", "sensors", "List sensors"),
    _post(16, "sensors.update", "sensors", "update", "Update a sensor"),
    _get(17, "sensors.count", "sensors_count", "Count sensors"),
    _get(18, "metrics.list", "metrics", "List metrics"),
    _get(19, "metrics.count", "metrics_count", "Count metrics"),
    _post(20, "rules.create", "rules", "create", "Create a rule"),
    _post(21, "rules.delete", "rules", "delete", "Delete one or more rules"),
    _get(22, "rules.list", "rules", "List rules"),
    _post(23, "rules.update", "rules", "update", "Update, enable or disable a rule"),
    _get(24, "alarms.list", "alarms", "List alarms by status and time range"),
    _post(25, "alarms.close", "alarms", "close", "Close an alarm"),
    _post(26, "topics.create", "topics", "create", "Create a topic"),
    _post(27, "topics.delete", "topics", "delete", "Delete a topic"),
    _get(28, "topics.list", "topics", "List topics"),
    _post(29, "topics.update", "topics", "update", "Update a topic"),
    _post(30, "channels.create", "channels", "create", "Create a notification channel"),
    _post(31, "channels.delete", "channels", "delete", "Delete a channel"),
    _get(32, "channels.list", "channels", "List channels"),
    _post(33, "channels.update", "channels", "update", "Update a channel"),
    _post(34, "dashboards.create", "dashboards", "create", "Create a dashboard"),
    _post(35, "dashboards.delete", "dashboards", "delete", "Delete a dashboard"),
    _get(36, "dashboards.list", "dashboards", "List dashboards"),
    _get(37, "dashboards.get", "dashboards", "Get one dashboard with its widgets"),
    _post(38, "dashboards.update", "dashboards", "update", "Rename a dashboard"),
    _post(39, "widgets.create", "widgets", "create", "Add a widget to a dashboard"),
    _post(40, "widgets.delete", "widgets", "delete", "Remove a widget"),
    _post(41, "widgets.update", "widgets", "update", "Update a widget"),
    _get(42, "metrics.history", "data", "Metric history, raw or aggregated"),
    _get(43, "metrics.last_values", "lastvalues", "Last values of sensors"),
    _post(44, "deviceconfigs.create", "deviceconfigurations", "create", "Create a device config"),
    _post(45, "deviceconfigs.update", "deviceconfigurations", "update", "Update a device config"),
    _post(46, "deviceconfigs.delete", "deviceconfigurations", "delete", "Delete a device config"),
    _get(47, "deviceconfigs.list", "deviceconfigurations", "List device configurations"),
    _post(
        48,
        "deviceconfigs.assign",
        "deviceconfigurations_assign",
        "update",
        "Assign a configuration to devices and groups",
    ),
    _get(49, "contacts.list", "contacts", "List contacts"),
    _post(50, "edgemodules.create", "edgemodules", "create", "Create an edge module"),
    _post(51, "edgemodules.delete", "edgemodules", "delete", "Delete an edge module"),
    _get(52, "edgemodules.list", "edgemodules", "List edge modules"),
    _post(53, "edgemodules.update", "edgemodules", "update", "Update an edge module"),
)

OPERATIONS_BY_ID: Mapping[str, Operation] = {op.id: op for op in OPERATIONS}


class RouteError(ValueError):
    """A path override is not usable (unknown route key, or not an absolute path)."""


class RouteTable:
    """Route keys to URL paths: the defaults with a profile's overrides applied.

    >>> RouteTable({"fleet": "/v2/devices"}).path("fleet")
    '/v2/devices'
    """

    __slots__ = ("_paths",)

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        paths = dict(DEFAULT_PATHS)
        for key, path in (overrides or {}).items():
            if key not in DEFAULT_PATHS:
                known = ", ".join(sorted(DEFAULT_PATHS))
                raise RouteError(f"unknown route key {key!r} in path overrides (known: {known})")
            if not isinstance(path, str) or not path.startswith("/") or " " in path:
                raise RouteError(f"path for route {key!r} must be an absolute path, got {path!r}")
            paths[key] = path.rstrip("/") or "/"
        self._paths = paths

    def path(self, route: str) -> str:
        """The URL path of a route key."""
        return self._paths[route]

    def for_operation(self, op_id: str) -> tuple[Operation, str]:
        """The operation with this id and its path."""
        op = OPERATIONS_BY_ID[op_id]
        return op, self._paths[op.route]

    def items(self) -> Iterator[tuple[str, str]]:
        """Every (route key, path) pair."""
        return iter(self._paths.items())

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._paths.items() if DEFAULT_PATHS[k] != v}
        return f"RouteTable({changed!r})"
