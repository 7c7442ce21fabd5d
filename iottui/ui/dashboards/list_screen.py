"""The dashboards list: create, rename, delete, open."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Input

from iottui.api.errors import IoTError
from iottui.api.models import Dashboard
from iottui.api.problems import has_id
from iottui.ui.dashboards.dashboard_screen import DashboardScreen
from iottui.ui.manage.common import clean, error_text, named
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.form import FormScreen
from iottui.ui.manage.screen_base import ManageScreen, by_name
from iottui.ui.manage.tables import manage_table
from iottui.ui.registry import CommandContext, command


class DashboardNameForm(FormScreen[Any]):
    """Name a new dashboard, or rename one."""

    def __init__(self, dashboard: Dashboard | None = None) -> None:
        super().__init__()
        self.dashboard = dashboard
        self.title_text = (
            f"Rename dashboard {clean(dashboard.name)!r}" if dashboard else "New dashboard"
        )
        self.save_label = "Rename" if dashboard else "Create"
        self.what = "the dashboard"

    def compose_fields(self) -> Iterator[Widget]:
        value = clean(self.dashboard.name) if self.dashboard else ""
        yield from self.field("Name", Input(value, id="name"), "name")

    def check(self) -> dict[str, str]:
        return self.name_errors()

    async def submit(self) -> Any:
        if self.dashboard is None:
            return await self.client.dashboards.create(self.typed("name"))
        await self.client.dashboards.update(self.dashboard.id, name=self.typed("name"))
        return self.dashboard.id

    def success_message(self, result: Any) -> str:
        verb = "renamed to" if self.dashboard else "created:"
        return f"Dashboard {verb} {self.typed('name')!r}."


class DashboardsScreen(ManageScreen):
    """Every dashboard; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="dashboards.new"),
        Binding("e", "rename", "Rename", id="dashboards.rename"),
        Binding("d,delete", "delete", "Delete", id="dashboards.delete"),
        Binding("o", "open", "Open", id="dashboards.open"),
    ]
    screen_title = "Dashboards"

    def __init__(self) -> None:
        super().__init__()
        self.dashboards: list[Dashboard] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield manage_table("dashboards-table")
        yield from self.compose_status()

    async def load(self) -> None:
        self.set_status("Loading…")
        try:
            dashboards = self.read(await self.client.dashboards.list())
        except IoTError as exc:
            self.set_status(f"Could not load: {error_text(exc)}", error=True)
            return
        self.dashboards = by_name(dashboards)
        rows = [(d.id, [Text(clean(d.name)), Text(clean(d.id))]) for d in self.dashboards]
        self.fill(self.query_one(DataTable), rows)
        self.set_status(
            f"{len(self.dashboards)} dashboard(s). enter open · n new · e rename · d delete"
        )

    def selected(self) -> Dashboard | None:
        return self.current_item(self.query_one(DataTable), self.dashboards)

    def _after(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def action_new(self) -> None:
        self.app.push_screen(DashboardNameForm(), self._after)

    def action_rename(self) -> None:
        dashboard = self.selected()
        if dashboard and self.writable(dashboard, named("Dashboard", dashboard.name)):
            self.app.push_screen(DashboardNameForm(dashboard), self._after)

    def action_open(self) -> None:
        dashboard = self.selected()
        if dashboard is None:
            return
        if not has_id(dashboard):
            self.app.notify(
                f"{named('Dashboard', dashboard.name)} cannot be opened: the server sent it "
                "without an id, and its widgets are read by id",
                severity="warning",
            )
            return
        self.app.push_screen(DashboardScreen(dashboard.id, dashboard.name))

    def open_row(self, table: DataTable[Any]) -> None:
        self.action_open()

    def action_delete(self) -> None:
        dashboard = self.selected()
        if dashboard is None or not self.writable(dashboard, named("Dashboard", dashboard.name)):
            return
        confirm_write(
            self.app,
            "Delete dashboard?",
            Text(
                f"Delete dashboard {clean(dashboard.name)!r} and all its widgets? "
                "The metrics' data is not affected."
            ),
            what=f"deleting dashboard {clean(dashboard.name)!r}",
            call=lambda: self.client.dashboards.delete(dashboard.id),
            done=f"Dashboard {clean(dashboard.name)!r} deleted.",
            on_success=self.reload,
        )


@command(
    "dashboards",
    "Dashboards…",
    "List, create, rename, delete and open dashboards",
    operations=(
        "dashboards.list",
        "dashboards.create",
        "dashboards.update",
        "dashboards.delete",
        "dashboards.get",
        "widgets.create",
        "widgets.update",
        "widgets.delete",
        "metrics.last_values",
        "metrics.history",
    ),
)
def dashboards_command(ctx: CommandContext) -> None:
    ctx.open(DashboardsScreen())


@command(
    "dashboard-open",
    "Open dashboard…",
    "Open a dashboard by name or id (:dashboard-open Plant floor), or pick from the list",
    operations=(
        "dashboards.list",
        "dashboards.get",
        "widgets.create",
        "widgets.update",
        "widgets.delete",
        "metrics.last_values",
        "metrics.history",
    ),
)
async def dashboard_open(ctx: CommandContext) -> None:
    wanted = ctx.argument.strip()
    if not wanted:
        ctx.open(DashboardsScreen())
        return
    try:
        dashboards: Sequence[Dashboard] = await ctx.session.api.dashboards.list()
    except IoTError as exc:
        ctx.app.notify(f"Could not list dashboards: {error_text(exc)}", severity="error")
        return
    match = next((d for d in dashboards if d.id == wanted), None) or next(
        (d for d in dashboards if d.name.casefold() == wanted.casefold()), None
    )
    if match is None:
        ctx.app.notify(f"No dashboard named {clean(wanted)!r}.", severity="warning")
        ctx.open(DashboardsScreen())
        return
    ctx.open(DashboardScreen(match.id, match.name))
