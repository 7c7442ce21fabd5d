"""The Edge screen: device configurations and edge modules."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, TabbedContent, TabPane

from iottui.api.models import DeviceConfiguration, EdgeModule
from iottui.ui.manage.common import clean, get_fleet, named
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.edge_forms import AssignForm, DeviceConfigForm, EdgeModuleForm
from iottui.ui.manage.screen_base import ManageScreen, by_name
from iottui.ui.manage.tables import manage_table
from iottui.ui.registry import CommandContext, command
from iottui.ui.screens.dialog import open_over


def _onoff(value: bool | None) -> str:
    return "not set" if value is None else ("on" if value else "off")


class EdgeScreen(ManageScreen):
    """Device configurations (edge management, modules, enforce, assignments) and modules."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="edge.new"),
        Binding("e,enter", "edit", "Edit", id="edge.edit"),
        Binding("d,delete", "delete", "Delete", id="edge.delete"),
        Binding("a", "assign", "Assign config", id="edge.assign"),
    ]
    screen_title = "Edge — device configurations and edge modules"

    def __init__(self, tab: str = "configs") -> None:
        super().__init__()
        self.initial_tab = tab
        self.configs: list[DeviceConfiguration] = []
        self.modules: list[EdgeModule] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Device configurations", id="configs"):
                yield manage_table("configs-table")
            with TabPane("Edge modules", id="modules"):
                yield manage_table("modules-table")
        yield from self.compose_status()

    @property
    def on_modules(self) -> bool:
        return self.query_one(TabbedContent).active == "modules"

    async def load(self) -> None:
        self.set_status("Loading…")
        api = self.client
        configs = self.read(await self.attempt("configurations", api.deviceconfigs.list(), ()))
        modules = self.read(await self.attempt("edge modules", api.edgemodules.list(), ()))
        self.configs = by_name(configs)
        self.modules = by_name(modules)
        names = {m.id: clean(m.name) for m in self.modules}
        rows: list[tuple[str, list[Text]]] = []
        for c in self.configs:
            mods = ", ".join(names.get(i, i) for i in c.edge_module_ids) or "—"
            rows.append(
                (
                    c.id,
                    [
                        Text(clean(c.name)),
                        Text(_onoff(c.edge_management_enabled)),
                        Text(mods),
                        Text("yes" if any(e.enforce for e in c.configuration) else "no"),
                        Text(str(len(c.assignments.devices))),
                        Text(str(len(c.assignments.groups))),
                    ],
                )
            )
        self.fill(self.query_one("#configs-table", DataTable), rows)
        rows = []
        for m in self.modules:
            opts = m.container_options
            ports = ", ".join(f"{p.host_port}:{p.container_port}" for p in opts.port_mapping)
            rows.append(
                (
                    m.id,
                    [
                        Text(clean(m.name)),
                        Text(clean(m.docker_image_name)),
                        Text(clean(m.access_type)),
                        Text(clean(opts.startup_file or "")),
                        Text(ports),
                        Text(str(len(m.device_configuration_ids))),
                    ],
                )
            )
        self.fill(self.query_one("#modules-table", DataTable), rows)
        self.set_status(
            f"{len(self.configs)} configuration(s), {len(self.modules)} module(s). "
            "n new · e edit · d delete · a assign a configuration"
        )

    def _after(self, result: Any) -> None:
        if result is not None:
            self.reload()

    def selected_config(self) -> DeviceConfiguration | None:
        return self.current_item(self.query_one("#configs-table", DataTable), self.configs)

    def selected_module(self) -> EdgeModule | None:
        return self.current_item(self.query_one("#modules-table", DataTable), self.modules)

    def action_new(self) -> None:
        if self.on_modules:
            self.app.push_screen(EdgeModuleForm(), self._after)
        else:
            self.app.push_screen(DeviceConfigForm(self.modules), self._after)

    def action_edit(self) -> None:
        if self.on_modules:
            module = self.selected_module()
            if module and self.writable(module, named("Edge module", module.name)):
                self.app.push_screen(EdgeModuleForm(module), self._after)
            return
        config = self.selected_config()
        if config and self.writable(config, named("Device configuration", config.name)):
            self.app.push_screen(DeviceConfigForm(self.modules, config), self._after)

    def open_row(self, table: DataTable[Any]) -> None:
        self.action_edit()

    async def action_assign(self) -> None:
        config = None if self.on_modules else self.selected_config()
        if config is None:
            self.app.notify("Pick a device configuration first.", severity="warning")
            return
        if self.writable(config, named("Device configuration", config.name)):
            open_over(self, AssignForm(config, await get_fleet(self.app)), self._after)

    def action_delete(self) -> None:
        if self.on_modules:
            module = self.selected_module()
            if module is None or not self.writable(module, named("Edge module", module.name)):
                return
            used = len(module.device_configuration_ids)
            confirm_write(
                self.app,
                "Delete edge module?",
                Text(
                    f"Delete edge module {clean(module.name)!r} (image "
                    f"{clean(module.docker_image_name)})? {used} configuration(s) use it."
                ),
                what=f"deleting module {clean(module.name)!r}",
                call=lambda: self.client.edgemodules.delete(module.id),
                done=f"Edge module {clean(module.name)!r} deleted.",
                on_success=self.reload,
            )
            return
        config = self.selected_config()
        if config is None or not self.writable(config, named("Device configuration", config.name)):
            return
        a = config.assignments
        confirm_write(
            self.app,
            "Delete device configuration?",
            Text(
                f"Delete {clean(config.name)!r}? It is assigned to {len(a.devices)} device(s) "
                f"and {len(a.groups)} group(s), which lose it."
            ),
            what=f"deleting configuration {clean(config.name)!r}",
            call=lambda: self.client.deviceconfigs.delete(config.id),
            done=f"Configuration {clean(config.name)!r} deleted.",
            on_success=self.reload,
        )


@command(
    "deviceconfigs",
    "Device configurations…",
    "Edge management, edge modules and enforcement; assign to devices and groups",
    operations=(
        "deviceconfigs.list",
        "deviceconfigs.create",
        "deviceconfigs.update",
        "deviceconfigs.delete",
        "deviceconfigs.assign",
        "edgemodules.list",
    ),
)
def deviceconfigs_command(ctx: CommandContext) -> None:
    ctx.open(EdgeScreen("configs"))


@command(
    "edgemodules",
    "Edge modules…",
    "Docker images, startup files and port mappings",
    operations=(
        "edgemodules.list",
        "edgemodules.create",
        "edgemodules.update",
        "edgemodules.delete",
        "deviceconfigs.list",
    ),
)
def edgemodules_command(ctx: CommandContext) -> None:
    ctx.open(EdgeScreen("modules"))
