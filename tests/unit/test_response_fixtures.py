"""Every example response of the API document, reconstructed under tests/fixtures/responses/,
answered to the client and parsed into models whose values are asserted.

Reconstruction notes (the document lost every line that held only braces or brackets, and its
headings): a list whose item lines are missing entirely (``"topicIds": [`` followed by the next
key) was empty; an object that closes before a key without a trailing comma was nested. Where a
whole example was lost (Get Edge Modules keeps only ``"name": "New Edge Module"``) the fixture
is assembled from the field table and the neighbouring create/update examples (ids reused).
Edge module ``accessType``/``dockerImageName`` lines end without a comma before
``containerOptions``, so they sat in an object whose ``"repository": {`` line was lost; the
fixtures nest them (the flat form is covered in test_parse_quirks.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iottui.api import (
    AlarmStatus,
    AlarmType,
    ChannelState,
    ChannelType,
    ContactState,
    Created,
    DataPeriod,
    DeviceState,
    DeviceType,
    IoTClient,
    Permission,
    RuleState,
    RuleType,
    SeriesQuery,
    Severity,
    SystemHealthType,
    WidgetType,
)
from iottui.api.enums import Aggregation
from iottui.api.errors import BadRequestError
from iottui.api.models import Frequency, Metric, PortMapping, RuleSource, Threshold
from iottui.api.parse import edge_modules_of

from .conftest import RESPONSES, Recorder, load_response


def answer(recorder: Recorder, name: str) -> None:
    recorder.reply_json(load_response(name))


async def test_error_example_maps_to_bad_request(client: IoTClient, recorder: Recorder) -> None:
    recorder.reply_json(load_response("error"), status=400)
    with pytest.raises(BadRequestError) as info:
        await client.dashboards.create("My Dashboard")
    assert info.value.code == "11"
    assert info.value.desc == "Warn.could not detect any correct action."
    assert info.value.status == 400
    assert info.value.operation == "dashboards.create"


async def test_account(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "account.token")
    assert await client.account.token() == "8704847-hJtfCI6YS1Lr9i6dW3Yu"
    answer(recorder, "account.regenerate_token")
    assert await client.account.regenerate_token() == "8704847-hJtfCI6YS1Lr9i6dW3Yu"
    answer(recorder, "account.user")
    user = await client.account.user()
    assert (user.id, user.firstname, user.lastname, user.email) == ("u100000", "John", "Smith", "")
    assert user.license is not None
    assert (user.license.type, user.license.version) == ("Free", 13)
    assert user.eula_agreement is True
    assert user.display_name == "John Smith"


async def test_fleet(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "fleet.get")
    fleet = await client.fleet.get()
    assert fleet.timestamp == 1586941553678
    (group,) = fleet.groups
    assert (group.id, group.name, group.permission, group.owner) == (
        33858,
        "My computers",
        Permission.OWNED,
        29469,
    )
    (device,) = group.devices
    # In the nested fleet the id is the TeamViewer ID and buddyId the per-user id.
    assert (device.id, device.buddy_id, device.name) == (2000000472, 9135, "IoT Gateway 2D")
    assert device.device_type is DeviceType.IOT
    assert device.state is DeviceState.OFFLINE
    assert not device.online
    assert (device.sensors_count, device.metrics_count) == (7, 21)  # sent as "7", "21"
    assert device.alarm is Severity.MAJOR  # sent as "2"
    assert (device.description, device.version) == ("my IoT device", "2.6.3")
    assert device.is_monitoring_enabled is True
    assert dict(device.system_health_types) == {"CPU": True, "Memory": False, "Load": False}
    (sensor,) = device.sensors
    assert (sensor.id, sensor.name, sensor.metrics_count) == (106631, "CPU", 6)
    assert sensor.provisioned_sensor_id == "6e1033c0c1e04790a7b25670a84a930a"
    assert sensor.system_health_type is SystemHealthType.CPU
    assert sensor.is_plugin_sensor is False
    assert sensor.script_path == ""
    assert sensor.frequency == Frequency("minutes", 10)
    assert sensor.frequency.seconds == 600
    user_cpu, system_cpu = sensor.metrics
    assert user_cpu.id == "d070dcc1ac904f8eb7f011d5a492fc09"
    assert user_cpu.name == "User CPU Usage"
    assert user_cpu.value_unit == "SI.Temperature.CELSIUS"
    assert user_cpu.unit == "°C"
    assert user_cpu.alarm is Severity.CRITICAL  # sent as "1"
    assert system_cpu.value_annotation == "Percent"
    assert system_cpu.unit == "Percent"
    assert system_cpu.alarm is None
    assert sensor.alarm is Severity.CRITICAL
    (share,) = group.shared_with
    assert share.name == "qaiotdev"
    assert share.permission is Permission.FULL_ACCESS  # sent as "full"
    assert share.user_id is None
    (contact,) = group.contacts
    assert (contact.id, contact.name, contact.state) == (6574, "qaiotdev", ContactState.OFFLINE)
    assert fleet.find_device(2000000472) is device
    assert fleet.find_sensor(106631) == (device, sensor)


async def test_device_list(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "devices.list")
    (device,) = await client.devices.list()
    assert (device.id, device.name, device.buddy_id) == (2064781955, "IoT Gateway 3B", 127451284)
    assert device.device_type is DeviceType.IOT  # "devicetype" in lower case


async def test_groups(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "groups.create")  # {"data": {"id": 29988}} without "status"
    assert await client.groups.create("New Group", ["456931800", "678991800"]) == Created(29988)
    answer(recorder, "groups.delete")
    await client.groups.delete(29988)
    answer(recorder, "groups.list")
    edited, foo = await client.groups.list()
    assert (edited.id, edited.name, edited.permission) == (29988, "edited", Permission.OWNED)
    assert edited.devices == ()
    assert edited.shared_with == ()
    assert edited.contacts == ()
    assert (foo.id, foo.name, foo.permission) == (27878, "foo", Permission.FULL_ACCESS)
    assert [(s.name, s.permission) for s in foo.shared_with] == [("qaiotdev", Permission.OWNED)]
    # In Get Groups the device id is the per-user id and tvId the TeamViewer ID.
    assert [(d.id, d.tv_id, d.name) for d in foo.devices] == [
        (5439, 2000001130, "raspberrypi"),
        (597, 2082190472, "qa-iot"),
    ]
    assert [(c.id, c.name) for c in foo.contacts] == [(6574, "qaiotdev"), (5380, "test")]
    for name, call in (
        ("groups.update", client.groups.update(29988, name="edited")),
        ("groups.share", client.groups.share(29988, [(24599, Permission.READ_ONLY)])),
        ("groups.unshare", client.groups.unshare(29988, [24599])),
    ):
        answer(recorder, name)
        await call


FREQ = Frequency("seconds", 10)
METRICS = [Metric("temp", "Temperature", value_unit="SI.Temperature.CELSIUS")]


async def test_sensors(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "sensors.create_custom")
    created = await client.sensors.create_custom(
        2000565656, "New Sensor", script_path="/home/", frequency=FREQ, metrics=METRICS
    )
    assert created.id == 486471
    answer(recorder, "sensors.create_custom_2")
    created = await client.sensors.create_opcua(
        2000565656,
        "New opc-ua Sensor",
        frequency=FREQ,
        metrics=METRICS,
        nodeids=[("ns=1;s=Folder.Item.Temp", "temp")],
    )
    assert created.id == 123456
    answer(recorder, "sensors.create_system_health")
    created = await client.sensors.create_system_health(
        2000565656, "New Sensor", health_type=SystemHealthType.CPU, frequency=FREQ
    )
    assert created.id == 486471
    answer(recorder, "sensors.delete")
    await client.sensors.delete(52342, 2000000048)
    answer(recorder, "sensors.list")
    first, second = await client.sensors.list()
    assert (first.id, first.name) == (8807, "unispeed61507279058")
    assert first.provisioned_sensor_id == "8cb243947fa24675a7495f26a917d557"
    assert first.device is not None
    assert (first.device.id, first.device.name) == (
        2000001925,
        "Device_1",
    )
    assert (second.id, second.name, second.provisioned_sensor_id) == (
        486471,
        "New Sensor",
        "486471",
    )
    assert second.device is not None
    assert second.device.id == 2000565656
    answer(recorder, "sensors.update")
    assert (await client.sensors.update(486471, name="Updating Sensor")).id == 486471
    answer(recorder, "sensors.count")
    assert await client.sensors.count() == 3  # {"data": [3]}


async def test_metrics(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "metrics.list")  # data is {"metrics": [...]}, keys in lower case
    (metric,) = await client.metrics.list()
    assert (metric.id, metric.name) == ("9ba3790e5dd0417cb87264a08f7a5b41", "Temperature-1")
    assert metric.value_unit == "NoSI.Dimensionless.PERCENT"
    assert metric.unit == "%"
    assert metric.value_type == "double"
    assert metric.sensor is not None
    assert (metric.sensor.id, metric.sensor.name) == (84391, "Thermometer-1-Floor-3B")
    assert metric.sensor.device is not None
    assert (metric.sensor.device.id, metric.sensor.device.name) == (2012085255, "IoT Gateway 1")
    answer(recorder, "metrics.count")
    count = await client.metrics.count()
    assert (count.metrics, count.device_count) == (30, None)
    answer(recorder, "metrics.count_2")
    count = await client.metrics.count()
    assert (count.metrics, count.device_count) == (None, 3)


async def test_history_and_last_values(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "metrics.history")
    (series,) = await client.metrics.history(
        [SeriesQuery(106624, "9414e8d582e64e6ead90b549cc4173ef", Aggregation.AVG)],
        start=1574679580889,
        end=1574679640889,
        period=60000,
    )
    assert (series.sensor_id, series.metric_id) == (106624, "9414e8d582e64e6ead90b549cc4173ef")
    assert series.func is Aggregation.AVG
    assert [(p.timestamp, p.value) for p in series.points] == [
        (1574679580889, 0),
        (1574679640889, 0),
    ]
    answer(recorder, "metrics.last_values")
    first, second = await client.metrics.last_values([811617, 8262216])
    assert (first.sensor_id, first.timestamp, dict(first.values)) == (
        811617,
        1549968244542,
        {"temp": "49"},
    )
    assert (second.sensor_id, dict(second.values)) == (8262216, {"humidity": "33"})


async def test_rules(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "rules.create")
    created = await client.rules.create(
        "rule1",
        RuleType.METRIC,
        sources=[RuleSource(metric_id="6b1c072371104611961eca76d413528a", thing_id=96275)],
        thresholds=[Threshold("metric==1")],
    )
    assert created.id == "5c40273ee27d3c716847f530"
    answer(recorder, "rules.delete")
    await client.rules.delete(["5c40273ee27d3c716847f530"])
    answer(recorder, "rules.list")
    metric_rule, offline_rule = await client.rules.list()
    assert (metric_rule.id, metric_rule.name) == (
        "5d52a6e5e27d3b7b484fe2a8",
        "Detect Machine Overheating",
    )
    assert metric_rule.rule_type is RuleType.METRIC
    assert metric_rule.state is RuleState.ACTIVE
    (threshold,) = metric_rule.thresholds
    assert (threshold.condition, threshold.severity, threshold.checkcount) == (
        "metric>=60",
        Severity.CRITICAL,
        1,
    )
    load, cpu = metric_rule.sources
    assert (load.metric_id, load.thing_id) == ("38aca994a6764e5c8c7819c6e774f505", 82331)
    assert load.label == "CNC-Manifest-Floor1-SC1 › Load › 1 min load"
    assert (cpu.device_name, cpu.sensor_name, cpu.metric_name, cpu.thing_id) == (
        "CNC-Manifest-Floor1-SC2",
        "CPU",
        "Nice CPU Usage",
        54126,
    )
    assert offline_rule.rule_type is RuleType.DEVICE_OFFLINE
    assert offline_rule.thresholds[0].condition == "22"
    (device_source,) = offline_rule.sources
    assert (device_source.device_id, device_source.device_name) == (
        2022634333,
        "vagrant-ubuntu-trusty-64",
    )
    assert device_source.metric_id is None
    answer(recorder, "rules.update")
    await client.rules.update("5c40273ee27d3c716847f530", active=False)


async def test_alarms(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "alarms.list")
    (alarm,) = await client.alarms.list()
    assert alarm.id == "5ea165ef-3d66-407c-82b5-15062a35d89d"
    assert (alarm.severity, alarm.status, alarm.type) == (
        Severity.CRITICAL,
        AlarmStatus.OPEN,
        AlarmType.METRIC,
    )  # all three sent as strings
    assert alarm.open_time == 1545292817957
    assert alarm.is_open
    assert alarm.description == "rule1"
    assert alarm.changelog == ()
    assert alarm.source is not None
    assert (alarm.source.source_key, alarm.source.id) == (
        "2018301694_1111_2222",
        "5c19dae2336bc71e230db72a",
    )
    details = alarm.source.details
    assert (details.device, details.sensor, details.metric) == ("RevPi1", "Memory", "Free Memory")
    assert (details.condition, details.value, details.cons_check) == ("metric>0", "15", "1")

    answer(recorder, "alarms.list_2")
    (offline,) = await client.alarms.list()
    assert offline.type is AlarmType.DEVICE_OFFLINE
    assert offline.description == "device_rule1"
    assert offline.source is not None
    assert offline.source.source_key == "2018301694"
    assert offline.source.details.offline_duration == "15"

    answer(recorder, "alarms.list_3")
    (closed,) = await client.alarms.list(AlarmStatus.CLOSED)
    assert closed.status is AlarmStatus.CLOSED
    assert not closed.is_open
    (entry,) = closed.changelog
    assert (entry.prop, entry.prev_val, entry.current_val) == ("status", "Open", "Closed By System")
    assert (entry.close_time, entry.user_id) == (1545284319571, "u111")
    assert closed.close_time == 1545284319571

    answer(recorder, "alarms.close")
    result = await client.alarms.close("745ea3cb-fc67-49ec-9352-287f072c9f10")
    assert result.id == "745ea3cb-fc67-49ec-9352-287f072c9f10"
    assert result.status is AlarmStatus.CLOSED
    assert (result.user_id, result.open_time) == ("u111", 1550736264995)
    assert result.changelog is not None
    assert result.changelog.current_val == "Closed By User"
    assert result.changelog.close_time == 1550736334329


async def test_topics(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "topics.create")
    assert (await client.topics.create("New Topic")).id == "5d4ab2b3d4f99c207961a15d"
    answer(recorder, "topics.delete")
    await client.topics.delete("5d4ab2b3d4f99c207961a15d")
    answer(recorder, "topics.list")  # no "status" in this example
    memory, cpu = await client.topics.list()
    assert (memory.id, memory.name) == ("5d4838c0931d9a3214f399b6", "Memory topic")
    assert [(c.id, c.name, c.target) for c in memory.channels] == [
        ("5d4838c0931d9a3214f399b5", "The second channel", "")
    ]
    assert (cpu.id, cpu.name, cpu.channels) == ("5d483930931d9a3214f399b7", "CPU topic", ())
    answer(recorder, "topics.update")
    await client.topics.update("5d483827931d9a3214f399b4", name="CPU overload")


async def test_channels(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "channels.create")
    created = await client.channels.create(
        "New channel", ChannelType.EMAIL, "ops@example.com", timezone_id="GMT+02:00 Europe/Berlin"
    )
    assert created.id == "5d4ac2eed4f99c207961a162"
    answer(recorder, "channels.delete")
    await client.channels.delete("5d483930931d9a3214f399b7")
    answer(recorder, "channels.list")
    (channel,) = await client.channels.list()
    assert (channel.id, channel.name) == ("5d4ac2eed4f99c207961a162", "Channel 7")
    assert channel.type is ChannelType.WEBHOOK
    assert channel.state is ChannelState.UNCONFIRMED
    assert channel.unconfirmed
    assert channel.target == ""
    assert channel.timezone is not None
    assert (channel.timezone.name, channel.timezone.offset) == ("Europe/Berlin", "GMT+02:00")
    assert channel.timezone.id == "GMT+02:00 Europe/Berlin"
    assert [(t.id, t.name) for t in channel.topics] == [("5d483930931d9a3214f399b7", "Load topic")]
    answer(recorder, "channels.update")
    await client.channels.update(
        "5d4ac2eed4f99c207961a162", name="x", target="https://example.com/hook"
    )


async def test_dashboards(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "dashboards.create")
    created = await client.dashboards.create("Load Dashboard")
    assert created.id == "5c46c87e9cd2501c5ea361b1"
    assert created.extra["name"] == "Load Dashboard"
    answer(recorder, "dashboards.delete")
    await client.dashboards.delete("5c46c87e9cd2501c5ea361b1")
    answer(recorder, "dashboards.list")
    assert [(d.id, d.name, d.widgets) for d in await client.dashboards.list()] == [
        ("5c46c6d09cd25017f115a7d9", "Dashboard 2", ()),
        ("5c46c87e9cd2501c5ea361b1", "Load Dashboard", ()),
        ("5c4b1c7b9cd2502c5a1d5562", "CPU dash. - 5th room", ()),
    ]
    answer(recorder, "dashboards.get")
    dashboard = await client.dashboards.get("5c46c87e9cd2501c5ea361b1")
    assert (dashboard.id, dashboard.name) == ("5c46c87e9cd2501c5ea361b1", "Dashboard!")
    (widget,) = dashboard.widgets
    assert (widget.id, widget.name, widget.type) == (
        "5e5f5434a7287b0a4573be6a",
        "My Widget",
        WidgetType.CHART,  # sent as "1"
    )
    assert (widget.layout.width, widget.layout.height, widget.layout.x, widget.layout.y) == (
        4,
        6,
        4,
        0,
    )  # positionx/positiony sent as strings
    settings = widget.settings
    assert settings.data_period is DataPeriod.LIVE
    assert settings.limit == 900
    assert settings.refresh_interval == 60000
    assert settings.aggregation is not None
    assert (settings.aggregation.method, settings.aggregation.period) == (Aggregation.AVG, 1000)
    (metric,) = widget.metrics
    assert (metric.id, metric.name, metric.uom) == (
        "b7f0afa8594c4c1bb8a7bb1aefccf6af",
        "My Metric",
        "NoSI.Dimensionless.PERCENT",
    )
    assert (metric.sensor.id, metric.sensor.name, metric.sensor.device_name) == (
        110811,
        "R1",
        "raspberrypi",
    )
    assert metric.sensor.provisioned_sensor_id == "94b7e17f127143fdb13a876969aff857"
    answer(recorder, "dashboards.update")
    await client.dashboards.update("5c4b1c7b9cd2502c5a1d5562", name="CPU dash.")


async def test_widgets(client: IoTClient, recorder: Recorder) -> None:
    for suffix in ("", "_2", "_3", "_4", "_5", "_6", "_7"):
        answer(recorder, f"widgets.create{suffix}")  # {"status": "OK"}: no id comes back
        created = await client.widgets.create(
            "5c5af70fb0e37d00056d25ea", "W", WidgetType.NUMBER, metrics=[(96314, "abc")]
        )
        assert created is None
    answer(recorder, "widgets.delete")
    await client.widgets.delete("5a8d2efb336bc740e5a08139", "1234365657554353")
    answer(recorder, "widgets.update")
    await client.widgets.update("5a8d2efb336bc740e5a08139", "1507105642373", name="CPU2")


async def test_device_configurations(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "deviceconfigs.create")
    created = await client.deviceconfigs.create("c", edge_management=True)
    assert created.id == "6a2911fa-ec4f-4642-be14-47a571232eab"
    answer(recorder, "deviceconfigs.update")  # {"data": {}, ...} with a timestamp
    await client.deviceconfigs.update("d281543", name="Updated")
    answer(recorder, "deviceconfigs.delete")
    await client.deviceconfigs.delete("6a2911fa-ec4f-4642-be14-47a571232eab")
    answer(recorder, "deviceconfigs.list")
    first, second = await client.deviceconfigs.list()
    assert (first.id, first.name) == (
        "1bb15255-72af-43f9-b8ee-f001cefee9b9",
        "device-configuration1",
    )
    assert first.edge_management_enabled is False
    assert first.edge_module_ids == (
        "8a2901fa-ec4f-4642-be14-47a571232eac",
        "4b5601fa-ec4f-4656-ce14-46b571255eac",
    )
    assert [e.key for e in first.configuration] == ["edge-management", "edge-module"]
    assert all(e.enforce for e in first.configuration)
    assert first.assignments.devices == ()
    assert first.assignments.groups == ()
    module_a, module_b = edge_modules_of(first)
    assert (module_a.name, module_a.access_type, module_a.docker_image_name) == (
        "New Edge Module",  # "moduleName" inside a configuration
        "public",
        "myImageName",
    )
    assert module_a.container_options.startup_file == "/home/service/"  # no extension: accepted
    assert module_a.container_options.port_mapping == (
        PortMapping(1111, 2222),
        PortMapping(3333, 4444),
    )
    assert module_b.container_options.port_mapping == ()
    assert second.name == "device-configuration2"
    assert second.edge_management_enabled is None
    assert len(second.edge_module_ids) == 2
    answer(recorder, "deviceconfigs.assign")
    await client.deviceconfigs.assign("28696f84", device_ids=[1])


async def test_contacts(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "contacts.list")
    contacts = await client.contacts.list()
    assert [(c.id, c.name, c.state, c.email) for c in contacts] == [
        (6574, "iotdev", ContactState.OFFLINE, ""),
        (5380, "test", ContactState.OFFLINE, ""),
    ]


async def test_edge_modules(client: IoTClient, recorder: Recorder) -> None:
    answer(recorder, "edgemodules.create")
    created = await client.edgemodules.create("New Edge Module", docker_image_name="myImageName")
    assert created.id == "5d4ac2eed4f99c207961a162"
    answer(recorder, "edgemodules.delete")
    await client.edgemodules.delete("5d483930931d9a3214f399b7")
    answer(recorder, "edgemodules.list")
    (module,) = await client.edgemodules.list()
    assert (module.id, module.name, module.access_type, module.docker_image_name) == (
        "5d4ac2eed4f99c207961a162",
        "New Edge Module",
        "public",
        "myImageName",
    )
    assert module.container_options.startup_file == "/home/service/"
    assert len(module.container_options.port_mapping) == 2
    assert module.device_configuration_ids == ("6a2911fa-ec4f-4642-be14-47a571232eab",)
    answer(recorder, "edgemodules.update")
    updated = await client.edgemodules.update("5d4ac2eed4f99c207961a162", name="New Edge Module")
    assert updated == Created("5d4ac2eed4f99c207961a162")


def test_every_response_fixture_is_used() -> None:
    """Guard: a fixture nobody parses would be a silent gap."""
    source = Path(__file__).read_text(encoding="utf-8")
    for path in sorted(RESPONSES.glob("*.json")):
        name = path.stem
        base = name.rsplit("_", 1)[0] if name[-2:-1] == "_" and name[-1].isdigit() else name
        assert f'"{name}"' in source or (
            base == "widgets.create" and "widgets.create{suffix}" in source
        ), f"fixture {name} is not parsed by any test"
