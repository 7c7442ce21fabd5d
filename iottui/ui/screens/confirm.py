"""The one confirmation dialog of the app: it names what will change and asks yes or no.

``y`` (or the action button) confirms; ``n``, ``Esc`` or Cancel cancels. Cancel has the focus
first, so a stray ``Enter`` never confirms a write (there were two confirmation dialogs, one
confirming on Enter and one forbidding it; issue 11). A long question scrolls inside the
dialog, which fits the screen (:class:`~iottui.ui.screens.dialog.Dialog`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from iottui.ui.screens.dialog import Dialog
from iottui.ui.widgets.footer import LeanFooter


class ConfirmScreen(Dialog[bool]):
    """Ask one question; dismisses with True only on an explicit yes."""

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

    scroll_body = "#confirm-scroll"

    def __init__(
        self, question: Text | str, *, title: str = "Confirm", action: str = "Yes"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.question = question if isinstance(question, Text) else Text(question)
        self.action = action

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(Text(self.title_text), id="confirm-title")
            with VerticalScroll(id="confirm-scroll", can_focus=False):
                yield Static(self.question, id="confirm-body")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.action} (y)", id="yes", variant="error")
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
