"""Every example request body of the API document, reconstructed under tests/fixtures/requests/,
is produced by the client from typed arguments.

Assumptions where the document lost lines (lines holding only braces/brackets are gone):

* groups.update / groups.share / groups.unshare: only the devices or contact entries
  survived; the group id (29988, the group created in the previous example) and the name
  ("edited", the name the list example shows for it) are assumed.
* rules.delete: the document writes ``["5c40...", ...]``; the fixture keeps the one real id.
* account.regenerate_token: the example shows ``"payload": {"action": "update"}``; kept as is.
* dashboards.create_2 is the introduction's example (``"name": "My Dashboard"``); its
  ``"payload": {`` line is restored from the field table above it (action, payload).
* The document sends ``"UPDATE"`` for device configurations; the server treats the verb
  case-insensitively, so actions are compared without regard to case.
* channels: the example targets are ``""`` (the document blanked addresses, like every email in
  it). The client refuses an empty target, so the test asserts that refusal and then produces
  the body with a real address, compared with only ``target`` substituted.
* edge modules: ``startupFile`` is ``"/home/service/"`` (no extension). The client refuses it
  (the field table says the extension is mandatory), so the test asserts the refusal and then
  compares with ``/home/service/run.sh``. ``accessType``/``dockerImageName`` sit inside
  ``repository`` (their last line lacks the comma before ``containerOptions``).
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from iottui.api import (
    ChannelType,
    IoTClient,
    Permission,
    RuleType,
    Severity,
    SystemHealthType,
    WidgetType,
)
from iottui.api.enums import AxisType, ScalingType, TemperatureUnit
from iottui.api.errors import ValidationError
from iottui.api.models import (
    Frequency,
    Metric,
    PortMapping,
    RuleSource,
    Threshold,
    WidgetLayout,
    WidgetSettings,
)

from .conftest import REQUESTS, RESPONSES, Recorder, load_request, load_response

Call = Callable[[IoTClient], Awaitable[Any]]

TEMP = Metric("temp", "Temperature", value_unit="SI.Temperature.CELSIUS")
VEL = Metric("vel", "Velocity", value_annotation="km/h")
STATUS = Metric("status", "Status", value_type="string")
TEN_S = Frequency("seconds", 10)
DASH = "5c5af70fb0e37d00056d25ea"
METRIC_A = (96314, "2a4664fef3344d5f919b59832d304dbf")
PORTS = [PortMapping(1111, 2222), PortMapping(3333, 4444)]

CASES: dict[str, Call] = {
    "account.regenerate_token": lambda c: c.account.regenerate_token(),
    "groups.create": lambda c: c.groups.create("New Group", ["456931800", 678991800]),
    "groups.delete": lambda c: c.groups.delete(29988),
    "groups.update": lambda c: c.groups.update(
        29988, name="edited", devices=[456931800, "678991800"]
    ),
    "groups.share": lambda c: c.groups.share(29988, [(24599, Permission.READ_ONLY)]),
    "groups.unshare": lambda c: c.groups.unshare(29988, [24599, 124124]),
    "sensors.create_custom": lambda c: c.sensors.create_custom(
        2000565656, "New Sensor", script_path="/home/", frequency=TEN_S, metrics=[TEMP, VEL, STATUS]
    ),
    "sensors.create_custom_2": lambda c: c.sensors.create_opcua(
        2000565656,
        "New opc-ua Sensor",
        frequency=TEN_S,
        metrics=[TEMP, VEL],
        nodeids=[("ns=1;s=Folder.Item.Temp", "temp"), ("ns=1;s=Folder.Item.Velocity", "vel")],
    ),
    "sensors.create_system_health": lambda c: c.sensors.create_system_health(
        2000565656, "New Sensor", health_type=SystemHealthType.CPU, frequency=TEN_S
    ),
    "sensors.delete": lambda c: c.sensors.delete(52342, 2000000048),
    "sensors.update": lambda c: c.sensors.update(
        486471,
        name="Updating Sensor",
        frequency=Frequency("seconds", 5),
        metrics=[Metric("temperature3", "Temperature 3", value_annotation="C")],
        script_path="/home/",
    ),
    "rules.create": lambda c: c.rules.create(
        "rule1",
        RuleType.METRIC,
        sources=[RuleSource(metric_id="6b1c072371104611961eca76d413528a", thing_id=96275)],
        thresholds=[
            Threshold(
                "metric==1", Severity.CRITICAL, 1, new_topics=("New load topic", "Second topic")
            )
        ],
    ),
    "rules.delete": lambda c: c.rules.delete(["5c40273ee27d3c716847f530"]),
    "rules.update": lambda c: c.rules.update(
        "1c3a4acbe27d3b13ff2dc031",
        name="CNC-1 Overheating",
        active=True,
        sources=[RuleSource(metric_id="b6dd1abbeb1d2cb1b9d62603f3d30bd3", thing_id=13892)],
        thresholds=[Threshold("metric>41", Severity.MAJOR, 1)],
    ),
    "alarms.close": lambda c: c.alarms.close("745ea3cb-fc67-49ec-9352-287f072c9f10"),
    "topics.create": lambda c: c.topics.create("New Topic"),
    "topics.delete": lambda c: c.topics.delete("5d4ab2b3d4f99c207961a15d"),
    "topics.update": lambda c: c.topics.update(
        "5d483827931d9a3214f399b4", name="CPU overload", channel_ids=[]
    ),
    "channels.create": lambda c: c.channels.create(
        "New channel",
        ChannelType.EMAIL,
        "alerts@example.com",
        timezone_id="GMT+02:00 Europe/Berlin",
        new_topics=["Topic 5", "Email topic"],
    ),
    "channels.delete": lambda c: c.channels.delete("5d483930931d9a3214f399b7"),
    "channels.update": lambda c: c.channels.update(
        "5d4ac2eed4f99c207961a162",
        name="updating the channel",
        target="https://example.com/hook",
        timezone_id="GMT+02:00 Europe/Berlin",
        topic_ids=[],
        new_topics=["Webhook topic"],
        active=False,
    ),
    "dashboards.create": lambda c: c.dashboards.create("Load Dashboard"),
    "dashboards.create_2": lambda c: c.dashboards.create("My Dashboard"),
    "dashboards.delete": lambda c: c.dashboards.delete("5c46c87e9cd2501c5ea361b1"),
    "dashboards.update": lambda c: c.dashboards.update(
        "5c4b1c7b9cd2502c5a1d5562", name="CPU dash. - 5th room"
    ),
    "widgets.create": lambda c: c.widgets.create(
        DASH, "Number Widget", WidgetType.NUMBER, metrics=[METRIC_A], layout=WidgetLayout(2, 6)
    ),
    "widgets.create_2": lambda c: c.widgets.create(
        DASH, "String Widget", WidgetType.STRING, metrics=[METRIC_A]
    ),
    "widgets.create_3": lambda c: c.widgets.create(
        DASH,
        "Status Indicator Widget",
        WidgetType.STATUS_INDICATOR,
        metrics=[(66314, "3a4664fef3344d5f919b59832d304dbe")],
    ),
    "widgets.create_4": lambda c: c.widgets.create(
        DASH,
        "Chart Widget",
        WidgetType.CHART,
        metrics=[METRIC_A],
        settings=WidgetSettings(
            axis_type=AxisType.SINGLE,
            scaling_type=ScalingType.MANUAL,
            min_value="0",
            max_value="30",
        ),
    ),
    "widgets.create_5": lambda c: c.widgets.create(
        DASH,
        "Gauge Widget",
        WidgetType.GAUGE,
        metrics=[METRIC_A],
        settings=WidgetSettings(min_value="0", max_value="90"),
    ),
    "widgets.create_6": lambda c: c.widgets.create(
        DASH,
        "Thermometer Widget",
        WidgetType.THERMOMETER,
        metrics=[METRIC_A],
        settings=WidgetSettings(min_value="0", max_value="90", unit=TemperatureUnit.CELSIUS),
    ),
    "widgets.create_7": lambda c: c.widgets.create(
        DASH,
        "Map Widget",
        WidgetType.MAP,
        metrics=[METRIC_A, (96314, "3e4665yklf344d5f919b59832d304ccd")],
        settings=WidgetSettings(
            lng="96314_2a4664fef3344d5f919b59832d304dbf",
            lat="96314_3e4665yklf344d5f919b59832d304ccd",
        ),
    ),
    "widgets.delete": lambda c: c.widgets.delete("5a8d2efb336bc740e5a08139", "1234365657554353"),
    "widgets.update": lambda c: c.widgets.update(
        "5a8d2efb336bc740e5a08139", "1507105642373", name="CPU2"
    ),
    "deviceconfigs.create": lambda c: c.deviceconfigs.create(
        "device configuration for edge-management", edge_management=True
    ),
    "deviceconfigs.update": lambda c: c.deviceconfigs.update(
        "d281543-c6d7-49c7-89c7-03698598b39a",
        name="Updated device configuration",
        edge_management=True,
        edge_module_ids=[],
    ),
    "deviceconfigs.delete": lambda c: c.deviceconfigs.delete(
        "6a2911fa-ec4f-4642-be14-47a571232eab"
    ),
    "deviceconfigs.assign": lambda c: c.deviceconfigs.assign(
        "28696f84-6f4d-4664-8255-d779e7a57d96"
    ),
    "edgemodules.create": lambda c: c.edgemodules.create(
        "New Edge Module",
        docker_image_name="myImageName",
        startup_file="/home/service/run.sh",
        port_mapping=PORTS,
    ),
    "edgemodules.delete": lambda c: c.edgemodules.delete("5d483930931d9a3214f399b7"),
    "edgemodules.update": lambda c: c.edgemodules.update(
        "5d4ac2eed4f99c207961a162",
        name="New Edge Module",
        access_type="public",
        docker_image_name="myImageName",
        startup_file="/home/service/run.sh",
        port_mapping=PORTS,
    ),
}

#: Fixture values the client must refuse, and what it sends instead (see the module doc).
SUBSTITUTIONS: dict[str, tuple[tuple[str, ...], Any]] = {
    "channels.create": (("payload", "target"), "alerts@example.com"),
    "channels.update": (("payload", "target"), "https://example.com/hook"),
    "edgemodules.create": (("payload", "containerOptions", "startupFile"), "/home/service/run.sh"),
    "edgemodules.update": (("payload", "containerOptions", "startupFile"), "/home/service/run.sh"),
}


def _normalise(body: Any) -> Any:
    body = copy.deepcopy(body)
    body["action"] = body["action"].lower()
    return body


def _expected(name: str) -> Any:
    expected = load_request(name)
    if name in SUBSTITUTIONS:
        path, value = SUBSTITUTIONS[name]
        node = expected
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return _normalise(expected)


def test_every_request_fixture_has_a_case() -> None:
    assert sorted(p.stem for p in REQUESTS.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_request_body(name: str, client: IoTClient, recorder: Recorder) -> None:
    op_id = name.rsplit("_", 1)[0] if name[-1].isdigit() and name[-2] == "_" else name
    answer = name if (RESPONSES / f"{name}.json").exists() else op_id
    recorder.reply_json(load_response(answer))  # the document's answer to this request
    await CASES[name](client)
    (request,) = recorder.requests
    assert request.method == "POST"
    _, path = client.routes.for_operation(op_id)
    assert request.url.path == path
    assert request.headers["content-type"] == "application/json"
    assert _normalise(recorder.last_body) == _expected(name)


async def test_channel_examples_blank_target_is_refused(
    client: IoTClient, recorder: Recorder
) -> None:
    create = load_request("channels.create")["payload"]
    with pytest.raises(ValidationError) as info:
        await client.channels.create(
            create["name"],
            ChannelType(create["type"]),
            create["target"],
            timezone_id=create["timeZoneId"],
        )
    assert info.value.field == "target"
    with pytest.raises(ValidationError):
        await client.channels.update(
            "5d4ac2eed4f99c207961a162", name="updating the channel", target=""
        )
    assert recorder.requests == []


async def test_edge_module_example_startup_file_is_refused(
    client: IoTClient, recorder: Recorder
) -> None:
    startup = load_request("edgemodules.create")["payload"]["containerOptions"]["startupFile"]
    assert startup == "/home/service/"
    with pytest.raises(ValidationError) as info:
        await client.edgemodules.create(
            "New Edge Module", docker_image_name="myImageName", startup_file=startup
        )
    assert info.value.field == "startup_file"
    assert "extension" in str(info.value)
    assert recorder.requests == []
