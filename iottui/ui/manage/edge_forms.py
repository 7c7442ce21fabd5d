"""Edge forms: device configurations, edge modules, and assigning a configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select

from iottui.api.domain import docker_image_problems, port_mapping_problems, startup_file_problems
from iottui.api.models import DeviceConfiguration, EdgeModule, Fleet, PortMapping
from iottui.ui.manage.common import clean, device_label
from iottui.ui.manage.form import FormScreen, say
from iottui.ui.manage.picker import Picker, PickItem

_PORTS = re.compile(r"^\s*(\d+)\s*:\s*(\d+)\s*$")


def parse_ports(text: str) -> tuple[list[PortMapping], str | None]:
    """``"8080:80, 2222:22"`` -> port mappings (host:container), or what is not written that
    way; the ports' rules are the domain's (:func:`iottui.api.domain.port_mapping_problems`)."""
    out: list[PortMapping] = []
    for part in [p for p in text.split(",") if p.strip()]:
        match = _PORTS.match(part)
        if not match:
            return [], f"{part.strip()!r} is not host:container (e.g. 8080:80)."
        out.append(PortMapping(int(match.group(1)), int(match.group(2))))
    return out, None


class DeviceConfigForm(FormScreen[Any]):
    """Create or edit a device configuration: edge management, edge modules, enforce."""

    def __init__(self, modules: list[EdgeModule], config: DeviceConfiguration | None = None):
        super().__init__()
        self.modules = modules
        self.config = config
        self.title_text = (
            f"Edit device configuration {clean(config.name)!r}"
            if config
            else "New device configuration"
        )
        self.save_label = "Save" if config else "Create"
        self.what = "the device configuration"

    def compose_fields(self) -> Iterator[Widget]:
        c = self.config
        yield from self.field("Name", Input(clean(c.name) if c else "", id="name"), "name")
        current = c.edge_management_enabled if c else True
        states = [(Text("Enabled"), "on"), (Text("Disabled"), "off"), (Text("Not set"), "unset")]
        value = "unset" if current is None else ("on" if current else "off")
        yield from self.field(
            "Edge management",
            Select(states, value=value, allow_blank=False, id="edge-management"),
            "edge-management",
        )
        items = [
            PickItem(f"{clean(m.name)} ({clean(m.docker_image_name)})", m.id) for m in self.modules
        ]
        chosen = list(c.edge_module_ids) if c else []
        yield from self.field(
            "Edge modules (space to tick)", Picker(items, chosen, id="modules"), "modules"
        )
        enforce = any(e.enforce for e in c.configuration) if c else True
        yield from self.field(
            "Enforcement", Checkbox("Enforce on the devices", enforce, id="enforce"), "enforce"
        )

    def check(self) -> dict[str, str]:
        return self.name_errors()

    async def submit(self) -> Any:
        name = self.query_one("#name", Input).value.strip()
        state = self.query_one("#edge-management", Select).value
        edge = None if state == "unset" else state == "on"
        modules = self.query_one("#modules", Picker).selected
        enforce = self.query_one("#enforce", Checkbox).value
        api = self.client.deviceconfigs
        if self.config is None:
            return await api.create(
                name, edge_management=edge, edge_module_ids=modules, enforce=enforce
            )
        await api.update(
            self.config.id,
            name=name,
            edge_management=edge,
            edge_module_ids=modules,
            enforce=enforce,
        )
        return self.config.id


class EdgeModuleForm(FormScreen[Any]):
    """Create or edit an edge module: docker image, access type, startup file, ports."""

    def __init__(self, module: EdgeModule | None = None) -> None:
        super().__init__()
        self.module = module
        self.title_text = (
            f"Edit edge module {clean(module.name)!r}" if module else "New edge module"
        )
        self.save_label = "Save" if module else "Create"
        self.what = "the edge module"

    def compose_fields(self) -> Iterator[Widget]:
        m = self.module
        yield from self.field("Name", Input(clean(m.name) if m else "", id="name"), "name")
        yield from self.field(
            "Docker image name (letters, digits, _ and -, at most 50)",
            Input(clean(m.docker_image_name) if m else "", id="docker-image-name"),
            "docker-image-name",
        )
        access = [(Text("public"), "public")]
        yield from self.field(
            "Access type",
            Select(access, value="public", allow_blank=False, id="access-type"),
            "access-type",
        )
        opts = m.container_options if m else None
        yield from self.field(
            "Startup file (a path with an extension, optional)",
            Input(
                clean(opts.startup_file) if opts and opts.startup_file else "",
                placeholder="/home/service/run.sh",
                id="startup-file",
            ),
            "startup-file",
        )
        ports = (
            ", ".join(f"{p.host_port}:{p.container_port}" for p in opts.port_mapping)
            if opts
            else ""
        )
        yield from self.field(
            "Port mappings host:container, comma-separated (optional)",
            Input(ports, placeholder="8080:80, 2222:22", id="port-mapping"),
            "port-mapping",
        )

    def check(self) -> dict[str, str]:
        # the domain's rules for an edge module (iottui.api.domain.edge)
        errors = self.name_errors()
        image = docker_image_problems(self.typed("docker-image-name"))
        if error := say("The image name", image):
            errors["docker-image-name"] = error
        startup = self.typed("startup-file")
        if startup and (error := say("The startup file", startup_file_problems(startup))):
            errors["startup-file"] = error
        ports, problem = parse_ports(self.typed("port-mapping"))
        pairs = [(p.host_port, p.container_port) for p in ports]
        if error := problem or say("A port mapping's", port_mapping_problems(pairs)):
            errors["port-mapping"] = error
        return errors

    async def submit(self) -> Any:
        ports, _ = parse_ports(self.typed("port-mapping"))
        kwargs: dict[str, Any] = {
            "docker_image_name": self.typed("docker-image-name"),
            "access_type": str(self.query_one("#access-type", Select).value),
            "startup_file": self.typed("startup-file") or None,
            "port_mapping": ports,
        }
        if self.module is None:
            return await self.client.edgemodules.create(self.typed("name"), **kwargs)
        await self.client.edgemodules.update(self.module.id, name=self.typed("name"), **kwargs)
        return self.module.id


class AssignForm(FormScreen[Any]):
    """Assign a device configuration to devices and groups."""

    save_label = "Assign"
    what = "the assignment"

    def __init__(self, config: DeviceConfiguration, fleet: Fleet) -> None:
        super().__init__()
        self.config = config
        self.fleet = fleet
        self.title_text = f"Assign {clean(config.name)!r} to devices and groups"

    def compose_fields(self) -> Iterator[Widget]:
        devices = [PickItem(device_label(d), str(d.id)) for d in self.fleet.devices()]
        groups = [PickItem(clean(g.name), str(g.id)) for g in self.fleet.groups]
        a = self.config.assignments
        yield from self.field("Devices", Picker(devices, a.devices, id="devices"), "devices")
        yield from self.field("Groups", Picker(groups, a.groups, id="groups"), "groups")

    def confirmation(self) -> tuple[str, Text] | None:
        a = self.config.assignments
        devices = set(self.query_one("#devices", Picker).selected)
        groups = set(self.query_one("#groups", Picker).selected)
        lost = [d for d in a.devices if d not in devices] + [g for g in a.groups if g not in groups]
        if not lost:
            return None
        return "Unassign?", Text(
            f"{len(lost)} device(s)/group(s) lose configuration {clean(self.config.name)!r}: "
            + ", ".join(clean(x) for x in lost[:10])
        )

    async def submit(self) -> Any:
        await self.client.deviceconfigs.assign(
            self.config.id,
            device_ids=self.query_one("#devices", Picker).selected,
            group_ids=self.query_one("#groups", Picker).selected,
        )
        return self.config.id
