"""The dashboard grid: placement on the 10x20 grid and proportional mapping to cells."""

from __future__ import annotations

from iottui.api.enums import WidgetType
from iottui.api.models import WidgetLayout
from iottui.ui.dashboards.grid import Box, Cell, place, rows_used, to_cells


def test_positioned_widgets_keep_their_place_and_others_fill_gaps() -> None:
    cells = place(
        [
            (WidgetLayout(width=4, height=6, x=0, y=0), WidgetType.CHART),
            (WidgetLayout(), WidgetType.NUMBER),  # 2x6 -> first free: x=4, y=0
            (WidgetLayout(width=4), WidgetType.MAP),  # 4x6 -> x=6, y=0
            (WidgetLayout(width=4), WidgetType.CHART),  # 4x6 -> next row
            (WidgetLayout(width=12, height=3, x=9, y=30), WidgetType.STRING),  # clamped
        ]
    )
    assert cells == [
        Cell(0, 0, 4, 6),
        Cell(4, 0, 2, 6),
        Cell(6, 0, 4, 6),
        Cell(0, 6, 4, 6),
        Cell(0, 30, 10, 3),
    ]
    assert rows_used(cells) == 33


def test_mapping_is_proportional_and_gapless() -> None:
    # 100 x 40 cells: a column is 10 cells, a row 2 cells.
    assert to_cells(Cell(0, 0, 4, 6), 100, 40) == Box(0, 0, 40, 12)
    assert to_cells(Cell(4, 6, 2, 6), 100, 40) == Box(40, 12, 20, 12)
    # 115 wide: edges are rounded, neighbours meet exactly.
    a = to_cells(Cell(0, 0, 3, 1), 115, 20)
    b = to_cells(Cell(3, 0, 3, 1), 115, 20)
    assert a.left + a.width == b.left
    assert to_cells(Cell(9, 19, 1, 1), 115, 20) == Box(104, 19, 11, 1)
