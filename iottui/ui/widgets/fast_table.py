"""A ``DataTable`` that renders its one-line text cells with less Rich machinery.

Textual's ``DataTable._render_cell`` renders every cell as
``console.render_lines(Styled(Padding(cell, (0, pad)), pre, post), options)``: three nested Rich
renders (each with its own generator chain and ``split_and_crop_lines`` pass) to produce one
line of segments. The detail pane's tables render a few hundred such cells whenever the tree
cursor moves to another device or group (every row is new), and again after every live update
(``update_cell`` bumps the table's update count, which is part of every cell's cache key), so
this is most of the cost of those frames.

For a :class:`rich.text.Text` cell in a row of height 1, :class:`FastCellsTable` keeps the one
render that matters (the text itself, at the cell's inner width, exactly as ``Padding`` asks for
it) and builds the padding and the pre/post styles around it directly; the rendered text is kept
by content and width, and the styled cell by content, place (its mouse meta) and styles, so a
value that did not change after a live update, or a name seen on another device, is not laid out
or styled again. What it produces is segment-for-segment what ``DataTable`` produces
(``tests/ui/test_fast_table.py`` compares single cells and whole frames). Within a frame, the
table's ``rich_style`` (see :class:`FrameStyle`) and its component styles are computed once, not
once per line or row. Anything else (other renderables, taller or auto-height rows, row labels)
goes the ``DataTable`` way. Written against Textual 8.2.8 (the pinned version): it reuses the
table's own cell cache, row renderables and style helpers.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

from iottui.ui.compat import SegmentLines
from iottui.ui.widgets.repaint import FrameStyle, SteadyScrollbars

CellT = TypeVar("CellT")


class _FrameComponentStyles(RenderStyles):
    """A component's styles whose ``rich_style`` is computed once (used for one frame)."""

    _frame_rich_style: Style | None = None

    @property
    def rich_style(self) -> Style:
        style = self._frame_rich_style
        if style is None:
            style = self._frame_rich_style = super().rich_style
        return style


#: Rendered cell texts kept per table: a few screens of distinct cells (a 40-row table of 8
#: columns shows 320). Live values change every refresh, so a bigger cache mostly holds old
#: values: 4096 entries let the app's RSS creep ~6 MB over 10,000 refreshes (benchmark 5).
TEXT_CACHE_SIZE = 1024


class FastCellsTable(FrameStyle, SteadyScrollbars, DataTable[CellT]):
    """``DataTable`` with a direct rendering path for one-line ``Text`` cells."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: a cell's text rendered at a width, by content: a value that did not change, a
        #: name or a unit seen on another device, is not laid out again
        self._text_cache: LRUCache[Hashable, list[Segment]] = LRUCache(TEXT_CACHE_SIZE)
        #: the same with padding, styles and mouse meta applied, by content and place
        self._styled_cache: LRUCache[Hashable, SegmentLines] = LRUCache(TEXT_CACHE_SIZE)
        self._frame_components: dict[tuple[str, ...], RenderStyles] = {}

    def get_component_styles(self, *names: str) -> RenderStyles:
        # ``DataTable._render_line_in_row`` asks for the header's (and the row's) component
        # styles and their ``rich_style`` for every row it renders, and each is computed anew
        # by walking every ancestor's styles; within a frame they cannot change
        if not self.rendering:
            return super().get_component_styles(*names)
        styles = self._frame_components.get(names)
        if styles is None:
            styles = super().get_component_styles(*names)
            styles.__class__ = _FrameComponentStyles
            self._frame_components[names] = styles
        return styles

    def render_lines(self, crop: Region) -> list[Strip]:
        try:
            return super().render_lines(crop)
        finally:
            self._frame_components.clear()

    def settle(self) -> None:
        """Do now what ``DataTable`` does on its next idle (``_on_idle``: the widths of columns
        whose cells changed, the virtual size after rows were added), so that the table is
        drawn whole in the next frame: on its idle, the new rows were drawn first, then the
        virtual size changed and the screen laid out and drew the table again a frame (1/60 s)
        later."""
        if self._updated_cells:
            updated_cells = self._updated_cells.copy()
            self._updated_cells.clear()
            self._update_column_widths(updated_cells)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        is_header_cell = row_index == -1
        if column_index < 0 or width < 2 * self.cell_padding + 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if is_header_cell:
            row_key = self._header_row_key
            row_height = self.header_height
        else:
            key = self._row_locations.get_key(row_index)
            row = self.rows.get(key) if key is not None else None
            if row is None or key is None:
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            row_key = key
            row_height = row.height
        column_key = self._column_locations.get_key(column_index)
        if row_height != 1 or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not isinstance(cell, Text):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        is_fixed_style_cell = not is_header_cell and (
            row_index < self.fixed_rows or column_index < self.fixed_columns
        )
        component_style, post_style = self._get_styles_to_render_cell(
            is_header_cell,
            False,
            is_fixed_style_cell,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pad = self.cell_padding
        text_key = (
            cell.plain,
            tuple(cell.spans),
            cell.style,
            cell.justify,
            cell.overflow,
            cell.no_wrap,
            cell.end,
            cell.tab_size,
            width,
        )
        # everything the segments below depend on: a cell that did not change (after a live
        # update bumped the table's update count), or the same text at the same place for
        # another device, is not styled again
        styled_key = (
            text_key,
            pad,
            row_index,
            column_index,
            base_style,
            component_style,
            post_style,
        )
        lines = self._styled_cache.get(styled_key)
        if lines is None:
            console = self.app.console
            null = console.get_style("none")
            content = self._text_cache.get(text_key)
            if content is None:
                # exactly the options and the render Padding(cell, (0, pad)) makes for its text
                options = self.app.console_options.update_dimensions(width, 1)
                inner = options.update(no_wrap=True).update_width(width - 2 * pad)
                (content,) = console.render_lines(cell, inner.update_height(1), style=null)
                self._text_cache[text_key] = content
            line: list[Segment] = []
            if pad:
                line.append(Segment(" " * pad, null))
            line.extend(content)
            if pad:
                line.append(Segment(" " * pad, null))
            # what Styled(..., pre_style, post_style) does to every segment
            meta = Style.from_meta({"row": row_index, "column": column_index})
            pre_style = base_style + meta + component_style
            lines = [list(Segment.apply_style(line, style=pre_style, post_style=post_style))]
            self._styled_cache[styled_key] = lines
        self._cell_render_cache[cache_key] = lines
        return lines
