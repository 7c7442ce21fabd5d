"""One row of a list, every cell whole: what ``Enter`` opens on a list whose rows have no
screen of their own (inventory, contacts). A narrow terminal cuts a table's columns; here each
value is on its own line, wrapped, and the dialog scrolls when it is taller than the screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from iottui.ui.screens.dialog import Dialog
from iottui.ui.text import clean
from iottui.ui.widgets.footer import LeanFooter


class RowDetailScreen(Dialog[None]):
    """A row as ``label  value`` lines; ``Esc``, ``Enter`` or ``q`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="row.close"),
    ]
    DEFAULT_CSS = """
    RowDetailScreen { align: center middle; }
    RowDetailScreen > #row {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    RowDetailScreen #row-title { text-style: bold; margin-bottom: 1; }
    RowDetailScreen #row-cells { height: auto; }
    """

    def __init__(self, title: str, cells: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.cells = tuple(cells)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="row"):
            yield Label(Text(clean(self.title_text)), id="row-title")
            width = max((len(label) for label, _ in self.cells), default=0)
            text = Text()
            for n, (label, value) in enumerate(self.cells):
                if n:
                    text.append("\n")
                text.append(f"{clean(label):<{width}}  ", style="bold")
                text.append(clean(value))
            yield Static(text, id="row-cells")
        yield LeanFooter()

    def on_mount(self) -> None:
        self.query_one("#row", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
