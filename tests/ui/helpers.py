"""Helpers for pilot tests: wait for polls, read the screen, find widgets."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from iottui.api.enums import Severity
from iottui.ui.app import IoTApp
from iottui.ui.screens.main import MainScreen
from iottui.ui.views.alarms import AlarmsView
from iottui.ui.views.rules import RulesView
from iottui.ui.widgets.fleet_tree import FleetTree

if TYPE_CHECKING:
    from iottui.api.client import IoTClient
    from iottui.clock import FixedClock
    from iottui.sim.runner import SimServer

#: The fixed "now" of every UI test and snapshot: 2026-01-15 12:00:00 UTC.
NOW = 1_768_478_400_000


class TestApp(IoTApp):
    """The real app with a fixed request latency, so screenshots do not depend on timing."""

    __test__ = False

    def request_latency(self) -> float | None:
        return 0.012


def main_screen_or_none(app: App[Any]) -> MainScreen | None:
    assert isinstance(app, IoTApp)
    return app.main_screen


def main_screen(app: App[Any]) -> MainScreen:
    screen = main_screen_or_none(app)
    assert screen is not None, "main screen not open"
    return screen


#: How long a pilot test waits for a condition before it fails. Generous on purpose: a wait
#: returns as soon as its condition holds, so the limit only matters on a loaded machine
#: (5 s failed tests there while seven suites ran on two cores).
WAIT_LIMIT = 30.0


async def until(
    pilot: Pilot[Any], predicate: Callable[[], object], within: float = WAIT_LIMIT
) -> float:
    """Wait (processing messages) until ``predicate()`` is true; the seconds it took.

    Fails after ``within`` seconds. The one wait of every pilot test (the UI, resilience and
    security suites): a test that bounds how soon something must show passes its bound.
    """
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > within:
            raise AssertionError(f"not within {within:g} s: {predicate}")
        await pilot.pause(0.02)
    took = time.monotonic() - start
    await pilot.pause()
    return took


async def fresh_polls(
    pilot: Pilot[Any], screen: MainScreen, count: int = 1, within: float = 10
) -> None:
    """Wake the live loop ``count`` times, each time waiting until a poll that started after
    the wake-up has finished (one already in flight does not count)."""
    poller = screen.poller
    for _ in range(count):
        target = poller.polls + (1 if poller.started_at is None else 2)
        poller.wake()
        await until(pilot, lambda: poller.polls >= target, within=within)  # noqa: B023
    await pilot.pause()


async def reveal(pilot: Pilot[Any], tree: FleetTree, device_id: int) -> None:
    """Open the device's group and put the cursor on the device, once its line is laid out
    (``reveal_device`` alone loses its cursor move when it had to load the group's children:
    the new lines are numbered at the next refresh)."""
    assert tree.reveal_device(device_id)
    assert tree.index is not None
    group = tree.index.device_group[device_id]
    node = tree.node_for(("device", group.id, device_id, None, None))
    assert node is not None
    await until(pilot, lambda: node.line >= 0)
    tree.move_cursor(node)
    await until(pilot, lambda: tree.cursor_node is node)


async def poll(pilot: Pilot[Any]) -> None:
    """Run one live poll now and wait until it finished and its messages are handled."""
    screen = main_screen(pilot.app)
    before = screen.poller.polls
    screen.poller.wake()
    await until(pilot, lambda: screen.poller.polls > before)
    await settle(pilot)


async def settle(pilot: Pilot[Any], limit: float = WAIT_LIMIT) -> None:
    """Wait for every worker but the live loop, then let messages drain.

    Fails when workers are still busy after ``limit`` seconds (it used to give up silently
    after 2 s, so a loaded machine took a snapshot of a form whose data had not arrived).
    """

    def busy() -> list[Any]:
        workers = [w for w in pilot.app.workers if w.group != "live" and not w.is_finished]
        screen = pilot.app.screen
        if hasattr(screen, "workers"):
            workers += [w for w in screen.workers if w.group != "live" and not w.is_finished]
        return workers

    deadline = time.monotonic() + limit
    while pending := busy():
        if time.monotonic() > deadline:
            raise AssertionError(f"workers still busy after {limit} s: {pending}")
        await asyncio.sleep(0.02)
    await pilot.pause()
    await pilot.pause()


async def mounted(pilot: Pilot[Any], limit: float = 10.0) -> MainScreen:
    """The main screen once its parts are mounted (its first frame has only the layout, the
    status line and the footer; the browser, the ``:`` line and the tabs come right after)."""
    await until(pilot, lambda: main_screen_or_none(pilot.app) is not None, limit)
    screen = main_screen(pilot.app)
    await until(pilot, lambda: screen.ready, limit)
    return screen


async def started(pilot: Pilot[Any], limit: float = 10.0) -> Any:
    """Wait until the first poll loaded the fleet; returns the main screen."""
    await until(pilot, lambda: main_screen_or_none(pilot.app) is not None)
    screen = main_screen(pilot.app)
    await until(pilot, lambda: screen.fleet is not None and screen.poller.polls >= 1, limit)
    await settle(pilot)
    return screen


def screen_text(app: App[Any]) -> str:
    """The screen as plain text (what a user reads)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


#: Rules a real fleet has, true of the simulator's first device at the tests' fixed clock
#: and seed (its CPU ~35 %, memory ~62 %, load ~1.4): the screenshots show these.
REALISTIC_RULES = (
    ("High CPU usage", "metric>=25"),
    ("Memory pressure", "metric>=55"),
    ("Load above normal", "metric>1"),
)


async def make_alarms(
    sim: SimServer, client: IoTClient, clock: FixedClock, *, realistic: bool = False
) -> list[str]:
    """Create rules on three metrics (always true, or :data:`REALISTIC_RULES`) and let the
    simulator evaluate them, so there are open alarms of three severities (critical, major,
    warning). Returns rule ids."""
    return await open_alarms(sim.url, sim.api_key, client, clock, realistic=realistic)


async def open_alarms(
    url: str,
    key: str,
    client: IoTClient,
    clock: FixedClock,
    severities: Sequence[Severity] = (Severity.CRITICAL, Severity.MAJOR, Severity.WARNING),
    *,
    realistic: bool = False,
) -> list[str]:
    """One rule per severity, on the first metrics of the simulator at ``url``: always true
    (``metric>-1000000``) or :data:`REALISTIC_RULES`; the simulator evaluates them two
    minutes later on ``clock``, so an alarm of each severity is open. Returns rule ids."""
    import httpx

    from iottui.api.enums import RuleType
    from iottui.api.models import RuleSource, Threshold

    fleet = await client.fleet.get()
    sensors = [s for d in fleet.devices() for s in d.sensors if s.metrics][: len(severities)]
    assert len(sensors) == len(severities) <= len(REALISTIC_RULES)
    ids = []
    for sensor, severity, (name, condition) in zip(
        sensors, severities, REALISTIC_RULES, strict=False
    ):
        metric = sensor.metrics[0]
        if not realistic:
            name, condition = f"Always {severity.label.lower()}", "metric>-1000000"
        created = await client.rules.create(
            name,
            RuleType.METRIC,
            sources=[RuleSource(metric_id=metric.id, thing_id=sensor.id)],
            thresholds=[Threshold(condition, severity=severity, checkcount=1)],
        )
        ids.append(str(created.id))
    clock.advance(120_000)
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{url}/__sim/tick", headers={"Authorization": f"Bearer {key}"})
        response.raise_for_status()
    return ids


async def command(pilot: Pilot[Any], text: str) -> None:
    """Open the ``:`` line, type ``text`` (set at once: typing is tested elsewhere), run it."""
    from textual.widgets import Input

    await pilot.press("colon")
    line = pilot.app.screen.query_one("#command-line", Input)
    assert line.has_focus
    line.value = text
    await pilot.press("enter")
    await settle(pilot)


def alarms_view(app: App[Any]) -> AlarmsView:
    """The main screen's alarms view (its alarms, marks, close outcomes and close log)."""
    return main_screen(app).query_one(AlarmsView)


def rules_view(app: App[Any]) -> RulesView:
    """The main screen's rules view."""
    return main_screen(app).query_one(RulesView)
