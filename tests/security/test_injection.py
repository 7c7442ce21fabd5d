"""Hostile server text is shown literally and truncated sanely, everywhere it reaches the screen.

Every name, description and value the fake server sends carries Rich markup (balanced and
unbalanced), ANSI and OSC escape sequences (screen clear, clipboard write, hyperlinks), control
characters, right-to-left overrides or a 3,000-character run. The test walks the tree, the
group/device/sensor/metric panes (with the chart), the alarms table and alarm detail, the
rules table and rule detail, and a "new critical alarm" notification, and asserts on what the
terminal would actually show: no raw control or bidi character ever, the markup visible as
text, and the layout intact (the status line still on its row, whole).
"""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import TabbedContent

from iottui.api.client import IoTClient
from iottui.clock import FixedClock
from iottui.ui.app import IoTApp
from iottui.ui.screens.alarm_detail import AlarmDetailScreen
from iottui.ui.screens.rule_detail import RuleDetailScreen
from iottui.ui.settings import UISettings
from iottui.ui.widgets.fleet_tree import FleetTree
from tests.ui.helpers import mounted, reveal, until

from .hostile import FORBIDDEN, MARKUP, T0, HostileServer
from .screen import screen_lines, screen_text

SIZE = (120, 40)


def _assert_safe(text: str, where: str) -> None:
    raw = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN})
    assert not raw, f"raw control/bidi characters reached the terminal in {where}: {raw}"


def _assert_layout(app: IoTApp, where: str) -> None:
    lines = screen_lines(app)
    assert len(lines) == SIZE[1], where
    status = lines[-2]  # the footer is the last row
    assert "│" in status, f"status line pushed off its row in {where}: {status!r}"
    assert "Crit" in status, f"status line cut short in {where}: {status!r}"


@pytest.fixture
def server() -> HostileServer:
    return HostileServer()


@pytest.fixture
def app(server: HostileServer) -> IoTApp:
    client = IoTClient(
        "http://127.0.0.1:9", "hostile-test-key-1234", transport=httpx.MockTransport(server)
    )
    return IoTApp(
        client, UISettings(refresh=1.0, check_tty=False, notify="off"), clock=FixedClock(T0)
    )


async def test_hostile_names_render_literally_everywhere(
    app: IoTApp, server: HostileServer
) -> None:
    seen: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        tree = (await mounted(pilot)).query_one(FleetTree)
        await until(pilot, lambda: tree.index is not None and bool(tree.root.children))

        def capture(where: str) -> str:
            text = screen_text(app)
            _assert_safe(text, where)
            _assert_layout(app, where)
            seen[where] = text
            return text

        # Tree + group pane.
        tree.move_cursor(tree.node_for(("group", 1, None, None, None)))
        await until(pilot, lambda: "C" + MARKUP in screen_text(app))
        text = capture("group pane")
        assert "G" + MARKUP in text
        assert "C" + MARKUP in text  # the contact it is shared with

        # Every device label in the tree, and the device pane with live values.
        await reveal(pilot, tree, 1000)
        await until(pilot, lambda: "42.5" in screen_text(app))
        text = capture("device pane")
        assert "D1" + MARKUP in text
        assert "D2\\x1b[2J" in text
        assert "D3\\x1b]52;c;" in text
        assert "D4a\\x00b\\x07c" in text
        assert "D5\\u202eevil" in text
        assert "V[bold red]PWN" in text  # a string value
        assert "LLLL" in text  # the long name, cut to the tree's width

        # Sensor and metric (history chart).
        node = tree.node_for(("device", 1, 1000, None, None))
        assert node is not None
        node.expand()
        await until(pilot, lambda: tree.node_for(("sensor", 1, 1000, 5000, None)) is not None)
        tree.move_cursor(tree.node_for(("sensor", 1, 1000, 5000, None)))
        await until(pilot, lambda: "S[/][link=https://evil.example]click" in screen_text(app))
        text = capture("sensor pane")
        assert "S[/][link=https://evil.example]click" in text
        tree.node_for(("sensor", 1, 1000, 5000, None)).expand()  # type: ignore[union-attr]
        metric = ("metric", 1, 1000, 5000, "temp")
        await until(pilot, lambda: tree.node_for(metric) is not None)
        tree.move_cursor(tree.node_for(metric))
        # the pane and its chart (the history is in the same answer: drawn at once)
        await until(pilot, lambda: "M\\x1b]8;;https://evil.example" in screen_text(app))
        text = capture("metric pane and chart")
        assert "M\\x1b]8;;https://evil.example" in text

        # Alarms table, alarm detail.
        await pilot.press("a")
        await until(pilot, lambda: "AD[bold red]PWN" in screen_text(app))
        capture("alarms table")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AlarmDetailScreen))
        await pilot.pause()
        text = capture("alarm detail")
        assert "AD" + MARKUP in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AlarmDetailScreen))

        # A new critical alarm raises a notification carrying its (hostile) device name.
        server.extra_alarm = True
        await until(pilot, lambda: "NEW\\x1b]52" in screen_text(app), within=8)
        capture("notification")

        # Rules table and rule detail.
        await pilot.press("r")
        await until(pilot, lambda: "RULE[bold red]PWN" in screen_text(app))
        capture("rules table")
        assert app.screen.query_one(TabbedContent).active == "rules"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RuleDetailScreen))
        await pilot.pause()
        capture("rule detail")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RuleDetailScreen))

    assert len(seen) == 9
    assert app.return_code in (None, 0)
