"""The columns of every management list, fitted to the width as the live table's are.

Each list names its columns with a priority (``keep``: 0 stays longest) and says which are
values read whole (``whole``: ids, ports, counts, states, types: shown whole or left out,
never cut to a wrong value such as ``1883:`` for ``1883:1883``); free text (names, paths,
addresses, lists of names) may be cut, always with an ellipsis. At 80 columns the identifying
column (the name) and the most useful values stay; ``Enter`` on a row shows its every cell
whole (:meth:`~iottui.ui.widgets.columns.FittedColumns.whole_row`).
"""

from __future__ import annotations

from iottui.ui.widgets.columns import Column, FittedColumns

#: the columns of each management list, by the list's widget id, in table order
MANAGE_COLUMNS: dict[str, tuple[Column, ...]] = {
    "dashboards-table": (
        Column("name", "Dashboard", keep=0, least=10),
        Column("id", "Id", keep=1, whole=True),
    ),
    "topics-table": (
        Column("name", "Topic", keep=0, least=10),
        Column("channels", "Channels", keep=1, least=10),
    ),
    "channels-table": (
        Column("name", "Channel", keep=0, least=10),
        Column("type", "Type", keep=2, whole=True),
        Column("target", "Target", keep=3, least=10),
        Column("state", "State", keep=1, whole=True),
        Column("timezone", "Time zone", keep=5, whole=True),
        Column("topics", "Topics", keep=4, least=8),
    ),
    "configs-table": (
        Column("name", "Configuration", keep=0, least=12),
        Column("edge", "Edge mgmt", keep=1, whole=True),
        Column("modules", "Modules", keep=4, least=8),
        Column("enforce", "Enforce", keep=2, whole=True),
        Column("devices", "Devices", keep=3, whole=True),
        Column("groups", "Groups", keep=5, whole=True),
    ),
    "modules-table": (
        Column("name", "Module", keep=0, least=10),
        Column("image", "Image", keep=2, least=10),
        Column("access", "Access", keep=3, whole=True),
        Column("startup", "Startup file", keep=4, least=10),
        Column("ports", "Ports", keep=1, whole=True),
        Column("used", "Used by", keep=5, whole=True),
    ),
    "contacts-table": (
        Column("name", "Contact", keep=0, least=10),
        Column("state", "State", keep=2, whole=True),
        Column("email", "E-mail", keep=3, least=10),
        Column("id", "Id", keep=1, whole=True),
    ),
    "devices-table": (
        Column("name", "Device", keep=0, least=10),
        Column("id", "Id", keep=1, whole=True),
        Column("type", "Type", keep=3, whole=True),
        Column("buddy", "Buddy id", keep=2, whole=True),
    ),
    "sensors-table": (
        Column("name", "Sensor", keep=0, least=10),
        Column("id", "Id", keep=1, whole=True),
        Column("device", "Device", keep=2, least=10),
    ),
    "metrics-table": (
        Column("name", "Metric", keep=0, least=10),
        Column("unit", "Unit", keep=1, whole=True),
        Column("type", "Type", keep=5, whole=True),
        Column("sensor", "Sensor", keep=3, least=8),
        Column("device", "Device", keep=2, least=10),
        Column("id", "Id", keep=4, whole=True),
    ),
}


def manage_table(table_id: str) -> FittedColumns:
    """The management list ``table_id`` (a key of :data:`MANAGE_COLUMNS`)."""
    return FittedColumns(id=table_id, columns=MANAGE_COLUMNS[table_id])
