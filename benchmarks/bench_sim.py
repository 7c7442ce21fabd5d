"""Benchmark 6: simulator throughput on loopback against a bare uvicorn endpoint.

    .venv/bin/python benchmarks/bench_sim.py [--runs 3] [--seconds 4] [--concurrency 8]

Measures requests per second of ``GET /lastvalues`` for 100 sensors and of ``GET /data`` for one
day at 1-minute aggregation (1,440 points), each served by the simulator in its own process,
against a bare uvicorn endpoint returning a fixed small JSON body (the floor). The load comes
from one process with ``concurrency`` keep-alive connections (httpx, asyncio).
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from _common import Figure, median, parser, report

HERE = Path(__file__).resolve().parent
KEY = "bench-key-not-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(*args: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_serve.py"), args[0], str(port), *args[1:]],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "READY" not in line:
        proc.kill()
        raise RuntimeError(f"server did not start: {line!r}")
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("server never answered")


async def load(url: str, params: dict[str, str], seconds: float, concurrency: int) -> float:
    """Requests per second over ``seconds`` with ``concurrency`` connections."""
    headers = {"Authorization": f"Bearer {KEY}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=30) as client:
        r = await client.get(url, params=params)
        r.raise_for_status()
        count = 0
        stop = time.perf_counter() + seconds
        start = time.perf_counter()

        async def worker() -> None:
            nonlocal count
            while time.perf_counter() < stop:
                response = await client.get(url, params=params)
                response.raise_for_status()
                count += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return count / (time.perf_counter() - start)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--concurrency", type=int, default=8)
    args = p.parse_args()
    args.runs = max(1, min(args.runs, 5))

    sim, sim_url = serve("sim", KEY, "60")
    bare, bare_url = serve("bare")
    try:
        fleet = httpx.get(sim_url + "/devices", headers={"Authorization": f"Bearer {KEY}"}).json()
        sensors: list[tuple[int, str]] = []
        for group in fleet["data"]:
            for device in group["devices"]:
                for sensor in device["sensors"]:
                    metrics = sensor.get("metrics") or []
                    if metrics:
                        sensors.append((int(sensor["id"]), str(metrics[0]["id"])))
        unique = list(dict.fromkeys(sensors))
        ids = [s for s, _ in unique][:100]
        now = int(time.time() * 1000)
        sensor_id, metric_id = unique[0]
        last_params = {"sensorids": json.dumps(ids, separators=(",", ":"))}
        data_params = {
            "range": json.dumps([now - 86_400_000, now], separators=(",", ":")),
            "period": "60000",
            "metrics": json.dumps(
                [{"sensorId": sensor_id, "metricId": metric_id, "func": "AVG"}],
                separators=(",", ":"),
            ),
        }
        points = httpx.get(
            sim_url + "/data", params=data_params, headers={"Authorization": f"Bearer {KEY}"}
        ).json()["data"][0]["result"]

        runs: dict[str, list[float]] = {"bare": [], "last": [], "data": []}
        for _ in range(args.runs):
            for name, url, params in (
                ("bare", bare_url + "/", {}),
                ("last", sim_url + "/lastvalues", last_params),
                ("data", sim_url + "/data", data_params),
            ):
                runs[name].append(asyncio.run(load(url, params, args.seconds, args.concurrency)))
    finally:
        for proc in (sim, bare):
            proc.terminate()
            proc.wait(10)

    bare_rps = median(runs["bare"])
    last_rps = median(runs["last"])
    data_rps = median(runs["data"])
    figures = [
        Figure("sim", "bare uvicorn endpoint (floor)", bare_rps, "req/s", "-", None),
        Figure("sim", f"/lastvalues, {len(ids)} sensors", last_rps, "req/s", "-", None),
        Figure("sim", "/lastvalues vs floor", bare_rps / last_rps, "x", "-", None),
        Figure("sim", f"/data, 1 day @ 1 min ({len(points)} points)", data_rps, "req/s", "-", None),
        Figure("sim", "/data vs floor", bare_rps / data_rps, "x", "-", None),
    ]
    report(
        "Benchmark 6: simulator requests per second on loopback",
        figures,
        args.json,
        f"median of {args.runs} runs of {args.seconds:g} s, {args.concurrency} connections",
    )


if __name__ == "__main__":
    main()
