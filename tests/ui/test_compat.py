"""Each private Textual name iottui relies on (all listed in ``iottui.ui.compat``) is still
there, with the parameters our overrides expect: an upgrade that changes one fails here, by
name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from iottui.ui import compat
from iottui.ui.widgets.footer import LeanFooter

UI = Path(compat.__file__).parent


def test_every_private_name_is_there() -> None:
    assert compat.missing_private_names() == []


def test_overridden_private_methods_keep_their_parameters() -> None:
    assert compat.changed_overrides() == []


@pytest.mark.parametrize(("user", "names"), [(u, n) for u, _cls, n in compat.private_names()])
def test_each_entry_names_the_module_that_uses_it(user: str, names: tuple[str, ...]) -> None:
    # the list stays true: the module it names exists and uses every name listed for it
    source = (UI / user.split()[0].rstrip(":")).read_text()
    assert [n for n in names if n not in source] == []


def test_no_other_module_imports_textual_privately() -> None:
    private = re.compile(r"from textual[\w.]*\._\w+ import|from textual[\w.]* import _")
    users = [p.relative_to(UI) for p in UI.rglob("*.py") if private.search(p.read_text())]
    assert users == [Path("compat.py")]


async def test_footer_keys_come_with_a_data_bind_that_can_be_dropped() -> None:
    # Textual's Footer records a data_bind on each key it composes; LeanFooter drops it
    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("x")

    app = Probe()
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = [w for w in Footer().compose() if isinstance(w, compat.FooterKey)]
        assert keys == [] or all(compat.drop_data_bind(k) for k in keys)
        lean = [w for w in LeanFooter().compose() if isinstance(w, compat.FooterKey)]
        assert not any(compat.drop_data_bind(k) for k in lean)


async def test_requester_of_names_the_screen_that_pushed() -> None:
    class Dialog(ModalScreen[None]):
        pass

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("x")

    app = Probe()
    async with app.run_test() as pilot:
        first = Dialog()
        app.screen.call_later(app.push_screen, first)
        await pilot.pause()
        await pilot.pause()
        assert app.screen is first
        assert compat.requester_of(first) is not None
        assert compat.requester_of(app.screen_stack[0]) is None


async def test_unhandled_exception_is_the_error_that_ended_the_app() -> None:
    # launch.run_app turns it into a crash report (exit 70): if Textual stops keeping the error
    # where compat reads it, a crash would exit 0 again
    class Boom(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("x")

        def on_mount(self) -> None:
            raise LookupError("boom on mount")

    app = Boom()
    assert compat.unhandled_exception(app) is None
    with pytest.raises(LookupError):
        async with app.run_test():
            pass
    error = compat.unhandled_exception(app)
    assert isinstance(error, LookupError)
    assert str(error) == "boom on mount"
