"""Tab switches must not leave removed FooterKey widgets alive (the soak's leak), on the main
screen and on the management screens; no screen uses Textual's own Footer; the footer must
still show the keys of the focused widget."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

import iottui
from iottui.ui.manage.notifications import NotificationsScreen
from iottui.ui.widgets import footer as footer_module
from iottui.ui.widgets.footer import FooterKey, LeanFooter

from .helpers import TestApp, settle, started, until
from .manage.util import run

#: Enough to tell a leak from noise: Textual's Footer added ~27-38 live keys per switch.
SWITCHES = 12


def live_footer_keys() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, FooterKey))


def footer_actions(app: TestApp) -> set[str]:
    footer = app.screen.query_one(LeanFooter)
    return {key.action for key in footer.query(FooterKey)}


@pytest.mark.slow
async def test_tab_switches_do_not_leak_footer_keys(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tabs = screen.query_one(TabbedContent)
        for tab in ("a", "r", "i"):
            await pilot.press(tab)
            await settle(pilot)
        baseline = live_footer_keys()
        assert baseline > 0
        for n in range(SWITCHES):
            await pilot.press("a" if n % 2 == 0 else "r")
            await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert tabs.active == "detail"
        after = live_footer_keys()
        # at most one footer's worth in excess (a recompose in progress); Textual's own Footer
        # kept ~38 more per switch here (150 -> 1,299 after 30 switches, ~600 after 12)
        assert after <= 2 * baseline, (baseline, after)
        footer = screen.query_one(LeanFooter)
        watchers = getattr(footer, "__watchers", {}).get("compact", [])
        assert len(watchers) < 5, len(watchers)


async def test_footer_still_shows_keys_and_compact(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        actions = footer_actions(app)
        assert {"show_tab('alarms')", "show_tab('rules')", "actions", "tree_width"} <= actions
        footer = screen.query_one(LeanFooter)
        keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
        assert keys
        assert all(k.compact and k.has_class("-compact") for k in keys)
        footer.compact = False
        await settle(pilot)
        assert not any(k.compact or k.has_class("-compact") for k in keys)


def footer_uses(tree: ast.Module) -> list[int]:
    """Lines of ``tree`` that import or name Textual's ``Footer``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            lines += [node.lineno for alias in node.names if alias.name == "Footer"]
        elif isinstance(node, ast.Attribute) and node.attr == "Footer":
            lines.append(node.lineno)
    return lines


def test_no_screen_uses_textuals_footer() -> None:
    """Every screen yields LeanFooter: Textual's Footer leaks its keys on each recompose."""
    package = Path(iottui.__file__).parent
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path == Path(footer_module.__file__):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{path.relative_to(package)}:{line}" for line in footer_uses(tree)]
    assert offenders == []
    # the scan does find the one module allowed to use it
    own = ast.parse(Path(footer_module.__file__).read_text(encoding="utf-8"))
    assert footer_uses(own)


@pytest.mark.slow
async def test_management_screen_does_not_leak_footer_keys(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "channels")
        screen = pilot.app.screen
        assert isinstance(screen, NotificationsScreen)
        assert screen.query_one(LeanFooter)
        await until(pilot, lambda: bool(screen.channels))
        tabs = screen.query_one(TabbedContent)

        async def switch(n: int) -> None:
            # a tab switch and a focus change: each makes the footer recompose
            tabs.active = "topics" if n % 2 == 0 else "channels"
            await pilot.press("tab")
            await settle(pilot)

        for n in range(4):
            await switch(n)
        baseline = live_footer_keys()
        assert baseline > 0
        for n in range(SWITCHES):
            await switch(n)
        after = live_footer_keys()
        # with Textual's Footer here: 154 -> 964 after 30 switches, ~480 after 12 (with the
        # main screen's keys)
        assert after <= 2 * baseline, (baseline, after)
        assert {key.action for key in screen.query(FooterKey)} >= {"new", "reload"}
