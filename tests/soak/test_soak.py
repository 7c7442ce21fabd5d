"""Soak: the app against the simulator on an accelerated clock, with live refresh and alarms
opening and closing, for a long time: no errors, bounded memory.

The default suite runs a short version (a few seconds of wall time at 720x). The full soak is
30 minutes of wall time (an accelerated clock at 60x: 30 simulated hours)::

    pytest -m soak tests/soak                                   # 30 min
    IOTTUI_SOAK_SECONDS=300 pytest -m soak tests/soak           # 5 min
    IOTTUI_SOAK_FACTOR=600 IOTTUI_SOAK_SECONDS=600 pytest -m soak tests/soak
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Any

import pytest

from iottui.api.client import IoTClient
from iottui.api.enums import AlarmStatus, RuleType, Severity
from iottui.api.models import RuleSource, Threshold
from iottui.clock import AcceleratedClock
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer
from iottui.ui.app import IoTApp
from iottui.ui.live import SPARK_POINTS
from iottui.ui.settings import UISettings
from iottui.ui.views.alarms import AlarmsView
from iottui.ui.widgets.fleet_tree import FleetTree
from tests.ui.helpers import mounted, reveal, until

KEY = "soak-test-key-0123456789abcdef"
START = 1_768_478_400_000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _flapping_rules(client: IoTClient) -> None:
    """Rules whose thresholds sit at the current values, so alarms open and close often."""
    fleet = await client.fleet.get()
    sensors = [s for d in fleet.devices() for s in d.sensors if s.metrics][:6]
    values = {v.sensor_id: v for v in await client.metrics.last_values([s.id for s in sensors])}
    for index, sensor in enumerate(sensors):
        last = values.get(sensor.id)
        if last is None:
            continue
        for metric in sensor.metrics:
            raw = last.values.get(metric.id)
            try:
                number = float(raw)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            await client.rules.create(
                f"Flapping {index}",
                RuleType.METRIC,
                sources=[RuleSource(metric_id=metric.id, thing_id=sensor.id)],
                thresholds=[Threshold(f"metric>{number:.3f}", severity=Severity.CRITICAL)],
            )
            break


async def soak(tmp_path: Path, seconds: float, factor: float) -> dict[str, Any]:
    clock = AcceleratedClock(START, factor)
    config = SimConfig(
        api_key=KEY,
        devices=20,
        seed=4,
        clock=clock,
        state_path=tmp_path / "soak.db",
        replay_hours=1,
        tick_seconds=0.2,
    )
    server = SimServer(config)
    server.start()
    failures: list[str] = []
    opened: set[str] = set()
    closed: set[str] = set()
    rss: list[float] = []
    try:
        async with IoTClient(server.url, KEY, clock=clock) as setup:
            await _flapping_rules(setup)
        client = IoTClient(server.url, KEY, timeout=5.0, clock=clock)
        settings = UISettings(profile="soak", refresh=1.0, check_tty=False, notify="off")
        app = IoTApp(client, settings, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            screen: Any = await mounted(pilot)
            tree = screen.query_one(FleetTree)
            client.add_listener(
                lambda event: (
                    failures.append(f"{event.operation}: {event.error}")
                    if event.error is not None
                    else None
                )
            )
            await until(pilot, lambda: tree.index is not None, 30)
            assert tree.index is not None
            devices = list(tree.index.devices.values())
            end = time.monotonic() + seconds
            step = 0
            previous_open: set[str] = set()
            while time.monotonic() < end:
                step += 1
                device = devices[step % len(devices)]
                await reveal(pilot, tree, device.id)
                await pilot.press("a" if step % 2 == 0 else "i")
                await pilot.pause(1.2)  # a user's pace: the soak runs for wall-clock time
                now_open = {a.id for a in screen.query_one(AlarmsView).alarms if a.is_open}
                opened |= now_open - previous_open
                closed |= previous_open - now_open
                previous_open = now_open
                if screen.status.status.state == "error":
                    failures.append(f"status line: {screen.status.status.last_error}")
                if step % 5 == 0:
                    gc.collect()
                    rss.append(_rss_mb())
            assert app.is_running
            end_ms = clock.now_ms()
            history = max((len(b) for b in screen.store.history.values()), default=0)
            log_size = len(screen.query_one(AlarmsView).close_log)
            notifications = len(app._notifications)
        await client.aclose()
        async with IoTClient(server.url, KEY, clock=clock) as check:
            window = {"start": START, "end": end_ms}
            server_open = await check.alarms.list(AlarmStatus.OPEN, **window)
            server_closed = await check.alarms.list(AlarmStatus.CLOSED, **window)
    finally:
        server.stop()
    return {
        "failures": failures,
        "opened": opened,
        "closed": closed,
        "server_opened": {a.id for a in [*server_open, *server_closed] if a.open_time >= START},
        "server_closed": {a.id for a in server_closed if (a.close_time or 0) >= START},
        "rss": rss,
        "history": history,
        "close_log": log_size,
        "notifications": notifications,
        "simulated_minutes": seconds * factor / 60,
    }


def summary(result: dict[str, Any]) -> str:
    rss = result["rss"]
    memory = (
        f"RSS {rss[0]:.1f} -> {rss[len(rss) // 4]:.1f} (a quarter in) -> {rss[-1]:.1f} MB"
        f" ({len(rss)} samples, the in-process simulator's included)"
        if rss
        else "no RSS"
    )
    return (
        f"soak: {result['simulated_minutes']:.0f} simulated minutes, "
        f"{len(result['failures'])} failed requests; alarms opened {len(result['server_opened'])}"
        f" / closed {len(result['server_closed'])} on the server, {len(result['opened'])} /"
        f" {len(result['closed'])} seen opening / closing in the app; {memory}; history"
        f" {result['history']} points, {result['notifications']} notifications"
    )


def _check(result: dict[str, Any]) -> None:
    assert not result["failures"], result["failures"][:5]
    assert result["server_opened"], "no alarm opened during the soak"
    assert result["server_closed"], "no alarm closed during the soak"
    assert result["opened"] | result["closed"], "the app never saw the alarms change"
    assert result["history"] <= SPARK_POINTS
    assert result["notifications"] <= 50, "notifications pile up"
    rss = result["rss"]
    if len(rss) >= 4:
        settled = rss[len(rss) // 4]
        assert rss[-1] - settled < 40, f"memory keeps growing: {rss}"


async def test_soak_short(tmp_path: Path) -> None:
    """A few seconds at 720x: an hour of simulated alarms and refreshes."""
    result = await soak(tmp_path, seconds=5.0, factor=720.0)
    assert result["simulated_minutes"] >= 60
    _check(result)


@pytest.mark.soak
@pytest.mark.slow
async def test_soak_full(tmp_path: Path) -> None:
    """The documented long soak (``pytest -m soak tests/soak``)."""
    seconds = float(os.environ.get("IOTTUI_SOAK_SECONDS", "1800"))
    factor = float(os.environ.get("IOTTUI_SOAK_FACTOR", "60"))
    result = await soak(tmp_path, seconds=seconds, factor=factor)
    print(summary(result))  # shown with -s: the figures for a closing note
    _check(result)
