"""The one table base with the keys every list of the app shares (issue 11 #7).

``j``/``k`` (and the arrows) move the cursor a row, ``g``/``Home`` go to the first row and
``G``/``End`` to the last, ``Enter`` opens the cursor's row (Textual's ``RowSelected``, which the
screen or view that owns the table handles), ``Esc`` is left to the screen (back). Management
lists, alarms, rules and the live metric tables use it, so a key means the same in each.

The binding ids (``table.down`` ...) are the names a profile's ``[keymap]`` rebinds.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual.binding import Binding, BindingType

from iottui.ui.widgets.fast_table import FastCellsTable

CellT = TypeVar("CellT")

#: The table keys, for the help screen and for tests that walk every list.
TABLE_BINDINGS: tuple[Binding, ...] = (
    Binding("j", "cursor_down", "Down", show=False, id="table.down"),
    Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    Binding("g,home", "scroll_top", "Top", show=False, id="table.top"),
    Binding("G,end", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
    Binding("enter", "select_cursor", "Open", show=False, id="table.open"),
)


class KeyedTable(FastCellsTable[CellT]):
    """A row-cursor table with ``j/k/g/G``, ``Home``/``End`` and ``Enter`` to open."""

    BINDINGS: ClassVar[list[BindingType]] = list(TABLE_BINDINGS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(*args, **kwargs)

    def action_scroll_top(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
