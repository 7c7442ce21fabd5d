"""Helpers for the management pilot tests: run a registry command with a selection, fill a
form, read errors."""

from __future__ import annotations

import inspect
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from iottui.api.models import Fleet
from iottui.ui.app import IoTApp
from iottui.ui.manage.form import FieldError, FormScreen
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.registry import CommandContext, Selection

from ..helpers import screen_text, settle, started, until

__all__ = ["screen_text", "settle", "started", "until"]


async def run(
    pilot: Pilot[Any], name: str, selection: Selection | None = None, arg: str = ""
) -> None:
    """Run registry command ``name`` as the palette would, with ``selection``."""
    assert isinstance(pilot.app, IoTApp)
    ctx = CommandContext(pilot.app, selection or Selection(), arg)
    cmd = pilot.app.session.commands.get(name)
    assert cmd is not None, f"no command {name!r}"
    result = cmd.run(ctx)
    if inspect.isawaitable(result):
        await result
    await settle(pilot)
    await until(pilot, lambda: focus_placed(pilot.app))


def tables_sized(app: App[Any]) -> bool:
    """Whether every table of the stack has sized its columns to its rows (a DataTable does
    it when idle, after rows were added: a screenshot taken before showed narrow columns)."""
    return not any(
        table._require_update_dimensions
        for screen in app.screen_stack
        for table in screen.query(DataTable)
    )


def focus_placed(app: App[Any]) -> bool:
    """Whether every management screen and form of the stack has placed its focus (on the
    shown list, on the form's field): a wait on this, not on time, before a screenshot."""
    return all(
        screen.focus_placed
        for screen in app.screen_stack
        if isinstance(screen, (ManageScreen, FormScreen))
    )


async def fleet(pilot: Pilot[Any]) -> Fleet:
    fresh: Fleet = await pilot.app.client.fleet.get()  # type: ignore[attr-defined]
    return fresh


def top(pilot: Pilot[Any]) -> Screen[Any]:
    """The screen on top (a call, so an ``isinstance`` check on it is not carried forward)."""
    return pilot.app.screen


def form(pilot: Pilot[Any]) -> FormScreen[Any]:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen), f"expected a form, got {screen!r}"
    return screen


async def type_in(pilot: Pilot[Any], selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.value = text
    await pilot.pause()


def field_error(pilot: Pilot[Any], name: str) -> str:
    return str(pilot.app.screen.query_one(f"#err-{name}", FieldError).render())


def message(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#form-message", Static).render())


async def save(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def notices(pilot: Pilot[Any]) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]
