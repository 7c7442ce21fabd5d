"""Where the focus lands when a screen opens, whatever order its first layout, its tabs and
its load finish in (a loaded machine reorders them): the shown list, or the field the form
is about, and never a widget of a hidden tab."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import SelectionList, TabbedContent, Tabs

from iottui.api.resources.contacts import ContactsResource
from iottui.ui.manage.account import AccountScreen
from iottui.ui.manage.form import FormScreen
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.registry import Selection

from ..helpers import WAIT_LIMIT, TestApp
from .util import fleet, form, run, settle, started, top, until


async def test_the_loaded_list_keeps_the_focus_when_the_form_places_it_after_the_load(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The share form's contacts arrive before the form's first placement of the focus (its
    list not yet laid out, so it has no lines): the list, what the form is about, keeps it."""
    held: list[FormScreen[Any]] = []
    laid_out = asyncio.Event()
    place = FormScreen._focus_shown
    focus_field = FormScreen.focus_field
    list_contacts = ContactsResource.list

    def hold(self: FormScreen[Any]) -> None:
        held.append(self)
        laid_out.set()

    def focus_then_place(self: FormScreen[Any], widget: Widget) -> None:
        focus_field(self, widget)
        # the held first placement runs now, the list filled but not yet laid out
        for screen in held:
            place(screen)

    async def after_the_first_layout(self: ContactsResource) -> Any:
        await asyncio.wait_for(laid_out.wait(), WAIT_LIMIT)
        return await list_contacts(self)

    monkeypatch.setattr(ContactsResource, "list", after_the_first_layout)
    monkeypatch.setattr(FormScreen, "_focus_shown", hold)
    monkeypatch.setattr(FormScreen, "focus_field", focus_then_place)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        group = (await fleet(pilot)).groups[0]
        await run(pilot, "group-share", Selection("group", group=group))
        await settle(pilot)
        contacts = form(pilot).query_one("#contacts", SelectionList)
        assert contacts.option_count
        assert form(pilot).focus_placed
        assert form(pilot).focused is contacts


async def test_a_screen_opened_on_a_tab_without_a_list_stays_on_it(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen places the focus before its tabs activated their first pane: the list of
    another (hidden) tab does not take the focus, which would switch to that tab."""
    tried = asyncio.Event()
    place = ManageScreen.focus_table
    activate = TabbedContent._on_tabs_tab_activated

    def focus_table(self: ManageScreen) -> None:
        place(self)
        tried.set()

    async def late_tabs(self: TabbedContent, event: Tabs.TabActivated) -> None:
        if isinstance(self.screen, ManageScreen):
            await asyncio.wait_for(tried.wait(), WAIT_LIMIT)
        activate(self, event)

    monkeypatch.setattr(ManageScreen, "focus_table", focus_table)
    monkeypatch.setattr(TabbedContent, "_on_tabs_tab_activated", late_tabs)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "account")
        screen = top(pilot)
        assert isinstance(screen, AccountScreen)
        tabbed = screen.query_one(TabbedContent)
        await until(pilot, lambda: tried.is_set() and bool(tabbed.active))
        await settle(pilot)
        assert tabbed.active == "account"
        assert isinstance(screen.focused, Tabs)
