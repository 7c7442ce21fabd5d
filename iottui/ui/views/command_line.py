"""The ``:`` command line: an input whose Tab completes command names.

Hidden until :meth:`CommandLine.open`; ``Enter`` closes it and posts :class:`CommandLine.Run`
with the name and the rest of the line, ``Esc`` closes it and posts :class:`CommandLine.Closed`
(the screen puts the focus back where it belongs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
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
        Binding("escape", "close", "Cancel", show=False, id="command_line.cancel"),
    ]

    class Closed(Message):
        """The line was closed (after a command was asked for, or with ``Esc``)."""

    @dataclass
    class Run(Message):
        """Run the command ``name`` with ``argument`` (the text after the name)."""

        name: str
        argument: str

    def on_mount(self) -> None:
        self.display = False

    def open(self, text: str = "") -> None:
        """Show the line with ``text`` typed, and focus it."""
        self.display = True
        self.value = text
        self.cursor_position = len(text)
        self.focus()

    def action_close(self) -> None:
        self.value = ""
        self.display = False
        self.post_message(self.Closed())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip().lstrip(":").strip()
        self.action_close()
        if text:
            name, _, argument = text.partition(" ")
            self.post_message(self.Run(name.lower(), argument.strip()))

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
