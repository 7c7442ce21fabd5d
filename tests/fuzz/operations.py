"""For every one of the 53 operations: a valid success body and a call through the real client.

The bodies follow the API document's own examples (with their quirks); the fuzz strategies in
:mod:`tests.fuzz.strategies` mutate them. The calls use valid typed arguments so the client's
request validation never fires and the response path is what gets exercised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from iottui.api import SeriesQuery
from iottui.api.client import IoTClient
from iottui.api.enums import (
    Aggregation,
    AlarmStatus,
    ChannelType,
    RuleType,
    Severity,
    SystemHealthType,
    WidgetType,
)
from iottui.api.models import Frequency, Metric, RuleSource, Threshold

Call = Callable[[IoTClient], Awaitable[Any]]

OK: dict[str, Any] = {"status": "OK"}

_METRIC = {
    "id": "d070dcc1ac904f8eb7f011d5a492fc09",
    "name": "User CPU Usage",
    "valueUnit": "SI.Temperature.CELSIUS",
    "valueType": "double",
    "alarm": "1",
}
_SENSOR = {
    "id": 106631,
    "provisionedSensorId": "6e1033c0c1e04790a7b25670a84a930a",
    "name": "CPU",
    "systemHealthType": 1,
    "isPluginSensor": False,
    "scriptPath": "",
    "metricsCount": "6",
    "frequency": {"type": "minutes", "value": 10},
    "metrics": [
        _METRIC,
        {
            "id": "66eec832592c474a9acf67900569fd51",
            "name": "System CPU Usage",
            "valueAnnotation": "Percent",
            "valueType": "double",
        },
    ],
}
_DEVICE = {
    "id": 2000000472,
    "buddyId": 9135,
    "name": "IoT Gateway 2D",
    "deviceType": 2,
    "state": 1,
    "sensorsCount": "7",
    "metricsCount": "21",
    "description": "my IoT device",
    "isMonitoringEnabled": True,
    "version": "2.6.3",
    "alarm": "2",
    "systemHealthTypes": {"CPU": True, "Memory": False, "Load": False},
    "sensors": [_SENSOR],
}
_CONTACT = {"id": 6574, "name": "qaiotdev", "state": 3, "email": ""}
FLEET = {
    "data": [
        {
            "id": 33858,
            "name": "My computers",
            "permission": 3,
            "owner": 29469,
            "devices": [_DEVICE],
            "sharedWith": [{"name": "qaiotdev", "permission": "full"}],
            "contacts": [_CONTACT],
        }
    ],
    "status": "OK",
    "timestamp": 1586941553678,
}
_ALARM = {
    "severity": "1",
    "changeLog": [
        {
            "closeTime": 1545284319571,
            "userId": "u111",
            "prevVal": "Open",
            "currentVal": "Closed By System",
            "prop": "status",
        }
    ],
    "description": "metric rule",
    "source": {
        "sourceKey": "2018301694_1111_2222",
        "details": {
            "sensor": "Memory",
            "consCheck": "1",
            "condition": "metric>10",
            "value": "5",
            "device": "RevPi1",
            "metric": "Free Memory",
        },
        "id": "5c19dae2336bc71e230db72a",
    },
    "id": "5ea165ef-3d66-407c-82b5-15062a35d89d",
    "type": "1",
    "openTime": 1545284319471,
    "status": "3",
}
_EDGE_MODULE = {
    "id": "8a2901fa-ec4f-4642-be14-47a571232eac",
    "moduleName": "New Edge Module",
    "accessType": "public",
    "dockerImageName": "myImageName",
    "containerOptions": {
        "startupFile": "/home/service/start.sh",
        "portMapping": [{"hostPort": 1111, "containerPort": 2222}],
    },
}


def _created(new_id: int | str) -> dict[str, Any]:
    return {"data": {"id": new_id}, "status": "OK"}


#: The success body of every operation id.
BODIES: dict[str, Any] = {
    "account.token": {"data": "8704847-hJtfCI6YS1Lr9i6dW3Yu", "status": "OK"},
    "account.regenerate_token": {"data": "8704847-hJtfCI6YS1Lr9i6dW3Yu", "status": "OK"},
    "account.user": {
        "data": {
            "license": {"type": "Free", "version": 13},
            "firstname": "John",
            "lastname": "Smith",
            "id": "u100000",
            "email": "",
            "eulaagreement": 1,
        },
        "status": "OK",
    },
    "fleet.get": FLEET,
    "devices.list": {
        "data": [
            {"id": 2064781955, "name": "IoT Gateway 3B", "devicetype": 2, "buddyid": 127451284}
        ],
        "status": "OK",
    },
    "groups.create": _created(29988),
    "groups.delete": OK,
    "groups.list": {
        "data": [
            {
                "id": 27878,
                "name": "foo",
                "permission": 4,
                "sharedWith": [{"name": "qaiotdev", "permission": 3, "userId": 6574}],
                "devices": [{"id": 5439, "tvId": 2000001130, "name": "raspberrypi"}],
                "contacts": [_CONTACT],
            }
        ],
        "status": "OK",
    },
    "groups.update": OK,
    "groups.share": OK,
    "groups.unshare": OK,
    "sensors.create_custom": _created(486471),
    "sensors.create_system_health": _created(486471),
    "sensors.delete": OK,
    "sensors.list": {
        "data": [
            {
                "name": "unispeed61507279058",
                "id": 8807,
                "provisionedsensorid": "8cb243947fa24675a7495f26a917d557",
                "device": {"name": "Device_1", "id": 2000001925},
            }
        ],
        "status": "OK",
    },
    "sensors.update": _created(486471),
    "sensors.count": {"data": [3], "status": "OK"},
    "metrics.list": {
        "data": {
            "metrics": [
                {
                    "id": "9ba3790e5dd0417cb87264a08f7a5b41",
                    "name": "Temperature-1",
                    "valueunit": "NoSI.Dimensionless.PERCENT",
                    "valuetype": "double",
                    "sensor": {
                        "id": 84391,
                        "name": "Thermometer-1-Floor-3B",
                        "device": {"name": "IoT Gateway 1", "id": 2012085255},
                    },
                }
            ]
        },
        "status": "OK",
    },
    "metrics.count": {"data": {"metrics": [30], "deviceCount": 3}, "status": "OK"},
    "rules.create": _created("5c40273ee27d3c716847f530"),
    "rules.delete": OK,
    "rules.list": {
        "data": [
            {
                "id": "5d52a6e5e27d3b7b484fe2a8",
                "name": "Detect Machine Overheating",
                "ruletype": 1,
                "activeflag": 1,
                "thresholds": [{"severity": 1, "condition": "metric>=60", "checkcount": 1}],
                "sources": [
                    {
                        "devicename": "CNC-Manifest-Floor1-SC1",
                        "sensorname": "Load",
                        "metricid": "38aca994a6764e5c8c7819c6e774f505",
                        "metricname": "1 min load",
                        "thingid": 82331,
                    }
                ],
            },
            {
                "id": "5d316ebee27d3b2ac5491d45",
                "name": "Offline done",
                "ruletype": 2,
                "activeflag": 1,
                "thresholds": [{"severity": 1, "condition": "22", "checkcount": 1}],
                "sources": [{"deviceid": 2022634333, "devicename": "vagrant-ubuntu-trusty-64"}],
            },
        ],
        "status": "OK",
    },
    "rules.update": _created("5c40273ee27d3c716847f530"),
    "alarms.list": {"data": [_ALARM], "status": "OK"},
    "alarms.close": {
        "data": {
            "changelog": {
                "closetime": 1550736334329,
                "userid": "u111",
                "prevval": "Open",
                "currentval": "Closed By User",
                "prop": "status",
            },
            "id": "745ea3cb-fc67-49ec-9352-287f072c9f10",
            "userid": "u111",
            "opentime": 1550736264995,
            "status": 3,
        },
        "status": "OK",
    },
    "topics.create": _created("5d4ab2b3d4f99c207961a15d"),
    "topics.delete": OK,
    "topics.list": {
        "data": [
            {
                "name": "Memory topic",
                "id": "5d4838c0931d9a3214f399b6",
                "channels": [
                    {"name": "The second channel", "id": "5d4838c0931d9a3214f399b5", "target": ""}
                ],
            },
            {"name": "CPU topic", "id": "5d483930931d9a3214f399b7"},
        ],
        "status": "OK",
    },
    "topics.update": _created("5d483827931d9a3214f399b4"),
    "channels.create": _created("5d4ac2eed4f99c207961a162"),
    "channels.delete": OK,
    "channels.list": {
        "data": [
            {
                "id": "5d4ac2eed4f99c207961a162",
                "name": "Channel 7",
                "type": 1,
                "activeflag": 3,
                "timezone": {"name": "Europe/Berlin", "offset": "GMT+02:00"},
                "topicinfos": [{"id": "5d483930931d9a3214f399b7", "name": "Load topic"}],
                "target": "https://example.com/hook",
            }
        ],
        "status": "OK",
    },
    "channels.update": _created("5d4ac2eed4f99c207961a162"),
    "dashboards.create": {
        "data": {"name": "Load Dashboard", "id": "5c46c87e9cd2501c5ea361b1"},
        "status": "OK",
    },
    "dashboards.delete": OK,
    "dashboards.list": {
        "data": [
            {"name": "Dashboard 2", "id": "5c46c6d09cd25017f115a7d9"},
            {"name": "Load Dashboard", "id": "5c46c87e9cd2501c5ea361b1"},
        ],
        "status": "OK",
    },
    "dashboards.get": {
        "data": {
            "id": "5c46c87e9cd2501c5ea361b1",
            "name": "Dashboard!",
            "widgets": [
                {
                    "name": "My Widget",
                    "layout": {
                        "width": 4,
                        "height": 6,
                        "positionx": "4",
                        "positiony": "0",
                        "widgetid": "5e5f5434a7287b0a4573be6a",
                    },
                    "settings": {
                        "dataperiod": 1,
                        "limit": 900,
                        "aggregation": {"method": "AVG", "period": 1000},
                        "refreshInterval": 60000,
                    },
                    "id": "5e5f5434a7287b0a4573be6a",
                    "metrics": [
                        {
                            "name": "My Metric",
                            "uom": "NoSI.Dimensionless.PERCENT",
                            "sensor": {
                                "name": "R1",
                                "beehivename": "raspberrypi",
                                "id": 110811,
                                "provisionedsensorid": "94b7e17f127143fdb13a876969aff857",
                            },
                            "id": "b7f0afa8594c4c1bb8a7bb1aefccf6af",
                        }
                    ],
                    "type": "1",
                }
            ],
        },
        "status": "OK",
    },
    "dashboards.update": {
        "data": {"name": "CPU dash. - 5th room", "id": "5c4b1c7b9cd2502c5a1d5562"},
        "status": "OK",
    },
    "widgets.create": _created("5e5f5434a7287b0a4573be6a"),
    "widgets.delete": OK,
    "widgets.update": OK,
    "metrics.history": {
        "data": [
            {
                "result": [
                    {"value": 0, "timestamp": 1574679580889},
                    {"value": "1.5", "timestamp": 1574679640889},
                ],
                "metricId": "9414e8d582e64e6ead90b549cc4173ef",
                "func": "AVG",
                "sensorId": 106624,
            }
        ],
        "status": "OK",
    },
    "metrics.last_values": {
        "data": [
            {"temp": "49", "sensorId": 811617, "timestamp": 1549968244542},
            {"humidity": 33.5, "sensorId": "8262216", "timestamp": 1549968244304},
        ],
        "status": "OK",
    },
    "deviceconfigs.create": _created("6a2911fa-ec4f-4642-be14-47a571232eab"),
    "deviceconfigs.update": {"data": {}, "status": "OK", "timestamp": 1566915515424},
    "deviceconfigs.delete": OK,
    "deviceconfigs.list": {
        "data": [
            {
                "name": "device-configuration1",
                "configuration": [
                    {
                        "key": "edge-management",
                        "value": [{"key": "enable", "value": False}],
                        "enforce": True,
                    },
                    {"key": "edge-module", "value": [_EDGE_MODULE], "enforce": True},
                ],
                "id": "1bb15255-72af-43f9-b8ee-f001cefee9b9",
                "assignments": {"devices": ["2000001925"], "groups": ["27878"]},
            }
        ],
        "status": "OK",
    },
    "deviceconfigs.assign": OK,
    "contacts.list": {
        "data": [_CONTACT, {"name": "test", "id": 5380, "state": 3, "email": ""}],
        "status": "OK",
        "timestamp": 1566990110004,
    },
    "edgemodules.create": _created("5d4ac2eed4f99c207961a162"),
    "edgemodules.delete": OK,
    "edgemodules.list": {
        "data": [
            {
                "id": "5d4ac2eed4f99c207961a162",
                "name": "New Edge Module",
                "repository": {"accessType": "public", "dockerImageName": "myImageName"},
                "containerOptions": {
                    "startupFile": "/home/service/start.sh",
                    "portMapping": [{"hostPort": 1111, "containerPort": 2222}],
                },
                "deviceConfigurationIds": ["1bb15255-72af-43f9-b8ee-f001cefee9b9"],
            }
        ],
        "status": "OK",
    },
    "edgemodules.update": _created("5d4ac2eed4f99c207961a162"),
}

_HEX = "5c40273ee27d3c716847f530"
_UUID = "745ea3cb-fc67-49ec-9352-287f072c9f10"
_FREQ = Frequency(type="seconds", value=10)
_METRICS = (Metric(id="temp", name="Temperature", value_type="double"),)


def _series_query() -> SeriesQuery:
    return SeriesQuery(sensor_id=106624, metric_id="temp", func=Aggregation.AVG)


#: A valid call of every operation id through the real client.
CALLS: dict[str, Call] = {
    "account.token": lambda c: c.account.token(),
    "account.regenerate_token": lambda c: c.account.regenerate_token(),
    "account.user": lambda c: c.account.user(),
    "fleet.get": lambda c: c.fleet.get(),
    "devices.list": lambda c: c.devices.list(),
    "groups.create": lambda c: c.groups.create("New Group", ["456931800"]),
    "groups.delete": lambda c: c.groups.delete(29988),
    "groups.list": lambda c: c.groups.list(),
    "groups.update": lambda c: c.groups.update(29988, name="edited"),
    "groups.share": lambda c: c.groups.share(24599, [(6574, 1)]),
    "groups.unshare": lambda c: c.groups.unshare(24599, [6574]),
    "sensors.create_custom": lambda c: c.sensors.create_custom(
        2000565656, "New Sensor", script_path="/home/read.py", frequency=_FREQ, metrics=_METRICS
    ),
    "sensors.create_system_health": lambda c: c.sensors.create_system_health(
        2000565656, "CPU", health_type=SystemHealthType(1), frequency=_FREQ
    ),
    "sensors.delete": lambda c: c.sensors.delete(52342, 2000000048),
    "sensors.list": lambda c: c.sensors.list(),
    "sensors.update": lambda c: c.sensors.update(486471, name="Updating Sensor"),
    "sensors.count": lambda c: c.sensors.count(),
    "metrics.list": lambda c: c.metrics.list(),
    "metrics.count": lambda c: c.metrics.count(),
    "rules.create": lambda c: c.rules.create(
        "rule1",
        RuleType.METRIC,
        sources=[RuleSource(metric_id="6b1c072371104611961eca76d413528a", thing_id=96275)],
        thresholds=[Threshold(condition="metric==1", severity=Severity.CRITICAL)],
    ),
    "rules.delete": lambda c: c.rules.delete([_HEX]),
    "rules.list": lambda c: c.rules.list(),
    "rules.update": lambda c: c.rules.update(_HEX, name="CNC-1 Overheating"),
    "alarms.list": lambda c: c.alarms.list(AlarmStatus.OPEN),
    "alarms.close": lambda c: c.alarms.close(_UUID),
    "topics.create": lambda c: c.topics.create("New Topic"),
    "topics.delete": lambda c: c.topics.delete(_HEX),
    "topics.list": lambda c: c.topics.list(),
    "topics.update": lambda c: c.topics.update(_HEX, name="CPU overload"),
    "channels.create": lambda c: c.channels.create(
        "New channel",
        ChannelType.EMAIL,
        "ops@example.com",
        timezone_id="GMT+02:00 Europe/Berlin",
    ),
    "channels.delete": lambda c: c.channels.delete(_HEX),
    "channels.list": lambda c: c.channels.list(),
    "channels.update": lambda c: c.channels.update(
        _HEX, name="updating the channel", target="ops@example.com"
    ),
    "dashboards.create": lambda c: c.dashboards.create("Load Dashboard"),
    "dashboards.delete": lambda c: c.dashboards.delete(_HEX),
    "dashboards.list": lambda c: c.dashboards.list(),
    "dashboards.get": lambda c: c.dashboards.get(_HEX),
    "dashboards.update": lambda c: c.dashboards.update(_HEX, name="CPU dash. - 5th room"),
    "widgets.create": lambda c: c.widgets.create(
        _HEX, "Number Widget", WidgetType(2), metrics=[(96314, "2a4664fef3344d5f919b59832d304dbf")]
    ),
    "widgets.delete": lambda c: c.widgets.delete(_HEX, "1234365657554353"),
    "widgets.update": lambda c: c.widgets.update(_HEX, "1507105642373", name="CPU2"),
    "metrics.history": lambda c: c.metrics.history(
        [_series_query()], start=1574679580889, end=1574683180889, period=60000
    ),
    "metrics.last_values": lambda c: c.metrics.last_values([811617, 8262216]),
    "deviceconfigs.create": lambda c: c.deviceconfigs.create("cfg", edge_management=True),
    "deviceconfigs.update": lambda c: c.deviceconfigs.update(
        "d281543-c6d7-49c7-89c7-03698598b39a", name="Updated device configuration"
    ),
    "deviceconfigs.delete": lambda c: c.deviceconfigs.delete(_UUID),
    "deviceconfigs.list": lambda c: c.deviceconfigs.list(),
    "deviceconfigs.assign": lambda c: c.deviceconfigs.assign(_UUID, device_ids=["2000001925"]),
    "contacts.list": lambda c: c.contacts.list(),
    "edgemodules.create": lambda c: c.edgemodules.create(
        "New Edge Module", docker_image_name="myImageName"
    ),
    "edgemodules.delete": lambda c: c.edgemodules.delete(_HEX),
    "edgemodules.list": lambda c: c.edgemodules.list(),
    "edgemodules.update": lambda c: c.edgemodules.update(_HEX, name="New Edge Module"),
}
