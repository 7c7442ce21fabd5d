"""Benchmark 2: the nested fleet of 10,000 devices turned into models, against ``json.loads``.

    .venv/bin/python benchmarks/bench_parse.py [--runs 7] [--devices 10000] [--metrics 20]

The fleet has the shape the issue asks for: 10,000 devices with about 5 sensors and 20 metrics
each (200,000 metrics, 35 MB). The bytes start as the simulator's own fleet endpoint
(``GET /devices`` over loopback, the simulator in its own process as a real server would be),
whose generator gives 4 to 6 sensors and 9 to 14 metrics per device (5 sensors and 12 metrics
on average); :func:`widen` then adds metrics in the same wire form to every device, spread over
its sensors, until it has ``--metrics`` of them (20), and fixes the ``metricsCount`` strings to
match. The added metrics copy the simulator's mix: 32-hex ids on system-health sensors and
short ids on custom ones, about two thirds with a ``valueUnit``, some with a
``valueAnnotation``, a few ``"string"`` ones, and keys in the document's camelCase. The fleet
is re-encoded compactly as the simulator encodes it (``--metrics 0`` measures the simulator's
bytes unchanged).

The floor is ``json.loads`` of those bytes; the figure is the client's own path,
:func:`iottui.api.parse.decode_json` plus :func:`iottui.api.parse.parse_data` with
``parse_fleet`` (exactly what ``client.fleet.get()`` runs), so the ratio says what the models
cost on top of decoding. Each run times the three targets back to back in one process, and the
medians are reported. Goal: <= 2x. The client pauses CPython's cyclic GC while decoding big
bodies and building models; since that alone makes decoding about 2x faster, the ratio against
``json.loads`` with the GC paused too (a stricter floor) is printed as well.
"""

from __future__ import annotations

import gc
import json
import random
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from _common import Figure, median, parser, report

from iottui.api.parse import body_timestamp, decode_json, gc_paused, parse_data, parse_fleet

HERE = Path(__file__).resolve().parent
KEY = "bench-key-not-secret"

#: Metrics added to widen a device, as (name, valueUnit, valueAnnotation, valueType).
_EXTRA_METRICS: tuple[tuple[str, str | None, str | None, str], ...] = (
    ("Supply voltage", "SI.ElectricPotential.VOLT", None, "double"),
    ("Board temperature", "SI.Temperature.CELSIUS", None, "double"),
    ("Fan speed", None, "rpm", "double"),
    ("Signal strength", "NoSI.Dimensionless.PERCENT", None, "double"),
    ("Packets dropped", None, None, "double"),
    ("Firmware state", None, None, "string"),
    ("Flow rate", None, "l/min", "double"),
    ("Disk usage", "NoSI.Dimensionless.PERCENT", None, "double"),
    ("Line current", "SI.ElectricCurrent.AMPERE", None, "double"),
    ("Uptime", None, "h", "double"),
)


def fetch_fleet(devices: int) -> bytes:
    """The simulator's ``GET /devices`` body, from a simulator in its own process.

    Not in this process: the simulator's world of 10,000 devices would stay in this heap
    (about 190,000 objects), and the cyclic GC's cost while ``json.loads`` runs, part of the
    floor, depends on the size of the heap already there.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_serve.py"), "sim", str(port), KEY, str(devices)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "READY" not in line:
            raise RuntimeError(f"simulator did not start: {line!r}")
        url = f"http://127.0.0.1:{port}/devices"
        deadline = time.monotonic() + 120
        while True:
            try:
                response = httpx.get(url, headers={"Authorization": f"Bearer {KEY}"}, timeout=120)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        response.raise_for_status()
        return response.content
    finally:
        proc.kill()
        proc.wait()


def widen(content: bytes, metrics_per_device: int, seed: int = 6) -> bytes:
    """The same fleet with every device grown to ``metrics_per_device`` metrics.

    A device in several groups appears once per group in the body, each time with the same
    sensors; it is widened once and every appearance gets the same metrics.
    """
    rng = random.Random(seed)
    body = json.loads(content)
    widened: dict[int, list[dict[str, Any]]] = {}
    for group in body["data"]:
        for device in group["devices"]:
            sensors: list[dict[str, Any]] = device["sensors"]
            if device["id"] in widened:
                device["sensors"] = widened[device["id"]]
            else:
                have = sum(len(s["metrics"]) for s in sensors)
                for n in range(max(0, metrics_per_device - have)):
                    sensor = sensors[n % len(sensors)]
                    name, unit, annotation, value_type = _EXTRA_METRICS[
                        rng.randrange(len(_EXTRA_METRICS))
                    ]
                    if "systemHealthType" in sensor:
                        mid = f"{rng.getrandbits(128):032x}"
                    else:
                        mid = f"x{n}"
                    metric: dict[str, Any] = {"id": mid, "name": f"{name} {n + 1}"}
                    if unit:
                        metric["valueUnit"] = unit
                    if annotation:
                        metric["valueAnnotation"] = annotation
                    metric["valueType"] = value_type
                    sensor["metrics"].append(metric)
                for sensor in sensors:
                    sensor["metricsCount"] = str(len(sensor["metrics"]))
                widened[device["id"]] = sensors
            device["metricsCount"] = str(sum(len(s["metrics"]) for s in sensors))
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def to_models(content: bytes) -> object:
    body = decode_json("fleet.get", content)
    return parse_data(
        "fleet.get", body, lambda v, p: parse_fleet(v, p, timestamp=body_timestamp(body))
    )


def main() -> None:
    p = parser(__doc__ or "")
    p.set_defaults(runs=7)
    p.add_argument("--devices", type=int, default=10_000)
    p.add_argument(
        "--metrics", type=int, default=20, help="metrics per device (0: the simulator's own)"
    )
    args = p.parse_args()

    content = fetch_fleet(args.devices)
    if args.metrics:
        content = widen(content, args.metrics)
    fleet = to_models(content)
    distinct = list(fleet.devices())  # type: ignore[attr-defined]
    devices = len(distinct)
    sensors = sum(len(d.sensors) for d in distinct)
    metrics = sum(len(s.metrics) for d in distinct for s in d.sensors)
    del fleet, distinct

    def loads_paused(content: bytes) -> object:
        with gc_paused():
            return json.loads(content)

    loads: list[float] = []
    strict: list[float] = []
    models: list[float] = []
    for _ in range(args.runs):
        for target, store in ((json.loads, loads), (loads_paused, strict), (to_models, models)):
            gc.collect()
            start = time.perf_counter()
            result = target(content)
            store.append(time.perf_counter() - start)
            del result

    t_loads, t_strict, t_models = median(loads), median(strict), median(models)
    ratio = t_models / t_loads
    figures = [
        Figure("parse", "json.loads (floor)", t_loads * 1000, "ms", "-", None),
        Figure("parse", "json.loads, GC paused (strict floor)", t_strict * 1000, "ms", "-", None),
        Figure(
            "parse", "client decode + parse_fleet into models", t_models * 1000, "ms", "-", None
        ),
        Figure("parse", "models vs json.loads", ratio, "x", "<= 2x", ratio <= 2.0),
        Figure("parse", "models vs json.loads with GC paused", t_models / t_strict, "x", "-", None),
    ]
    report(
        f"Benchmark 2: fleet parse ({devices:,} devices, {sensors:,} sensors, "
        f"{metrics:,} metrics, {len(content) / 1e6:.1f} MB)",
        figures,
        args.json,
        f"median of {args.runs} runs",
    )


if __name__ == "__main__":
    main()
