"""Dialogs that are always drawn while they take keys.

Two ways a dialog ended up on the screen stack but not where the user could see it (issue 11
#8: a hidden "Disable rule?" swallowed keys; a hidden rename form took ``:group-renam`` as the
group's new name):

1. **A command opened its dialog late.** ``E`` (edit rule) asks the server for topics first,
   then pushes its form. A key typed meanwhile (``e``: "Disable rule?") pushed its own dialog;
   the form then landed on top of it, and the confirmation sat under the form, still waiting
   for a ``y``. :func:`open_over` pushes a screen only if the screen that asked for it is still
   the one the user sees; otherwise the late dialog is dropped with a note.
2. **Textual's ``Screen.dismiss`` pops the top screen, whichever that is** (it calls
   ``app.pop_screen()``). A dialog that answered twice (two keys queued before the first one
   closed it: ``y`` then ``n``), or a form whose save finished in a worker while another
   dialog was open over it, popped the screen the user was looking at instead of itself.
   :class:`Dialog` dismisses only when it is the top screen; an answer that arrives while
   another screen is over it closes it once it is back on top, and a second answer is ignored.

A dialog also fits the screen at every size (issue 11 #6): the part named by
:attr:`Dialog.scroll_body` (its fields, its text, its list) gets what the rest of the dialog
(title, buttons, border) and the footer leave, and scrolls inside when it is taller; the
focused widget is scrolled into view by Textual as it gets the focus.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events, on
from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen, ScreenResultCallbackType
from textual.widget import Widget

from iottui.ui.widgets.footer import LeanFooter

#: How many refreshes in a row a dialog fits itself after a change (see ``Dialog._fit_later``).
FIT_PASSES = 3

R = TypeVar("R")
S = TypeVar("S")
T = TypeVar("T")


class Dialog(ModalScreen[R]):
    """A modal screen that only ever closes itself, and fits the screen."""

    #: The selector of the part that scrolls when the dialog is taller than the screen.
    scroll_body: ClassVar[str | None] = None
    #: The most lines that part is given even on a tall screen.
    scroll_most: ClassVar[int] = 1000

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name, id, classes)
        self._late_answer: tuple[R | None] | None = None
        self._answered = False

    @property
    def answered(self) -> bool:
        """True once the dialog has answered (it may still be being removed)."""
        return self._answered

    def dismiss(self, result: R | None = None) -> AwaitComplete:
        """Close this dialog with ``result``: now if it is on top, else when it is on top again
        (never popping another screen); a second answer is ignored."""
        if self._answered:
            return AwaitComplete()
        if not self.is_active:
            if self in self.app.screen_stack:
                self._late_answer = (result,)
            return AwaitComplete()
        self._answered = True
        return super().dismiss(result)

    @on(events.Mount)
    @on(events.Resize)
    def _fit_later(self) -> None:
        """Fit after the next refresh, and again after the refreshes that follow (up to
        :data:`FIT_PASSES`): a part that changed (a message of several lines) has its new
        height only once the layout it asked for is done, which may come after the first
        pass (seen on a loaded machine: the message then covered the buttons)."""
        if self.scroll_body is not None:
            self._fit_passes = FIT_PASSES
            self.call_after_refresh(self._fit)

    _fit_passes = 0

    def _fit(self) -> None:
        """Give :attr:`scroll_body` the lines the rest of the dialog and the footer leave."""
        if self.scroll_body is None or not self.is_attached:
            return
        self._fit_passes -= 1
        if self._fit_passes > 0:
            self.call_after_refresh(self._fit)
        body = self.query(self.scroll_body).first()
        # the lines of everything but the body: the frames around it (border, padding,
        # margin) and their other children (title, message, buttons), each at its height
        rest = 0
        node: Widget = body
        while isinstance(node.parent, Widget) and node.parent is not self:
            frame = node.parent
            rest += frame.styles.gutter.height + frame.styles.margin.height
            rest += sum(
                child.outer_size.height + child.styles.margin.height
                for child in frame.children
                if child is not node and child.display
            )
            node = frame
        footer = sum(f.outer_size.height for f in self.query(LeanFooter))
        room = max(3, min(self.scroll_most, self.size.height - footer - rest))
        if body.styles.max_height is None or body.styles.max_height.value != room:
            body.styles.max_height = room
            # the focused widget was scrolled to before the body had its height
            self.call_after_refresh(self._show_focused)

    def _show_focused(self) -> None:
        if self.focused is not None and self.is_attached:
            self.focused.scroll_visible(animate=False, immediate=True)

    @on(events.ScreenResume)
    def _answer_when_on_top(self) -> None:
        if self._late_answer is not None and not self._answered:
            (result,) = self._late_answer
            self._late_answer = None
            self.dismiss(result)  # not awaited: a dialog never waits for its own removal


def open_over(
    origin: Screen[T],
    screen: Screen[S],
    callback: ScreenResultCallbackType[S] | None = None,
    *,
    keys_at: int | None = None,
) -> bool:
    """Push ``screen`` if ``origin`` (the screen a key or command came from) is still the one
    on top; otherwise drop it with a note (the user moved on while it was being prepared).
    With ``keys_at`` (the app's key count when it was asked for), it is also dropped if keys
    were typed meanwhile: they were meant for the screen the user saw, and a form opening late
    would take them as its text (the group renamed to "UX Renamed Group:group-renam").
    Returns whether it was pushed."""
    from iottui.ui.session import session_of

    app = origin.app
    typed = keys_at is not None and session_of(origin).keys_pressed != keys_at
    if app.screen is not origin or typed:
        title = getattr(screen, "title_text", "") or type(screen).__name__
        app.notify(
            f"{title} not opened: another screen was opened meanwhile. Try again.",
            severity="warning",
        )
        return False
    app.push_screen(screen, callback)
    return True
