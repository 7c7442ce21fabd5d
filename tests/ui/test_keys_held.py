"""Keys typed ahead of the main screen (its tabs mount right after its first frame) are held
and handled in order once they are there: none is lost, none goes to a widget not yet there;
quit acts at once."""

from __future__ import annotations

import pytest

from iottui.ui.screens.main import MainScreen
from iottui.ui.widgets.fleet_tree import FleetTree

from .helpers import TestApp, main_screen, main_screen_or_none, until


class Gate:
    """Holds back the main screen's tabs (as if the machine were slow to mount them) until
    :meth:`open`; the screen keeps handling its messages meanwhile (its browser is mounted
    and shows the server's fleet)."""

    def __init__(self) -> None:
        self.waiting: list[MainScreen] = []

    def open(self) -> None:
        for screen in self.waiting:
            screen.call_later(MOUNT_TABS, screen)


MOUNT_TABS = MainScreen._mount_tabs


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    held = Gate()

    async def gated(screen: MainScreen) -> None:
        held.waiting.append(screen)

    monkeypatch.setattr(MainScreen, "_mount_tabs", gated)
    return held


async def test_keys_typed_before_the_tabs_are_handled_in_order(app: TestApp, gate: Gate) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        screen = main_screen(app)
        await until(pilot, lambda: bool(screen.query(FleetTree)))
        tree = screen.fleet_tree
        await until(pilot, lambda: bool(tree.root.children))
        line = tree.cursor_line
        await pilot.press("j", "j", "a")
        assert not screen.ready
        assert tree.cursor_line == line, "held: nothing moved before the tabs are there"
        gate.open()
        await until(pilot, lambda: screen.ready)
        await until(pilot, lambda: screen.active_tab == "alarms")
        assert tree.cursor_line == line + 2, "both j's went to the tree, before the a"
        await pilot.press("i")  # keys act at once from now on
        await until(pilot, lambda: screen.active_tab == "detail")


async def test_quit_is_never_held(app: TestApp, gate: Gate) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        assert not main_screen(app).ready
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)


async def test_a_stuck_key_holds_a_bounded_number(app: TestApp, gate: Gate) -> None:
    from iottui.ui.app import HELD_KEYS_MAX

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        screen = main_screen(app)
        await pilot.press(*["j"] * (HELD_KEYS_MAX + 20))
        before = app.session.keys_pressed
        gate.open()
        await until(pilot, lambda: screen.ready)
        await until(pilot, lambda: app.session.keys_pressed == before + HELD_KEYS_MAX)


async def test_the_palette_key_is_held_too(app: TestApp, gate: Gate) -> None:
    """ctrl+p (a priority binding of Textual's) waits for the tabs like any key: its commands
    ask the screen what is selected, which the tabs decide."""
    from textual.command import CommandPalette
    from textual.widgets import Input

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: main_screen_or_none(app) is not None)
        screen = main_screen(app)
        await pilot.press("ctrl+p", "d", "e", "v")
        assert not isinstance(app.screen, CommandPalette), "held until the tabs are there"
        gate.open()
        await until(pilot, lambda: screen.ready)
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        typed = app.screen.query_one(Input)
        await until(pilot, lambda: typed.value == "dev")
        assert app.is_running
