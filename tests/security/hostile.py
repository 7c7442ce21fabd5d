"""A server whose every name, description and value is hostile: markup, escapes, controls, RTL.

Served through ``httpx.MockTransport`` so the app gets the same bytes every run (snapshots) and
every place a server string reaches the screen (tree, panes, tables, alarm detail, chart,
notifications) is fed something nasty at once.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

MARKUP = "[bold red]PWN[/]"
UNBALANCED = "[/][link=https://evil.example]click[/link]"
ANSI = "\x1b[2J\x1b[31mRED"
OSC = "\x1b]52;c;ZXZpbA==\x07"
HYPERLINK = "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
CONTROL = "a\x00b\x07c\x08d\re\x7f"
RTL = "\u202eevil\u202c שלום"
LONG = "L" * 3000

T0 = 1_700_000_000_000

#: Characters that must never reach the terminal raw.
FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\n"} | {"\x7f", "\u202e", "\u202c"}


def _name(tag: str, payload: str) -> str:
    return f"{tag}{payload}"


GROUP_NAME = _name("G", MARKUP)
DEVICE_NAMES = [
    _name("D1", MARKUP),
    _name("D2", ANSI),
    _name("D3", OSC),
    _name("D4", CONTROL),
    _name("D5", RTL),
    _name("D6", LONG),
]
SENSOR_NAME = _name("S", UNBALANCED)
METRIC_NAME = _name("M", HYPERLINK)
STRING_VALUE = _name("V", MARKUP + ANSI)
ALARM_DEVICE = _name("AD", MARKUP)


def _metric(metric_id: str, name: str, value_type: str = "double") -> dict[str, Any]:
    return {
        "id": metric_id,
        "name": name,
        "valueType": value_type,
        "valueAnnotation": ANSI if value_type == "double" else None,
        "alarm": 1,
    }


def fleet() -> dict[str, Any]:
    devices = []
    for index, name in enumerate(DEVICE_NAMES):
        device_id = 1000 + index
        devices.append(
            {
                "id": device_id,
                "buddyId": index + 1,
                "name": name,
                "deviceType": 2,
                "state": 2,
                "description": OSC + LONG,
                "version": ANSI,
                "alarm": 1,
                "sensors": [
                    {
                        "id": 5000 + index,
                        "name": SENSOR_NAME,
                        "scriptPath": MARKUP,
                        "metricsCount": 2,
                        "frequency": {"type": "seconds", "value": 5},
                        "metrics": [
                            _metric("temp", METRIC_NAME),
                            _metric("status", _name("MS", CONTROL), "string"),
                        ],
                    }
                ],
            }
        )
    return {
        "data": [
            {
                "id": 1,
                "name": GROUP_NAME,
                "permission": 3,
                "devices": devices,
                "sharedWith": [{"name": _name("C", MARKUP), "permission": 1, "userId": 7}],
                "contacts": [{"id": 7, "name": _name("C", ANSI), "state": 0, "email": OSC}],
            }
        ],
        "status": "OK",
    }


def alarm(alarm_id: str, device: str, open_time: int) -> dict[str, Any]:
    return {
        "id": alarm_id,
        "severity": 1,
        "status": 1,
        "type": 1,
        "openTime": open_time,
        "description": _name("R", MARKUP),
        "changeLog": [{"prop": "status", "prevVal": None, "currentVal": ANSI}],
        "source": {
            "sourceKey": "1000_5000_temp",
            "id": "5d52a6e5e27d3b7b484fe2a8",
            "details": {
                "device": device,
                "sensor": SENSOR_NAME,
                "metric": METRIC_NAME,
                "condition": "metric>[b]1[/b]",
                "value": ANSI,
                "consCheck": "1",
            },
        },
    }


def rules() -> dict[str, Any]:
    return {
        "data": [
            {
                "id": "5d52a6e5e27d3b7b484fe2a8",
                "name": _name("RULE", MARKUP + OSC),
                "ruletype": 1,
                "activeflag": 1,
                "thresholds": [{"severity": 1, "condition": "metric>=60", "checkcount": 1}],
                "sources": [
                    {
                        "devicename": DEVICE_NAMES[0],
                        "sensorname": SENSOR_NAME,
                        "metricid": "temp",
                        "metricname": METRIC_NAME,
                        "thingid": 5000,
                    }
                ],
            }
        ],
        "status": "OK",
    }


class HostileServer:
    """The handler of a MockTransport; ``extra_alarm`` adds a second critical alarm later."""

    def __init__(self) -> None:
        self.extra_alarm = False
        self.requests: list[httpx.Request] = []

    def alarms(self) -> dict[str, Any]:
        items = [alarm("11111111-1111-4111-8111-111111111111", ALARM_DEVICE, T0 - 60_000)]
        if self.extra_alarm:
            items.append(
                alarm("22222222-2222-4222-8222-222222222222", _name("NEW", OSC + MARKUP), T0)
            )
        return {"data": items, "status": "OK"}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = urlparse(str(request.url)).path
        query = {k: v[0] for k, v in parse_qs(urlparse(str(request.url)).query).items()}
        body: Any = {"data": [], "status": "OK"}
        if request.method == "GET":
            if path == "/devices":
                body = fleet()
            elif path == "/alarms":
                body = self.alarms() if query.get("status", "1") == "1" else {"data": []}
            elif path == "/rules":
                body = rules()
            elif path == "/lastvalues":
                ids = json.loads(query.get("sensorids", "[]"))
                body = {
                    "data": [
                        {"sensorId": i, "timestamp": T0, "temp": "42.5", "status": STRING_VALUE}
                        for i in ids
                    ]
                }
            elif path == "/data":
                metrics = json.loads(query.get("metrics", "[]"))
                body = {
                    "data": [
                        {
                            "sensorId": m["sensorId"],
                            "metricId": m.get("metricId") or "temp",
                            "result": [
                                {"timestamp": T0 - k * 60_000, "value": 20 + k % 7}
                                for k in range(30)
                            ],
                        }
                        for m in metrics
                    ]
                }
            elif path == "/user":
                body = {"data": {"id": "u1", "firstname": MARKUP, "lastname": ANSI}}
        return httpx.Response(200, json=body)
