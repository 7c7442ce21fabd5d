"""Tab switches must not leave removed FooterKey widgets alive (the soak's leak), and the
footer must still show the keys of the focused widget."""

from __future__ import annotations

import gc

from textual.widgets import TabbedContent

from iottui.ui.widgets.footer import FooterKey, LeanFooter

from .helpers import TestApp, settle, started

SWITCHES = 30


def live_footer_keys() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, FooterKey))


def footer_actions(app: TestApp) -> set[str]:
    footer = app.screen.query_one(LeanFooter)
    return {key.action for key in footer.query(FooterKey)}


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
        # kept ~38 more per switch here (150 -> 1,299 after 30 switches)
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
        assert {"show_tab('alarms')", "show_tab('rules')", "actions", "pause"} <= actions
        footer = screen.query_one(LeanFooter)
        keys = [k for k in footer.query(FooterKey) if not k.has_class("-command-palette")]
        assert keys
        assert all(k.compact and k.has_class("-compact") for k in keys)
        footer.compact = False
        await settle(pilot)
        assert not any(k.compact or k.has_class("-compact") for k in keys)
