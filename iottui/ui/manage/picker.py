"""A filterable multi-select list: type to narrow, space to tick; ticks survive filtering."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, SelectionList

from iottui.api.problems import NO_ID, NO_STR_ID
from iottui.ui.manage.form_style import compact


@dataclass(frozen=True, slots=True)
class PickItem:
    label: str
    value: str


#: The values of items the server sent without an id (:data:`iottui.api.problems.NO_ID` as
#: text, or :data:`~iottui.api.problems.NO_STR_ID`): they are not offered.
_NO_IDS = frozenset({str(NO_ID), NO_STR_ID})


def unique_items(items: Iterable[PickItem]) -> list[PickItem]:
    """The items, each value once (its first label), without id-less items.

    Duplicate ids are data, and a picker merges them: a pick is a value (an id sent to the
    server), so a device listed in two groups, or a list answer naming one id twice, is one
    choice, offered once. An item the server sent without an id cannot be picked: every write
    names what it picks by id (the lists show such items, with their reason, on their own
    screens).
    """
    seen: set[str] = set(_NO_IDS)
    out: list[PickItem] = []
    for item in items:
        if item.value.strip() not in seen:
            seen.add(item.value)
            out.append(item)
    return out


class Picker(Vertical):
    """Filter input above a SelectionList of :class:`PickItem`; :attr:`selected` keeps order."""

    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker SelectionList { height: auto; max-height: 10; }
    Picker .picker-filter { margin: 0; }
    """

    class Changed(Message):
        """The set of ticked values changed."""

        def __init__(self, picker: Picker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(
        self,
        items: Iterable[PickItem] = (),
        selected: Iterable[str] = (),
        *,
        id: str | None = None,
        placeholder: str = "type to filter",
    ) -> None:
        super().__init__(id=id)
        self._chosen: set[str] = set(selected)
        # Ticked items first, so a pre-filled choice is visible without scrolling.
        self._items: list[PickItem] = sorted(
            unique_items(items), key=lambda i: i.value not in self._chosen
        )
        self._placeholder = placeholder
        self._filter = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._placeholder, classes="picker-filter")
        yield SelectionList[str]()

    def on_mount(self) -> None:
        compact(self)
        self._rebuild()

    @property
    def selected(self) -> list[str]:
        order = {item.value: n for n, item in enumerate(self._items)}
        return sorted(self._chosen, key=lambda v: order.get(v, len(order)))

    @property
    def items(self) -> Sequence[PickItem]:
        return self._items

    def set_items(self, items: Iterable[PickItem], selected: Iterable[str] | None = None) -> None:
        self._items = unique_items(items)
        if selected is not None:
            self._chosen = set(selected)
        if self.is_mounted:
            self._rebuild()

    def _rebuild(self) -> None:
        needle = self._filter.casefold()
        widget = self.query_one(SelectionList)
        widget.clear_options()
        widget.add_options(
            [
                (Text(item.label), item.value, item.value in self._chosen)
                for item in self._items
                if needle in item.label.casefold() or (item.value in self._chosen and not needle)
            ]
        )
        if widget.option_count:
            # Space ticks the highlighted row: start on the first one, so tab-then-space works.
            widget.highlighted = 0

    @on(Input.Changed, ".picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter = event.value.strip()
        self._rebuild()

    @on(Input.Submitted, ".picker-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        widget = self.query_one(SelectionList)
        visible = {widget.get_option_at_index(i).value for i in range(widget.option_count)}
        chosen = (self._chosen - visible) | set(widget.selected)
        if chosen != self._chosen:
            self._chosen = chosen
            self.post_message(self.Changed(self))
