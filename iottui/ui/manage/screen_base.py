"""Base of the full-screen management lists (notifications, edge, dashboards, account)."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, Tabs

from iottui.api.errors import IoTError
from iottui.api.problems import HasId, ItemProblem, problems_of
from iottui.ui.manage.common import error_text, refuse_write
from iottui.ui.manage.row_detail import RowDetailScreen
from iottui.ui.session import session_of
from iottui.ui.widgets.columns import FittedColumns
from iottui.ui.widgets.footer import LeanFooter
from iottui.ui.widgets.problems import PROBLEMS_KEY, ProblemsScreen, log_problems, problems_note

T = TypeVar("T")

if TYPE_CHECKING:
    from iottui.api import IoTClient


def by_name(items: Sequence[T]) -> list[T]:
    """Items sorted by name (case-insensitive), then id: a stable order whatever the server's."""
    return sorted(
        items, key=lambda i: (str(getattr(i, "name", "")).casefold(), str(getattr(i, "id", "")))
    )


class ManageScreen(Screen[None]):
    """A screen with a title line, a status line, a footer, and ``escape`` to go back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="manage.back"),
        Binding("r", "reload", "Reload", id="manage.reload"),
        Binding(PROBLEMS_KEY, "problems", "Unreadable items", show=False, id="manage.problems"),
    ]
    DEFAULT_CSS = """
    ManageScreen #manage-title { text-style: bold; padding: 0 1; background: $panel; }
    ManageScreen #manage-status { padding: 0 1; color: $text-muted; height: auto; }
    ManageScreen #manage-status.-error { color: $error; }
    ManageScreen TabbedContent { height: 1fr; }
    ManageScreen TabPane { height: 1fr; padding: 0; }
    ManageScreen DataTable { height: 1fr; }
    """

    screen_title: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: the keys of the rows of each filled table, by row
        self._row_keys: dict[DataTable[Any], list[str]] = {}
        #: the items of this screen's last load that could not be read
        self.problems: list[ItemProblem] = []
        #: the reads of this screen's last load that failed ("edge modules: <reason>")
        self.failures: list[str] = []
        #: whether the screen placed the focus on its shown list (:meth:`focus_table`)
        self.focus_placed = False

    @property
    def client(self) -> IoTClient:
        return session_of(self).api

    def compose_title(self) -> ComposeResult:
        yield Static(Text(self.screen_title), id="manage-title")

    def compose_status(self) -> ComposeResult:
        yield Static("", id="manage-status")
        yield LeanFooter()

    def set_status(self, message: str, *, error: bool = False) -> None:
        """The status line; "N items could not be read · ! details" follows when some were."""
        status = self.query_one("#manage-status", Static)
        text = Text(message)
        loading = message.startswith("Loading")
        if self.failures and not loading:
            text = Text(f"Could not load {'; '.join(self.failures)} · ")
            text.append(message)
            error = True
        note = problems_note(self.problems) if not loading else None
        if note is not None:
            text.append(" · ")
            text.append_text(note)
        status.update(text)
        status.set_class(error, "-error")

    async def attempt(self, what: str, call: Awaitable[T], default: T) -> T:
        """One read of the screen's load; when it fails, ``default`` and the failure is kept
        for the status line, so the screen's other reads (its other tabs) are still shown."""
        try:
            return await call
        except IoTError as exc:
            self.failures.append(f"{what}: {error_text(exc)}")
            return default

    def read(self, result: Sequence[T]) -> Sequence[T]:
        """A list read's items; its unreadable items are kept for the status line and ``!``
        and logged."""
        problems = problems_of(result)
        if problems:
            log_problems(self.screen_title, problems)
            self.problems.extend(problems)
        return result

    def action_problems(self) -> None:
        if self.problems:
            self.app.push_screen(ProblemsScreen(self.screen_title, self.problems))
        else:
            self.app.notify("Every item of this screen was read.")

    def writable(self, item: HasId[int | str] | None = None, what: str = "") -> bool:
        """Whether a write (on ``item``) may be asked: every write action of a management
        screen asks this first. False, with the reason in a notice and no request sent, in
        read-only mode or when the server sent ``item`` without an id (``what`` names it:
        "Edge module 'x'")."""
        return not refuse_write(self, item, what)

    def on_mount(self) -> None:
        self.reload()
        self.call_after_refresh(self.focus_table)

    def on_tabbed_content_tab_activated(self) -> None:
        # from the tab bar (arrows over the tabs) the focus stays there; from a command or
        # a key elsewhere the new tab's list gets it; the first tab's activation places the
        # focus when the screen's first try came before it
        if not self.focus_placed or not isinstance(self.focused, Tabs):
            self.call_after_refresh(self.focus_table)

    def focus_table(self) -> None:
        """The shown list has the focus, so its keys (``j/k/g/G``, ``Enter``) work at once
        (the tab bar took it first: ``j`` did nothing on a screen just opened).

        Before the tabs activated their first pane, nothing: the list of a hidden tab would
        take the focus and switch to its tab (the activation calls this again)."""
        scope: Widget = self
        if tabbed := self.query(TabbedContent):
            pane = tabbed.first().active_pane
            if pane is None:
                return
            scope = pane
        self.focus_placed = True
        tables = scope.query(DataTable)
        if tables:
            self.set_focus(tables.first())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """``Enter`` on a row opens it (:meth:`open_row`)."""
        event.stop()
        self.open_row(event.data_table)

    def open_row(self, table: DataTable[Any]) -> None:
        """Open the cursor's row of ``table``: by default a dialog with the row's every cell
        whole (a narrow terminal cuts them); screens whose rows open something else override
        it."""
        row = self.current_index(table)
        if row is None:
            return
        if isinstance(table, FittedColumns):  # the cells whole, a column left out too
            pairs = table.whole_row(row)
        else:
            labels = [column.label.plain for column in table.ordered_columns]
            pairs = list(zip(labels, map(str, table.get_row_at(row)), strict=False))
        title = pairs[0][1] if pairs else self.screen_title
        self.app.push_screen(RowDetailScreen(title, pairs))

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch the screen's data again, in a worker (a newer reload cancels an older one)."""
        self.problems = []
        self.failures = []
        self.run_worker(self.load(), exclusive=True, group="manage-load", exit_on_error=False)

    async def load(self) -> None:
        """Fetch and show the screen's data; errors go to the status line."""

    def fill(self, table: DataTable[Any], rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Replace the rows (key, cells), keeping the cursor on the same key when it is still
        there, so a reload after an edit does not lose the user's place.

        Duplicate ids are data: every screen passes its items' ids as keys, and two items with
        one id are both shown (the table's rows are keyed by position, never by the key), as
        the server listed them; :meth:`current_index` names the cursor's own item.
        """
        keep = self.current_key(table)
        place = table.cursor_row
        keys = [key for key, _ in rows]
        self._row_keys[table] = keys
        same = [n for n, key in enumerate(keys) if key == keep]
        cursor = min(same, key=lambda n: abs(n - place)) if same else 0
        if isinstance(table, FittedColumns):  # columns fitted to the width
            table.fit_cells([cells for _, cells in rows], cursor)
            return
        table.clear()
        for row, (_, cells) in enumerate(rows):
            table.add_row(*cells, key=str(row))
        if same:
            table.move_cursor(row=cursor)

    def current_index(self, table: DataTable[Any]) -> int | None:
        """The cursor's row in the rows last given to :meth:`fill` (None: no row)."""
        keys = self._row_keys.get(table, [])
        row = table.cursor_row
        return row if table.row_count and 0 <= row < len(keys) else None

    def current_item(self, table: DataTable[Any], items: Sequence[T]) -> T | None:
        """The cursor's item, ``items`` being what the rows were made of, in row order."""
        row = self.current_index(table)
        return items[row] if row is not None and row < len(items) else None

    def current_key(self, table: DataTable[Any]) -> str | None:
        row = self.current_index(table)
        return None if row is None else self._row_keys[table][row]

    def row_of(self, table: DataTable[Any], key: str) -> int:
        """The first row shown for ``key`` (ValueError when none)."""
        return self._row_keys.get(table, []).index(key)
