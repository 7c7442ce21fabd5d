"""State in SQLite: restarts keep every change, concurrent writers lose nothing, and a kill -9
in the middle of writes leaves a consistent database."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from iottui.api import AlarmStatus, IoTClient, RuleType, Severity
from iottui.api.models import RuleSource, Threshold
from iottui.sim.runner import SimServer
from iottui.sim.store import Store
from tests.sim.conftest import KEY, T0, advance, make_config

HOUR = 3_600_000


async def test_state_survives_restart(state_file: Path) -> None:
    config = make_config(state_path=state_file)
    with SimServer(config) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            group = await client.groups.create("Persistent")
            dash = await client.dashboards.create("Persistent dash")
            token = await client.account.regenerate_token()
            fleet = await client.fleet.get()
            sensor = next(
                s
                for d in fleet.devices()
                if d.online
                for s in d.sensors
                if s.metrics[0].value_type == "double"
            )
            rule = await client.rules.create(
                "Persistent rule",
                RuleType.METRIC,
                sources=[RuleSource(metric_id=sensor.metrics[0].id, thing_id=sensor.id)],
                thresholds=[Threshold("metric>-1e9", Severity.MAJOR)],
            )
            advance(server, 5 * 60_000)
            alarm = next(
                a
                for a in await client.alarms.list(AlarmStatus.OPEN, start=T0, end=T0 + HOUR)
                if a.source and a.source.id == rule.id
            )
            await client.alarms.close(alarm.id)
            devices_before = [d.id for d in await client.devices.list()]
        evaluated = server.context.engine.evaluated_until

    # a different seed/size on restart does not regenerate: the file wins
    with SimServer(make_config(state_path=state_file, seed=99, devices=3)) as server:
        assert server.context.engine.evaluated_until == evaluated
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            assert any(g.id == group.id for g in await client.groups.list())
            assert any(d.id == dash.id for d in await client.dashboards.list())
            assert await client.account.token() == token
            assert any(r.id == rule.id for r in await client.rules.list())
            closed = await client.alarms.list(AlarmStatus.CLOSED, start=T0, end=T0 + HOUR)
            entry = next(a for a in closed if a.id == alarm.id)
            assert entry.changelog[-1].current_val == "Closed By User"
            assert [d.id for d in await client.devices.list()] == devices_before
            # the engine goes on where it stopped: the closed episode does not reopen
            advance(server, 5 * 60_000)
            reopened = [
                a
                for a in await client.alarms.list(AlarmStatus.OPEN, start=T0, end=T0 + HOUR)
                if a.source and a.source.id == rule.id
            ]
            assert reopened == []


async def test_two_concurrent_writers_lose_nothing(state_file: Path) -> None:
    with SimServer(make_config(state_path=state_file)) as server:
        async with (
            IoTClient(server.url, server.api_key, max_retries=0) as a,
            IoTClient(server.url, server.api_key, max_retries=0) as b,
        ):
            before = len(await a.groups.list())

            async def writer(client: IoTClient, tag: str) -> list[int]:
                ids = []
                for i in range(40):
                    created = await client.groups.create(f"{tag}-{i}")
                    ids.append(int(created.id))
                return ids

            first, second = await asyncio.gather(writer(a, "a"), writer(b, "b"))
            assert len(set(first) | set(second)) == 80
            assert len(await b.groups.list()) == before + 80
    with SimServer(make_config(state_path=state_file)) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            ids = {g.id for g in await client.groups.list()}
    assert set(first) | set(second) <= ids


def _start_subprocess(state: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iottui.sim",
            "--state",
            str(state),
            "--port",
            "0",
            "--api-key",
            KEY,
            "--devices",
            "12",
            "--replay-hours",
            "1",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("Listening on "):
            return proc, line.split()[2]
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("the simulator subprocess did not start")


async def test_kill_9_mid_writes_leaves_a_consistent_database(tmp_path: Path) -> None:
    state = tmp_path / "killed.sqlite"
    proc, url = _start_subprocess(state)
    acknowledged: list[int] = []
    stop = asyncio.Event()
    enough = asyncio.Event()

    async def writer(n: int) -> None:
        async with httpx.AsyncClient(
            base_url=url, headers={"Authorization": f"Bearer {KEY}"}, timeout=5
        ) as http:
            i = 0
            while not stop.is_set():
                body = {"action": "create", "payload": {"name": f"w{n}-{i}", "devices": []}}
                try:
                    response = await http.post("/groups", json=body)
                except httpx.HTTPError:
                    return
                if response.status_code == 200:
                    acknowledged.append(response.json()["data"]["id"])
                    if len(acknowledged) > 20:
                        enough.set()
                i += 1

    try:
        tasks = [asyncio.create_task(writer(n)) for n in range(4)]
        await asyncio.wait_for(enough.wait(), 30)  # kill mid-writes, once some are acknowledged
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        stop.set()
        await asyncio.gather(*tasks)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(acknowledged) > 20

    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = [json.loads(r[0]) for r in db.execute("SELECT doc FROM docs WHERE kind='group'")]
    ids = {d["id"] for d in docs}
    assert set(acknowledged) <= ids  # every acknowledged write is there
    store = Store(state)
    next_id = store.get_meta("next_group_id")
    store.close()
    assert next_id > max(ids)  # the counter moved in the same transactions

    with SimServer(make_config(state_path=state)) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            assert set(acknowledged) <= {g.id for g in await client.groups.list()}
            created = await client.groups.create("after the crash")
            assert int(created.id) not in ids


async def test_listing_order_survives_restart(state_file: Path) -> None:
    with SimServer(make_config(state_path=state_file)) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            await client.groups.create("Newest")
            first = await client.groups.list()
            rule = (await client.rules.list())[0]
            await client.rules.update(rule.id, name="Renamed in place")
            rules = [r.id for r in await client.rules.list()]
            devices = [d.id for d in await client.devices.list()]
    assert first[-1].name == "Newest"
    with SimServer(make_config(state_path=state_file)) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            assert [g.id for g in await client.groups.list()] == [g.id for g in first]
            assert [r.id for r in await client.rules.list()] == rules
            assert [d.id for d in await client.devices.list()] == devices


def test_one_simulator_per_state_file(state_file: Path) -> None:
    from iottui.sim.runner import SimServerError

    with (
        SimServer(make_config(state_path=state_file)),
        pytest.raises(SimServerError, match="in use by another simulator"),
    ):
        SimServer(make_config(state_path=state_file)).start()
    with SimServer(make_config(state_path=state_file)) as again:  # released on stop
        assert again.running
