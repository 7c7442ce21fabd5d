"""A snapshot of the device pane fed by the hostile server: markup, escapes, control characters,
RTL overrides and a 3,000-character name shown literally, cut sanely, layout intact.

Update with ``pytest tests/security/test_injection_snapshot.py --snapshot-update`` after a
deliberate change of the screen (never edit the SVG by hand).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from textual.pilot import Pilot

from iottui.api.client import IoTClient
from iottui.clock import FixedClock
from iottui.ui.app import IoTApp
from iottui.ui.registry import CommandRegistry
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import FleetTree
from tests.ui.helpers import mounted, reveal, settle, until

from .hostile import FORBIDDEN, T0, HostileServer
from .screen import screen_text

SnapCompare = Callable[..., bool]


class FixedLatencyApp(IoTApp):
    """The real app with a fixed request latency, so the status line is stable."""

    def request_latency(self) -> float | None:
        return 0.012


def test_hostile_device_pane_snapshot(snap_compare: SnapCompare) -> None:
    client = IoTClient(
        "http://127.0.0.1:9",
        "hostile-snap-key-1234",
        transport=httpx.MockTransport(HostileServer()),
    )
    settings = UISettings(
        profile="hostile", server="sim", refresh=60.0, check_tty=False, notify="off"
    )
    # only the core commands, so feature modules can add theirs freely
    app = FixedLatencyApp(
        client, settings, clock=FixedClock(T0), commands=CommandRegistry(features=())
    )

    async def before(pilot: Pilot[Any]) -> None:
        screen: Any = await mounted(pilot)
        tree = screen.query_one(FleetTree)
        await until(pilot, lambda: tree.index is not None and bool(tree.root.children))
        polls = screen.poller.polls
        await reveal(pilot, tree, 1000)
        await until(pilot, lambda: "42.5" in screen_text(app))
        # the poll the cursor move asks for once it rested, then its messages: a still picture
        await until(pilot, lambda: screen.poller.polls > polls)
        await settle(pilot)
        text = screen_text(app)
        assert not {c for c in text if c in FORBIDDEN}

    assert snap_compare(app, run_before=before, terminal_size=(120, 40))
