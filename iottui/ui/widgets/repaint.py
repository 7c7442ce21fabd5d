"""Repainting less: ``Static`` updates without a layout, a widget's style once per frame.

``Static.update`` asks for a layout by default. A layout makes Textual reflow the whole screen
on the next frame, and every scrolling widget (the fleet tree, each table) then repaints its
scrollbars whether they changed or not: a few milliseconds per frame for nothing when, as for a
detail pane's header, the new text has as many lines as the old. :func:`update_static` repaints
only the widget then, and asks for the layout only when the height really changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static


def update_static(widget: Static, content: RenderableType) -> None:
    """``widget.update(content)``; a layout only if the content height changes.

    For widgets whose width does not depend on their content (the default ``1fr`` width or a
    fixed one) and whose height is ``auto`` or fixed.
    """
    before = widget.content_size
    width, height_rule = widget.styles.width, widget.styles.height
    if not widget.is_mounted or not before.width or (width is not None and width.is_auto):
        widget.update(content)
        return
    widget.update(content, layout=False)
    if height_rule is None or height_rule.is_auto:
        height = widget.get_content_height(widget.size, widget.app.size, before.width)
        if height != before.height:
            widget.refresh(layout=True)


def paint_now(screen: Widget) -> None:
    """Hand what the screen's widgets changed to the screen now, not on their idle.

    A widget's ``refresh`` is only recorded; the widget tells its screen on its next idle, in
    its own task. The detail pane is rebuilt while the screen handles the tree's cursor move,
    and the screen drew its next frame (the moved cursor) before the pane's widgets ran their
    idle: the pane came a frame or two later (17-40 ms after the cursor). Told now, the screen
    has the cursor and the pane before it next goes idle, so one frame draws both. Tables
    first settle their size (:meth:`~iottui.ui.widgets.fast_table.FastCellsTable.settle`),
    else they are laid out and drawn again a frame later.
    """
    from iottui.ui.widgets.fast_table import FastCellsTable

    for widget in screen.walk_children(Widget):
        if isinstance(widget, FastCellsTable):
            widget.settle()
        widget._check_refresh()


if TYPE_CHECKING:
    _WidgetBase = Widget
else:
    # not a DOMNode at run time: Textual takes a widget's CSS (type names, DEFAULT_CSS,
    # component classes) from its first DOMNode base, which must stay the real widget class
    _WidgetBase = object


class FrameStyle(_WidgetBase):
    """Mixin (first base) for line-rendering widgets that read ``rich_style`` for every line.

    ``DataTable.render_line`` and ``Tree.render_line`` ask for ``self.rich_style`` once per
    line, and Textual computes it anew each time by walking every ancestor's styles (a fifth of
    a table's render time). The styles cannot change while a frame is being rendered, so during
    ``render_lines`` the value computed at its start is returned.
    """

    _frame_style: Style | None = None

    @property
    def rendering(self) -> bool:
        """Inside ``render_lines`` (a frame is being composed)."""
        return self._frame_style is not None

    @property
    def rich_style(self) -> Style:
        style = self._frame_style
        return style if style is not None else super().rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None


class SteadyScrollbars(_WidgetBase):
    """Mixin (first base) for a ``ScrollView``: a screen layout does not repaint its scrollbars
    unless its geometry changed.

    On every layout the compositor calls ``_size_updated`` on each widget with the size of the
    region it placed it in as the "virtual size". A ``ScrollView`` compares that with its own
    virtual size (its content: the tree's lines, the table's rows), which differs whenever it
    scrolls, so every layout anywhere on the screen ran ``_scroll_update`` and repainted its
    scrollbars (the fleet tree's 38-line scrollbar costs as much to render as the tree's
    changed lines). Here a call with the same arguments as the last one, for the same content
    size and scrollbar styles, changes nothing and is skipped.
    """

    _last_size_update: tuple[object, ...] | None = None
    _last_size_result: bool = False

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        styles = self.styles
        key = (
            size,
            virtual_size,
            container_size,
            layout,
            self.virtual_size,
            styles.gutter,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
            styles.overflow_x,
            styles.overflow_y,
        )
        if key == self._last_size_update:
            return self._last_size_result
        result = super()._size_updated(size, virtual_size, container_size, layout)
        self._last_size_update, self._last_size_result = key, result
        return result
