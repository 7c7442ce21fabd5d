"""Fleet tree: lazy loading, navigation, filter, literal server names, :device."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from iottui.api import IoTClient
from iottui.ui.messages import FleetLoaded
from iottui.ui.widgets.fleet_tree import FleetTree

from .helpers import TestApp, command, main_screen, poll, screen_text, settle, started, until


async def test_tree_builds_nodes_only_on_expand(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        groups = list(tree.root.children)
        assert groups, "no groups shown"
        assert all(not g.children for g in groups), "groups were built before expanding"
        first = groups[0]
        assert tree.cursor_node is first
        await pilot.press("l")
        await settle(pilot)
        assert first.is_expanded
        devices = list(first.children)
        assert len(devices) == len(tree.index.groups[first.data.group_id].devices)
        assert all(not d.children for d in devices), "devices were built before expanding"
        await pilot.press("j", "l")
        await settle(pilot)
        device_node = devices[0]
        assert device_node.children, "device did not load its sensors"
        assert device_node.children[0].data.kind == "sensor"
        await pilot.press("h")
        assert not device_node.is_expanded
        await pilot.press("h")
        assert tree.cursor_node is first
        await pilot.press("G")
        assert tree.cursor_node is groups[-1]
        await pilot.press("g")
        assert tree.cursor_node is first


async def test_detail_follows_selection(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        await pilot.press("l", "j")
        await settle(pilot)
        assert screen.selection.kind == "device"
        device = screen.selection.device
        await poll(pilot)
        text = screen_text(app)
        assert device.name in text
        assert device.sensors[0].name in text
        await pilot.press("k")
        await settle(pilot)
        assert screen.selection.kind == "group"
        assert app.selection.group is not None
        # :device jumps to a device anywhere in the fleet (opening its group)
        target = list(screen.query_one(FleetTree).index.devices.values())[-1]
        await command(pilot, f"device {target.name}")
        assert screen.selection.kind == "device"
        assert screen.selection.device.id == target.id
        await command(pilot, "nosuchcommand")
        assert main_screen(app) is screen


def applied(tree: FleetTree, query: str) -> bool:
    return tree.filter is not None and tree.filter.query == query.lower()


async def test_filter_keeps_ancestors_and_escape_clears(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        target = next(iter(tree.index.devices.values()))
        await pilot.press("slash")
        box = screen.query_one("#tree-filter", Input)
        assert box.has_focus
        await pilot.press(*target.name[:3])
        box.value = target.name  # the rest at once (each key refilters; typing is slow)
        await until(
            pilot, lambda: tree.filter is not None and tree.filter.query == box.value.lower()
        )
        shown = [d.data.device_id for g in tree.root.children for d in g.children if d.data]
        assert target.id in shown
        assert all(g.is_expanded for g in tree.root.children), "ancestors not opened"
        assert len(shown) < len(tree.index.devices)
        metric = target.sensors[0].metrics[0]
        await pilot.press("escape")
        await settle(pilot)
        assert sum(1 for _ in tree.root.children) == len(tree.index.groups)
        assert not any(g.is_expanded for g in tree.root.children)
        # a metric name finds its device and opens the path down to the sensor
        await pilot.press("slash")
        box.value = metric.name
        await until(
            pilot, lambda: tree.filter is not None and tree.filter.query == box.value.lower()
        )
        await settle(pilot)
        sensors = [
            s.data.sensor_id
            for g in tree.root.children
            for d in g.children
            for s in d.children
            if s.data
        ]
        assert target.sensors[0].id in sensors


async def test_server_names_are_shown_literally(client: IoTClient, app: TestApp) -> None:
    """Markup in names (set through the API) and escape sequences (which the simulator refuses,
    so they are injected into the loaded fleet) must appear as typed, never interpreted."""
    markup = "[bold red]x[/]"
    groups = await client.groups.list()
    await client.groups.update(groups[0].id, name=markup)
    sensors = await client.sensors.list()
    await client.sensors.update(sensors[0].id, name=markup)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        labels = [g.label.plain for g in tree.root.children]
        assert any(label.startswith(markup) for label in labels), labels
        assert markup in screen_text(app)
        device_name = sensors[0].device.name if sensors[0].device else None
        assert device_name is not None
        await command(pilot, f"device {device_name}")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        node = tree.cursor_node
        assert node is not None
        assert any(markup in c.label.plain for c in node.children)
        # an escape sequence in a device name
        fleet = screen.fleet
        group = fleet.groups[0]
        evil = replace(group.devices[0], name="evil\x1b[2J\x1b]52;c;AAAA\x07")
        fleet = replace(
            fleet, groups=(replace(group, devices=(evil, *group.devices[1:])), *fleet.groups[1:])
        )
        screen.post_message(FleetLoaded(fleet))
        await settle(pilot)
        await command(pilot, f"device {evil.id}")
        await settle(pilot)
        assert tree.cursor_node.label.plain.startswith("● evil\\x1b[2J\\x1b]52;c;AAAA\\x07") or (
            tree.cursor_node.label.plain.startswith("○ evil\\x1b[2J\\x1b]52;c;AAAA\\x07")
        )
        text = screen_text(app)
        assert "evil\\x1b[2J" in text
        assert "\x1b" not in text
