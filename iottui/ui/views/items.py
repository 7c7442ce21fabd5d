"""What the alarms and rules views do alike with the item under their cursor: refuse a write
to an item without an id (with the reason), copy its id, tell an error, know whether they are
on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from iottui.api.problems import write_refusal
from iottui.ui.text import clean, safe

if TYPE_CHECKING:
    from iottui.api.errors import IoTError
    from iottui.api.problems import HasId


#: The longest server name a confirmation question shows (cells): a 2,000-character device
#: name made the question taller than the screen and hid its "y / n" line.
NAME_MAX = 60


def named(value: object) -> Text:
    """A server name for a question: escaped, bold, cut with an ellipsis past NAME_MAX."""
    text = safe(value, "bold")
    text.truncate(NAME_MAX, overflow="ellipsis")
    return text


def error_text(error: IoTError) -> str:
    """An error as the user reads it: the server's description, else the message."""
    return str(getattr(error, "desc", None) or error.message)


def shown_in_tab(widget: Widget) -> bool:
    """True when ``widget`` and every container above it are displayed (its tab is open)."""
    return all(node.display for node in widget.ancestors_with_self)


def refused(widget: Widget, item: HasId[str], what: str) -> bool:
    """True (after a notice saying why) when ``item`` cannot be written to: it came without an
    id (:func:`iottui.api.problems.write_refusal`). No request is made for it."""
    reason = write_refusal(item, what)
    if reason is not None:
        widget.notify(reason, severity="warning", markup=False)
        return True
    return False


def copy_id(widget: Widget, item: HasId[str] | None) -> None:
    """``y``: the id of the item under the cursor to the clipboard."""
    if item is None or not item.id:
        widget.notify("Nothing to copy here")
        return
    widget.app.copy_to_clipboard(item.id)
    widget.notify(f"Copied {clean(item.id)[:40]}", markup=False)
