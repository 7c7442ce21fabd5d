"""The fleet browser's filter keys and the main screen's pane keys (issue 11 #6, #7): clearing the
filter keeps the cursor's place, ``Down`` moves to the matches, ``Enter`` to the first match (a
device, sensor or metric, never a group); ``w`` narrows then hides the tree pane; ``L`` shows the
last error in full."""

from __future__ import annotations

from textual.widgets import Input

from iottui.api.errors import IoTError
from iottui.ui import messages as msg
from iottui.ui.screens.last_error import LastErrorScreen
from iottui.ui.views.fleet_browser import FleetBrowser
from iottui.ui.widgets.fleet_tree import FleetTree, Key
from iottui.ui.widgets.group_pane import GroupDevices

from .helpers import TestApp, main_screen, screen_text, settle, started, until


def cursor_key(tree: FleetTree) -> Key | None:
    return tree.cursor_key()


def on_a_match(tree: FleetTree) -> bool:
    """The cursor is on a device, sensor or metric (not a group, not nowhere)."""
    key = tree.cursor_key()
    return key is not None and key[0] in ("device", "sensor", "metric")


async def test_filter_down_enter_and_clear_keep_the_cursor(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        assert tree.index is not None
        # a sensor name that several devices share: the first match is a sensor, not its group
        device = next(d for d in tree.index.devices.values() if d.sensors)
        sensor = device.sensors[0]
        needle = sensor.name
        await pilot.press("slash")
        box = screen.query_one("#tree-filter", Input)
        assert box.has_focus
        await pilot.press(*needle)
        await pilot.press("down")
        await until(pilot, lambda: tree.has_focus and tree.filter is not None)
        await until(pilot, lambda: on_a_match(tree))
        first = tree.cursor_node
        assert first is not None
        assert first.data is not None
        assert first.data.kind in ("device", "sensor", "metric")
        shown = first.data
        await until(pilot, lambda: screen.node == shown)

        # Enter in the box: the first match again, shown at once
        await pilot.press("k", "k")
        await pilot.press("slash")
        assert box.has_focus
        await pilot.press("enter")
        await until(pilot, lambda: tree.has_focus and tree.cursor_node is first)
        await until(pilot, lambda: screen.node == shown)
        assert screen.query_one("#panes").current != "group-pane"

        # move onto another match, then clear: the whole tree, the cursor on the same node
        await pilot.press("j")
        await settle(pilot)
        kept = cursor_key(tree)
        assert kept is not None
        await pilot.press("escape")
        await until(pilot, lambda: tree.filter is None and not box.display)
        await until(pilot, lambda: cursor_key(tree) == kept)
        assert tree.has_focus
        assert len(tree.root.children) == len(tree.index.groups), "not the whole tree"


async def test_emptying_the_filter_box_keeps_the_cursor(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        assert tree.index is not None
        device = next(iter(tree.index.devices.values()))
        await pilot.press("slash", *device.name, "enter")
        await until(pilot, lambda: on_a_match(tree))
        kept = cursor_key(tree)
        await pilot.press("slash")
        box = screen.query_one("#tree-filter", Input)
        box.value = ""  # as backspace over the whole text
        await until(pilot, lambda: tree.filter is None)
        await until(pilot, lambda: cursor_key(tree) == kept)


async def test_enter_in_the_filter_never_lands_on_a_group(app: TestApp) -> None:
    """A text that matches a device by name: Enter goes to that device (before: the group)."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        assert tree.index is not None
        device = list(tree.index.devices.values())[-1]
        await pilot.press("slash", *device.name, "enter")
        await until(pilot, lambda: screen.node is not None and screen.node.kind == "device")
        assert screen.node is not None
        assert screen.node.device_id is not None
        found = tree.index.devices[screen.node.device_id]
        assert device.name.lower() in found.name.lower()


async def test_w_narrows_then_hides_the_tree(app: TestApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        left = screen.query_one("#left")
        wide = left.outer_size.width
        await pilot.press("w")
        await settle(pilot)
        assert left.display
        assert left.outer_size.width < wide
        await pilot.press("w")
        await settle(pilot)
        assert not left.display
        # nothing hidden keeps the focus: keys reach the screen, not a tree no one sees
        assert screen.focused is None or screen.focused.display
        assert not screen.query_one(FleetBrowser).has_focus_within
        assert "Select a group" in screen_text(app) or screen.node is not None
        await pilot.press("w")
        await settle(pilot)
        assert left.display
        assert left.outer_size.width == wide
        assert screen.query_one(FleetTree).has_focus
        # the alarms tab takes the whole width whatever w chose; the tree comes back after
        await pilot.press("w", "w", "a")
        await settle(pilot)
        assert not left.display
        await pilot.press("i")
        await settle(pilot)
        assert not left.display, "the hidden tree came back with the detail tab"


async def test_last_error_in_full_on_L(app: TestApp) -> None:
    long_text = "the server said: " + "x" * 150 + " END"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        screen.poller.paused = True  # the server's answers must not change the state meanwhile
        assert not screen.check_action("last_error", ())  # no error yet: no key in the footer
        screen.post_message(msg.CallFailed("alarms", IoTError(long_text)))
        await until(pilot, lambda: screen.status.status.state == "error")
        assert "END" not in screen_text(app), "the status line has room for it all?"
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LastErrorScreen))
        text = "".join(screen_text(app).split())
        assert "alarmsfailed:" in text
        assert "END" in text
        assert text.count("x") >= 150
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is main_screen(app))
        # the error stays readable after the server answers again (marked resolved)
        screen.post_message(msg.CallSucceeded("alarms"))
        await until(pilot, lambda: screen.status.status.state != "error")
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LastErrorScreen))
        assert "resolved" in screen_text(app)


async def test_the_group_pane_fits_80_columns(app: TestApp) -> None:
    """The group's devices table fits its pane: no sideways scrolling, so no horizontal
    scrollbar (it showed as one stray cell above the status line at 80x24)."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await until(pilot, lambda: screen.query_one("#panes").current == "group-pane")
        table = screen.query_one(GroupDevices)
        await until(pilot, lambda: table.row_count > 0)
        await settle(pilot)
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width <= table.size.width
        lines = screen_text(app).splitlines()
        above_status = lines[-3]
        assert above_status[31:].strip() == "", f"stray cells: {above_status!r}"
        assert "Device" in screen_text(app)
        assert "State" in screen_text(app)


async def test_back_from_the_alarms_tab_the_tree_has_the_focus(app: TestApp) -> None:
    """``i`` (or Esc) from the alarms tab: the tree has the keys again (``/`` filters; the focus
    was lost once, when the tree was still hidden as the tab switched)."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert screen.query_one(FleetTree).has_focus
        await pilot.press("slash")
        assert screen.query_one("#tree-filter", Input).has_focus
