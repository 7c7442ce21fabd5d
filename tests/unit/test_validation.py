"""Request validation before any I/O: each refusal names its field and sends nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from iottui.api import (
    ChannelType,
    IoTClient,
    Permission,
    RuleType,
    SystemHealthType,
    WidgetType,
)
from iottui.api.errors import ValidationError
from iottui.api.models import (
    Frequency,
    Metric,
    PortMapping,
    RuleSource,
    Sensor,
    Threshold,
    WidgetLayout,
)
from iottui.api.resources import SeriesQuery
from iottui.api.validate import (
    format_nodeids,
    parse_nodeids,
    validate_channel_target,
    validate_condition,
    validate_docker_image,
    validate_startup_file,
)

from .conftest import Recorder

Call = Callable[[IoTClient], Awaitable[Any]]
TEN_S = Frequency("seconds", 10)
TEMP = Metric("temp", "Temperature")
VEL = Metric("vel", "Velocity")
METRIC_SRC = [RuleSource(metric_id="m", thing_id=1)]
OPCUA = Sensor(1, "existing", script_path="/var/lib/teamviewer-iot-agent/scripts/opcua/")


def opcua(nodeids: list[tuple[str, str]], metrics: list[Metric] | None = None) -> Call:
    return lambda c: c.sensors.create_opcua(
        1, "s", frequency=TEN_S, metrics=metrics or [TEMP, VEL], nodeids=nodeids
    )


# (case id, call, expected field, a fragment of the message)
REFUSALS: list[tuple[str, Call, str, str]] = [
    (
        "frequency below one second",
        lambda c: c.sensors.create_custom(
            1, "s", script_path="/a.py", frequency=Frequency("seconds", 0), metrics=[TEMP]
        ),
        "frequency.value",
        "from 1 to",
    ),
    (
        "frequency unit unknown",
        lambda c: c.sensors.create_system_health(
            1, "s", health_type=SystemHealthType.CPU, frequency=Frequency("fortnights", 1)
        ),
        "frequency.type",
        "seconds or minutes",
    ),
    (
        "no metrics",
        lambda c: c.sensors.create_custom(1, "s", script_path="/a.py", frequency=TEN_S, metrics=[]),
        "metrics",
        "at least one metric",
    ),
    (
        "duplicate metric ids",
        lambda c: c.sensors.create_custom(
            1, "s", script_path="/a.py", frequency=TEN_S, metrics=[TEMP, Metric("temp", "T2")]
        ),
        "metrics[1].id",
        "used twice",
    ),
    (
        "empty metric id",
        lambda c: c.sensors.create_custom(
            1, "s", script_path="/a.py", frequency=TEN_S, metrics=[Metric(" ", "x")]
        ),
        "metrics[0].id",
        "must not be empty",
    ),
    (
        "metric id with a blank",
        lambda c: c.sensors.update(1, metrics=[Metric("a b", "x")]),
        "metrics[0].id",
        "blanks",
    ),
    (
        "unit on a string metric",
        lambda c: c.sensors.create_custom(
            1,
            "s",
            script_path="/a.py",
            frequency=TEN_S,
            metrics=[Metric("t", "T", value_type="string", value_unit="SI.Power.WATT")],
        ),
        "metrics[0].value_unit",
        "double",
    ),
    (
        "unknown value type",
        lambda c: c.sensors.update(1, metrics=[Metric("t", "T", value_type="float")]),
        "metrics[0].value_type",
        "double, integer, string, bool",
    ),
    (
        "empty script path",
        lambda c: c.sensors.create_custom(1, "s", script_path=" ", frequency=TEN_S, metrics=[TEMP]),
        "script_path",
        "path",
    ),
    ("nodeid malformed", opcua([("Folder.Item.Temp", "temp")]), "nodeids[0]", "is not like"),
    ("nodeid with quote", opcua([("ns=1;s=it's", "temp")]), "nodeids[0]", "quotes"),
    ("nodeid unknown metric", opcua([("ns=1;s=A", "pressure")]), "nodeids[0]", "not one of"),
    (
        "nodeid metric mapped twice",
        opcua([("ns=1;s=A", "temp"), ("ns=1;s=B", "temp")]),
        "nodeids[1]",
        "mapped twice",
    ),
    ("no nodeids", opcua([]), "nodeids", "no node id"),
    ("a metric without a node id", opcua([("ns=1;s=A", "temp")]), "nodeids", "'vel' has no node"),
    (
        "second OPC-UA sensor on a device",
        lambda c: c.sensors.create_opcua(
            1,
            "s",
            frequency=TEN_S,
            metrics=[TEMP],
            nodeids=[("ns=1;s=A", "temp")],
            existing_sensors=[Sensor(2, "cpu"), OPCUA],
        ),
        "device_id",
        "only one OPC-UA sensor",
    ),
    (
        "system health type",
        lambda c: c.sensors.create_system_health(1, "s", health_type=0, frequency=TEN_S),
        "health_type",
        "CPU",
    ),
    (
        "docker image with a slash",
        lambda c: c.edgemodules.create("m", docker_image_name="library/nginx"),
        "docker_image_name",
        "A-Z",
    ),
    (
        "docker image too long",
        lambda c: c.edgemodules.update("x", docker_image_name="a" * 51),
        "docker_image_name",
        "50",
    ),
    (
        "startup file without extension",
        lambda c: c.edgemodules.create("m", docker_image_name="img", startup_file="/home/service/"),
        "startup_file",
        "extension",
    ),
    (
        "port out of range",
        lambda c: c.edgemodules.create(
            "m", docker_image_name="img", port_mapping=[PortMapping(0, 80)]
        ),
        "port_mapping[0].host_port",
        "1-65535",
    ),
    (
        "email channel with a URL",
        lambda c: c.channels.create(
            "c", ChannelType.EMAIL, "https://x.example", timezone_id="GMT+00:00 UTC"
        ),
        "target",
        "email address",
    ),
    (
        "webhook channel with an email",
        lambda c: c.channels.create(
            "c", ChannelType.WEBHOOK, "a@b.example", timezone_id="GMT+00:00 UTC"
        ),
        "target",
        "http",
    ),
    (
        "webhook with ftp",
        lambda c: c.channels.update(
            "c", name="c", target="ftp://x.example", channel_type=ChannelType.WEBHOOK
        ),
        "target",
        "http",
    ),
    (
        "channel type",
        lambda c: c.channels.create("c", 3, "a@b.example", timezone_id="GMT+00:00 UTC"),  # type: ignore[arg-type]
        "type",
        "0 (email)",
    ),
    (
        "empty time zone",
        lambda c: c.channels.create("c", ChannelType.EMAIL, "a@b.example", timezone_id=""),
        "timezone_id",
        "GMT",
    ),
    (
        "metric condition syntax",
        lambda c: c.rules.create(
            "r", RuleType.METRIC, sources=METRIC_SRC, thresholds=[Threshold("temp > 60")]
        ),
        "thresholds[0].condition",
        "metric<op>number",
    ),
    (
        "metric condition operator",
        lambda c: c.rules.create(
            "r", RuleType.METRIC, sources=METRIC_SRC, thresholds=[Threshold("metric=>60")]
        ),
        "thresholds[0].condition",
        "metric<op>number",
    ),
    (
        "offline duration not positive",
        lambda c: c.rules.create(
            "r",
            RuleType.DEVICE_OFFLINE,
            sources=[RuleSource(device_id=5)],
            thresholds=[Threshold("0")],
        ),
        "thresholds[0].condition",
        "positive",
    ),
    (
        "offline rule with a metric source",
        lambda c: c.rules.create(
            "r", RuleType.DEVICE_OFFLINE, sources=METRIC_SRC, thresholds=[Threshold("22")]
        ),
        "sources[0].device_id",
        "device-offline",
    ),
    (
        "metric rule without sensor",
        lambda c: c.rules.create(
            "r",
            RuleType.METRIC,
            sources=[RuleSource(metric_id="m")],
            thresholds=[Threshold("metric>1")],
        ),
        "sources[0].thing_id",
        "sensor id",
    ),
    (
        "severity 5",
        lambda c: c.rules.create(
            "r",
            RuleType.METRIC,
            sources=METRIC_SRC,
            thresholds=[Threshold("metric>1", 5)],  # type: ignore[arg-type]
        ),
        "thresholds[0].severity",
        "4 (warning)",
    ),
    (
        "checkcount 0",
        lambda c: c.rules.create(
            "r",
            RuleType.METRIC,
            sources=METRIC_SRC,
            thresholds=[Threshold("metric>1", checkcount=0)],
        ),
        "thresholds[0].checkcount",
        "from 1 to 1000",
    ),
    (
        "rule type 3",
        lambda c: c.rules.create("r", 3, sources=METRIC_SRC, thresholds=[Threshold("metric>1")]),  # type: ignore[arg-type]
        "rule_type",
        "1 (metric values)",
    ),
    (
        "rule update condition by inferred type",
        lambda c: c.rules.update("r", thresholds=[Threshold("hot")]),
        "thresholds[0].condition",
        "positive",
    ),
    (
        "permission 0",
        lambda c: c.groups.share(1, [(5, 0)]),
        "contacts[0].permission",
        "4 (full access)",
    ),
    (
        "permission 5",
        lambda c: c.groups.share(1, [(5, 5)]),
        "contacts[0].permission",
        "1 (read only)",
    ),
    ("no contacts", lambda c: c.groups.share(1, []), "contacts", "empty"),
    ("empty group name", lambda c: c.groups.create(""), "name", "empty"),
    ("group update without change", lambda c: c.groups.update(1), "name", "new name"),
    ("empty dashboard name", lambda c: c.dashboards.update("d", name=" "), "name", "empty"),
    ("empty topic name", lambda c: c.topics.create(""), "name", "empty"),
    ("empty rule ids", lambda c: c.rules.delete([]), "rule_ids", "empty"),
    ("negative group id", lambda c: c.groups.delete(-1), "group_id", "negative"),
    (
        "widget without metrics",
        lambda c: c.widgets.create("d", "w", WidgetType.NUMBER, metrics=[]),
        "metrics",
        "at least one",
    ),
    (
        "widget layout outside the grid",
        lambda c: c.widgets.create(
            "d", "w", WidgetType.NUMBER, metrics=[(1, "m")], layout=WidgetLayout(2, 6, x=10)
        ),
        "layout.x",
        "grid position",
    ),
    (
        "history end before start",
        lambda c: c.metrics.history([SeriesQuery(1)], start=10, end=5),
        "end",
        "before start",
    ),
    (
        "history func without period",
        lambda c: c.metrics.history([SeriesQuery(1, func="AVG")], start=1, end=5),  # type: ignore[arg-type]
        "queries[0].func",
        "period",
    ),
    (
        "history without queries",
        lambda c: c.metrics.history([], start=1, end=5),
        "queries",
        "at least one",
    ),
    (
        "last values with a bad id",
        lambda c: c.metrics.last_values([1, "x"]),  # type: ignore[list-item]
        "sensor_ids[1]",
        "sensor id",
    ),
    (
        "alarm range reversed",
        lambda c: c.alarms.list(start=10, end=5),
        "end",
        "before start",
    ),
    (
        "sensor update without change",
        lambda c: c.sensors.update(1),
        "name",
        "nothing to update",
    ),
    (
        "edge management flag",
        lambda c: c.deviceconfigs.create("c", edge_management="yes"),  # type: ignore[arg-type]
        "edge_management",
        "true or false",
    ),
    (
        "device ids as a string",
        lambda c: c.deviceconfigs.assign("c", device_ids="123"),
        "device_ids",
        "list of ids",
    ),
]


@pytest.mark.parametrize(
    ("call", "field", "fragment"),
    [pytest.param(call, field, fragment, id=case) for case, call, field, fragment in REFUSALS],
)
async def test_refused_before_io(
    call: Call, field: str, fragment: str, client: IoTClient, recorder: Recorder
) -> None:
    with pytest.raises(ValidationError) as info:
        await call(client)
    assert info.value.field == field
    assert fragment in str(info.value)
    assert info.value.operation is not None
    assert str(info.value).startswith(f"{info.value.operation}: ")
    assert recorder.requests == []


async def test_valid_requests_pass(client: IoTClient, recorder: Recorder) -> None:
    recorder.default = None
    for _ in range(4):
        recorder.reply_json({"data": {"id": 1}, "status": "OK"})
    await client.sensors.create_custom(
        1, "s", script_path="/a.py", frequency=Frequency("seconds", 1), metrics=[TEMP]
    )
    await client.rules.create(
        "r",
        RuleType.DEVICE_OFFLINE,
        sources=[RuleSource(device_id=5)],
        thresholds=[Threshold("22")],
    )
    await client.channels.create(
        "c", ChannelType.WEBHOOK, "http://hooks.example/x", timezone_id="GMT+00:00 UTC"
    )
    await client.edgemodules.create(
        "m", docker_image_name="my_Image-1", startup_file="/srv/app/main.py"
    )
    recorder.reply_json({"status": "OK"})
    await client.groups.share(1, [(5, Permission.FULL_ACCESS), (6, 2)])
    assert len(recorder.requests) == 5
    assert recorder.last_body["payload"]["contacts"] == [
        {"id": 5, "permission": 4},
        {"id": 6, "permission": 2},
    ]


@pytest.mark.parametrize(
    "condition",
    ["metric>1", "metric >= 60", "metric==1", "metric!=0", "metric<-2.5", "metric<=1e3"],
)
def test_metric_conditions_accepted(condition: str) -> None:
    assert validate_condition(RuleType.METRIC, condition) == condition.strip()


@pytest.mark.parametrize("duration", ["22", "0.5", " 15 "])
def test_offline_durations_accepted(duration: str) -> None:
    assert validate_condition(RuleType.DEVICE_OFFLINE, duration) == duration.strip()


def test_nodeids_round_trip() -> None:
    text = "'ns=1;s=Folder.Item.Temp' temp 'ns=1;s=Folder.Item.Velocity' vel"
    pairs = parse_nodeids(text)
    assert pairs == [("ns=1;s=Folder.Item.Temp", "temp"), ("ns=1;s=Folder.Item.Velocity", "vel")]
    assert format_nodeids(pairs) == text
    assert parse_nodeids("ns=1;s=A temp") == [("ns=1;s=A", "temp")]  # the document's bare form
    for broken in ("'ns=1;s=A temp", "'ns=1;s=A'", ""):
        with pytest.raises(ValidationError):
            parse_nodeids(broken)


@pytest.mark.parametrize("name", ["a", "A_b-9", "x" * 50])
def test_docker_images_accepted(name: str) -> None:
    assert validate_docker_image(name) == name


@pytest.mark.parametrize("path", ["/home/service/run.sh", "start.py", "/a/b.tar.gz"])
def test_startup_files_accepted(path: str) -> None:
    assert validate_startup_file(path) == path


@pytest.mark.parametrize("path", ["/home/service/", "/home/run", "/home/.profile", "/x/run."])
def test_startup_files_refused(path: str) -> None:
    with pytest.raises(ValidationError):
        validate_startup_file(path)


def test_target_without_type_accepts_either() -> None:
    assert validate_channel_target(None, "ops@example.com") == "ops@example.com"
    assert validate_channel_target(None, "https://h.example/x") == "https://h.example/x"
    with pytest.raises(ValidationError):
        validate_channel_target(None, "not a target")
