"""Benchmark 6: simulator throughput on loopback against a bare uvicorn endpoint.

    .venv/bin/python benchmarks/bench_sim.py [--runs 3] [--seconds 4] [--concurrency 8]

Measures requests per second of ``GET /lastvalues`` for 100 sensors and of ``GET /data`` for one
day at 1-minute aggregation (1,440 points), each served by the simulator in its own process,
against a bare uvicorn endpoint returning a fixed small JSON body (the floor). The load comes
from one process with ``concurrency`` keep-alive connections (httpx, asyncio).

The fleet part (``--part fleet``; both parts run by default) times the simulator's start for
1,000 devices, from ``Popen`` to listening and to its first ``GET /devices`` answer (imports,
loading or generating the account and the rule replay count), with a fresh state file
(generation + 24 h replay) and with the state file of that first start (a second start), and
the ``GET /devices`` answer for 1,000 and 10,000 devices: the first one right after start and
the median of the next ones, each received in full by an httpx client in this process.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import tempfile
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


_SERVE_FLEET = """
import sys, time
from pathlib import Path
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer
port, devices, state = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
config = SimConfig(
    api_key=sys.argv[4], devices=devices, state_path=Path(state) if state != "-" else None,
    tick_seconds=0,
)
server = SimServer(config, port=port)
server.start()
print("READY", flush=True)
sys.stdin.read()
server.stop()
"""


def start_sim(devices: int, state: Path | None) -> tuple[subprocess.Popen[str], str, float]:
    """A simulator in its own process; returns it, its URL and seconds from Popen to listening."""
    port = free_port()
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE_FLEET, str(port), str(devices), str(state or "-"), KEY],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "READY" not in line:
        proc.kill()
        raise RuntimeError(f"simulator did not start: {line!r}")
    return proc, f"http://127.0.0.1:{port}", time.perf_counter() - began


def stop_sim(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(30)


def get_fleet(client: httpx.Client) -> tuple[float, int]:
    began = time.perf_counter()
    response = client.get("/devices")
    response.raise_for_status()
    return time.perf_counter() - began, len(response.content)


def fleet_figures(runs: int) -> list[Figure]:
    headers = {"Authorization": f"Bearer {KEY}"}
    figures: list[Figure] = []
    starts: dict[str, list[tuple[float, float]]] = {"fresh": [], "second": []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            state = Path(tmp) / f"sim-{run}.sqlite"
            for kind in ("fresh", "second"):
                proc, url, listening = start_sim(1000, state)
                try:
                    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
                        first, _ = get_fleet(client)
                finally:
                    stop_sim(proc)
                starts[kind].append((listening, listening + first))
    for kind, label in (
        ("fresh", "fresh state file (generate + 24 h replay)"),
        ("second", "second start (its state file)"),
    ):
        listen = median(r[0] for r in starts[kind]) * 1000
        answer = median(r[1] for r in starts[kind]) * 1000
        figures.append(Figure("sim", f"1,000 devices, {label}: listening", listen, "ms", "-", None))
        figures.append(
            Figure("sim", f"1,000 devices, {label}: first fleet", answer, "ms", "-", None)
        )
    for devices in (1000, 10_000):
        firsts: list[float] = []
        nexts: list[float] = []
        size = 0
        for _ in range(runs):
            proc, url, _listening = start_sim(devices, None)
            try:
                with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
                    first, size = get_fleet(client)
                    firsts.append(first)
                    nexts += [get_fleet(client)[0] for _ in range(5)]
            finally:
                stop_sim(proc)
        mb = size / 1e6
        figures.append(
            Figure(
                "sim",
                f"GET /devices {devices:,} ({mb:.1f} MB), first after start",
                median(firsts) * 1000,
                "ms",
                "-",
                None,
            )
        )
        figures.append(
            Figure(
                "sim",
                f"GET /devices {devices:,} ({mb:.1f} MB), next ones",
                median(nexts) * 1000,
                "ms",
                "-",
                None,
            )
        )
    return figures


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--part", choices=("all", "throughput", "fleet"), default="all")
    args = p.parse_args()
    args.runs = max(1, min(args.runs, 5))
    if args.part in ("all", "fleet"):
        report(
            "Benchmark 6: simulator start and fleet answer",
            fleet_figures(args.runs),
            args.json,
            f"median of {args.runs} runs (next ones: 5 per run)",
        )
    if args.part == "fleet":
        return

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
