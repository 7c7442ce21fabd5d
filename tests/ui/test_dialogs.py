"""The causes of the hidden dialog (issue 11 #8), each on demand."""

from __future__ import annotations

import asyncio

import pytest

from iottui.api import IoTClient
from iottui.api.models import Topic
from iottui.api.problems import ReadList
from iottui.api.resources.topics import TopicsResource
from iottui.clock import FixedClock
from iottui.sim.runner import SimServer
from iottui.ui.manage.rule_form import RuleForm
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.main import MainScreen

from .helpers import TestApp, make_alarms, settle, started, until


def hold_topics(monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Topic reads wait until the returned event is set (the rule form loads topics first)."""
    gate = asyncio.Event()
    real = TopicsResource.list

    async def held_topics(self: TopicsResource) -> ReadList[Topic]:
        await gate.wait()
        return await real(self)

    monkeypatch.setattr(TopicsResource, "list", held_topics)
    return gate


async def test_a_form_that_arrives_late_is_not_stacked_over_a_newer_dialog(
    app: TestApp,
    sim: SimServer,
    client: IoTClient,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``E`` asks the server first; ``e`` meanwhile opens "Disable rule?". The form must not
    land over the confirmation (which would wait there, hidden, for a ``y``)."""
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await make_alarms(sim, client, clock)
        await pilot.press("r")
        await settle(pilot)
        gate = hold_topics(monkeypatch)
        app.run_command("rule-edit")  # its worker awaits the topics before opening the form
        await pilot.press("e")  # "Disable rule?" opens meanwhile
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert not any(isinstance(s, RuleForm) for s in app.screen_stack)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_a_second_answer_does_not_close_the_screen_below(app: TestApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        answers: list[bool | None] = []
        dialog = ConfirmScreen("Sure?")
        app.push_screen(dialog, answers.append)
        await until(pilot, lambda: app.screen is dialog)
        dialog.dismiss(True)
        dialog.dismiss(False)  # a key queued before the first answer closed it
        await settle(pilot)
        assert answers == [True]
        assert isinstance(app.screen, MainScreen)


async def test_an_answer_under_another_dialog_waits_until_it_is_on_top(app: TestApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        answers: list[bool | None] = []
        below, above = ConfirmScreen("Below?"), ConfirmScreen("Above?")
        app.push_screen(below, answers.append)
        await until(pilot, lambda: app.screen is below)
        app.push_screen(above)
        await until(pilot, lambda: app.screen is above)
        below.dismiss(True)  # e.g. a worker finishing: Textual would pop ``above``
        await settle(pilot)
        assert app.screen is above
        assert answers == []
        above.dismiss(False)
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert answers == [True]


async def test_a_form_that_arrives_after_keys_were_typed_is_dropped(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys typed while a command waits for the server were meant for the screen the user saw:
    a form opening late must not take them as its text."""
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        gate = hold_topics(monkeypatch)
        app.run_command("rule-new")
        await pilot.press("j")
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert not any(isinstance(s, RuleForm) for s in app.screen_stack)
