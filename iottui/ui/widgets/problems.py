"""Items of a list the server sent that could not be read: a count where the list is shown, the
details in the log and in a dialog on a key (issue 10 #1, the UI side).

The reads keep every readable item and name the others (:mod:`iottui.api.problems`); a view
shows :func:`problems_note` beside its list ("1 item could not be read · ! details"), logs each
problem once with :func:`log_problems`, and opens :class:`ProblemsScreen` on ``!``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from iottui.api.problems import ItemProblem, summary
from iottui.ui.screens.dialog import Dialog
from iottui.ui.text import clean
from iottui.ui.widgets.footer import LeanFooter

logger = logging.getLogger("iottui.ui")

#: The key that shows the details, named in the note.
PROBLEMS_KEY = "exclamation_mark"


def problems_note(problems: Sequence[ItemProblem]) -> Text | None:
    """``1 item could not be read · ! details`` (None when every item was read)."""
    text = summary(problems)
    if text is None:
        return None
    note = Text(text, style="bold yellow")
    note.append(" · ! details", style="dim")
    return note


def log_problems(where: str, problems: Iterable[ItemProblem]) -> None:
    """One warning line per unreadable item, with its path (server text cleaned)."""
    for problem in problems:
        logger.warning("%s: could not read %s", where, clean(str(problem)))


class ProblemsScreen(Dialog[None]):
    """The unreadable items of what a screen shows, one per line with its path."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,exclamation_mark", "dismiss", "Back", id="problems.back"),
    ]
    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > VerticalScroll {
        width: 100%; max-width: 100; height: auto; max-height: 100%; border: thick $warning;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, where: str, problems: Sequence[ItemProblem]) -> None:
        super().__init__()
        self.where = where
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        text = Text(
            f"{clean(self.where)}: {summary(self.problems) or 'every item was read'}\n",
            style="bold",
        )
        text.append(
            "The server sent these items in a form iottui cannot read; the others are shown.\n\n",
            style="dim",
        )
        for problem in self.problems:
            text.append(f"{clean(problem.path)}", style="bold")
            text.append(f"  {clean(problem.message)}\n")
        with VerticalScroll(id="problems-body"):
            yield Static(text)
        yield LeanFooter()
