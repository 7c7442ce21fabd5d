"""A deterministic fleet generated from a seed.

``generate(seed, devices, now_ms)`` returns every resource of a fresh account as plain JSON-ready
dicts (the simulator's stored form): contacts, groups owned and shared at every permission (one
shared with the user read-only), devices with realistic names, versions and online/offline
schedules, system-health and custom sensors (including GPS, a string status and an OPC-UA
sensor), rules of both types with topics and channels, dashboards with widgets of all seven
types, device configurations and edge modules.

Keys starting with ``_`` are internal (signal kind, schedule) and never sent to clients.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from iottui.api.domain import DEFAULT_VALUE_TYPE, OPCUA_SCRIPT_PATH
from iottui.sim.signals import HOUR_MS

Doc = dict[str, Any]

USER_ID = "u100000"
USER_NUMERIC_ID = 100000

_CONTACTS = (
    ("qaiotdev", "qaiotdev@example.com"),
    ("Alice Berger", "alice.berger@example.com"),
    ("Bob Nakamura", "bob.nakamura@example.com"),
    ("Chiara Rossi", "chiara.rossi@example.com"),
    ("Deniz Yilmaz", "deniz.yilmaz@example.com"),
    ("Emma Lindqvist", "emma.lindqvist@example.com"),
    ("Farid Haddad", "farid.haddad@example.com"),
    ("Grace Okafor", "grace.okafor@example.com"),
)
_GROUP_NAMES = (
    "Production Hall A",
    "Production Hall B",
    "Warehouse North",
    "Vehicle Fleet",
    "Test Lab",
    "Office Building",
    "Cold Storage",
    "Solar Park",
    "Pump Stations",
    "Packaging Line",
)
_SITES = ("Floor1", "Floor2", "HallB", "Munich", "Goppingen", "Lisbon", "Yard", "Lab", "Dock")
_VERSIONS = ("2.6.3", "2.7.1", "2.8.0", "2.9.4", "2.10.2", "3.0.1")
_TEMPLATES = ("gateway", "cnc", "tracker", "revpi", "gateway", "cnc")
_DESCRIPTIONS = {
    "gateway": "Edge gateway collecting environment data",
    "cnc": "CNC machine controller with spindle monitoring",
    "tracker": "Delivery truck telematics unit",
    "revpi": "Revolution Pi PLC in the control cabinet",
}
_PREFIX = {"gateway": "IoT Gateway", "cnc": "CNC", "tracker": "Truck", "revpi": "RevPi"}

_HEALTH_METRICS: dict[int, tuple[str, list[tuple[str, str, str | None, str | None]]]] = {
    # type: (sensor name, [(metric name, kind, valueUnit, valueAnnotation)])
    1: (
        "CPU",
        [
            ("User CPU Usage", "cpu", "NoSI.Dimensionless.PERCENT", None),
            ("System CPU Usage", "cpu_small", "NoSI.Dimensionless.PERCENT", None),
            ("Nice CPU Usage", "cpu_small", "NoSI.Dimensionless.PERCENT", None),
        ],
    ),
    2: (
        "Memory",
        [
            ("Used Memory", "memory", "NoSI.Dimensionless.PERCENT", None),
            ("Free Memory", "memory_mb", None, "MB"),
        ],
    ),
    3: (
        "Load",
        [
            ("1 min load", "load", None, None),
            ("5 min load", "load", None, None),
            ("15 min load", "load", None, None),
        ],
    ),
}


def health_metrics(health_type: int, rng: random.Random) -> list[Doc]:
    """The metrics a system-health sensor of this type has (fresh 32-hex ids)."""
    _, specs = _HEALTH_METRICS.get(health_type, _HEALTH_METRICS[1])
    return [
        _metric(f"{rng.getrandbits(128):032x}", name, kind, unit, annotation)
        for name, kind, unit, annotation in specs
    ]


def health_name(health_type: int) -> str:
    return _HEALTH_METRICS.get(health_type, _HEALTH_METRICS[1])[0]


def _metric(
    mid: str,
    name: str,
    kind: str,
    unit: str | None = None,
    annotation: str | None = None,
    value_type: str = DEFAULT_VALUE_TYPE,
) -> Doc:
    doc: Doc = {"id": mid, "name": name, "valueType": value_type, "_kind": kind}
    if unit:
        doc["valueUnit"] = unit
    if annotation:
        doc["valueAnnotation"] = annotation
    return doc


@dataclass
class Generated:
    """A generated account."""

    user: Doc
    token: str
    contacts: list[Doc] = field(default_factory=list)
    groups: list[Doc] = field(default_factory=list)
    devices: list[Doc] = field(default_factory=list)
    rules: list[Doc] = field(default_factory=list)
    topics: list[Doc] = field(default_factory=list)
    channels: list[Doc] = field(default_factory=list)
    dashboards: list[Doc] = field(default_factory=list)
    deviceconfigs: list[Doc] = field(default_factory=list)
    edgemodules: list[Doc] = field(default_factory=list)
    next_group_id: int = 0
    next_sensor_id: int = 0


class _Ids:
    def __init__(self, rng: random.Random, now_ms: int) -> None:
        self.rng = rng
        self.now_s = now_ms // 1000
        self.sensor = 100_000

    def hex24(self, back_s: int = 0) -> str:
        return f"{(self.now_s - back_s) & 0xFFFFFFFF:08x}{self.rng.getrandbits(64):016x}"

    def uuid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def hex32(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def next_sensor(self) -> int:
        self.sensor += 1 + self.rng.randrange(3)
        return self.sensor


def make_token(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return f"{rng.randrange(1_000_000, 9_999_999)}-" + "".join(
        rng.choice(alphabet) for _ in range(20)
    )


def _sensor(ids: _Ids, name: str, freq: tuple[str, int], metrics: list[Doc], **extra: Any) -> Doc:
    sid = ids.next_sensor()
    doc: Doc = {
        "id": sid,
        "name": name,
        "provisionedSensorId": ids.hex32(),
        "scriptPath": "",
        "isPluginSensor": False,
        "frequency": {"type": freq[0], "value": freq[1]},
        "metrics": metrics,
    }
    doc.update(extra)
    return doc


def _device_sensors(ids: _Ids, rng: random.Random, template: str) -> list[Doc]:
    sensors: list[Doc] = []

    def health(t: int) -> None:
        freq = rng.choice((("minutes", 1), ("seconds", 30), ("minutes", 5)))
        sensors.append(
            _sensor(
                ids,
                health_name(t),
                freq,
                health_metrics(t, rng),
                systemHealthType=t,
                scriptPath="",
            )
        )

    def custom(name: str, metrics: list[Doc], freq: tuple[str, int], **extra: Any) -> None:
        extra.setdefault("scriptPath", f"/home/pi/sensors/{name.lower().replace(' ', '_')}.py")
        sensors.append(_sensor(ids, name, freq, metrics, **extra))

    health(1)
    if template in ("gateway", "tracker", "revpi"):
        health(2)
    if template in ("gateway", "cnc"):
        health(3)
    short = rng.choice((("seconds", 15), ("seconds", 30), ("minutes", 1)))
    if template in ("gateway", "tracker", "revpi"):
        env = [_metric("temp", "Temperature", "temperature", "SI.Temperature.CELSIUS")]
        if template != "tracker":
            env.append(_metric("humidity", "Humidity", "humidity", "NoSI.Dimensionless.PERCENT"))
            env.append(_metric("pressure", "Pressure", "pressure", "SI.Pressure.PASCAL"))
        custom("Environment", env, short)
    if template == "cnc":
        custom(
            "Vibration",
            [
                _metric("vib", "Spindle vibration", "vibration", None, "mm/s"),
                _metric(
                    "spindletemp", "Spindle temperature", "temperature", "SI.Temperature.CELSIUS"
                ),
            ],
            ("seconds", 10),
        )
    if template in ("cnc", "revpi"):
        custom(
            "Power meter",
            [
                _metric("power", "Active power", "power", "SI.Power.WATT"),
                _metric("voltage", "Voltage", "voltage", "SI.ElectricPotential.VOLT"),
                _metric("current", "Current", "current", "SI.ElectricCurrent.AMPERE"),
            ],
            short,
        )
    if template == "tracker":
        custom(
            "GPS",
            [
                _metric("lat", "Latitude", "latitude", None, "°"),
                _metric("lng", "Longitude", "longitude", None, "°"),
                _metric("speed", "Speed", "speed", "SI.Velocity.METERS_PER_SECOND"),
            ],
            ("seconds", 30),
        )
    if template in ("gateway", "cnc"):
        custom(
            "Machine status",
            [_metric("status", "Status", "status", None, None, "string")],
            ("minutes", 1),
        )
    if template == "cnc":
        custom(
            "Line PLC",
            [
                _metric("temp", "Oil temperature", "temperature", "SI.Temperature.CELSIUS"),
                _metric("rpm", "Spindle speed", "generic", None, "rpm"),
            ],
            ("seconds", 30),
            scriptPath=OPCUA_SCRIPT_PATH,
            params={"nodeids": "'ns=1;s=Line.OilTemp' temp 'ns=1;s=Line.SpindleRpm' rpm"},
        )
    return sensors


def generate(seed: int, devices: int, now_ms: int) -> Generated:
    """Generate an account deterministically from ``seed`` (``now_ms`` anchors outages)."""
    rng = random.Random(seed)
    ids = _Ids(rng, now_ms)
    user: Doc = {
        "license": {"type": "Premium", "version": 13},
        "firstname": "John",
        "lastname": "Smith",
        "id": USER_ID,
        "email": "john.smith@example.com",
        "eulaagreement": 1,
    }
    gen = Generated(user=user, token=make_token(rng))

    contact_ids = sorted(rng.sample(range(5000, 9000), len(_CONTACTS)))
    for cid, (name, email) in zip(contact_ids, _CONTACTS, strict=True):
        gen.contacts.append(
            {"id": cid, "name": name, "state": rng.choice((0, 1, 2, 3, 3)), "email": email}
        )

    # devices
    tv = 2_000_000_000 + rng.randrange(100_000)
    buddy = 9000 + rng.randrange(1000)
    for i in range(devices):
        template = _TEMPLATES[i % len(_TEMPLATES)]
        tv += 1 + rng.randrange(50)
        buddy += 1 + rng.randrange(5)
        site = _SITES[(i // len(_TEMPLATES)) % len(_SITES)]
        name = f"{_PREFIX[template]} {site}-{i + 1:02d}"
        roll = rng.random()
        if (roll < 0.04 and i > 0) or i == 4:
            sched: Doc = {"p": 0.02, "since": now_ms - rng.randrange(1, 72) * HOUR_MS}
        elif roll < 0.20:
            sched = {"p": 0.45, "since": None}
        else:
            sched = {"p": 0.03, "since": None}
        gen.devices.append(
            {
                "id": tv,
                "buddyId": buddy,
                "name": name,
                "deviceType": 2 if i % 17 != 16 else 1,
                "description": _DESCRIPTIONS[template],
                "version": rng.choice(_VERSIONS),
                "isMonitoringEnabled": True,
                "sensors": _device_sensors(ids, rng, template),
                "_template": template,
                "_sched": sched,
            }
        )
    gen.next_sensor_id = ids.sensor + 1

    # groups: owned, shared by contacts at each permission, one read-only
    size = 10 if devices <= 200 else 50
    n_groups = max(5, math.ceil(devices / size))
    pattern = (3, 3, 1, 4, 2, 3)
    gid = 30_000 + rng.randrange(1000)
    tvids = [d["id"] for d in gen.devices]
    for g in range(n_groups):
        gid += 1 + rng.randrange(20)
        permission = pattern[g % len(pattern)]
        members = tvids[g::n_groups]
        if not members:
            members = [tvids[g % len(tvids)]]
        name = _GROUP_NAMES[g % len(_GROUP_NAMES)]
        if g >= len(_GROUP_NAMES):
            name = f"{name} {g // len(_GROUP_NAMES) + 1}"
        shared: list[Doc] = []
        if permission == 3:
            owner = USER_NUMERIC_ID
            for c in rng.sample(gen.contacts, rng.randrange(0, 3)):
                shared.append(
                    {"userId": c["id"], "name": c["name"], "permission": rng.choice((1, 2, 4))}
                )
        else:
            owner = gen.contacts[g % len(gen.contacts)]["id"]
            name = f"{name} (shared)"
        gen.groups.append(
            {
                "id": gid,
                "name": name,
                "permission": permission,
                "owner": owner,
                "deviceIds": members,
                "sharedWith": shared,
            }
        )
    gen.next_group_id = gid + 1

    _generate_notifications(gen, ids, rng)
    _generate_rules(gen, ids, rng)
    _generate_dashboards(gen, ids, rng)
    _generate_edge(gen, ids, rng)
    return gen


def _generate_notifications(gen: Generated, ids: _Ids, rng: random.Random) -> None:
    channels = [
        ("Ops email", 0, "ops@example.com", 1, "GMT+01:00 Europe/Berlin"),
        ("Night shift email", 0, "nightshift@example.com", 3, "GMT+00:00 Europe/Lisbon"),
        (
            "Incident webhook",
            1,
            "https://hooks.example.com/iot/incidents",
            2,
            "GMT+01:00 Europe/Berlin",
        ),
    ]
    chan_ids = []
    for name, ctype, target, flag, tz in channels:
        cid = ids.hex24(86_400 * 30)
        chan_ids.append(cid)
        gen.channels.append(
            {
                "id": cid,
                "name": name,
                "type": ctype,
                "target": target,
                "activeflag": flag,
                "timeZoneId": tz,
            }
        )
    topics = [
        ("CPU topic", [chan_ids[0], chan_ids[2]]),
        ("Overheating", [chan_ids[0], chan_ids[1]]),
        ("Device offline", [chan_ids[0], chan_ids[2]]),
        ("Maintenance", []),
    ]
    for name, chans in topics:
        gen.topics.append({"id": ids.hex24(86_400 * 20), "name": name, "channelIds": chans})


def _metric_sources(gen: Generated, sensor_name: str, metric_name: str, n: int) -> list[Doc]:
    out: list[Doc] = []
    writable = _writable_devices(gen)
    for device in gen.devices:
        if device["id"] not in writable:
            continue
        for sensor in device["sensors"]:
            if sensor["name"] != sensor_name:
                continue
            for metric in sensor["metrics"]:
                if metric["name"] == metric_name:
                    out.append({"metricId": metric["id"], "thingId": sensor["id"]})
        if len(out) >= n:
            break
    return out


def _writable_devices(gen: Generated) -> set[int]:
    return {d for g in gen.groups if g["permission"] in (2, 3, 4) for d in g["deviceIds"]}


def _generate_rules(gen: Generated, ids: _Ids, rng: random.Random) -> None:
    topic = {t["name"]: t["id"] for t in gen.topics}
    specs = [
        ("CPU overload", "CPU", "User CPU Usage", "metric>=90", 2, 2, "CPU topic", 1),
        ("Machine overheating", "Environment", "Temperature", "metric>=70", 1, 1, "Overheating", 1),
        (
            "Spindle overheating",
            "Vibration",
            "Spindle temperature",
            "metric>=72",
            2,
            1,
            "Overheating",
            1,
        ),
        ("High humidity", "Environment", "Humidity", "metric>85", 3, 2, "Maintenance", 1),
        (
            "Excess vibration",
            "Vibration",
            "Spindle vibration",
            "metric>=10",
            2,
            3,
            "Maintenance",
            1,
        ),
        ("Power peak", "Power meter", "Active power", "metric>1000", 4, 1, "Maintenance", 1),
        ("Low memory", "Memory", "Used Memory", "metric>=90", 3, 1, "CPU topic", 1),
        ("Load spike (disabled)", "Load", "1 min load", "metric>4", 4, 1, "CPU topic", 2),
    ]
    for name, sensor, metric, cond, sev, checks, topic_name, flag in specs:
        sources = _metric_sources(gen, sensor, metric, 3)
        if not sources:
            continue
        gen.rules.append(
            {
                "id": ids.hex24(86_400 * 10),
                "name": name,
                "ruleType": 1,
                "activeflag": flag,
                "sources": sources,
                "thresholds": [
                    {
                        "condition": cond,
                        "severity": sev,
                        "checkcount": checks,
                        "topicIds": [topic[topic_name]],
                    }
                ],
            }
        )
    writable = _writable_devices(gen)
    flaky = [d for d in gen.devices if d["_sched"]["p"] > 0.1 and d["id"] in writable]
    dead = [d for d in gen.devices if d["_sched"]["since"] is not None and d["id"] in writable]
    offline_specs = [
        ("Gateway offline", "22", 1, flaky[:3] + dead[:1]),
        ("Device unreachable", "15", 4, flaky[3:5]),
    ]
    for name, cond, sev, devices in offline_specs:
        if not devices:
            continue
        gen.rules.append(
            {
                "id": ids.hex24(86_400 * 10),
                "name": name,
                "ruleType": 2,
                "activeflag": 1,
                "sources": [{"deviceId": d["id"]} for d in devices],
                "thresholds": [
                    {
                        "condition": cond,
                        "severity": sev,
                        "checkcount": 1,
                        "topicIds": [topic["Device offline"]],
                    }
                ],
            }
        )


def _find_metric(gen: Generated, sensor_name: str, metric_id: str) -> tuple[int, str] | None:
    for device in gen.devices:
        for sensor in device["sensors"]:
            if sensor["name"] == sensor_name:
                for metric in sensor["metrics"]:
                    if metric["id"] == metric_id or metric["name"] == metric_id:
                        return sensor["id"], metric["id"]
    return None


def _widget(
    ids: _Ids,
    name: str,
    wtype: int,
    refs: list[tuple[int, str]],
    x: int,
    y: int,
    settings: Doc | None = None,
) -> Doc:
    width = 4 if wtype in (1, 9) else 2
    base: Doc = {
        "dataPeriod": 1,
        "limit": 900,
        "aggregation": {"method": "AVG", "period": 1000},
        "refreshInterval": 60000,
    }
    base.update(settings or {})
    return {
        "id": ids.hex24(86_400 * 5),
        "name": name,
        "type": wtype,
        "layout": {"width": width, "height": 6, "positionX": x, "positionY": y},
        "settings": base,
        "metrics": [{"sensorId": s, "id": m} for s, m in refs],
    }


def _generate_dashboards(gen: Generated, ids: _Ids, rng: random.Random) -> None:
    cpu = _find_metric(gen, "CPU", "User CPU Usage")
    temp = _find_metric(gen, "Environment", "temp")
    hum = _find_metric(gen, "Environment", "humidity")
    lat = _find_metric(gen, "GPS", "lat")
    lng = _find_metric(gen, "GPS", "lng")
    status = _find_metric(gen, "Machine status", "status")
    power = _find_metric(gen, "Power meter", "power")
    widgets: list[Doc] = []
    if cpu and temp:
        widgets.append(
            _widget(
                ids,
                "CPU and temperature",
                1,
                [cpu, temp],
                0,
                0,
                {
                    "axisType": 2,
                    "scalingType": 1,
                    "dataPeriod": 6,
                    "aggregation": {"method": "AVG", "period": 300000},
                },
            )
        )
    if hum:
        widgets.append(_widget(ids, "Humidity", 2, [hum], 4, 0))
    if power:
        widgets.append(
            _widget(ids, "Power", 7, [power], 6, 0, {"minValue": "0", "maxValue": "1500"})
        )
    if temp:
        widgets.append(
            _widget(
                ids,
                "Hall temperature",
                8,
                [temp],
                8,
                0,
                {"minValue": "0", "maxValue": "90", "unit": 1},
            )
        )
    if lat and lng:
        widgets.append(
            _widget(
                ids,
                "Truck position",
                9,
                [lng, lat],
                0,
                6,
                {"lng": f"{lng[0]}_{lng[1]}", "lat": f"{lat[0]}_{lat[1]}"},
            )
        )
    if status:
        widgets.append(_widget(ids, "Machine status", 10, [status], 4, 6))
        widgets.append(_widget(ids, "Status light", 11, [status], 6, 6))
    gen.dashboards.append(
        {"id": ids.hex24(86_400 * 9), "name": "Plant overview", "widgets": widgets}
    )
    health: list[Doc] = []
    if cpu:
        health.append(_widget(ids, "CPU", 1, [cpu], 0, 0))
        health.append(_widget(ids, "CPU now", 2, [cpu], 4, 0))
    gen.dashboards.append({"id": ids.hex24(86_400 * 8), "name": "Fleet health", "widgets": health})
    gen.dashboards.append({"id": ids.hex24(86_400 * 7), "name": "Scratch", "widgets": []})


def _generate_edge(gen: Generated, ids: _Ids, rng: random.Random) -> None:
    modules = [
        ("Node-RED", "nodered", "/data/flows.json", [(1880, 1880)]),
        (
            "MQTT broker",
            "eclipse-mosquitto",
            "/mosquitto/config/mosquitto.conf",
            [(1883, 1883), (9001, 9001)],
        ),
        ("Data logger", "influxdb", None, []),
    ]
    for name, image, startup, ports in modules:
        options: Doc = {}
        if startup:
            options["startupFile"] = startup
        if ports:
            options["portMapping"] = [{"hostPort": h, "containerPort": c} for h, c in ports]
        gen.edgemodules.append(
            {
                "id": ids.hex24(86_400 * 6),
                "name": name,
                "accessType": "public",
                "dockerImageName": image,
                "containerOptions": options,
            }
        )
    mods = [m["id"] for m in gen.edgemodules]
    owned = [g for g in gen.groups if g["permission"] == 3]
    gen.deviceconfigs.append(
        {
            "id": ids.uuid(),
            "name": "Edge management with Node-RED",
            "configuration": [
                {
                    "key": "edge-management",
                    "value": [{"key": "enable", "value": True}],
                    "enforce": True,
                },
                {"key": "edge-module", "value": mods[:2], "enforce": True},
            ],
            "assignments": {
                "devices": [str(d["id"]) for d in gen.devices[:2]],
                "groups": [str(owned[0]["id"])] if owned else [],
            },
        }
    )
    gen.deviceconfigs.append(
        {
            "id": ids.uuid(),
            "name": "Edge management off",
            "configuration": [
                {
                    "key": "edge-management",
                    "value": [{"key": "enable", "value": False}],
                    "enforce": False,
                },
            ],
            "assignments": {"devices": [], "groups": []},
        }
    )
