"""The API key never leaks: after a full pilot session with faults it is in no log record (all
loggers at DEBUG), no screen (text, SVG screenshot), no exception text, no notification and no
file under the user's dirs or the test's temp dir, except the 0600 config file."""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest

from iottui.api.client import IoTClient
from iottui.api.enums import AlarmStatus, Severity
from iottui.clock import FixedClock
from iottui.config import Config, Profile, config_path, load_config, save_config
from iottui.sim.config import SimConfig
from iottui.sim.runner import SimServer
from iottui.ui.app import IoTApp
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.help import HelpScreen
from iottui.ui.settings import UISettings
from iottui.ui.views.alarms import AlarmsView
from iottui.ui.widgets.alarms_table import AlarmsTable
from iottui.ui.widgets.fleet_tree import FleetTree
from tests.ui.helpers import fresh_polls, mounted, open_alarms, reveal, until

from .screen import screen_text

KEY = "SeCrEt-KeY-7f3a9c1d2e4b5a6f8091"
NOW = 1_768_478_400_000
DAY = 86_400_000


def _faults(sim: SimServer, **faults: float) -> None:
    doc: dict[str, Any] = dict(faults) if faults else {"reset": True}
    httpx.post(
        f"{sim.url}/__sim/faults", json=doc, headers={"Authorization": f"Bearer {KEY}"}
    ).raise_for_status()


@pytest.fixture
def sim(tmp_path: Path) -> Any:
    clock = FixedClock(NOW)
    config = SimConfig(
        api_key=KEY,
        devices=6,
        seed=2,
        clock=clock,
        state_path=tmp_path / "sim" / "state.db",
        replay_hours=6,
        tick_seconds=0,
        fault_seed=3,
    )
    (tmp_path / "sim").mkdir()
    server = SimServer(config)
    server.start()
    try:
        yield server, clock
    finally:
        server.stop()


async def _session(app: IoTApp, sim: SimServer, clock: FixedClock, seen: list[str]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = await mounted(pilot)
        tree = screen.query_one(FleetTree)
        await until(pilot, lambda: tree.index is not None)

        def look() -> None:
            seen.append(screen_text(app))
            seen.append(app.export_screenshot())
            seen.extend(str(n.message) + str(n.title) for n in app._notifications)

        device = next(iter(tree.index.devices.values()))
        await reveal(pilot, tree, device.id)
        await until(pilot, lambda: bool(screen.store.last))
        look()
        for faults in (
            {"error_rate": 1.0},
            {"malformed_rate": 1.0},
            {"drop_rate": 1.0},
            {},
            {"latency": 2.0},
        ):
            _faults(sim, **faults)
            await fresh_polls(pilot, screen)
            look()
        _faults(sim)
        # An alarm closed under a fault, the help screen and the command line.
        await pilot.press("a")
        table = screen.query_one(AlarmsTable)
        await until(pilot, lambda: bool(table.alarm_ids))
        _faults(sim, error_rate=1.0)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: bool(screen.query_one(AlarmsView).close_log))
        look()
        _faults(sim)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        look()
        await pilot.press("escape")
        await pilot.press("colon", *"refresh 2", "enter")
        await until(pilot, lambda: screen.poller.interval == 2.0)
        await pilot.pause()
        look()
        seen.extend(str(entry) for entry in screen.query_one(AlarmsView).close_log)
        error = app.client.stats.last_error if app.client else None
        seen.append(f"{error!s} {error!r}")
        seen.append(repr(app.client))


@pytest.mark.slow
async def test_api_key_appears_nowhere_but_the_0600_config(
    sim: Any, tmp_path: Path, isolated_user_dirs: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, clock = sim
    caplog.set_level(logging.DEBUG)
    config = Config()
    config.add(Profile(name="prod", url=server.url, api_key=KEY), activate=True)
    save_config(config)
    assert load_config().get("prod").api_key == KEY

    # Open alarms for the session to close.
    async with IoTClient(server.url, KEY, clock=clock) as client:
        await open_alarms(server.url, KEY, client, clock, (Severity.CRITICAL,))
        assert await client.alarms.list(AlarmStatus.OPEN, start=NOW - DAY, end=NOW + DAY)

    seen: list[str] = []
    client = IoTClient(server.url, KEY, timeout=0.5, max_retries=1, clock=clock)
    settings = UISettings(profile="prod", server=server.url, refresh=1.0, check_tty=False)
    app = IoTApp(client, settings, clock=clock)
    await _session(app, server, clock, seen)

    assert len(seen) > 10
    for index, text in enumerate(seen):
        assert KEY not in text, f"key on screen / in an error (capture {index})"
    records = [r.getMessage() + str(r.args) + (r.exc_text or "") for r in caplog.records]
    assert records, "DEBUG logging captured something"
    assert not [r for r in records if KEY in r], "key in a log record"
    assert KEY not in caplog.text

    config_file = config_path()
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    leaks = []
    for root in {isolated_user_dirs, tmp_path}:
        for path in root.rglob("*"):
            if path.is_file() and path != config_file and KEY.encode() in path.read_bytes():
                leaks.append(path)
    assert not leaks, f"key written to files: {leaks}"
    assert KEY.encode() in config_file.read_bytes()
