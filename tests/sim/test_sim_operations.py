"""All 53 operations through the project's own client, with their semantics."""

from __future__ import annotations

import re

import pytest

from iottui.api import (
    AlarmStatus,
    AuthenticationError,
    BadRequestError,
    ChannelType,
    IoTClient,
    NotFoundError,
    Permission,
    RuleType,
    Severity,
    SystemHealthType,
    WidgetType,
)
from iottui.api.models import (
    Frequency,
    Metric,
    PortMapping,
    RuleSource,
    Threshold,
    WidgetLayout,
    WidgetSettings,
)
from iottui.api.resources.metrics import SeriesQuery
from iottui.api.routes import OPERATIONS
from iottui.sim.runner import SimServer
from tests.sim.conftest import T0, advance, raw

HEX24 = re.compile(r"^[0-9a-f]{24}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


async def _writable_device(client: IoTClient) -> int:
    groups = await client.groups.list()
    group = next(g for g in groups if g.permission == Permission.OWNED and g.devices)
    return int(group.devices[0].tv_id or 0)


async def _device_lacking_health(client: IoTClient) -> tuple[int, SystemHealthType]:
    writable = {
        d.tv_id for g in await client.groups.list() if g.permission.can_write for d in g.devices
    }
    for device in (await client.fleet.get()).devices():
        if device.id not in writable:
            continue
        for kind in SystemHealthType:
            if not device.system_health_types.get(kind.label):
                return device.id, kind
    raise AssertionError("every writable device has every system-health sensor")


async def test_walk_every_operation(client: IoTClient, server: SimServer) -> None:
    """One pass over all 53 operations; afterwards the account is as it was."""
    token = await client.account.token()
    assert await client.account.regenerate_token() != token
    user = await client.account.user()
    fleet = await client.fleet.get()
    devices = await client.devices.list()
    contacts = await client.contacts.list()
    device_id = await _writable_device(client)
    sensors_before = await client.sensors.count()
    metrics_before = (await client.metrics.count()).metrics
    assert metrics_before is not None

    group = await client.groups.create("Walk", [device_id])
    await client.groups.update(int(group.id), name="Walk 2")
    await client.groups.share(int(group.id), [(contacts[0].id, Permission.READ_ONLY)])
    await client.groups.unshare(int(group.id), [contacts[0].id])
    assert any(g.id == group.id for g in await client.groups.list())

    custom = await client.sensors.create_custom(
        device_id,
        "Walk sensor",
        script_path="/opt/walk.py",
        frequency=Frequency("seconds", 5),
        metrics=[Metric("t", "Temperature", value_unit="SI.Temperature.CELSIUS")],
    )
    health_device, lacking = await _device_lacking_health(client)
    health = await client.sensors.create_system_health(
        health_device, "Walk health", health_type=lacking, frequency=Frequency("minutes", 1)
    )
    await client.sensors.update(int(custom.id), name="Walk sensor 2")
    assert await client.sensors.count() == sensors_before + 2
    assert any(s.id == custom.id for s in await client.sensors.list())
    assert any(m.id == "t" for m in await client.metrics.list())
    found = (await client.fleet.get()).find_sensor(int(health.id))
    assert found is not None
    assert found[1].system_health_type == lacking
    health_metrics = len(found[1].metrics)
    assert (await client.metrics.count()).metrics == metrics_before + 1 + health_metrics

    rule = await client.rules.create(
        "Walk rule",
        RuleType.METRIC,
        sources=[RuleSource(metric_id="t", thing_id=int(custom.id))],
        thresholds=[Threshold("metric>-1000", Severity.WARNING)],
    )
    await client.rules.update(str(rule.id), name="Walk rule 2")
    assert any(r.name == "Walk rule 2" for r in await client.rules.list())

    advance(server, 60_000)
    alarms = await client.alarms.list(AlarmStatus.OPEN, start=T0, end=T0 + 60_000)
    assert [a.description for a in alarms] == ["Walk rule 2"]
    await client.alarms.close(alarms[0].id)

    topic = await client.topics.create("Walk topic")
    channel = await client.channels.create(
        "Walk channel",
        ChannelType.EMAIL,
        "walk@example.com",
        timezone_id="GMT+02:00 Europe/Berlin",
        topic_ids=[str(topic.id)],
    )
    await client.topics.update(str(topic.id), name="Walk topic 2")
    await client.channels.update(str(channel.id), name="Walk channel 2", target="walk2@example.com")
    assert any(t.name == "Walk topic 2" for t in await client.topics.list())
    assert any(c.name == "Walk channel 2" for c in await client.channels.list())

    dash = await client.dashboards.create("Walk dash")
    await client.dashboards.update(str(dash.id), name="Walk dash 2")
    await client.widgets.create(
        str(dash.id), "Walk widget", WidgetType.NUMBER, metrics=[(int(custom.id), "t")]
    )
    got = await client.dashboards.get(str(dash.id))
    widget_id = got.widgets[0].id
    await client.widgets.update(str(dash.id), widget_id, name="Walk widget 2")
    assert any(d.name == "Walk dash 2" for d in await client.dashboards.list())
    await client.widgets.delete(str(dash.id), widget_id)

    await client.metrics.history(
        [SeriesQuery(fleet.groups[0].devices[0].sensors[0].id)], start=T0 - 3_600_000, end=T0
    )
    await client.metrics.last_values([fleet.groups[0].devices[0].sensors[0].id])

    module = await client.edgemodules.create("Walk module", docker_image_name="walk-image")
    await client.edgemodules.update(str(module.id), name="Walk module 2")
    assert any(m.name == "Walk module 2" for m in await client.edgemodules.list())
    config = await client.deviceconfigs.create(
        "Walk config", edge_management=True, edge_module_ids=[str(module.id)]
    )
    await client.deviceconfigs.update(str(config.id), name="Walk config 2")
    await client.deviceconfigs.assign(str(config.id), device_ids=[device_id])
    assert any(c.name == "Walk config 2" for c in await client.deviceconfigs.list())

    await client.deviceconfigs.delete(str(config.id))
    await client.edgemodules.delete(str(module.id))
    await client.dashboards.delete(str(dash.id))
    await client.channels.delete(str(channel.id))
    await client.topics.delete(str(topic.id))
    await client.rules.delete([str(rule.id)])
    await client.sensors.delete(int(custom.id), device_id)
    await client.sensors.delete(int(health.id), health_device)
    await client.groups.delete(int(group.id))
    assert await client.sensors.count() == sensors_before
    assert user.id == "u100000"
    assert devices
    assert fleet.groups

    assert {op.id for op in OPERATIONS} == set(client.stats.by_operation)


async def test_ids_are_of_the_documented_kinds(client: IoTClient) -> None:
    device_id = await _writable_device(client)
    group = await client.groups.create("Ids")
    assert isinstance(group.id, int)
    sensor = await client.sensors.create_custom(
        device_id,
        "Ids",
        script_path="/x.py",
        frequency=Frequency("seconds", 10),
        metrics=[Metric("v", "Value")],
    )
    assert isinstance(sensor.id, int)
    for created in (
        await client.topics.create("Ids"),
        await client.channels.create(
            "Ids",
            ChannelType.WEBHOOK,
            "https://example.com/hook",
            timezone_id="GMT+00:00 Europe/London",
        ),
        await client.dashboards.create("Ids"),
        await client.edgemodules.create("Ids", docker_image_name="ids"),
        await client.rules.create(
            "Ids",
            RuleType.DEVICE_OFFLINE,
            sources=[RuleSource(device_id=device_id)],
            thresholds=[Threshold("30", Severity.MINOR)],
        ),
    ):
        assert isinstance(created.id, str), created
        assert HEX24.match(created.id), created
    config = await client.deviceconfigs.create("Ids", edge_management=False)
    assert isinstance(config.id, str)
    assert UUID.match(config.id)
    alarms = await client.alarms.list(AlarmStatus.CLOSED, start=T0 - 86_400_000, end=T0)
    assert alarms, "the replay populates a closed-alarm history"
    assert all(UUID.match(a.id) for a in alarms)


async def test_counts_match_the_fleet(shared_client: IoTClient) -> None:
    fleet = await shared_client.fleet.get()
    devices = list(fleet.devices())
    sensors = [s for d in devices for s in d.sensors]
    assert (
        await shared_client.sensors.count()
        == len(sensors)
        == len(await shared_client.sensors.list())
    )
    count = await shared_client.metrics.count()
    assert count.metrics == sum(len(s.metrics) for s in sensors)
    assert count.metrics == len(await shared_client.metrics.list())
    assert count.device_count == len(await shared_client.devices.list()) == len(devices)
    for device in devices:
        assert device.sensors_count == len(device.sensors)
        assert device.metrics_count == sum(s.metrics_count for s in device.sensors)


async def test_generated_fleet_has_everything(shared_client: IoTClient) -> None:
    fleet = await shared_client.fleet.get()
    permissions = {g.permission for g in fleet.groups}
    assert {
        Permission.OWNED,
        Permission.READ_ONLY,
        Permission.READ_WRITE,
        Permission.FULL_ACCESS,
    } <= permissions
    sensors = [s for d in fleet.devices() for s in d.sensors]
    assert {SystemHealthType.CPU, SystemHealthType.MEMORY, SystemHealthType.LOAD} <= {
        s.system_health_type for s in sensors
    }
    names = {m.name for s in sensors for m in s.metrics}
    assert {
        "Temperature",
        "Humidity",
        "Pressure",
        "Spindle vibration",
        "Active power",
        "Latitude",
        "Longitude",
        "Status",
    } <= names
    assert any(s.is_opcua and s.nodeids for s in sensors)
    assert any(m.value_type == "string" for s in sensors for m in s.metrics)
    assert {d.online for d in fleet.devices()} == {True, False}
    rules = await shared_client.rules.list()
    assert {RuleType.METRIC, RuleType.DEVICE_OFFLINE} <= {r.rule_type for r in rules}
    channels = await shared_client.channels.list()
    assert {ChannelType.EMAIL, ChannelType.WEBHOOK} <= {c.type for c in channels}
    assert any(c.unconfirmed for c in channels)
    dashboards = [
        await shared_client.dashboards.get(d.id) for d in await shared_client.dashboards.list()
    ]
    assert {int(t) for t in WidgetType} <= {int(w.type) for d in dashboards for w in d.widgets}
    assert await shared_client.deviceconfigs.list()
    assert await shared_client.edgemodules.list()
    assert len(await shared_client.contacts.list()) >= 5


async def test_read_only_group_refuses_changes(client: IoTClient) -> None:
    groups = await client.groups.list()
    ro = next(g for g in groups if g.permission == Permission.READ_ONLY)
    for attempt in (
        client.groups.update(ro.id, name="mine now"),
        client.groups.delete(ro.id),
        client.groups.share(ro.id, [(5008, Permission.READ_ONLY)]),
    ):
        with pytest.raises(AuthenticationError) as info:
            await attempt
        assert info.value.status == 403
        assert info.value.code == "8"
    rw = next(g for g in groups if g.permission == Permission.READ_WRITE)
    await client.groups.update(rw.id, name="renamed")
    with pytest.raises(AuthenticationError):
        await client.groups.delete(rw.id)
    # a device only in the read-only group cannot get a sensor
    writable = {d.tv_id for g in groups if g.permission.can_write for d in g.devices}
    only_ro = next(d for d in ro.devices if d.tv_id not in writable)
    with pytest.raises(AuthenticationError):
        await client.sensors.create_custom(
            int(only_ro.tv_id or 0),
            "x",
            script_path="/x.py",
            frequency=Frequency("seconds", 5),
            metrics=[Metric("v", "V")],
        )


async def test_group_sharing_and_devices(client: IoTClient) -> None:
    contacts = await client.contacts.list()
    devices = await client.devices.list()
    group = await client.groups.create("Share me", [devices[0].id, str(devices[1].id)])
    await client.groups.share(
        int(group.id), [(contacts[1].id, Permission.FULL_ACCESS), (contacts[2].id, 2)]
    )
    info = next(g for g in await client.groups.list() if g.id == group.id)
    assert {(s.user_id, s.permission) for s in info.shared_with} == {
        (contacts[1].id, Permission.FULL_ACCESS),
        (contacts[2].id, Permission.READ_WRITE),
    }
    assert {d.tv_id for d in info.devices} == {devices[0].id, devices[1].id}
    assert {d.id for d in info.devices} == {devices[0].buddy_id, devices[1].buddy_id}
    fleet_group = next(g for g in (await client.fleet.get()).groups if g.id == group.id)
    assert {s.permission for s in fleet_group.shared_with} == {
        Permission.FULL_ACCESS,
        Permission.READ_WRITE,
    }
    await client.groups.unshare(int(group.id), [contacts[1].id])
    info = next(g for g in await client.groups.list() if g.id == group.id)
    assert [s.user_id for s in info.shared_with] == [contacts[2].id]
    await client.groups.update(int(group.id), devices=[devices[2].id])
    info = next(g for g in await client.groups.list() if g.id == group.id)
    assert [d.tv_id for d in info.devices] == [devices[2].id]
    with pytest.raises(NotFoundError):
        await client.groups.share(int(group.id), [(1, Permission.READ_ONLY)])
    with pytest.raises(NotFoundError):
        await client.groups.create("Bad", [123])
    await client.groups.delete(int(group.id))
    assert all(g.id != group.id for g in await client.groups.list())


async def test_sensor_kinds_and_cascades(client: IoTClient, server: SimServer) -> None:
    device_id, missing = await _device_lacking_health(client)
    health = await client.sensors.create_system_health(
        device_id, "Health", health_type=missing, frequency=Frequency("minutes", 1)
    )
    with pytest.raises(BadRequestError):  # 409: one per type and device
        await client.sensors.create_system_health(
            device_id, "Again", health_type=missing, frequency=Frequency("minutes", 1)
        )
    fleet = await client.fleet.get()
    device = fleet.find_device(device_id)
    assert device is not None
    assert device.system_health_types[missing.label] is True
    found = fleet.find_sensor(int(health.id))
    assert found is not None
    assert found[1].system_health_type == missing
    assert found[1].metrics

    # OPC-UA: one per device
    opc_device = next(d for d in fleet.devices() if any(s.is_opcua for s in d.sensors))
    with pytest.raises(BadRequestError) as info:
        await client.sensors.create_opcua(
            opc_device.id,
            "OPC 2",
            frequency=Frequency("seconds", 10),
            metrics=[Metric("a", "A")],
            nodeids=[("ns=1;s=X.A", "a")],
        )
    assert info.value.status == 409

    sensor = await client.sensors.create_custom(
        device_id,
        "Doomed",
        script_path="/doomed.py",
        frequency=Frequency("seconds", 10),
        metrics=[Metric("a", "A", value_unit="SI.Power.WATT"), Metric("b", "B")],
    )
    sid = int(sensor.id)
    rule = await client.rules.create(
        "Doomed rule",
        RuleType.METRIC,
        sources=[RuleSource(metric_id="a", thing_id=sid), RuleSource(metric_id="b", thing_id=sid)],
        thresholds=[Threshold("metric>1", Severity.MAJOR)],
    )
    dash = await client.dashboards.create("Doomed dash")
    await client.widgets.create(str(dash.id), "W", WidgetType.CHART, metrics=[(sid, "a")])

    # dropping metric b from the sensor removes it from the rule
    await client.sensors.update(sid, metrics=[Metric("a", "A", value_unit="SI.Power.WATT")])
    got = next(r for r in await client.rules.list() if r.id == rule.id)
    assert [s.metric_id for s in got.sources] == ["a"]

    await client.sensors.delete(sid, device_id)
    fleet = await client.fleet.get()
    assert fleet.find_sensor(sid) is None
    assert all(m.sensor is None or m.sensor.id != sid for m in await client.metrics.list())
    got = next(r for r in await client.rules.list() if r.id == rule.id)
    assert got.sources == ()
    widget = (await client.dashboards.get(str(dash.id))).widgets[0]
    assert widget.metrics == ()
    with pytest.raises(NotFoundError):
        await client.sensors.delete(sid, device_id)


async def test_sensor_validation(client: IoTClient, server: SimServer) -> None:
    device_id = await _writable_device(client)
    with raw(server) as http:
        base = {
            "name": "x",
            "deviceId": device_id,
            "scriptPath": "/x.py",
            "frequency": {"type": "seconds", "value": 10},
            "metrics": [{"id": "v", "name": "V", "valueType": "double"}],
        }
        for change, code in (
            ({"frequency": {"type": "seconds", "value": 0}}, "6"),
            ({"frequency": {"type": "fortnights", "value": 1}}, "6"),
            ({"metrics": []}, "6"),
            ({"metrics": [{"id": "v", "name": "V", "valueUnit": "SI.Bogus"}]}, "6"),
            ({"metrics": [{"id": "v", "name": "V"}, {"id": "v", "name": "W"}]}, "6"),
            ({"params": {"nodeids": "'ns=1;s=A' nope"}}, "6"),
            ({"deviceId": 42}, "7"),
            ({"scriptPath": None}, "5"),
        ):
            response = http.post(
                "/sensors", json={"action": "create", "payload": {**base, **change}}
            )
            assert response.json()["error"]["code"] == code, change


async def test_rules_topics_channels(client: IoTClient, server: SimServer) -> None:
    fleet = await client.fleet.get()
    sensor = next(s for d in fleet.devices() for s in d.sensors if s.metrics)
    metric = sensor.metrics[0]
    topic = await client.topics.create("Ops")
    rule = await client.rules.create(
        "Hot",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=metric.id, thing_id=sensor.id)],
        thresholds=[
            Threshold(
                "metric >= 61.5",
                Severity.MAJOR,
                3,
                topic_ids=(str(topic.id),),
                new_topics=("Fresh",),
            )
        ],
    )
    got = next(r for r in await client.rules.list() if r.id == rule.id)
    assert got.thresholds[0].condition == "metric>=61.5"
    assert got.thresholds[0].checkcount == 3
    fresh = next(t for t in await client.topics.list() if t.name == "Fresh")
    assert set(got.thresholds[0].topic_ids) == {topic.id, fresh.id}
    assert got.sources[0].metric_name == metric.name
    assert got.sources[0].sensor_name == sensor.name
    await client.rules.disable(str(rule.id))
    assert not next(r for r in await client.rules.list() if r.id == rule.id).active
    await client.rules.enable(str(rule.id))

    with raw(server) as http:  # the client would refuse these before sending
        for bad in ("metric~1", "22", "metric>=x"):
            response = http.post(
                "/rules",
                json={
                    "action": "update",
                    "payload": {"id": rule.id, "thresholds": [{"condition": bad, "severity": 1}]},
                },
            )
            assert response.status_code == 400
            assert response.json()["error"]["code"] == "6"
    channel = await client.channels.create(
        "Hook",
        ChannelType.WEBHOOK,
        "https://example.com/h",
        timezone_id="GMT+01:00 Europe/Paris",
        topic_ids=[str(topic.id)],
        new_topics=["Brand new"],
    )
    listed = next(c for c in await client.channels.list() if c.id == channel.id)
    assert {t.name for t in listed.topics} == {"Ops", "Brand new"}
    assert listed.timezone is not None
    assert listed.timezone.name == "Europe/Paris"
    assert listed.timezone.offset == "GMT+01:00"
    topics = {t.id: t for t in await client.topics.list()}
    assert [c.id for c in topics[str(topic.id)].channels] == [channel.id]

    # deleting the topic removes it from the rule and from the channel
    await client.topics.delete(str(topic.id))
    got = next(r for r in await client.rules.list() if r.id == rule.id)
    assert got.thresholds[0].topic_ids == (fresh.id,)
    listed = next(c for c in await client.channels.list() if c.id == channel.id)
    assert [t.name for t in listed.topics] == ["Brand new"]
    # deleting the channel unsubscribes it
    await client.channels.delete(str(channel.id))
    assert all(not t.channels for t in await client.topics.list() if t.name == "Brand new")
    with raw(server) as http:
        for change in (
            {"target": "not-an-email"},
            {"timeZoneId": "Berlin"},
            {"type": 7},
            {"topicInfos": ["ffffffffffffffffffffffff"]},
        ):
            payload = {
                "name": "Bad",
                "type": 0,
                "target": "a@example.com",
                "timeZoneId": "GMT+01:00 Europe/Paris",
                **change,
            }
            response = http.post("/channels", json={"action": "create", "payload": payload})
            assert response.status_code in (400, 404), change
    await client.rules.delete([str(rule.id)])
    with pytest.raises(NotFoundError):
        await client.rules.delete([str(rule.id)])


async def test_dashboards_and_widgets(client: IoTClient, server: SimServer) -> None:
    fleet = await client.fleet.get()
    sensor = next(s for d in fleet.devices() for s in d.sensors if s.name == "GPS")
    dash = await client.dashboards.create("Map")
    await client.widgets.create(
        str(dash.id),
        "Where",
        WidgetType.MAP,
        metrics=[(sensor.id, "lng"), (sensor.id, "lat")],
        settings=WidgetSettings(lng=f"{sensor.id}_lng", lat=f"{sensor.id}_lat"),
    )
    await client.widgets.create(
        str(dash.id),
        "Gauge",
        WidgetType.GAUGE,
        metrics=[(sensor.id, "speed")],
        layout=WidgetLayout(width=3, height=4, x=5, y=2),
        settings=WidgetSettings(min_value="0", max_value="40"),
    )
    got = await client.dashboards.get(str(dash.id))
    by_name = {w.name: w for w in got.widgets}
    assert by_name["Where"].type == WidgetType.MAP
    assert by_name["Where"].layout.width == 4
    assert by_name["Where"].layout.height == 6
    assert by_name["Where"].settings.lat == f"{sensor.id}_lat"
    assert by_name["Gauge"].layout == WidgetLayout(width=3, height=4, x=5, y=2)
    assert by_name["Gauge"].settings.max_value == "40"
    assert {m.id for m in by_name["Where"].metrics} == {"lng", "lat"}
    await client.widgets.update(
        str(dash.id),
        by_name["Gauge"].id,
        type=WidgetType.NUMBER,
        layout=WidgetLayout(width=2, height=6, x=0, y=8),
    )
    got = await client.dashboards.get(str(dash.id))
    gauge = next(w for w in got.widgets if w.id == by_name["Gauge"].id)
    assert gauge.type == WidgetType.NUMBER
    assert gauge.layout.y == 8
    with raw(server) as http:
        changes: tuple[dict[str, object], ...] = (
            {"layout": {"width": 8, "height": 6, "positionX": 5, "positionY": 0}},
            {"type": 3},
            {"settings": {"dataPeriod": 11}},
            {"settings": {"lat": "1_nope"}},
            {"metrics": []},
        )
        for change in changes:
            payload = {
                "dashboardId": dash.id,
                "name": "Bad",
                "type": 1,
                "metrics": [{"sensor": {"id": sensor.id}, "id": "lat"}],
                **change,
            }
            response = http.post("/widgets", json={"action": "create", "payload": payload})
            assert response.status_code == 400, change
    with pytest.raises(NotFoundError):
        await client.widgets.delete(str(dash.id), "ffffffffffffffffffffffff")
    await client.dashboards.delete(str(dash.id))
    assert all(d.id != dash.id for d in await client.dashboards.list())


async def test_edge_and_device_configurations(client: IoTClient, server: SimServer) -> None:
    module = await client.edgemodules.create(
        "Broker",
        docker_image_name="mosquitto_2",
        startup_file="/etc/run.sh",
        port_mapping=[PortMapping(1883, 1883)],
    )
    got = next(m for m in await client.edgemodules.list() if m.id == module.id)
    assert got.docker_image_name == "mosquitto_2"
    assert got.container_options.port_mapping == (PortMapping(1883, 1883),)
    config = await client.deviceconfigs.create(
        "Cfg", edge_management=True, edge_module_ids=[str(module.id)]
    )
    got = next(m for m in await client.edgemodules.list() if m.id == module.id)
    assert got.device_configuration_ids == (config.id,)
    devices = await client.devices.list()
    groups = await client.groups.list()
    await client.deviceconfigs.assign(
        str(config.id), device_ids=[devices[0].id], group_ids=[groups[0].id]
    )
    cfg = next(c for c in await client.deviceconfigs.list() if c.id == config.id)
    assert cfg.assignments.devices == (str(devices[0].id),)
    assert cfg.assignments.groups == (str(groups[0].id),)
    assert cfg.edge_management_enabled is True
    assert cfg.edge_module_ids == (module.id,)
    # deleting the module removes it from the configuration
    await client.edgemodules.delete(str(module.id))
    cfg = next(c for c in await client.deviceconfigs.list() if c.id == config.id)
    assert cfg.edge_module_ids == ()
    with raw(server) as http:
        for change in (
            {"dockerImageName": "no spaces!"},
            {"dockerImageName": "x" * 51},
            {"accessType": "secret"},
            {"containerOptions": {"startupFile": "/no/extension"}},
            {"containerOptions": {"portMapping": [{"hostPort": 0, "containerPort": 1}]}},
        ):
            payload = {"name": "Bad", "accessType": "public", "dockerImageName": "ok", **change}
            response = http.post("/edgemodules", json={"action": "create", "payload": payload})
            assert response.status_code == 400, change
    with pytest.raises(NotFoundError):
        await client.deviceconfigs.assign(str(config.id), device_ids=[1])


async def test_alarm_close_by_user(client: IoTClient, server: SimServer) -> None:
    fleet = await client.fleet.get()
    sensor = next(
        s
        for d in fleet.devices()
        if d.online
        for s in d.sensors
        if s.metrics and s.metrics[0].value_type == "double"
    )
    await client.rules.create(
        "Always",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=sensor.metrics[0].id, thing_id=sensor.id)],
        thresholds=[Threshold("metric>-1000000", Severity.MINOR)],
    )
    advance(server, 10 * 60_000)
    alarms = await client.alarms.list(AlarmStatus.OPEN, start=T0 - 86_400_000, end=T0 + 600_000)
    target = next(a for a in alarms if a.description == "Always")
    result = await client.alarms.close(target.id)
    assert result.status == AlarmStatus.CLOSED
    assert result.changelog is not None
    assert result.changelog.current_val == "Closed By User"
    assert result.changelog.user_id == "u100000"
    assert result.open_time == target.open_time
    closed = await client.alarms.list(AlarmStatus.CLOSED, start=T0, end=T0 + 600_000)
    entry = next(a for a in closed if a.id == target.id)
    assert entry.changelog[-1].current_val == "Closed By User"
    assert all(
        a.id != target.id
        for a in await client.alarms.list(AlarmStatus.OPEN, start=T0, end=T0 + 600_000)
    )
    # the condition still holds: no new alarm until it recovers first
    advance(server, 10 * 60_000)
    again = await client.alarms.list(AlarmStatus.OPEN, start=T0, end=T0 + 1_200_000)
    assert all(a.description != "Always" for a in again)
    with pytest.raises(BadRequestError):
        await client.alarms.close(target.id)
    with pytest.raises(NotFoundError):
        await client.alarms.close("00000000-0000-4000-8000-000000000000")
