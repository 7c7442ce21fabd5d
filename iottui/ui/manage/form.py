"""The modal form every management dialog builds on.

A form shows its fields, an error line under each field, a form-level message and Save/Cancel.
Saving first runs :meth:`FormScreen.check` (field errors shown beside the fields, no request
made), then :meth:`FormScreen.submit` in a worker. A server error keeps the form open with what
the user typed; a timeout is reported as an unknown outcome; only a success dismisses the form.
In read-only mode Save is disabled and the form says why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from iottui.api.domain import Problem, name_problems
from iottui.api.errors import APITimeoutError, IoTError, ValidationError
from iottui.ui.manage.common import error_text, timeout_text, write_block_reason
from iottui.ui.manage.form_style import compact
from iottui.ui.manage.picker import Picker
from iottui.ui.messages import DataChanged
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.dialog import Dialog
from iottui.ui.session import session_of
from iottui.ui.widgets.footer import LeanFooter

R = TypeVar("R")

if TYPE_CHECKING:
    from iottui.api import IoTClient


def say(what: str, problems: Sequence[Problem]) -> str | None:
    """The first problem a domain rule (:mod:`iottui.api.domain`) found, as a form says it
    under its field (``say("The name", ...)``: "The name must not be empty."); None: none."""
    return f"{what} {problems[0].message}." if problems else None


def name_error(value: str) -> str | None:
    """What is wrong with a typed name by the one rule for names of every layer
    (:func:`iottui.api.domain.name_problems`), as a form says it; None: nothing."""
    return say("The name", name_problems(value))


class FieldError(Static):
    """The error line under one field (empty when the field is fine)."""


class FormScreen(Dialog[R], Generic[R]):
    """Base class: subclasses implement ``compose_fields``, ``check`` and ``submit``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # not a priority binding: the key then waits behind the field's own messages (an
        # edit's "clear this field's error" would otherwise land after the save's errors)
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen #form-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    FormScreen #form-body { height: auto; max-height: 30; }
    FormScreen .field-label { color: $text-muted; }
    FormScreen FieldError { color: $error; height: auto; }
    FormScreen FieldError.-empty { display: none; }
    FormScreen #form-message { height: auto; margin-top: 1; }
    FormScreen #form-message.-error { color: $error; }
    FormScreen #form-message.-warning { color: $warning; }
    FormScreen #form-readonly { color: $warning; height: auto; }
    FormScreen #form-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormScreen #form-buttons Button { margin-left: 2; }
    FormScreen Input { width: 1fr; }
    FormScreen Input.-textual-compact, FormScreen Select.-textual-compact > SelectCurrent {
        background: $boost;
    }
    FormScreen Input.-textual-compact:focus { background: $primary 25%; }
    FormScreen .field-label { margin-top: 0; }
    FormScreen .row { height: auto; }
    FormScreen .row > * { width: 1fr; }
    """

    AUTO_FOCUS = "#form-body Input, #form-body Select, #form-body SelectionList"
    scroll_body = "#form-body"
    scroll_most = 30
    #: Shown as the form's heading.
    title_text: str = "Form"
    #: What the Save button says.
    save_label: str = "Save"
    #: What the write is called in messages ("the new group").
    what: str = "the change"
    #: Whether saving writes to the server (refused in read-only mode).
    writes: bool = True
    #: Whether the form placed the focus after its first layout (:meth:`_focus_shown`).
    focus_placed: bool = False
    _field_focused: bool = False

    @property
    def client(self) -> IoTClient:
        """The session's client."""
        return session_of(self).api

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(Text(self.title_text), id="form-title")
            with VerticalScroll(id="form-body", can_focus=False):
                yield from self.compose_fields()
            yield Static("", id="form-message")
            reason = write_block_reason(self.app) if self.writes else None
            if reason:
                yield Static(Text(reason), id="form-readonly")
            with Horizontal(id="form-buttons"):
                yield from self.compose_extra_buttons()
                yield Button(self.save_label, id="save", variant="primary", disabled=bool(reason))
                yield Button("Cancel", id="cancel")
        # the form's own keys (Save, Cancel), not those of the screen under it
        yield LeanFooter()

    def compose_fields(self) -> Iterator[Widget]:
        """The form's fields; use :meth:`field` to label them and give them an error line."""
        yield from ()

    def compose_extra_buttons(self) -> Iterator[Widget]:
        yield from ()

    def on_mount(self) -> None:
        compact(self)
        self.call_after_refresh(self._focus_shown)

    def _focus_shown(self) -> None:
        """Keys go to a widget the user sees: when the first field has no lines (a list with
        nothing to tick), the first shown field has the focus, or Cancel. A field given the
        focus by :meth:`focus_field` before this runs keeps it (a load can end first)."""
        focused = self.focused
        if self._field_focused or (focused is not None and focused.region.area):
            self.focus_placed = True
            return
        shown = [w for w in self.focus_chain if w.region.area]
        self.set_focus(shown[0] if shown else self.query_one("#cancel", Button))
        self.focus_placed = True

    def focus_field(self, widget: Widget) -> None:
        """Give ``widget`` the focus once it is shown (a list filled by a load): it keeps it
        whether the form's first placement of the focus ran before or runs after."""
        self._field_focused = True
        self.set_focus(widget)

    @staticmethod
    def field(label: str, widget: Widget, name: str) -> Iterator[Widget]:
        """A labelled field followed by its (initially empty) error line ``#err-<name>``."""
        yield Label(Text(label), id=f"label-{name}", classes="field-label")
        yield widget
        yield FieldError("", id=f"err-{name}", classes="-empty")

    def typed(self, name: str) -> str:
        """What is typed in the field ``#<name>`` (an Input), surrounding blanks removed."""
        return self.query_one(f"#{name}", Input).value.strip()

    def name_errors(self, name: str = "name") -> dict[str, str]:
        """The field ``#<name>`` checked by the one rule for names of every layer
        (:func:`iottui.api.domain.name_problems`): its problem under the field, or nothing."""
        error = name_error(self.typed(name))
        return {name: error} if error else {}

    # --- to implement -----------------------------------------------------------------------

    def check(self) -> dict[str, str]:
        """Field name -> error, from what is typed (no request). Empty when all is well."""
        return {}

    async def submit(self) -> R:
        """Send the write; raise :class:`IoTError` to keep the form open."""
        raise NotImplementedError

    def confirmation(self) -> tuple[str, Text] | None:
        """A (title, body) to confirm before sending, when the write removes something."""
        return None

    def success_message(self, result: R) -> str:
        return f"Saved {self.what}."

    # --- machinery --------------------------------------------------------------------------

    def set_field_error(self, name: str, message: str) -> bool:
        """Show ``message`` under field ``name``; False if the form has no such field."""
        try:
            err = self.query_one(f"#err-{name}", FieldError)
        except Exception:
            return False
        err.update(Text(message))
        err.set_class(not message, "-empty")
        return True

    def clear_errors(self) -> None:
        for err in self.query(FieldError):
            err.update("")
            err.add_class("-empty")
        self.set_message("")

    def set_message(self, message: str, kind: str = "error") -> None:
        box = self.query_one("#form-message", Static)
        box.update(Text(message))
        box.set_class(kind == "error" and bool(message), "-error")
        box.set_class(kind == "warning" and bool(message), "-warning")
        self._fit_later()  # the message is outside the fields: they get fewer lines

    def show_errors(self, errors: dict[str, str]) -> None:
        unplaced = [f"{k}: {v}" for k, v in errors.items() if not self.set_field_error(k, v)]
        self.set_message(
            "\n".join(unplaced) if unplaced else "Please correct the fields marked above."
        )

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Picker.Changed)
    def _field_changed(self, event: Message) -> None:
        """Editing a field clears the error shown under it."""
        node: DOMNode | None = getattr(event, "control", None)
        while node is not None and node is not self:
            if node.id and self.query(f"#err-{node.id}"):
                self.set_field_error(node.id, "")
                return
            node = node.parent

    @on(Input.Submitted)
    def _enter_in_field(self, event: Input.Submitted) -> None:
        """``Enter`` in the only field of a form saves it, as ``ctrl+s`` does (a form of
        several fields saves on ``ctrl+s`` or its button, so a stray Enter never sends half
        a form)."""
        if len(self.query(FieldError)) == 1:
            event.stop()
            self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if self.writes and (reason := write_block_reason(self.app)):
            self.set_message(reason, "warning")
            return
        self.clear_errors()
        errors = self.check()
        if errors:
            self.show_errors(errors)
            return
        confirmation = self.confirmation()
        if confirmation is None:
            self._run_submit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run_submit()

        title, body = confirmation
        self.app.push_screen(ConfirmScreen(body, title=title, action="Apply"), answered)

    @work(exclusive=True, group="form-submit", exit_on_error=False)
    async def _run_submit(self) -> None:
        save = self.query_one("#save", Button)
        save.disabled = True
        self.set_message("Saving…", "info")
        try:
            result = await self.submit()
        except APITimeoutError:
            self.set_message(timeout_text(self.what), "warning")
            self.app.notify(timeout_text(self.what), title="Unknown outcome", severity="warning")
        except ValidationError as exc:
            self.set_message("")
            if not (exc.field and self.set_field_error(_field_name(exc.field), error_text(exc))):
                self.set_message(error_text(exc))
        except IoTError as exc:
            prefix = "The server refused" if self.writes else "Failed"
            self.set_message(f"{prefix}: {error_text(exc)}")
        else:
            self.set_message("")
            self.app.notify(self.success_message(result), title="Done")
            self.app.post_message(DataChanged(self.what))
            self.dismiss(result)
            return
        finally:
            if self.is_attached:
                save.disabled = bool(self.writes and write_block_reason(self.app))


def _field_name(field: str) -> str:
    """Map a client field (``"metrics[1].id"``, ``"docker_image_name"``) to a form field name."""
    head = field.split(".")[0]
    return head.split("[")[0].replace("_", "-").lower()
