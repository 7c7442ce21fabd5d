"""The help screen: every binding of the screen it was opened from, and the ``:`` commands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from iottui.ui import registry
from iottui.ui.screens.dialog import Dialog
from iottui.ui.session import session_of
from iottui.ui.widgets.footer import LeanFooter

HELP_INTRO = (
    "Arrows, Page Up/Down move everywhere; Tab and Shift+Tab move between panes; Esc goes "
    "back. In every list and the tree: j/k move, g/G (Home/End) go to the first/last row, "
    "Enter opens; in the tree l/h expand/collapse. In a form: ctrl+s saves (Enter too when it "
    "has one field), Esc cancels. The [ids] are the names to rebind in the profile's [keymap] "
    "table."
)


def bindings_text(rows: Iterable[tuple[str, str, str]]) -> Text:
    text = Text()
    seen: set[tuple[str, str]] = set()
    for key, description, binding_id in rows:
        if (key, description) in seen:
            continue
        seen.add((key, description))
        text.append(f"{key:>12}  ", style="bold")
        text.append(description)
        if binding_id:
            text.append(f"  [{binding_id}]", style="dim")
        text.append("\n")
    return text


def commands_text(commands: Mapping[str, registry.AppCommand]) -> Text:
    text = Text()
    for name in sorted(commands):
        cmd = commands[name]
        text.append(f"{':' + name:>18}  ", style="bold")
        text.append(cmd.help)
        if cmd.writes:
            text.append("  (writes)", style="dim")
        text.append("\n")
    return text


class HelpScreen(Dialog[None]):
    """Key bindings of the current screen plus the command list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100%; max-width: 110; height: 100%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, rows: list[tuple[str, str, str]], title: str = "Keys") -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text(self.title_text), classes="help-title")
            yield Static(Text(HELP_INTRO, style="dim"))
            yield Static(bindings_text(self.rows), id="help-bindings")
            yield Static(Text("Commands (type : then the name, or ctrl+p)"), classes="help-title")
            commands = session_of(self).commands.all()
            yield Static(commands_text(commands), id="help-commands")
        yield LeanFooter()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()
