"""Every dialog fits an 80x24 screen and scrolls inside when taller (issue 11 #6).

Each dialog is opened over the app at 80x24 with the simulator's data (the forms with their
real fleet, topics and channels; a confirmation, the problems list and a row with far more
text than 24 lines hold). Each must lie within the screen and above its footer, and its
focused widget must be on screen, inside every scrolling container around it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from iottui.api import IoTClient
from iottui.api.models import Dashboard, Fleet
from iottui.api.problems import ItemProblem
from iottui.ui import registry
from iottui.ui.dashboards.list_screen import DashboardNameForm
from iottui.ui.dashboards.widget_form import WidgetForm
from iottui.ui.manage.edge_forms import AssignForm, DeviceConfigForm, EdgeModuleForm
from iottui.ui.manage.form import FormScreen
from iottui.ui.manage.group_forms import GroupForm, ShareForm, UnshareForm
from iottui.ui.manage.history_export import ExportForm
from iottui.ui.manage.row_detail import RowDetailScreen
from iottui.ui.manage.rule_form import RuleForm
from iottui.ui.manage.rules import RuleDeleteForm
from iottui.ui.manage.sensor_forms import SensorForm
from iottui.ui.manage.topic_form import ChannelForm, TopicForm
from iottui.ui.registry import Selection
from iottui.ui.screens.actions_menu import ActionsMenu
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.help import HelpScreen
from iottui.ui.widgets.problems import ProblemsScreen

from ..helpers import TestApp, screen_text, settle, started, until

SIZE = (80, 24)
LONG = "\n".join(f"line {n}: " + "word " * 20 for n in range(60))

Factory = Callable[[], Screen[Any]]


async def factories(client: IoTClient, tmp_path: Path) -> dict[str, Factory]:
    """Every dialog of the app, made from the simulator's data."""
    fleet: Fleet = await client.fleet.get()
    group = fleet.groups[0]
    device = group.devices[0]
    sensor = device.sensors[0]
    topics = list(await client.topics.list())
    channels = list(await client.channels.list())
    modules = list(await client.edgemodules.list())
    configs = list(await client.deviceconfigs.list())
    rules = list(await client.rules.list())
    names = {t.id: t.name for t in topics}
    dashboard = Dashboard("d1", "Plant floor")
    commands = sorted(registry.catalog().values(), key=lambda c: c.title)
    rows = [(f"Column {n}", "value " * 30) for n in range(30)]
    problems = [ItemProblem(f"data[{n}].id", "missing") for n in range(80)]
    return {
        "dashboard name": lambda: DashboardNameForm(),
        "widget": lambda: WidgetForm(dashboard, fleet),
        "group new": lambda: GroupForm("create", fleet),
        "group rename": lambda: GroupForm("rename", fleet, group),
        "group devices": lambda: GroupForm("devices", fleet, group),
        "group share": lambda: ShareForm(group),
        "group unshare": lambda: UnshareForm(group),
        "rule new": lambda: RuleForm(fleet, names),
        "rule delete": lambda: RuleDeleteForm(rules, []),
        "sensor custom": lambda: SensorForm("custom", device),
        "sensor health": lambda: SensorForm("health", device),
        "sensor opcua": lambda: SensorForm("opcua", device),
        "sensor edit": lambda: SensorForm("custom", device, sensor),
        "topic": lambda: TopicForm(channels),
        "channel": lambda: ChannelForm(topics),
        "device config": lambda: DeviceConfigForm(modules),
        "edge module": lambda: EdgeModuleForm(),
        "assign": lambda: AssignForm(configs[0], fleet),
        "export": lambda: ExportForm(Selection(), [], tmp_path / "out.csv", LONG),
        "confirm": lambda: ConfirmScreen(Text(LONG), title="Delete?", action="Delete"),
        "actions menu": lambda: ActionsMenu(Text("Actions"), commands, False),
        "help": lambda: HelpScreen([("j", "Down", "table.down")] * 40),
        "problems": lambda: ProblemsScreen("Edge modules", problems),
        "row": lambda: RowDetailScreen("A row", rows),
    }


def scrolling_ancestors(widget: Widget) -> list[Widget]:
    return [a for a in widget.ancestors if isinstance(a, ScrollableContainer)]


def fits(name: str, screen: Screen[Any]) -> bool:
    try:
        check_fits(name, screen)
    except AssertionError:
        return False
    return True


def check_fits(name: str, screen: Screen[Any]) -> None:
    whole = Region(0, 0, *SIZE)
    footer = screen.query(Footer).first()
    above_footer = Region(0, 0, SIZE[0], footer.region.y)
    frames = [w for w in screen.children if not isinstance(w, Footer)]
    for frame in frames:
        assert above_footer.contains_region(frame.region), (name, frame, frame.region)
        # nothing of the dialog is cut off: its title, fields, message and buttons (a dialog
        # that is one scrolling frame scrolls them instead)
        parts = [] if isinstance(frame, ScrollableContainer) else frame.children
        for part in parts:
            if part.display and part.region.height:
                assert frame.region.contains_region(part.region), (name, part, part.region)
    focused = screen.focused
    assert focused is not None, f"{name}: nothing has the focus"
    region = focused.region
    assert region.area, (name, focused, "has no lines")
    assert whole.contains_region(region), (name, focused, region)
    for container in scrolling_ancestors(focused):
        # at least the focused widget's first line is inside what its container shows
        assert container.region.contains_point(region.offset), (name, focused, container)


@pytest.mark.slow
async def test_every_dialog_fits_80x24(app: TestApp, client: IoTClient, tmp_path: Path) -> None:
    made = await factories(client, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        base = app.screen
        for name, factory in made.items():
            dialog = factory()
            app.push_screen(dialog)
            await until(pilot, lambda: app.screen is dialog and dialog.is_mounted)  # noqa: B023 - awaited here
            await settle(pilot)
            try:
                # the fit runs after the layouts that follow a change: wait for it (bounded)
                await until(pilot, lambda: fits(name, dialog))  # noqa: B023 - awaited here
                check_fits(name, dialog)
                if isinstance(dialog, FormScreen):
                    # a message of several lines (the server's refusal) takes lines from
                    # the fields, not from the screen
                    dialog.set_message("\n".join(f"refused: reason {n}" for n in range(6)))
                    await settle(pilot)
                    with_message = f"{name} with a message"
                    await until(pilot, lambda: fits(with_message, dialog))  # noqa: B023
                    check_fits(with_message, dialog)
            except AssertionError:
                print(screen_text(app))
                raise
            app.pop_screen()
            await until(pilot, lambda: app.screen is base)


async def test_the_one_confirmation_never_confirms_on_a_stray_enter(app: TestApp) -> None:
    """Alarm closes, rule toggles and management deletes share one dialog: Enter presses the
    focused Cancel, only y (or the action button) confirms."""
    answers: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for key, expected in (("enter", False), ("n", False), ("escape", False), ("y", True)):
            dialog = ConfirmScreen("Close 3 alarms?", action="Close")
            app.push_screen(dialog, answers.append)
            await until(pilot, lambda: app.screen is dialog)  # noqa: B023 - awaited here
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not dialog)  # noqa: B023 - awaited here
            assert answers[-1] is expected, key
