"""The same keys in every management list (issue 11 #7): ``j/k`` move a row, ``g``/``Home``
the first row, ``G``/``End`` the last, ``Enter`` opens the row, ``Esc`` goes back.

One pilot walks every list of every management screen as a user would: the screen opened from
the ``:`` line, its list focused without a key, the cursor moved by each key, ``Enter``
opening what the row opens (a dashboard, a form, the row whole), ``Esc`` back to the list with
the cursor where it was, ``Esc`` back to the main screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, TabbedContent

from iottui.ui.dashboards.dashboard_screen import DashboardScreen
from iottui.ui.manage.edge_forms import DeviceConfigForm, EdgeModuleForm
from iottui.ui.manage.row_detail import RowDetailScreen
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.manage.topic_form import ChannelForm, TopicForm
from iottui.ui.widgets.keyed_table import KeyedTable

from ..helpers import TestApp, command, main_screen, started, until


@dataclass(frozen=True)
class List:
    tab: str | None
    table: str
    opens: type[Screen[Any]]


#: Each management screen (the ``:`` command that opens it) and its lists.
SCREENS: dict[str, tuple[List, ...]] = {
    "dashboards": (List(None, "dashboards-table", DashboardScreen),),
    "topics": (
        List("topics", "topics-table", TopicForm),
        List("channels", "channels-table", ChannelForm),
    ),
    "deviceconfigs": (
        List("configs", "configs-table", DeviceConfigForm),
        List("modules", "modules-table", EdgeModuleForm),
    ),
    "contacts": (List("contacts", "contacts-table", RowDetailScreen),),
    "inventory": (
        List("devices", "devices-table", RowDetailScreen),
        List("sensors", "sensors-table", RowDetailScreen),
        List("metrics", "metrics-table", RowDetailScreen),
    ),
}


@pytest.mark.slow
async def test_every_management_list_has_the_table_keys(app: TestApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        main = main_screen(app)
        for name, lists in SCREENS.items():
            await command(pilot, name)
            screen = app.screen
            assert isinstance(screen, ManageScreen), name
            for spec in lists:
                if spec.tab is not None:
                    screen.query_one(TabbedContent).active = spec.tab
                table = screen.query_one(f"#{spec.table}", DataTable)
                assert isinstance(table, KeyedTable), spec
                await until(pilot, lambda: table.row_count >= 2 and table.has_focus)  # noqa: B023 - awaited here
                last = table.row_count - 1
                for key, row in (
                    ("G", last),
                    ("k", last - 1),
                    ("g", 0),
                    ("j", 1),
                    ("end", last),
                    ("home", 0),
                    ("j", 1),
                ):
                    await pilot.press(key)
                    assert table.cursor_row == row, (spec, key, table.cursor_row)
                await pilot.press("enter")
                await until(pilot, lambda: isinstance(app.screen, spec.opens))  # noqa: B023 - awaited here
                await pilot.press("escape")
                await until(pilot, lambda: app.screen is screen)  # noqa: B023 - awaited here
                assert table.cursor_row == 1, spec
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is main)
