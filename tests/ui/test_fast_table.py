"""FastCellsTable renders every cell exactly as Textual's DataTable does (segments and styles,
mouse meta included), in every state a cell can be in: header, cursor row, hover, fixed
columns, truncated and right-justified text, wide characters, empty and non-Text cells."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from iottui.ui.widgets.fast_table import FastCellsTable
from iottui.ui.widgets.live_table import short_name

ROWS: list[list[Any]] = [
    [short_name("Temperature"), Text("21.50 °C", justify="right"), Text("▁▂▃▅▇", style="cyan")],
    [short_name("x" * 60), Text("", justify="right"), Text("3s", style="dim")],
    [Text("温度センサー 長い名前"), Text.assemble(("1", "bold"), " of ", ("2", "red")), "str"],
    [Text("[bold]not markup[/]"), Text("a\tb"), Text("—", style="italic dim")],
    # the same texts again on another row: served from the text cache, with this row's meta
    [short_name("Temperature"), Text("21.50 °C", justify="right"), Text("3s", style="dim")],
]


class TableApp(App[None]):
    CSS = "DataTable { height: 8; }"

    def compose(self) -> ComposeResult:
        yield FastCellsTable[Any](id="fast", cursor_type="row")
        yield FastCellsTable[Any](id="cells", cursor_type="cell", fixed_columns=1)
        yield DataTable[Any](id="plain", cursor_type="row")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_column(Text("Name"), key="name")
            table.add_column(Text("Value", justify="right"), key="value", width=10)
            table.add_column("Trend", key="trend", width=6)
            for i, row in enumerate(ROWS):
                table.add_row(*row, key=str(i))


def rendered(table: FastCellsTable[Any], *, original: bool) -> list[list[list[Segment]]]:
    out = []
    table._cell_render_cache.clear()
    render = DataTable._render_cell if original else FastCellsTable._render_cell
    base = table.rich_style
    for row_index in range(-1, table.row_count):
        for column_index, column in enumerate(table.ordered_columns):
            width = column.get_render_width(table)
            for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                out.append(render(table, row_index, column_index, base, width, cursor, hover))
    table._cell_render_cache.clear()
    return out


def meta(cell: list[list[Segment]]) -> list[object]:
    return [segment.style.meta if segment.style else None for segment in cell[0]]


async def test_fast_cells_match_datatable() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        for table in app.query(FastCellsTable):
            table._text_cache.clear()
            table._styled_cache.clear()
            cold = rendered(table, original=False)
            table._styled_cache.clear()
            texts = rendered(table, original=False)  # every text from the text cache
            warm = rendered(table, original=False)  # every cell from the styled cache
            slow = rendered(table, original=True)
            assert len(cold) == (len(ROWS) + 1) * 3 * 4
            assert cold == slow
            assert texts == slow
            assert warm == slow
            # the mouse meta (row, column) is each cell's own, also for cached texts
            assert [meta(cell) for cell in texts] == [meta(cell) for cell in slow]
            assert [meta(cell) for cell in warm] == [meta(cell) for cell in slow]
            # a live update: the changed cell is new, the others come from the caches
            table.update_cell("1", "value", Text("9.99 °C", justify="right"))
            table.move_cursor(row=2)
            await pilot.pause()
            assert rendered(table, original=False) == rendered(table, original=True)


async def test_fast_table_frames_match_datatable() -> None:
    """Whole frames (rendered lines, with the per-frame style caches in play) are the same as a
    plain DataTable's with the same rows, before and after the cursor moves and a cell
    changes."""
    app = TableApp()
    async with app.run_test(size=(80, 30)) as pilot:
        app.set_focus(None)  # the same pseudo-classes for both tables
        await pilot.pause()
        fast = app.query_one("#fast", FastCellsTable)
        plain = app.query_one("#plain", DataTable)
        assert fast.size == plain.size
        region = fast.size.region
        for step in range(3):
            assert fast.render_lines(region) == plain.render_lines(region), step
            for table in (fast, plain):
                table.move_cursor(row=step + 1)
                table.update_cell(str(step), "value", Text(f"{step}.5 °C", justify="right"))
            await pilot.pause()


async def test_settle_sizes_the_table_now_as_its_idle_would() -> None:
    """``settle`` does the table's idle work at once (columns measured, virtual size set), to
    the same result: the idle then finds nothing left to do."""
    app = TableApp()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        fast = app.query_one("#fast", FastCellsTable)
        plain = app.query_one("#plain", DataTable)
        for table in (fast, plain):
            for i, row in enumerate(ROWS):
                table.add_row(*row, key=f"more-{i}")
        fast.settle()
        settled = fast.virtual_size
        assert settled.height == plain.virtual_size.height + len(ROWS)  # plain: on its idle
        assert not fast._require_update_dimensions
        await pilot.pause()
        assert fast.virtual_size == settled == plain.virtual_size
        assert [c.content_width for c in fast.ordered_columns] == [
            c.content_width for c in plain.ordered_columns
        ]
