"""Every use of Textual's private API, in one place (Textual is pinned; see pyproject.toml).

Each entry names what it relies on and why no public API does it; ``tests/ui/test_compat.py``
checks each one against the installed Textual, so an upgrade that changes one fails there,
loudly and by name, instead of somewhere in a screen.

- :func:`drop_data_bind`: ``FooterKey._reactive_connect`` (the footer's per-key ``data_bind``
  leaks a watcher on every recompose: :mod:`iottui.ui.widgets.footer`).
- :func:`requester_of`: ``Screen._result_callbacks`` (which screen asked for a dialog; the key
  storm test checks that no dialog waits under one it did not open).
- :func:`unhandled_exception`: ``App._exception`` (the exception that ended an app; Textual
  keeps it to re-raise under a pilot and has no public accessor; ``ui/launch.py`` turns it
  into a crash report).
- :func:`private_names`, :func:`overridden`: the private names that widgets override or read
  in place (``DataTable._render_cell`` and its state, and its idle's work, in
  ``widgets/fast_table.py``; ``Widget._size_updated`` and ``Widget._check_refresh`` in
  ``widgets/repaint.py``, ``Tree._get_node``, ``App._driver``), listed so the test checks
  them against the installed Textual.
- :data:`SegmentLines`: ``textual._types.SegmentLines``, the return type of the overridden
  ``DataTable._render_cell``.
"""

from __future__ import annotations

import inspect
from typing import TypeVar

from textual._types import SegmentLines
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._footer import FooterKey

T = TypeVar("T")

__all__ = [
    "FooterKey",
    "SegmentLines",
    "changed_overrides",
    "drop_data_bind",
    "missing_private_names",
    "overridden",
    "private_names",
    "requester_of",
    "unhandled_exception",
]


def drop_data_bind(key: FooterKey) -> bool:
    """Forget a ``data_bind`` recorded on a footer key before it mounts; True if there was one."""
    if key._reactive_connect:
        key._reactive_connect = None
        return True
    return False


def requester_of(screen: Screen[T]) -> MessagePump | None:
    """The widget, screen or app that pushed ``screen`` (its latest push), or None."""
    callbacks = screen._result_callbacks
    return callbacks[-1].requester if callbacks else None


def unhandled_exception(app: App[T]) -> BaseException | None:
    """The exception that ended ``app``, if one did (Textual keeps the first one)."""
    error = app._exception
    return error if isinstance(error, BaseException) else None


def private_names() -> tuple[tuple[str, type[object], tuple[str, ...]], ...]:
    """The private names other modules use, by module: (what uses it, the Textual class, the
    names). The test builds an instance of each class and checks every name is there. (A
    function: DataTable's module is not imported before the first frame, which has none.)"""
    from textual.widgets import DataTable, Tree

    return (
        (
            "widgets/fast_table.py overrides DataTable._render_cell to cache plain-text cells",
            DataTable,
            (
                "_render_cell",
                "_row_locations",
                "_column_locations",
                "_cell_render_cache",
                "_update_count",
                "_pseudo_class_state",
                "_header_row_key",
                "_show_hover_cursor",
                "_get_row_renderables",
                "_get_styles_to_render_cell",
            ),
        ),
        (
            "widgets/fast_table.py: FastCellsTable.settle does DataTable._on_idle's work now",
            DataTable,
            (
                "_updated_cells",
                "_update_column_widths",
                "_require_update_dimensions",
                "_new_rows",
                "_update_dimensions",
            ),
        ),
        (
            "widgets/repaint.py overrides Widget._size_updated (skips unchanged scrollbar updates)",
            Widget,
            ("_size_updated",),
        ),
        (
            "widgets/repaint.py: paint_now calls Widget._check_refresh (a widget's idle, now)",
            Widget,
            ("_check_refresh",),
        ),
        ("widgets/fleet_tree.py reads Tree._get_node (the node on a line)", Tree, ("_get_node",)),
        (
            "compat.py: drop_data_bind, for widgets/footer.py, drops FooterKey._reactive_connect",
            FooterKey,
            ("_reactive_connect",),
        ),
        ("notify.py writes escape sequences through App._driver", App, ("_driver",)),
        ("compat.py: requester_of reads Screen._result_callbacks", Screen, ("_result_callbacks",)),
        ("compat.py: unhandled_exception reads App._exception", App, ("_exception",)),
    )


def overridden() -> tuple[tuple[type[object], str, tuple[str, ...]], ...]:
    """The parameters of the private methods that are overridden (an override with other
    parameters would be called wrongly after an upgrade)."""
    from textual.widgets import DataTable

    return (
        (
            DataTable,
            "_render_cell",
            ("self", "row_index", "column_index", "base_style", "width", "cursor", "hover"),
        ),
        (Widget, "_size_updated", ("self", "size", "virtual_size", "container_size", "layout")),
    )


def missing_private_names() -> list[str]:
    """``Class.name`` for each private name above that the installed Textual lacks."""
    missing: list[str] = []
    for _user, cls, names in private_names():
        instance = _instance(cls)
        missing += [f"{cls.__name__}.{name}" for name in names if not hasattr(instance, name)]
    return missing


def changed_overrides() -> list[str]:
    """``Class.method(params)`` for each overridden private method whose parameters changed."""
    changed: list[str] = []
    for cls, name, params in overridden():
        method = getattr(cls, name, None)
        found = tuple(inspect.signature(method).parameters) if method is not None else ()
        if found != params:
            changed.append(f"{cls.__name__}.{name}{found}")
    return changed


def _instance(cls: type[object]) -> object:
    from textual.widgets import Tree

    if cls is Tree:
        return Tree("probe")
    if cls is FooterKey:
        return FooterKey("k", "k", "probe", "probe")
    return cls()
