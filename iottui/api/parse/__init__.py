"""Tolerant, fast parsing of API responses into the typed models.

The API document's own responses (``tests/fixtures/responses``) disagree with themselves: keys
change case (``buddyId``/``buddyid``), numbers arrive as strings (``"sensorsCount": "7"``),
a permission may be ``"full"``, the same device ``id`` means two different things, last values
use metric ids as keys, and edge module fields are flat or nested in ``repository``. Every
parser here accepts all of it:

* keys are looked up without regard to case (one lower-cased dict per object);
* integers may be strings (``"7"``) or integral floats; booleans may be ``0``/``1``/``"true"``;
* enum values the document does not list are kept (open enums);
* fields a model does not know are kept in its ``extra`` mapping, under their original keys.

Inside :func:`parse_data` (every client read) the parse is tolerant item by item (see
:mod:`iottui.api.problems`): an item of a list that cannot be read (not an object, a field of
the wrong kind, say a name that is an object) is skipped and named by its dotted path,
``data[0].devices[2].sensors[1]: expected an object, got a string``, on the ``ReadList`` (or
``Fleet.problems``, ``Dashboard.problems``) the read returns; the item holding a nested list
is kept. Items without an id are kept (``NO_ID``/``NO_STR_ID``). Only an answer unreadable as a
whole (not JSON, not an object, ``data`` of the wrong kind, a single object that cannot be
read) raises :class:`~iottui.api.errors.ResponseFormatError` naming the operation and path.
Called directly, outside ``parse_data``, the parsers raise on the first unreadable item.

The hot path (the nested fleet, thousands of devices) avoids per-field exceptions and
reflection: each parser is a plain function that builds one lower-cased dict per object and
reads fields with ``dict.get``. Paths for messages are built only for lists and objects.

One module per resource family: :mod:`~iottui.api.parse.core` (entry points and the primitive
helpers), ``account``, ``fleet`` (the nested fleet and its fast paths), ``lists`` (the flat
lists), ``alarms`` (rules and alarms), ``notifications``, ``dashboards``, ``data``, ``edge``
and ``writes``. This package exports every parser; import them from here.
"""

from __future__ import annotations

from iottui.api.parse.account import parse_contacts, parse_token, parse_user
from iottui.api.parse.alarms import parse_alarm, parse_alarm_close, parse_alarms, parse_rules
from iottui.api.parse.core import (
    GC_PAUSE_BYTES,
    FieldError,
    body_timestamp,
    collecting_problems,
    decode_json,
    parse_data,
    parse_list,
)
from iottui.api.parse.dashboards import parse_dashboard, parse_dashboards
from iottui.api.parse.data import parse_data_series, parse_last_values
from iottui.api.parse.edge import (
    edge_modules_of,
    parse_device_configuration,
    parse_device_configurations,
    parse_edge_module,
    parse_edge_modules,
)
from iottui.api.parse.fleet import parse_fleet, parse_metrics
from iottui.api.parse.lists import (
    parse_count,
    parse_device_summaries,
    parse_group_infos,
    parse_metric_count,
    parse_metric_infos,
    parse_sensor_infos,
)
from iottui.api.parse.notifications import parse_channels, parse_topics
from iottui.api.parse.writes import parse_created, parse_created_optional
from iottui.gcpause import gc_paused

__all__ = [
    "GC_PAUSE_BYTES",
    "FieldError",
    "body_timestamp",
    "collecting_problems",
    "decode_json",
    "edge_modules_of",
    "gc_paused",
    "parse_alarm",
    "parse_alarm_close",
    "parse_alarms",
    "parse_channels",
    "parse_contacts",
    "parse_count",
    "parse_created",
    "parse_created_optional",
    "parse_dashboard",
    "parse_dashboards",
    "parse_data",
    "parse_data_series",
    "parse_device_configuration",
    "parse_device_configurations",
    "parse_device_summaries",
    "parse_edge_module",
    "parse_edge_modules",
    "parse_fleet",
    "parse_group_infos",
    "parse_last_values",
    "parse_list",
    "parse_metric_count",
    "parse_metric_infos",
    "parse_metrics",
    "parse_rules",
    "parse_sensor_infos",
    "parse_token",
    "parse_topics",
    "parse_user",
]
