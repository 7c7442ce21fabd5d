"""``:`` completes command names on Tab; ``q`` quits from the main screen unless typing."""

from __future__ import annotations

from textual.widgets import Input

from .helpers import TestApp, settle, started


async def test_tab_completes_a_command_name(app: TestApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("colon", "a", "l", "a", "r", "m", "s", "-")
        line = app.screen.query_one("#command-line", Input)
        await pilot.press("tab")
        assert line.value.startswith("alarm")
        line.value = "paus"
        await pilot.press("tab")
        assert line.value == "pause "
        assert line.has_focus


async def test_q_quits_from_the_main_screen_but_types_in_an_input(app: TestApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", "q")
        assert app.screen.query_one("#tree-filter", Input).value == "q"
        assert app.is_running
        await pilot.press("escape", "q")
        await settle(pilot)
        assert app.return_code == 0 or not app.is_running
