"""Columns that fit: which of a table's columns are shown, and how wide, for the width it has.

A table lists its columns with a priority each. At a width, as many columns as fit are taken by
priority at their narrowest, then widened by priority up to their content; less kept columns
are left out until only the last one shown is cut (a name, with an ellipsis), keeping at least
the two most kept. So a trend gives way before a metric's name is cut, and a value (whose
narrowest is its shortest whole form) is never cut. When the two most kept do not fit at their
narrowest, a column whose cells may be cut (a name) narrows below its own narrowest, to one
cell, and is then left out before a :attr:`Column.whole` one is: at 24 columns a metric's name
shows as ``Me…`` beside ``4e-238 m/s²``, never without its value.
So at 80x24 the device pane shows the metric, its value and unit whole before a trend, and the
alarms table severity, device, metric, value and age before the condition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.text import Text

from iottui.ui.widgets.keyed_table import KeyedTable


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``keep`` orders what stays (0 stays longest); ``least`` is the narrowest it
    is shown at; ``most`` caps how wide it grows (None: as wide as its widest cell); ``whole``:
    its cells are never cut (a value), so it never narrows below ``least`` and, of the two most
    kept, a column that may be cut gives way first."""

    key: str
    label: str
    keep: int
    least: int = 1
    most: int | None = None
    whole: bool = False


def fit_columns(
    columns: Sequence[Column], content: Mapping[str, int], width: int, padding: int = 1
) -> dict[str, int]:
    """The width of each column shown in ``width`` cells, in table order (see the module's
    docstring); a column left out is absent. ``content`` is the widest cell of each column (its
    header included); every column shown also takes ``2 * padding`` cells."""
    wanted = {
        c.key: max(1, min(content.get(c.key, 0), c.most) if c.most else content.get(c.key, 0))
        for c in columns
    }
    least = {c.key: min(c.least, wanted[c.key]) for c in columns}
    by_keep = sorted(columns, key=lambda c: c.keep)

    def grown(chosen: Sequence[Column], narrowest: Mapping[str, int]) -> dict[str, int] | None:
        """``chosen`` at their narrowest, then widened by priority; None if they do not fit."""
        room = width - sum(narrowest[c.key] + 2 * padding for c in chosen)
        if room < 0:
            return None
        taken = {c.key: narrowest[c.key] for c in chosen}
        for column in chosen:
            grow = min(wanted[column.key] - taken[column.key], room)
            taken[column.key] += grow
            room -= grow
        return taken

    def widths_of(count: int) -> tuple[dict[str, int], bool] | None:
        """The first ``count`` columns by priority (see :func:`grown`); True if only the last
        of them is cut."""
        chosen = by_keep[:count]
        taken = grown(chosen, least)
        if taken is None:
            return None
        return taken, all(taken[c.key] >= wanted[c.key] for c in chosen[:-1])

    # the most columns with none cut but the last; else the two most kept (a name may be
    # cut beside its value), else the most kept one
    fits = [(count, f) for count in range(len(by_keep), 0, -1) if (f := widths_of(count))]
    uncut = [(count, f) for count, f in fits if f[1] and count >= 2]
    taken: dict[str, int] | None = {}
    if uncut:
        taken = uncut[0][1][0]
    elif any(c.whole for c in by_keep[:2]) and not widths_of(2):
        taken = _squeezed(by_keep[:2], least, width, padding, grown)
    elif fits:
        taken = next((f for count, f in fits if count <= 2), fits[-1][1])[0]
    taken = taken or {}
    return {c.key: taken[c.key] for c in columns if c.key in taken}


def _squeezed(
    chosen: Sequence[Column],
    least: Mapping[str, int],
    width: int,
    padding: int,
    grown: Callable[[Sequence[Column], Mapping[str, int]], dict[str, int] | None],
) -> dict[str, int] | None:
    """The two most kept, one whole, in a width too narrow for both at their narrowest: a
    column that may be cut narrows to one cell, then the less kept column is left out (a cut
    one first); a whole column alone wider than ``width`` takes what there is (its cells then
    show their shortest form, a long unit cut at the edge)."""
    shown = list(chosen)
    while len(shown) > 1:
        taken = grown(shown, {c.key: least[c.key] if c.whole else 1 for c in shown})
        if taken is not None:
            return taken
        shown.remove(([c for c in shown if not c.whole] or shown)[-1])
    taken = grown(shown, least)
    if taken is None and width > 2 * padding:
        taken = grown(shown, dict.fromkeys((c.key for c in shown), 1))
    return taken


def widest(cells: Sequence[Text | str], header: str = "") -> int:
    """The widest of some cells (and the header), in terminal cells."""
    return max(
        [cell_len(header), *(cell_len(c.plain if isinstance(c, Text) else c) for c in cells)]
    )


def cut(text: Text, width: int) -> Text:
    """``text`` in at most ``width`` cells, an ellipsis marking a cut (a copy)."""
    if text.cell_len <= width:
        return text
    out = text.copy()
    out.truncate(width, overflow="ellipsis")
    return out


#: A row's cell: a text (cut with an ellipsis to its column's width) or a function of the width
#: (a value shown whole or scaled, a severity shortened).
Cell = Text | Callable[[int], Text]


class FittedColumns(KeyedTable[Text]):
    """A table whose columns fit its width (:func:`fit_columns`), again on a resize, with the
    keys every list shares (:class:`~iottui.ui.widgets.keyed_table.KeyedTable`).

    Subclasses set :attr:`fitted` (or it is given: ``columns``) and give their rows to
    :meth:`fit_rows` as cells by column key; rows are keyed by position. The cursor stays on its
    row. A :attr:`Column.whole` column's narrowest is its widest cell: it is shown whole or left
    out. Every cell narrower than its text ends in an ellipsis.
    """

    DEFAULT_CSS = """
    FittedColumns { overflow-x: hidden; }
    """

    fitted: tuple[Column, ...] = ()

    def __init__(self, *, id: str | None = None, columns: Sequence[Column] = ()) -> None:
        super().__init__(id=id, cursor_type="row")
        if columns:
            self.fitted = tuple(columns)
        self.widths: dict[str, int] = {}
        self._fit_rows: list[dict[str, Cell]] = []

    def on_resize(self) -> None:
        self._layout()

    def least_of(self, column: Column) -> int:
        """The narrowest ``column`` is shown at (a subclass may raise it for whole values)."""
        return column.least

    def fit_rows(self, rows: list[dict[str, Cell]], cursor: int | None = None) -> None:
        """Show these rows (the cursor on row ``cursor``, else where it was)."""
        self._fit_rows = rows
        self._layout(force=True, cursor=cursor)

    def fit_cells(self, rows: Sequence[Sequence[Cell]], cursor: int | None = None) -> None:
        """:meth:`fit_rows` with each row's cells in :attr:`fitted`'s order."""
        keys = [c.key for c in self.fitted]
        self.fit_rows([dict(zip(keys, row, strict=False)) for row in rows], cursor)

    def whole_row(self, row: int) -> list[tuple[str, str]]:
        """Row ``row``'s every cell whole, by column label (a column left out too)."""
        cells = self._fit_rows[row]
        return [
            (c.label, cell.plain if isinstance(cell, Text) else cell(10_000).plain)
            for c in self.fitted
            if (cell := cells.get(c.key)) is not None
        ]

    def _fit(self) -> dict[str, int]:
        width = self.size.width - self.styles.scrollbar_size_vertical
        content = {
            c.key: widest(
                [
                    cell if isinstance(cell, Text) else cell(10_000)
                    for row in self._fit_rows
                    if (cell := row.get(c.key)) is not None
                ],
                c.label,
            )
            for c in self.fitted
        }
        columns = [
            replace(c, least=max(self.least_of(c), content[c.key]) if c.whole else self.least_of(c))
            for c in self.fitted
        ]
        return fit_columns(columns, content, width if width > 0 else 200, self.cell_padding)

    def _layout(self, *, force: bool = False, cursor: int | None = None) -> None:
        widths = self._fit()
        if widths == self.widths and not force:
            return
        place = self.cursor_row if cursor is None else cursor
        self.widths = widths
        self.clear(columns=True)
        for column in self.fitted:
            if column.key in widths:
                self.add_column(
                    cut(Text(column.label), widths[column.key]),
                    key=column.key,
                    width=widths[column.key],
                )
        for n, row in enumerate(self._fit_rows):
            cells = []
            for key, width in widths.items():
                cell = row.get(key, Text(""))
                cells.append(cut(cell if isinstance(cell, Text) else cell(width), width))
            self.add_row(*cells, key=str(n))
        if self._fit_rows:
            self.move_cursor(row=min(max(place, 0), len(self._fit_rows) - 1))
