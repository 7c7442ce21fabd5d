"""The actions menu of the selected node or row: registry commands whose contexts match."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from iottui.ui import registry
from iottui.ui.screens.dialog import Dialog
from iottui.ui.session import Session, session_of
from iottui.ui.widgets.footer import LeanFooter


def commands_for(
    selection: registry.Selection, commands: Iterable[registry.AppCommand]
) -> list[registry.AppCommand]:
    """The ``commands`` that name the selection's kind among their contexts."""
    return sorted(
        (c for c in commands if c.contexts and selection.kind in c.contexts),
        key=lambda c: c.title.lower(),
    )


class ActionsMenu(Dialog[str | None]):
    """Pick a command; dismisses with its name (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="actions.cancel"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
    ]

    DEFAULT_CSS = """
    ActionsMenu { align: center middle; }
    ActionsMenu > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface;
    }
    ActionsMenu OptionList { height: auto; border: none; }
    """

    scroll_body = "#actions-list"
    scroll_most = 20

    def __init__(
        self,
        title: Text,
        commands: list[registry.AppCommand],
        read_only: bool,
        selection: registry.Selection | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.commands = commands
        self.read_only = read_only
        self.selection = selection or registry.Selection()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="actions-title")
            options = []
            for cmd in self.commands:
                reason = cmd.unavailable(
                    self.selection,
                    read_only=self.read_only,
                    cached=session_of(self).fleet.cached,
                )
                label = Text(cmd.title, style="dim" if reason else "")
                label.append(f"  {reason or cmd.help}", style="dim")
                options.append(Option(label, id=cmd.name, disabled=reason is not None))
            if not options:
                options.append(Option(Text("No actions for this item", style="dim"), disabled=True))
            yield OptionList(*options, id="actions-list")
        yield LeanFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_last(self) -> None:
        self.query_one(OptionList).action_last()


def menu_for(selection: registry.Selection, session: Session) -> ActionsMenu:
    """The ``m`` menu for ``selection``: the commands that apply to it, greyed out when they
    cannot run (read-only, an item without an id)."""
    title = Text(f"Actions for this {selection.kind}", style="bold")
    offered = commands_for(selection, session.commands.all().values())
    return ActionsMenu(title, offered, session.read_only, selection)
