"""Confirm, then write: :func:`confirm_write`. The dialog is the app's one
:class:`~iottui.ui.screens.confirm.ConfirmScreen` (named here too, for the management code)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text

from iottui.ui.manage.common import refuse_write, run_write
from iottui.ui.screens.confirm import ConfirmScreen

__all__ = ["ConfirmScreen", "confirm_write"]


def confirm_write(
    app: Any,
    title: str,
    body: Text | str,
    *,
    what: str,
    call: Callable[[], Awaitable[object]],
    done: str,
    action: str = "Delete",
    on_success: Callable[[], object] | None = None,
) -> None:
    """Ask, then (on yes) run the write with :func:`run_write`; read-only mode refuses first."""
    if refuse_write(app):
        return

    def answered(yes: bool | None) -> None:
        if yes:
            run_write(app, what, call, done=done, on_success=on_success)

    app.push_screen(ConfirmScreen(body, title=title, action=action), answered)
