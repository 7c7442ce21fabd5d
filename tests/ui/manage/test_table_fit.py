"""Every management list fits its columns to the width as the live table does: a value (an id,
a port, a count) is shown whole or its column is left out; a name or a path may be cut, always
with an ellipsis; the name stays. At 80x24 the edge modules' ports showed ``1883:`` for
``1883:1883`` (the table wider than the screen, clipped at its edge without a mark).
"""

from __future__ import annotations

import re

import hypothesis
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import TabbedContent

from iottui.ui.manage.row_detail import RowDetailScreen
from iottui.ui.manage.tables import MANAGE_COLUMNS, manage_table
from iottui.ui.widgets.columns import FittedColumns

from ..helpers import TestApp, command, screen_text, started, until

#: cell texts without spaces, so a rendered row splits into its cells; wide characters too
cells = st.text(alphabet=st.sampled_from("abcXYZ0189:/._-é米"), min_size=1, max_size=40)


class OneTable(App[None]):
    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id

    def compose(self) -> ComposeResult:
        yield manage_table(self.table_id)


@hypothesis.settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), table_id=st.sampled_from(sorted(MANAGE_COLUMNS)), width=st.integers(40, 200))
@example(data=None, table_id="modules-table", width=80)
async def test_no_management_list_shows_a_cell_cut_without_an_ellipsis(
    data: st.DataObject | None, table_id: str, width: int
) -> None:
    columns = MANAGE_COLUMNS[table_id]
    if data is None:  # the module seen at 80x24: its ports were cut to "1883:"
        rows = [["MQTT-broker", "eclipse-mosquitto", "public", "/mosquitto/config/m.conf",
                 "1883:1883", "1"]]  # fmt: skip
    else:
        rows = data.draw(st.lists(st.lists(cells, min_size=len(columns), max_size=len(columns)),
                                  min_size=1, max_size=4))  # fmt: skip
    app = OneTable(table_id)
    async with app.run_test(size=(width, 10)) as pilot:
        table = app.query_one(FittedColumns)
        table.fit_cells([[Text(cell) for cell in row] for row in rows])
        await pilot.pause()
        shown = [c for c in columns if c.key in table.widths]
        assert [str(c.key.value) for c in table.ordered_columns] == [c.key for c in shown]
        assert "name" in table.widths
        lines = screen_text(app).splitlines()
        for n, row in enumerate(rows):
            values = dict(zip((c.key for c in columns), row, strict=True))
            # a wide character that does not fit before the ellipsis leaves a space ("米 …")
            rendered = re.sub(r"(?<=\S) …", "…", lines[1 + n]).split()
            assert len(rendered) == len(shown), (rendered, row)
            for column, text in zip(shown, rendered, strict=True):
                value = values[column.key]
                if text != value:
                    # cut: a strict prefix of the value, then the ellipsis
                    assert text.endswith("…"), (text, value)
                    assert value.startswith(text[:-1]), (text, value)
                    assert not column.whole or len(shown) == 1, (column.key, text, value)


async def test_edge_modules_at_80x24_show_their_ports_whole(app: TestApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await command(pilot, "edgemodules")
        table = app.screen.query_one("#modules-table", FittedColumns)
        await until(pilot, lambda: table.row_count >= 2 and table.has_focus)
        rows = [line for line in screen_text(app).splitlines() if "MQTT broker" in line]
        # it was "... /mosquitto/config/mosquitto.conf  1883:" (the table clipped at the edge)
        assert len(rows) == 1, rows
        assert "1883:1883" in rows[0], rows
        assert "/mosquitto/co…" in rows[0], rows


async def test_enter_shows_a_row_whole_with_the_columns_left_out(app: TestApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await command(pilot, "inventory")
        screen = app.screen
        screen.query_one(TabbedContent).active = "metrics"
        table = screen.query_one("#metrics-table", FittedColumns)
        await until(pilot, lambda: table.row_count >= 2 and table.has_focus)
        assert "id" not in table.widths  # a metric's 32-digit id gives way at 80 columns
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RowDetailScreen))
        detail = app.screen
        assert isinstance(detail, RowDetailScreen)
        cells = dict(detail.cells)
        assert [label for label, _ in detail.cells] == [
            c.label for c in MANAGE_COLUMNS["metrics-table"]
        ]
        assert cells["Id"].isalnum()  # whole, no ellipsis
        assert "…" not in "".join(cells.values())
        assert detail.title_text == cells["Metric"]
