"""A modal is always drawn while it has focus, and nothing is written without a visible
confirmation (issue 11 #8): random keys through the pilot, across every dialog of the main
screen (confirmations, forms, detail dialogs, the actions menu, help, the ``:`` line), and
after each key:

- the focused widget belongs to the top screen, is displayed (it and all its containers) and is
  laid out on it;
- no dialog waits under another one it did not open (the hidden "Disable rule?" under the
  rule form);
- the server saw no write unless a key was pressed on a visible confirmation or form since the
  last write.

The keys are drawn from a seeded random generator, with short random waits (so that workers
finish between keys, or not). CI runs a short storm; a longer one::

    IOTTUI_STORM=20x400 .venv/bin/python -m pytest tests/ui/test_key_storm.py -n 0

(20 seeds of 400 keys: about 15 minutes on a quiet machine; CI runs 1x60, about 15 s).
"""

from __future__ import annotations

import itertools
import os
import random

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.compat import requester_of
from iottui.ui.manage.confirm import ConfirmScreen as WriteConfirm
from iottui.ui.manage.form import FormScreen
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.main import MainScreen

from .helpers import TestApp, make_alarms, started

#: Keys of the main screen's views and of every dialog they open, weighted by repetition.
KEYS = (
    *("a", "r", "i", "escape", "escape", "enter", "enter", "j", "k", "tab"),
    *("e", "E", "n", "d", "c", "C", "space", "t", "s", "m", "question_mark", "colon"),
    *("y", "y", "n", "ctrl+s", "x", "1", "f", "slash", "down", "backspace"),
)
#: Waits after a key (seconds): mostly none, so keys arrive while workers are still running.
WAITS = (0.0, 0.0, 0.0, 0.0, 0.01, 0.05)
#: Operations that change something on the server.
WRITE_VERBS = ("create", "update", "delete", "close", "enable", "disable", "share", "unshare")


def storm_size() -> tuple[int, int]:
    seeds, _, keys = os.environ.get("IOTTUI_STORM", "1x60").partition("x")
    return int(seeds), int(keys)


def writes(client: IoTClient) -> int:
    by_operation = client.stats.by_operation
    return sum(n for op, n in by_operation.items() if op.rsplit(".", 1)[-1] in WRITE_VERBS)


def shown(widget: Widget, screen: Screen[object]) -> bool:
    """``widget`` is on ``screen``, displayed with all its containers, and laid out."""
    if widget.screen is not screen:
        return False
    node: Widget | None = widget
    while node is not None and node is not screen:
        if not node.display:
            return False
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return widget.region.area > 0 or not screen.is_attached


def problems(app: TestApp) -> list[str]:
    found: list[str] = []
    screen = app.screen
    focused = app.focused
    if focused is not None and not shown(focused, screen):
        found.append(f"{focused!r} has the focus but is not shown on {screen!r}")
    stack = app.screen_stack
    for lower, upper in itertools.pairwise(stack):
        if isinstance(lower, (ConfirmScreen, WriteConfirm)):
            requester = requester_of(upper)
            opened_by_it = requester is lower or (
                isinstance(requester, Widget) and requester.screen is lower
            )
            if not opened_by_it:
                found.append(f"{lower!r} waits under {upper!r}, which it did not open")
    return found


def confirming(app: TestApp) -> bool:
    """The top screen is a confirmation or a form, shown."""
    screen = app.screen
    return isinstance(screen, (ConfirmScreen, WriteConfirm, FormScreen)) and screen.is_attached


async def storm(pilot: Pilot[int], app: TestApp, client: IoTClient, seed: int, keys: int) -> None:
    rnd = random.Random(seed)
    pressed: list[str] = []
    confirmed = False
    before = writes(client)
    for _ in range(keys):
        key = rnd.choice(KEYS)
        confirmed = confirmed or confirming(app)
        pressed.append(key)
        await pilot.press(key)
        if wait := rnd.choice(WAITS):
            await pilot.pause(wait)
        found = problems(app)
        assert not found, f"seed {seed}, after {pressed[-12:]}: {found}"
        now = writes(client)
        if now > before:
            assert confirmed, f"seed {seed}: a write without a confirmation, after {pressed[-12:]}"
            before, confirmed = now, False
        if not isinstance(app.screen, MainScreen) and len(app.screen_stack) > 4:
            await pilot.press("escape")  # keep the storm near the main screen's dialogs


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(storm_size()[0]))
async def test_key_storm_keeps_dialogs_drawn_and_writes_confirmed(
    seed: int, sim: SimServer, client: IoTClient, app: TestApp, clock: FixedClock
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await make_alarms(sim, client, clock)
        await pilot.press("r")
        await storm(pilot, app, client, seed, storm_size()[1])
