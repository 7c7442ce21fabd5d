"""Parsers of edge modules and device configurations."""

from __future__ import annotations

from typing import Any

from iottui.api.models import (
    Assignments,
    ConfigurationEntry,
    ContainerOptions,
    DeviceConfiguration,
    EdgeModule,
    PortMapping,
)
from iottui.api.parse.core import (
    _bool,
    _each,
    _extra,
    _id_str,
    _nested,
    _obj,
    _opt_str,
    _req_int,
    _req_str,
    _str_or,
    _str_tuple,
)
from iottui.api.problems import NO_STR_ID

_EDGE_KEYS = frozenset(
    {
        "id",
        "edgemoduleid",
        "name",
        "modulename",
        "repository",
        "accesstype",
        "dockerimagename",
        "containeroptions",
        "deviceconfigurationids",
    }
)


def _port_mapping(value: Any, path: str) -> PortMapping:
    low = _obj(value, path)
    return PortMapping(
        host_port=_req_int(low, "hostport", path),
        container_port=_req_int(low, "containerport", path),
    )


def _container_options(value: Any, path: str) -> ContainerOptions:
    if value is None:
        return ContainerOptions()
    low = _obj(value, path)
    return ContainerOptions(
        startup_file=_opt_str(low, "startupfile", path),
        port_mapping=_nested(low.get("portmapping"), f"{path}.portMapping", _port_mapping),
    )


def parse_edge_module(value: Any, path: str) -> EdgeModule:
    """An edge module; ``accessType``/``dockerImageName`` flat or inside ``repository``.

    Inside a device configuration the name arrives as ``moduleName``.
    """
    low = _obj(value, path)
    repo = low
    repo_raw = low.get("repository")
    rpath = path
    if repo_raw is not None:
        rpath = f"{path}.repository"
        repo = _obj(repo_raw, rpath)
    module_id = _opt_str(low, "id", path)
    if module_id is None:
        module_id = _opt_str(low, "edgemoduleid", path)
    if module_id is None:
        module_id = NO_STR_ID  # kept: shown, but no write can name it
    name = _opt_str(low, "name", path)
    if name is None:
        name = _str_or(low, "modulename", path)
    access = _opt_str(repo, "accesstype", rpath)
    image = _opt_str(repo, "dockerimagename", rpath)
    if repo is not low:  # nested repository, but tolerate flat values beside it too
        access = access if access is not None else _opt_str(low, "accesstype", path)
        image = image if image is not None else _opt_str(low, "dockerimagename", path)
    return EdgeModule(
        id=module_id,
        name=name,
        access_type=access if access is not None else "public",
        docker_image_name=image or "",
        container_options=_container_options(
            low.get("containeroptions"), f"{path}.containerOptions"
        ),
        device_configuration_ids=_str_tuple(
            low.get("deviceconfigurationids"), f"{path}.deviceConfigurationIds"
        ),
        extra=_extra(value, low, _EDGE_KEYS),
    )


def parse_edge_modules(value: Any, path: str) -> list[EdgeModule]:
    return _each(value, path, parse_edge_module)


_CONFIG_KEYS = frozenset({"id", "name", "configuration", "assignments"})


def _config_entry(value: Any, path: str) -> ConfigurationEntry:
    low = _obj(value, path)
    key = _req_str(low, "key", path)
    raw = low.get("value")
    if key.lower() == "edge-module" and type(raw) is list:
        # Validate the module objects (kept as sent, see edge_modules_of()).
        for j, item in enumerate(raw):
            if type(item) is dict:
                parse_edge_module(item, f"{path}.value[{j}]")
    return ConfigurationEntry(key=key, value=raw, enforce=_bool(low, "enforce", path))


def parse_device_configuration(value: Any, path: str) -> DeviceConfiguration:
    low = _obj(value, path)
    assignments = Assignments()
    a_raw = low.get("assignments")
    if a_raw is not None:
        apath = f"{path}.assignments"
        alow = _obj(a_raw, apath)
        devices = alow.get("devices", alow.get("deviceids"))
        groups = alow.get("groups", alow.get("groupids"))
        assignments = Assignments(
            devices=_str_tuple(devices, f"{apath}.devices"),
            groups=_str_tuple(groups, f"{apath}.groups"),
        )
    return DeviceConfiguration(
        id=_id_str(low),
        name=_str_or(low, "name", path),
        configuration=_nested(low.get("configuration"), f"{path}.configuration", _config_entry),
        assignments=assignments,
        extra=_extra(value, low, _CONFIG_KEYS),
    )


def parse_device_configurations(value: Any, path: str) -> list[DeviceConfiguration]:
    return _each(value, path, parse_device_configuration)


def edge_modules_of(config: DeviceConfiguration) -> tuple[EdgeModule, ...]:
    """The edge modules a device configuration lists as objects (``moduleName`` as name).

    Entries that are bare ids become modules with an empty name.
    """
    modules: list[EdgeModule] = []
    for entry in config.configuration:
        if entry.key.lower() != "edge-module" or type(entry.value) is not list:
            continue
        for j, item in enumerate(entry.value):
            if type(item) is dict:
                modules.append(parse_edge_module(item, f"configuration.value[{j}]"))
            elif type(item) in (str, int):
                modules.append(EdgeModule(id=str(item), name=""))
    return tuple(modules)
