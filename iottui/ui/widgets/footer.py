"""A Footer that does not leak its keys on every recompose.

Textual 8.2.8's ``Footer.compose`` binds each ``FooterKey`` with
``.data_bind(compact=Footer.compact)``. ``DOMNode._initialize_data_bind`` turns that into a
``watch(footer, "compact", setter)``, which appends ``(footer_key, setter)`` to the footer's
``__watchers["compact"]`` list. Entries of closed watchers are pruned only in
``Reactive._check_watchers``, i.e. only when ``Footer.compact`` itself changes, and the list is
cleared only when the footer is removed. The footer recomposes whenever the screen's bindings
change (focus moves, a tab switch), so a long-lived footer accumulates every FooterKey it ever
showed (the setter closure holds the key): ~31 per tab switch on the main screen.

:class:`LeanFooter` drops those bindings before they are made and copies ``compact`` to its keys
itself (at compose and when ``compact`` changes), so nothing outside the DOM holds a removed key.

It also recomposes only when what it shows changes: the screen's bindings are "updated" on
every focus move and binding refresh (three times while the main screen draws its cached
fleet, each recompose mounting the keys anew, ~10 ms of the UI thread), mostly with the same
keys to show.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from iottui.ui.compat import FooterKey, drop_data_bind

__all__ = ["FooterKey", "LeanFooter"]


class LeanFooter(Footer):
    """``Footer`` without per-key ``data_bind`` (no watcher left behind by a recompose)."""

    DEFAULT_CSS = """
    LeanFooter.-compact FooterKey.-command-palette { margin-right: 0; }
    """

    #: What the last compose showed (:meth:`shown`); None before the bindings were ready.
    _composed: tuple[object, ...] | None = None

    def shown(self) -> tuple[object, ...]:
        """What :meth:`compose` shows now: each shown binding's key, its display, description,
        action, group and state, and the palette key's."""
        app = self.app
        return tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self.shown() != self._composed:
            await self.recompose()

    def compose(self) -> Iterator[Widget]:
        compact = self.compact
        self._composed = self.shown() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey) and drop_data_bind(widget):
                # The binding is only recorded so far (it is made once the key mounts, and
                # ``_initialize_data_bind`` does nothing without it): drop it, set the value.
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def watch_compact(self, compact: bool) -> None:
        for key in self.query(FooterKey):
            if not key.has_class("-command-palette"):
                key.compact = compact
