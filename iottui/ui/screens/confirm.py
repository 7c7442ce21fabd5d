"""A one-key confirmation: ``y`` (or Enter) confirms, ``n`` (or Esc) cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from iottui.ui.screens.dialog import Dialog
from iottui.ui.widgets.footer import LeanFooter


class ConfirmScreen(Dialog[bool]):
    """Ask one question; dismisses with True or False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmScreen #confirm-scroll { height: auto; }
    ConfirmScreen #confirm-keys { margin-top: 1; color: $text-muted; }
    """

    scroll_body = "#confirm-scroll"

    def __init__(self, question: Text | str) -> None:
        super().__init__()
        self.question = question if isinstance(question, Text) else Text(question)

    def compose(self) -> ComposeResult:
        with Vertical():
            # focusable: a long question scrolls on the arrows
            with VerticalScroll(id="confirm-scroll"):
                yield Static(self.question, id="confirm-question")
            yield Static(Text("y / Enter: yes    n / Esc: no"), id="confirm-keys")
        yield LeanFooter()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
