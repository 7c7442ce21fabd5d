"""Key presses in the tree repaint little: the pane follows the cursor in the same frame, pane
headers update without a screen layout when their height stays, and a layout does not repaint
the tree's scrollbar when nothing about it changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from iottui.ui.views import detail as detail_module
from iottui.ui.views.detail import DetailView
from iottui.ui.widgets.device_pane import DevicePane
from iottui.ui.widgets.fleet_tree import FleetTree
from iottui.ui.widgets.live_table import LiveTable
from iottui.ui.widgets.repaint import update_static

from .helpers import TestApp, settle, started


async def test_pane_follows_the_cursor_in_its_frame(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree posts its move to the screen while the key is handled, before its own repaint
    request (a NodeHighlighted would bubble through the containers and could reach the screen
    after the tree was painted alone): every frame that draws the moved cursor draws its pane."""
    monkeypatch.setattr(detail_module, "PANE_EVERY", 0.0)  # every key shows its node at once
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        await pilot.press("l")
        await settle(pilot)
        posted: list[Message] = []
        real_post: Callable[[Message], bool] = screen.post_message

        def post(message: Message) -> bool:
            posted.append(message)
            return real_post(message)

        monkeypatch.setattr(screen, "post_message", post)
        frames: list[tuple[object, object]] = []
        real_render: Callable[[Region], list[Strip]] = tree.render_lines

        def render_lines(crop: Region) -> list[Strip]:
            cursor = tree.cursor_node
            frames.append((cursor.data if cursor else None, screen.node))
            return real_render(crop)

        monkeypatch.setattr(tree, "render_lines", render_lines)
        tree.action_cursor_down()  # no await: nothing else has run
        node = tree.cursor_node
        assert node is not None
        assert node.data is not None
        assert node.data.kind == "device"
        assert [type(m) for m in posted] == [FleetTree.CursorMoved]
        await settle(pilot)
        assert screen.node is node.data
        assert screen.query_one("#panes").current == "device-pane"
        drawn = [shown for cursor, shown in frames if cursor is node.data]
        assert drawn, "the moved cursor was never drawn"
        assert all(shown is node.data for shown in drawn), "a frame drew the cursor alone"
        tree.action_cursor_up()
        await settle(pilot)
        assert screen.node is tree.cursor_node.data
        assert screen.query_one("#panes").current == "group-pane"


async def test_the_moved_cursor_and_its_pane_are_drawn_in_one_frame(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the frames draw, not what the screen holds: the pane's widgets are rebuilt while
    the screen handles the move, and told the screen of it on their own idle, after the
    screen had drawn the moved cursor alone; the pane came a frame or two later."""
    monkeypatch.setattr(detail_module, "PANE_EVERY", 0.0)  # every key shows its node at once
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        await pilot.press("l")
        await settle(pilot)
        pane = screen.query_one(DevicePane)
        frames: list[list[tuple[str, object]]] = []
        drawing: list[tuple[str, object]] = []

        def watch(widget: Widget, name: str, drawn: Callable[[], object]) -> None:
            real: Callable[[Region], list[Strip]] = widget.render_lines

            def render_lines(crop: Region) -> list[Strip]:
                drawing.append((name, drawn()))
                return real(crop)

            monkeypatch.setattr(widget, "render_lines", render_lines)

        def cursor() -> object:
            node = tree.cursor_node
            return node.data if node is not None else None

        watch(tree, "cursor", cursor)
        watch(pane.query_one("#device-info"), "info", lambda: screen.node)
        watch(pane.query_one(LiveTable), "table", lambda: screen.node)
        real_display: Callable[[Any, Any], None] = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                frames.append(list(drawing))
            drawing.clear()
            real_display(screen, renderable)

        monkeypatch.setattr(app, "_display", display)
        for key in ("j", "j", "k"):  # to the first device, the second, the first again
            frames.clear()
            await pilot.press(key)
            await settle(pilot)
            node = cursor()
            assert node is not None
            first = next(frame for frame in frames if ("cursor", node) in frame)
            assert ("info", node) in first, key
            assert ("table", node) in first, key


class StaticApp(App[None]):
    CSS = "#auto { height: auto; } #fixed { height: 2; }"

    def compose(self) -> ComposeResult:
        yield Static("one\ntwo", id="auto")
        yield Static("x", id="fixed")


def layouts(widget: Static, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    asked: list[bool] = []
    real = widget.refresh

    def refresh(*regions: Any, **kwargs: Any) -> Any:
        asked.append(bool(kwargs.get("layout")))
        return real(*regions, **kwargs)

    monkeypatch.setattr(widget, "refresh", refresh)
    return asked


async def test_update_static_lays_out_only_when_the_height_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = StaticApp()
    async with app.run_test(size=(40, 10)) as pilot:
        auto = app.query_one("#auto", Static)
        fixed = app.query_one("#fixed", Static)
        asked = layouts(auto, monkeypatch)
        update_static(auto, "three\nfour")
        assert asked == [False]
        await pilot.pause()
        assert str(auto.render()) == "three\nfour"
        update_static(auto, "a\nb\nc")
        assert asked[-1] is True
        await pilot.pause()
        assert auto.size.height == 3
        fixed_asked = layouts(fixed, monkeypatch)
        update_static(fixed, "y\nz\nw")
        assert fixed_asked == [False]


async def test_layout_does_not_repaint_the_tree_scrollbar(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=(120, 16)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        for group in tree.root.children:
            group.expand()
        await settle(pilot)
        assert tree.show_vertical_scrollbar
        devices = [n for n in tree.root.children[0].children if n.allow_expand]
        scrollbar = tree.vertical_scrollbar
        rendered: list[int] = []
        real_render = scrollbar.render

        def counting_render() -> Any:
            rendered.append(1)
            return real_render()

        monkeypatch.setattr(scrollbar, "render", counting_render)
        screen.refresh(layout=True)
        await settle(pilot)
        assert rendered == []
        # a change of the tree's content size still reaches its scrollbar
        devices[0].expand()
        await settle(pilot)
        assert rendered


async def test_cursor_moved_by_a_rebuild_during_a_frame_is_reported_after_it(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tree rebuilds its lines lazily, possibly while composing a frame, and then moves the
    cursor to its node's new line: the screen hears of it after the frame (a message), not
    inside it."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await started(pilot)
        tree = screen.query_one(FleetTree)
        detail = screen.query_one(DetailView)
        calls: list[object] = []
        monkeypatch.setattr(detail, "follow", calls.append)
        tree.root.children[0].expand()
        await settle(pilot)
        tree._frame_style = tree.rich_style  # as inside render_lines
        try:
            tree.cursor_line = 2
            assert calls == []
        finally:
            tree._frame_style = None
        await settle(pilot)
        assert tree.cursor_node is not None
        assert calls == [tree.cursor_node.data]
        tree.cursor_line = 1
        await settle(pilot)
        assert calls[-1] is tree.cursor_node.data
