"""The ``:`` command line: an input whose Tab completes command names."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from iottui.ui.session import session_of


def shared_start(names: list[str]) -> str:
    """The longest start all ``names`` share."""
    first, last = min(names), max(names)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


class CommandLine(Input):
    """``:name argument``; Tab completes the name (all of it when one command matches, the
    shared part when several do, which are then listed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete", show=False, id="command_line.complete"),
    ]

    def action_complete(self) -> None:
        text = self.value.lstrip(":")
        if " " in text:
            return  # the name is typed; the rest is the command's argument
        names = session_of(self).commands.complete(text.lower())
        if not names:
            self.notify(f"No command starts with {text!r}", severity="warning")
            return
        common = shared_start(names)
        self.value = f"{names[0]} " if len(names) == 1 else common
        self.cursor_position = len(self.value)
        if len(names) > 1:
            shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
            self.notify(shown, title=f"{len(names)} commands")
