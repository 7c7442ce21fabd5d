"""The last error in full (``L`` on the main screen): the status line has room for its start
only, and at 80 columns for a few words."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from iottui.ui.screens.dialog import Dialog
from iottui.ui.text import clean, format_time
from iottui.ui.widgets.footer import LeanFooter


class LastErrorScreen(Dialog[None]):
    """What failed, when, and the whole message (server text, cleaned)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,L", "dismiss", "Back", id="last_error.back"),
    ]
    DEFAULT_CSS = """
    LastErrorScreen { align: center middle; }
    LastErrorScreen > VerticalScroll {
        width: 100%; max-width: 100; height: auto; max-height: 100%; border: thick $error;
        background: $surface; padding: 0 1;
    }
    """
    scroll_body = "#last-error-body"

    def __init__(self, error: str, at_ms: int | None, *, current: bool) -> None:
        super().__init__()
        self.error = error
        self.at_ms = at_ms
        self.current = current

    def compose(self) -> ComposeResult:
        text = Text(f"Last error, at {format_time(self.at_ms)}", style="bold")
        text.append("" if self.current else "  (resolved since)", style="green")
        text.append("\n\n")
        text.append(clean(self.error))
        with VerticalScroll(id="last-error-body"):
            yield Static(text)
        yield LeanFooter()
