"""The footer recomposes only when what it shows changes (a focus move between widgets with the
same keys shown mounts nothing), and still follows a change of the keys shown."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button

from iottui.ui.widgets.footer import FooterKey, LeanFooter

from .helpers import until


class Keyed(Button):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "noop", "Extra")]

    def action_noop(self) -> None:
        pass


class FooterApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("z", "noop", "Zed")]

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield Keyed("keyed", id="keyed")
        yield LeanFooter()

    def action_noop(self) -> None:
        pass


def shown_actions(app: FooterApp) -> set[str]:
    return {key.action for key in app.query_one(LeanFooter).query(FooterKey)}


async def test_the_footer_recomposes_only_when_its_keys_change() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        footer = app.query_one(LeanFooter)
        recomposed: list[bool] = []
        recompose = footer.recompose

        async def counting() -> None:
            recomposed.append(True)
            await recompose()

        footer.recompose = counting  # type: ignore[method-assign]
        app.query_one("#one").focus()
        await until(pilot, lambda: "noop" in shown_actions(app))
        await pilot.pause()
        recomposed.clear()
        for target in ("#two", "#one", "#two"):  # the same keys shown: nothing to redo
            app.query_one(target).focus()
            await pilot.pause()
            await pilot.pause()
        assert recomposed == []
        app.query_one("#keyed").focus()  # one more key shown
        await until(pilot, lambda: any(k.key == "x" for k in footer.query(FooterKey)))
        assert recomposed
