"""Group forms against the simulator: create, rename, devices, delete, share, unshare,
validation, server errors keeping input, confirmations, permissions, read-only."""

from __future__ import annotations

import pytest
from textual.widgets import SelectionList

from iottui.api import IoTClient
from iottui.ui.manage.confirm import ConfirmScreen
from iottui.ui.manage.group_forms import GroupForm
from iottui.ui.registry import Selection

from ..helpers import TestApp
from .util import (
    field_error,
    fleet,
    form,
    message,
    notices,
    run,
    save,
    settle,
    started,
    top,
    type_in,
)


async def test_create_group_validates_then_creates(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        f = await fleet(pilot)
        device = next(f.devices())
        await run(pilot, "group-new", Selection("device", device=device))
        assert isinstance(pilot.app.screen, GroupForm)
        # The selected device is pre-ticked.
        assert pilot.app.screen.query_one("#devices", SelectionList).selected == [device.id]
        before = client.stats.request_count
        await save(pilot)
        assert "must not be empty" in field_error(pilot, "name")
        assert client.stats.request_count == before  # nothing sent
        await type_in(pilot, "#name", "Cold storage")
        await save(pilot)
        assert not isinstance(top(pilot), GroupForm)
        groups = {g.name: g for g in await client.groups.list()}
        assert [d.tv_id for d in groups["Cold storage"].devices] == [device.id]
        assert any("Cold storage" in n for n in notices(pilot))


async def test_server_error_keeps_the_form_and_what_was_typed(
    app: TestApp, client: IoTClient
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        group = (await fleet(pilot)).groups[0]
        await run(pilot, "group-rename", Selection("group", group=group))
        await type_in(pilot, "#name", "Renamed hall")
        await client.groups.delete(group.id)  # someone else deletes it meanwhile
        await save(pilot)
        screen = form(pilot)
        assert "server refused" in message(pilot)
        assert str(group.id) in message(pilot)
        assert screen.query_one("#name").value == "Renamed hall"  # type: ignore[attr-defined]


async def test_delete_asks_naming_the_group_and_cancel_keeps_it(
    app: TestApp, client: IoTClient
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        group = (await fleet(pilot)).groups[1]
        await run(pilot, "group-delete", Selection("group", group=group))
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert group.name in str(confirm.query_one("#confirm-body").render())
        await pilot.press("enter")  # focus starts on Cancel
        await pilot.pause()
        assert group.id in {g.id for g in await client.groups.list()}
        await run(pilot, "group-delete", Selection("group", group=group))
        await pilot.press("y")
        await settle(pilot)
        assert group.id not in {g.id for g in await client.groups.list()}


async def test_permission_refuses_with_the_reason(app: TestApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        shared = next(g for g in (await fleet(pilot)).groups if not g.permission.can_write)
        await run(pilot, "group-delete", Selection("group", group=shared))
        await run(pilot, "group-rename", Selection("group", group=shared))
        assert not isinstance(pilot.app.screen, (ConfirmScreen, GroupForm))
        assert any("Read only" in n and "deleting" in n for n in notices(pilot))
        assert any("changing it needs" in n for n in notices(pilot))


async def test_share_and_unshare(app: TestApp, client: IoTClient) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        group = (await fleet(pilot)).groups[0]
        contact = (await client.contacts.list())[1]
        await run(pilot, "group-share", Selection("group", group=group))
        await save(pilot)
        assert "at least one contact" in field_error(pilot, "contacts")
        form(pilot).query_one("#contacts", SelectionList).select(contact.id)
        await save(pilot)
        info = {g.id: g for g in await client.groups.list()}[group.id]
        assert [(s.user_id, int(s.permission)) for s in info.shared_with] == [(contact.id, 1)]
        shared_group = next(g for g in (await fleet(pilot)).groups if g.id == group.id)
        await run(pilot, "group-unshare", Selection("group", group=shared_group))
        form(pilot).query_one("#contacts", SelectionList).select(contact.id)
        await save(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert contact.name in str(pilot.app.screen.query_one("#confirm-body").render())
        await pilot.press("y")
        await settle(pilot)
        info = {g.id: g for g in await client.groups.list()}[group.id]
        assert info.shared_with == ()


async def test_read_only_disables_save_and_says_why(app: TestApp) -> None:
    app.read_only = True
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        pilot.app.push_screen(GroupForm("create", await fleet(pilot)))
        await pilot.pause()
        screen = form(pilot)
        assert screen.query_one("#save").disabled
        assert "Read-only" in str(screen.query_one("#form-readonly").render())
        group = (await fleet(pilot)).groups[0]
        await run(pilot, "group-delete", Selection("group", group=group))
        assert not isinstance(pilot.app.screen, ConfirmScreen)


async def test_actions_menu_disables_what_the_permission_forbids(app: TestApp) -> None:
    from rich.text import Text
    from textual.widgets import OptionList

    from iottui.ui.registry import catalog
    from iottui.ui.screens.actions_menu import ActionsMenu, commands_for

    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        shared = next(g for g in (await fleet(pilot)).groups if not g.permission.can_write)
        selection = Selection("group", group=shared)
        pilot.app.push_screen(
            ActionsMenu(Text("x"), commands_for(selection, catalog().values()), False, selection)
        )
        await settle(pilot)
        options = pilot.app.screen.query_one(OptionList)
        by_id = {
            options.get_option_at_index(i).id: options.get_option_at_index(i)
            for i in range(options.option_count)
        }
        delete = by_id["group-delete"]
        assert delete.disabled
        assert "Read only" in str(delete.prompt)
        assert not by_id["group-new"].disabled


async def test_server_names_are_shown_as_text_never_markup(app: TestApp, client: IoTClient) -> None:
    """A name that looks like markup is shown literally (the simulator refuses control
    characters; :func:`iottui.ui.manage.common.clean` removing them is unit-tested)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        evil = "[bold red]Boom[/] [link=http://x]y"
        created = await client.groups.create(evil)
        group = next(g for g in (await fleet(pilot)).groups if g.id == created.id)
        await run(pilot, "group-delete", Selection("group", group=group))
        body = pilot.app.screen.query_one("#confirm-body").render()
        assert "[bold red]Boom[/]" in str(body)
        assert "[link=http://x]y" in str(body)


async def test_client_validation_error_lands_beside_its_field(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iottui.api.errors import ValidationError
    from iottui.api.resources.edgemodules import EdgeModulesResource
    from iottui.ui.manage.edge_forms import EdgeModuleForm

    async def refuse(*args: object, **kwargs: object) -> None:
        raise ValidationError("image names are lowercase here", field="docker_image_name")

    monkeypatch.setattr(EdgeModulesResource, "create", refuse)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        pilot.app.push_screen(EdgeModuleForm())
        await settle(pilot)
        await type_in(pilot, "#name", "Broker")
        await type_in(pilot, "#docker-image-name", "Mosquitto")
        await save(pilot)
        assert isinstance(pilot.app.screen, EdgeModuleForm)
        assert "lowercase" in field_error(pilot, "docker-image-name")
        assert pilot.app.screen.query_one("#docker-image-name").value == "Mosquitto"  # type: ignore[attr-defined]
