"""Benchmark 2: the nested fleet of 10,000 devices turned into models, against ``json.loads``.

    .venv/bin/python benchmarks/bench_parse.py [--runs 5] [--devices 10000]

The bytes come from the simulator's own fleet endpoint (``GET /devices`` over loopback). The
floor is ``json.loads`` of those bytes; the figure is the client's own path,
:func:`iottui.api.parse.decode_json` plus :func:`iottui.api.parse.parse_data` with
``parse_fleet`` (exactly what ``client.fleet.get()`` runs), so the ratio says what the models
cost on top of decoding. Goal: <= 2x. The client pauses CPython's cyclic GC while decoding big
bodies and building models; since that alone makes decoding about 2x faster, the ratio against
``json.loads`` with the GC paused too (a stricter floor) is printed as well.
"""

from __future__ import annotations

import gc
import json
import time

import httpx
from _common import Figure, median, parser, report

from iottui.api.parse import body_timestamp, decode_json, gc_paused, parse_data, parse_fleet
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer


def fetch_fleet(devices: int) -> bytes:
    config = SimConfig(api_key="bench-key-not-secret", devices=devices, tick_seconds=0)
    with SimServer(config) as sim:
        response = httpx.get(
            sim.url + "/devices",
            headers={"Authorization": f"Bearer {config.api_key}"},
            timeout=120,
        )
        response.raise_for_status()
        return response.content


def to_models(content: bytes) -> object:
    body = decode_json("fleet.get", content)
    return parse_data(
        "fleet.get", body, lambda v, p: parse_fleet(v, p, timestamp=body_timestamp(body))
    )


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--devices", type=int, default=10_000)
    args = p.parse_args()

    content = fetch_fleet(args.devices)
    fleet = to_models(content)
    devices = list(fleet.devices())  # type: ignore[attr-defined]
    sensors = sum(len(d.sensors) for d in devices)
    metrics = sum(len(s.metrics) for d in devices for s in d.sensors)

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
            target(content)
            store.append(time.perf_counter() - start)

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
        f"Benchmark 2: fleet parse ({len(devices):,} devices, {sensors:,} sensors, "
        f"{metrics:,} metrics, {len(content) / 1e6:.1f} MB)",
        figures,
        args.json,
        f"median of {args.runs} runs",
    )


if __name__ == "__main__":
    main()
