"""``iottui sensors list|count|create|create-health|create-opcua|update|delete``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from iottui.api.domain import OPCUA_SCRIPT_PATH, MetricDef, metrics_problems, nodeids_problems
from iottui.api.enums import SystemHealthType
from iottui.api.errors import NotFoundError, ValidationError
from iottui.api.models import Created, Frequency, Metric, SensorInfo
from iottui.commands._core import (
    Ctx,
    Resource,
    SubParsers,
    add_payload_options,
    created_id,
    done,
    require_change,
)
from iottui.commands._output import Column
from iottui.commands._parse import (
    parse_enum,
    parse_frequency,
    parse_int_id,
    parse_metric_spec,
    parse_node_spec,
    parse_nodeids_string,
    refuse,
)
from iottui.commands._payload import (
    Fields,
    load_payload,
    payload_frequency,
    payload_metric,
)

COLUMNS: list[Column[SensorInfo]] = [
    Column("id", lambda s: s.id, align="right"),
    Column("name", lambda s: s.name),
    Column("device_id", lambda s: s.device.id if s.device else None, align="right"),
    Column("device", lambda s: s.device.name if s.device else None),
    Column("provisioned_sensor_id", lambda s: s.provisioned_sensor_id, header="PROVISIONED ID"),
]

METRIC_SPEC_HELP = (
    "metrics: --metric ID:NAME[:TYPE[:UNIT]]\n"
    "  TYPE is double (default), string, integer or bool; UNIT is a common unit\n"
    "  (SI.Temperature.CELSIUS, SI.Pressure.PASCAL, SI.ElectricPotential.VOLT,\n"
    "  SI.ElectricCurrent.AMPERE, SI.Power.WATT, SI.Frequency.HERTZ, SI.Length.METER,\n"
    "  SI.Velocity.METERS_PER_SECOND, SI.Duration.SECOND, NoSI.Dimensionless.PERCENT,\n"
    "  NoSI.Dimensionless.DECIBEL) or any other text, kept as a custom annotation (km/h).\n"
    "frequency: 10s, 10 (seconds), 5m; at least 1 second.\n"
    "payload: a JSON object with the API document's keys (deviceId, name, scriptPath,\n"
    "  frequency {type, value}, metrics [{id, name, valueType, valueUnit, valueAnnotation}],\n"
    "  sensorType, params {nodeids}); snake_case keys work too. Flags override it."
)


async def list_sensors(ctx: Ctx) -> int:
    items: Sequence[SensorInfo] = ctx.read(await ctx.client.sensors.list())
    wanted = set(ctx.opt("device_ids") or ())
    if wanted:
        items = [s for s in items if s.device is not None and s.device.id in wanted]
    ctx.out.items(items, COLUMNS, empty="(no sensors)")
    return 0


async def count(ctx: Ctx) -> int:
    total = await ctx.client.sensors.count()
    if ctx.out.json:
        ctx.out.emit_json({"count": total})
    else:
        ctx.out.line(str(total))
    return 0


class _SensorInput:
    """A sensor's fields from ``--payload`` and flags (flags win)."""

    def __init__(self, args: argparse.Namespace, payload: Fields | None) -> None:
        self.device_id: int | None = None
        self.name: str | None = None
        self.script_path: str | None = None
        self.frequency: Frequency | None = None
        self.metrics: list[Metric] | None = None
        self.nodeids: list[tuple[str, str]] | None = None
        self.sensor_type: int | None = None
        if payload is not None:
            self._from_payload(payload)
        if getattr(args, "device_id", None) is not None:
            self.device_id = parse_int_id(args.device_id, option="--device", what="device id")
        if getattr(args, "name", None) is not None:
            self.name = args.name
        if getattr(args, "script", None) is not None:
            self.script_path = args.script
        if getattr(args, "frequency", None) is not None:
            self.frequency = parse_frequency(args.frequency)
        if getattr(args, "metrics", None):
            self.metrics = [parse_metric_spec(m) for m in args.metrics]
        if getattr(args, "nodes", None):
            self.nodeids = [parse_node_spec(n) for n in args.nodes]
        if getattr(args, "sensor_type", None) is not None:
            self.sensor_type = args.sensor_type

    def _from_payload(self, p: Fields) -> None:
        self.device_id = p.integer("device_id")
        self.name = p.text("name")
        self.script_path = p.text("script_path")
        freq = p.raw("frequency")
        if isinstance(freq, dict):
            self.frequency = payload_frequency(Fields(freq, f"{p.where}: frequency"))
        elif freq is not None:
            self.frequency = parse_frequency(str(freq), option=f"{p.where}: frequency")
        items = p.objects("metrics")
        if items is not None:
            self.metrics = [payload_metric(item) for item in items]
        params = p.obj("params")
        nodeids: Any = params.raw("nodeids") if params is not None else p.raw("nodeids")
        if isinstance(nodeids, str):
            self.nodeids = parse_nodeids_string(nodeids, option=f"{p.where}: nodeids")
        elif isinstance(nodeids, list):
            pairs: list[tuple[str, str]] = []
            for item in nodeids:
                if isinstance(item, list | tuple) and len(item) == 2:
                    pairs.append((str(item[0]), str(item[1])))
                elif isinstance(item, dict):
                    node = Fields(item, f"{p.where}: nodeids")
                    pairs.append(
                        (
                            node.text("node_id", "node", required=True) or "",
                            node.text("metric_id", "metric", required=True) or "",
                        )
                    )
                else:
                    raise ValidationError(
                        f"{p.where}: nodeids must be [nodeId, metricId] pairs", field="nodeids"
                    )
            self.nodeids = pairs
        self.sensor_type = p.integer("sensor_type")

    def require(self, **names: str) -> None:
        for attr, option in names.items():
            value = getattr(self, attr)
            if value is None or (isinstance(value, str) and not value.strip()):
                raise ValidationError(
                    f"{option} is required (or give it in --payload)", field=option
                )

    def check_metrics(self) -> None:
        """The sensor's metric list and node mapping, by the domain rules."""
        metrics = self.metrics or []
        if self.metrics is not None:
            refuse(metrics_problems([MetricDef(m.id, m.name) for m in metrics]), "--metric")
        if self.nodeids:
            refuse(nodeids_problems(self.nodeids, [m.id for m in metrics], "nodeids"), "--node")


async def create(ctx: Ctx) -> int:
    """Create a custom sensor (an OPC-UA one when the payload carries nodeids)."""
    data = _SensorInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    data.require(device_id="--device", name="--name", frequency="--frequency", metrics="--metric")
    data.check_metrics()
    assert data.device_id is not None
    assert data.name
    assert data.frequency
    assert data.metrics
    if data.nodeids:
        result = await _create_opcua(ctx, data)
    else:
        data.require(script_path="--script")
        assert data.script_path is not None
        result = await ctx.client.sensors.create_custom(
            data.device_id,
            data.name,
            script_path=data.script_path,
            frequency=data.frequency,
            metrics=data.metrics,
            sensor_type=data.sensor_type,
        )
    sid = created_id(result)
    return done(ctx, f"created sensor {sid} ({data.name}) on device {data.device_id}", id=sid)


async def _create_opcua(ctx: Ctx, data: _SensorInput) -> Created:
    """Create the OPC-UA sensor ``data`` describes (its required fields checked)."""
    assert data.device_id is not None
    assert data.name
    assert data.frequency
    assert data.metrics
    assert data.nodeids is not None
    return await ctx.client.sensors.create_opcua(
        data.device_id,
        data.name,
        frequency=data.frequency,
        metrics=data.metrics,
        nodeids=data.nodeids,
        script_path=data.script_path or OPCUA_SCRIPT_PATH,
    )


async def create_opcua(ctx: Ctx) -> int:
    data = _SensorInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    data.require(
        device_id="--device",
        name="--name",
        frequency="--frequency",
        metrics="--metric",
        nodeids="--node",
    )
    data.check_metrics()
    sid = created_id(await _create_opcua(ctx, data))
    return done(
        ctx, f"created OPC-UA sensor {sid} ({data.name}) on device {data.device_id}", id=sid
    )


async def create_health(ctx: Ctx) -> int:
    device_id = parse_int_id(ctx.args.device_id, option="--device", what="device id")
    health = parse_enum(SystemHealthType, ctx.args.health_type, option="--type")
    name = ctx.args.name if ctx.args.name is not None else health.label
    if not name.strip():
        raise ValidationError("--name: the sensor name must not be empty", field="--name")
    result = await ctx.client.sensors.create_system_health(
        device_id, name, health_type=health, frequency=parse_frequency(ctx.args.frequency)
    )
    sid = created_id(result)
    return done(ctx, f"created {health.label} sensor {sid} on device {device_id}", id=sid)


async def update(ctx: Ctx) -> int:
    sid = parse_int_id(ctx.args.sensor_id, option="SENSOR_ID", what="sensor id")
    data = _SensorInput(ctx.args, load_payload(ctx.args.payload, ctx.args.payload_file))
    data.check_metrics()
    require_change(
        (data.name, data.frequency, data.script_path, data.metrics, data.nodeids),
        "--name, --frequency, --script, --metric, --node or --payload",
    )
    await ctx.client.sensors.update(
        sid,
        name=data.name,
        frequency=data.frequency,
        script_path=data.script_path,
        metrics=data.metrics,
        nodeids=data.nodeids,
    )
    return done(ctx, f"updated sensor {sid}", id=sid)


async def delete(ctx: Ctx) -> int:
    sid = parse_int_id(ctx.args.sensor_id, option="SENSOR_ID", what="sensor id")
    if ctx.args.device_id is not None:
        device_id = parse_int_id(ctx.args.device_id, option="--device", what="device id")
    else:
        found = next((s for s in await ctx.client.sensors.list() if s.id == sid), None)
        if found is None or found.device is None:
            raise NotFoundError(
                f"sensor {sid} not found (or its device is unknown); pass --device",
                status=404,
                operation="sensors.delete",
            )
        device_id = found.device.id
    ctx.confirm(f"Delete sensor {sid} on device {device_id} and its metrics")
    await ctx.client.sensors.delete(sid, device_id)
    return done(ctx, f"deleted sensor {sid}", id=sid, device_id=device_id)


def _common(p: argparse.ArgumentParser, *, required: bool, metrics: bool = True) -> None:
    p.add_argument("--device", dest="device_id", metavar="DEVICE_ID", help="the device (required)")
    p.add_argument("--name", help="the sensor's name" + (" (required)" if required else ""))
    p.add_argument("--frequency", metavar="EVERY", help="how often values are sent: 10s, 5m")
    if metrics:
        p.add_argument(
            "--metric",
            dest="metrics",
            metavar="ID:NAME[:TYPE[:UNIT]]",
            action="append",
            help="a metric (repeatable; replaces all metrics on update)",
        )


def register(subparsers: SubParsers) -> None:
    res = Resource(
        subparsers,
        "sensors",
        help="sensors on devices: list, count, create (custom, health, OPC-UA), update, delete",
        examples=["iottui sensors list --device 2000565656", "iottui sensors count"],
    )
    p = res.leaf(
        "list",
        list_sensors,
        operation="sensors.list",
        help="list sensors with their device",
        formats=("table", "json", "csv"),
        examples=["iottui sensors list", "iottui sensors list --device 2000565656 --json"],
    )
    p.add_argument(
        "--device",
        dest="device_ids",
        metavar="DEVICE_ID",
        type=int,
        action="append",
        help="only sensors of this device (repeatable)",
    )
    res.leaf("count", count, operation="sensors.count", help="print the number of sensors")

    p = res.leaf(
        "create",
        create,
        operation="sensors.create_custom",
        help="create a custom sensor (a script on the device prints the metric values)",
        notes=METRIC_SPEC_HELP,
        examples=[
            "iottui sensors create --device 2000565656 --name Env --script /opt/env.py "
            "--frequency 10s --metric temp:Temperature:double:SI.Temperature.CELSIUS "
            "--metric vel:Velocity:double:km/h --metric status:Status:string",
            "iottui sensors create --payload-file sensor.json",
        ],
    )
    _common(p, required=True)
    p.add_argument("--script", metavar="PATH", help="path of the script on the device (required)")
    p.add_argument("--sensor-type", type=int, metavar="N", help="optional sensorType")
    add_payload_options(p, "sensor")

    p = res.leaf(
        "create-opcua",
        create_opcua,
        operation="sensors.create_custom",
        help="create an OPC-UA sensor (one per device) mapping node ids to metrics",
        notes=METRIC_SPEC_HELP + "\nnodes: --node METRIC_ID=NODE_ID, one per metric.",
        examples=[
            "iottui sensors create-opcua --device 2000565656 --name PLC --frequency 10s "
            "--metric temp:Temperature:double:SI.Temperature.CELSIUS "
            "--node 'temp=ns=1;s=Folder.Item.Temp'",
        ],
    )
    _common(p, required=True)
    p.add_argument(
        "--node",
        dest="nodes",
        metavar="METRIC_ID=NODE_ID",
        action="append",
        help="map an OPC-UA node to a metric (repeatable)",
    )
    p.add_argument(
        "--script", metavar="PATH", help="script path (default: the agent's OPC-UA path)"
    )
    add_payload_options(p, "sensor")

    p = res.leaf(
        "create-health",
        create_health,
        operation="sensors.create_system_health",
        help="create a system-health sensor (CPU, memory or load)",
        examples=["iottui sensors create-health --device 2000565656 --type cpu --frequency 1m"],
    )
    p.add_argument(
        "--device", dest="device_id", metavar="DEVICE_ID", required=True, help="the device"
    )
    p.add_argument(
        "--type",
        dest="health_type",
        metavar="KIND",
        required=True,
        help="cpu (1), memory (2) or load (3)",
    )
    p.add_argument("--name", help="the sensor's name (default: the kind, e.g. CPU)")
    p.add_argument("--frequency", metavar="EVERY", default="1m", help="10s, 5m (default: 1m)")

    p = res.leaf(
        "update",
        update,
        operation="sensors.update",
        help="update a sensor: name, frequency, script, metrics, OPC-UA nodes",
        notes=METRIC_SPEC_HELP,
        examples=[
            "iottui sensors update 486471 --name 'Env (hall)' --frequency 30s",
            "iottui sensors update 486471 --metric temp:Temperature:double:SI.Temperature.CELSIUS",
        ],
    )
    p.add_argument("sensor_id", metavar="SENSOR_ID")
    p.add_argument("--name", help="the new name")
    p.add_argument("--frequency", metavar="EVERY", help="how often values are sent: 10s, 5m")
    p.add_argument("--script", metavar="PATH", help="the new script path")
    p.add_argument(
        "--metric",
        dest="metrics",
        metavar="ID:NAME[:TYPE[:UNIT]]",
        action="append",
        help="the sensor's metrics after the update (repeatable; replaces all)",
    )
    p.add_argument(
        "--node",
        dest="nodes",
        metavar="METRIC_ID=NODE_ID",
        action="append",
        help="OPC-UA node mapping (repeatable; replaces all)",
    )
    add_payload_options(p, "sensor")

    p = res.leaf(
        "delete",
        delete,
        operation="sensors.delete",
        help="delete a sensor",
        destructive=True,
        examples=["iottui sensors delete 486471 --device 2000565656 --yes"],
    )
    p.add_argument("sensor_id", metavar="SENSOR_ID")
    p.add_argument(
        "--device",
        dest="device_id",
        metavar="DEVICE_ID",
        help="its device (looked up with `sensors list` when omitted)",
    )
