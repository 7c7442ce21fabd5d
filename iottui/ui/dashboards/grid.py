"""The dashboard grid: 10 units wide, 20 high (the API document's grid), mapped to cells.

Layouts from the server may lack a position (the web UI computes it from the browser size);
:func:`place` then puts the widget at the first free spot, scanning rows top-down and columns
left-right, like the web dashboard's packing. :func:`to_cells` maps grid units to terminal
cells proportionally, rounding both edges so neighbours share a border without gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iottui.api.enums import WidgetType
from iottui.api.models import WidgetLayout

GRID_COLS = 10
GRID_ROWS = 20
DEFAULT_HEIGHT = 6


@dataclass(frozen=True, slots=True)
class Cell:
    """A rectangle in grid units."""

    x: int
    y: int
    w: int
    h: int

    def overlaps(self, other: Cell) -> bool:
        return not (
            self.x + self.w <= other.x
            or other.x + other.w <= self.x
            or self.y + self.h <= other.y
            or other.y + other.h <= self.y
        )


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in terminal cells."""

    left: int
    top: int
    width: int
    height: int


def default_width(kind: WidgetType) -> int:
    return 4 if kind in (WidgetType.CHART, WidgetType.MAP) else 2


def place(items: Sequence[tuple[WidgetLayout, WidgetType]]) -> list[Cell]:
    """Grid cells for each widget, in order: positioned ones where they say (clamped into the
    10 columns), the others at the first free spot."""
    cells: list[Cell | None] = []
    taken: list[Cell] = []
    for layout, kind in items:
        w = min(max(layout.width or default_width(kind), 1), GRID_COLS)
        h = max(layout.height or DEFAULT_HEIGHT, 1)
        if layout.x is not None and layout.y is not None:
            fixed = Cell(min(max(layout.x, 0), GRID_COLS - w), max(layout.y, 0), w, h)
            cells.append(fixed)
            taken.append(fixed)
        else:
            cells.append(None)
    out: list[Cell] = []
    for (layout, kind), known in zip(items, cells, strict=True):
        if known is None:
            w = min(max(layout.width or default_width(kind), 1), GRID_COLS)
            h = max(layout.height or DEFAULT_HEIGHT, 1)
            known = _first_free(taken, w, h)
            taken.append(known)
        out.append(known)
    return out


def _first_free(taken: Sequence[Cell], w: int, h: int) -> Cell:
    y = 0
    while True:
        for x in range(0, GRID_COLS - w + 1):
            candidate = Cell(x, y, w, h)
            if not any(candidate.overlaps(t) for t in taken):
                return candidate
        y += 1


def rows_used(cells: Sequence[Cell]) -> int:
    """Grid rows the layout spans: at least the document's 20."""
    return max([GRID_ROWS, *(c.y + c.h for c in cells)])


def to_cells(cell: Cell, width: int, height: int) -> Box:
    """Map a grid cell to terminal cells, for a viewport ``width`` x ``height`` cells showing
    the full 10 x 20 grid (taller layouts scroll, at the same scale)."""
    col = width / GRID_COLS
    row = height / GRID_ROWS
    left = round(cell.x * col)
    right = round((cell.x + cell.w) * col)
    top = round(cell.y * row)
    bottom = round((cell.y + cell.h) * row)
    return Box(left, top, max(right - left, 1), max(bottom - top, 1))
