"""A snapshot of the device pane fed by the hostile server: markup, escapes, control characters,
RTL overrides and a 3,000-character name shown literally, cut sanely, layout intact.

Update with ``pytest tests/security/test_injection_snapshot.py --snapshot-update`` after a
deliberate change of the screen (never edit the SVG by hand).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from iottui.api.client import IoTClient
from iottui.clock import FixedClock
from iottui.ui import registry
from iottui.ui.app import IoTApp
from iottui.ui.commands import CORE_COMMANDS
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import FleetTree

from .hostile import FORBIDDEN, T0, HostileServer
from .screen import screen_text

SnapCompare = Callable[..., bool]


class FixedLatencyApp(IoTApp):
    """The real app with a fixed request latency, so the status line is stable."""

    def request_latency(self) -> float | None:
        return 0.012


@pytest.fixture(autouse=True)
def core_commands_only() -> Iterator[None]:
    """The footer and palette show only the core commands, whatever feature modules add."""
    registry.load_features()
    saved = dict(registry.COMMANDS)
    for name in list(registry.COMMANDS):
        if name not in CORE_COMMANDS:
            del registry.COMMANDS[name]
    yield
    registry.COMMANDS.clear()
    registry.COMMANDS.update(saved)


async def _until(pilot: Pilot[Any], predicate: Callable[[], bool], within: float = 10) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, "condition not met"
        await pilot.pause(0.05)


def test_hostile_device_pane_snapshot(snap_compare: SnapCompare) -> None:
    client = IoTClient(
        "http://127.0.0.1:9",
        "hostile-snap-key-1234",
        transport=httpx.MockTransport(HostileServer()),
    )
    settings = UISettings(
        profile="hostile", server="sim", refresh=60.0, check_tty=False, bell=False
    )
    app = FixedLatencyApp(client, settings, clock=FixedClock(T0))

    async def before(pilot: Pilot[Any]) -> None:
        screen: Any = app.main_screen
        tree = screen.query_one(FleetTree)
        await _until(pilot, lambda: tree.index is not None and bool(tree.root.children))
        tree.reveal_device(1000)
        await pilot.pause(0.1)
        tree.move_cursor(tree.node_for(("device", 1, 1000, None, None)))
        await _until(pilot, lambda: "42.5" in screen_text(app))
        await pilot.pause(0.5)
        text = screen_text(app)
        assert not {c for c in text if c in FORBIDDEN}

    assert snap_compare(app, run_before=before, terminal_size=(120, 40))
