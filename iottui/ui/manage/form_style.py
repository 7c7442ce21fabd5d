"""The forms' compact look: one-line inputs, selects and lists, so a form fits a terminal."""

from __future__ import annotations

from textual.dom import DOMNode


def compact(root: DOMNode) -> None:
    """Give the inputs, selects, lists, buttons and checkboxes under ``root`` the compact style."""
    for widget in root.query("Input, Select, SelectionList, Button, Checkbox"):
        widget.compact = True  # type: ignore[attr-defined]
