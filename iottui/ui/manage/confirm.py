"""A confirmation dialog that names exactly what will change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from iottui.ui.manage.common import refuse_write, run_write
from iottui.ui.screens.dialog import Dialog
from iottui.ui.widgets.footer import LeanFooter


class ConfirmScreen(Dialog[bool]):
    """Ask before a destructive action; dismisses with True only on an explicit yes.

    Cancel has the focus first, so a stray Enter never confirms.
    """

    scroll_body = "#confirm-scroll"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm {
        width: 72; max-width: 100%; height: auto; max-height: 100%; border: thick $error;
        background: $surface; padding: 0 1;
    }
    ConfirmScreen #confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen #confirm-scroll { height: auto; }
    ConfirmScreen #confirm-body { height: auto; }
    ConfirmScreen #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen #confirm-buttons Button { margin-left: 1; }
    """

    def __init__(self, title: str, body: Text | str, *, action: str = "Delete") -> None:
        super().__init__()
        self._title = title
        self._body = body if isinstance(body, Text) else Text(body)
        self._action = action

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(Text(self._title), id="confirm-title")
            with VerticalScroll(id="confirm-scroll", can_focus=False):
                yield Static(self._body, id="confirm-body")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self._action} (y)", id="yes", variant="error")
                yield Button("Cancel (n)", id="no")
        yield LeanFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


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

    app.push_screen(ConfirmScreen(title, body, action=action), answered)
