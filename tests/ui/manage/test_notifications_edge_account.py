"""Notifications (topics, channels, unconfirmed), edge (modules, configurations, assign) and
account (token show/copy/regenerate, contacts) screens against the simulator."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import DataTable, Select, TabbedContent

from iottui.api import IoTClient
from iottui.api.enums import ChannelState
from iottui.ui.manage.account import AccountScreen
from iottui.ui.manage.confirm import ConfirmScreen
from iottui.ui.manage.edge import EdgeScreen
from iottui.ui.manage.edge_forms import AssignForm, EdgeModuleForm
from iottui.ui.manage.inventory import InventoryScreen
from iottui.ui.manage.notifications import NotificationsScreen
from iottui.ui.manage.picker import Picker
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.manage.topic_form import ChannelForm, TopicForm

from ..helpers import TestApp
from .util import field_error, form, run, save, screen_text, settle, started, type_in, until


def _select_row(table: DataTable[Any], key: str) -> None:
    screen = table.screen
    assert isinstance(screen, ManageScreen)
    table.move_cursor(row=screen.row_of(table, key))


async def test_topics_and_channels(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "channels")
        screen = pilot.app.screen
        assert isinstance(screen, NotificationsScreen)
        await until(pilot, lambda: bool(screen.channels))
        assert screen.query_one(TabbedContent).active == "channels"
        text = screen_text(pilot.app)
        if any(c.unconfirmed for c in screen.channels):
            assert "UNCONFIRMED" in text
        # New webhook channel: validation beside the fields, then created.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ChannelForm)
        form(pilot).query_one("#type", Select).value = 1
        await type_in(pilot, "#name", "Pager")
        await type_in(pilot, "#target", "ops@example.com")
        await type_in(pilot, "#timezone", "Berlin")
        await save(pilot)
        assert "http(s) URL" in field_error(pilot, "target")
        assert "GMT+02:00 Europe/Berlin" in field_error(pilot, "timezone")
        await type_in(pilot, "#target", "https://hooks.example.com/iot")
        await type_in(pilot, "#timezone", "GMT+01:00 Europe/Vienna")
        await type_in(pilot, "#new-topics", "Pager topic")
        await save(pilot)
        await until(pilot, lambda: any(c.name == "Pager" for c in screen.channels))
        pager = next(c for c in screen.channels if c.name == "Pager")
        assert [t.name for t in pager.topics] == ["Pager topic"]
        # Deactivate it with `a`.
        table = screen.query_one("#channels-table", DataTable)
        _select_row(table, pager.id)
        await pilot.press("a")
        await settle(pilot)
        state = {c.id: c for c in await client.channels.list()}[pager.id].state
        assert state == ChannelState.DISABLED
        # Topics tab: edit a topic's channels, removing one asks first.
        screen.query_one(TabbedContent).active = "topics"
        await until(pilot, lambda: any(t.name == "Pager topic" for t in screen.topics))
        topic = next(t for t in screen.topics if t.name == "Pager topic")
        _select_row(screen.query_one("#topics-table", DataTable), topic.id)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TopicForm)
        picker = form(pilot).query_one("#channels", Picker)
        picker.set_items(picker.items, [])
        await save(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "Pager" in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: isinstance(pilot.app.screen, NotificationsScreen))
        topic_now = {t.id: t for t in await client.topics.list()}[topic.id]
        assert topic_now.channels == ()
        # Delete the topic, confirming.
        await until(pilot, lambda: screen.selected_topic() is not None)
        _select_row(screen.query_one("#topics-table", DataTable), topic.id)
        await pilot.press("d")
        await settle(pilot)
        assert "Pager topic" in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await settle(pilot)
        assert topic.id not in {t.id for t in await client.topics.list()}


async def test_edge_modules_configs_and_assign(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "edgemodules")
        screen = pilot.app.screen
        assert isinstance(screen, EdgeScreen)
        await until(pilot, lambda: bool(screen.modules))
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EdgeModuleForm)
        await type_in(pilot, "#name", "Grafana")
        await type_in(pilot, "#docker-image-name", "grafana/grafana")
        await type_in(pilot, "#startup-file", "/srv/start")
        await type_in(pilot, "#port-mapping", "3000:3000, 99999:1")
        await save(pilot)
        assert "A-Z, a-z, 0-9, _ and -" in field_error(pilot, "docker-image-name")
        assert "extension" in field_error(pilot, "startup-file")
        assert "1-65535" in field_error(pilot, "port-mapping")
        await type_in(pilot, "#docker-image-name", "grafana-oss")
        await type_in(pilot, "#startup-file", "/srv/start.sh")
        await type_in(pilot, "#port-mapping", "3000:3000")
        await save(pilot)
        await until(pilot, lambda: any(m.name == "Grafana" for m in screen.modules))
        module = next(m for m in screen.modules if m.name == "Grafana")
        assert module.docker_image_name == "grafana-oss"
        assert [(p.host_port, p.container_port) for p in module.container_options.port_mapping] == [
            (3000, 3000)
        ]
        # A configuration using it, then assigned to a group.
        screen.query_one(TabbedContent).active = "configs"
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_in(pilot, "#name", "With Grafana")
        picker = form(pilot).query_one("#modules", Picker)
        picker.set_items(picker.items, [module.id])
        await save(pilot)
        await until(pilot, lambda: any(c.name == "With Grafana" for c in screen.configs))
        config = next(c for c in screen.configs if c.name == "With Grafana")
        assert config.edge_module_ids == (module.id,)
        assert config.edge_management_enabled is True
        _select_row(screen.query_one("#configs-table", DataTable), config.id)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssignForm)
        groups = form(pilot).query_one("#groups", Picker)
        first_group = groups.items[0].value
        groups.set_items(groups.items, [first_group])
        await save(pilot)
        await settle(pilot)
        assigned = {c.id: c for c in await client.deviceconfigs.list()}[config.id]
        assert assigned.assignments.groups == (first_group,)
        # Deleting the module asks first and names it.
        screen.query_one(TabbedContent).active = "modules"
        await settle(pilot)
        _select_row(screen.query_one("#modules-table", DataTable), module.id)
        await pilot.press("d")
        await settle(pilot)
        assert "Grafana" in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("n")
        await settle(pilot)
        assert module.id in {m.id for m in await client.edgemodules.list()}


async def test_account_token_and_contacts(
    app: TestApp, monkeypatch: pytest.MonkeyPatch, client: IoTClient
) -> None:
    copied: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(pilot.app, "copy_to_clipboard", copied.append)
        await started(pilot)
        await run(pilot, "account")
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen)
        await until(pilot, lambda: screen.user is not None)
        user = await client.account.user()
        text = screen_text(pilot.app)
        assert user.display_name in text
        assert "hidden" in text
        token = await client.account.token()
        assert token not in text
        await pilot.press("t")
        await until(pilot, lambda: screen.token is not None)
        assert token in screen_text(pilot.app)
        await pilot.press("c")
        assert copied == [token]
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: screen.token != token)
        assert screen.token == await client.account.token()
        screen.query_one(TabbedContent).active = "contacts"
        await settle(pilot)
        contacts = await client.contacts.list()
        assert screen.query_one("#contacts-table", DataTable).row_count == len(contacts)
        assert contacts[0].state.label in screen_text(pilot.app)


async def test_read_only_screens_refuse_writes(app: TestApp) -> None:
    app.read_only = True
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "edgemodules")
        screen = pilot.app.screen
        await until(pilot, lambda: bool(screen.modules))  # type: ignore[attr-defined]
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert form(pilot).query_one("#save").disabled
        await pilot.press("escape")
        await run(pilot, "account")
        await pilot.press("R")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert any("Read-only" in str(n.message) for n in pilot.app._notifications)


async def test_inventory_lists_everything_with_counts(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await run(pilot, "inventory")
        screen = pilot.app.screen
        assert isinstance(screen, InventoryScreen)
        table = screen.query_one("#metrics-table", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        devices = await client.devices.list()
        count = await client.sensors.count()
        assert screen.query_one("#devices-table", DataTable).row_count == len(devices)
        assert f"{len(devices)} device(s) · {count} sensor(s)" in screen_text(pilot.app)


def test_every_operation_named_by_a_command_exists() -> None:
    from iottui.api.routes import OPERATIONS_BY_ID
    from iottui.ui.registry import catalog

    named = {op for cmd in catalog().values() for op in cmd.operations}
    assert named
    assert named <= set(OPERATIONS_BY_ID)
