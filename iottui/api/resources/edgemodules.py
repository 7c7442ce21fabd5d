"""Edge modules: create, delete, list, update (operations 50-53)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.errors import ValidationError
from iottui.api.models import Created, EdgeModule, PortMapping
from iottui.api.parse import parse_created, parse_created_optional, parse_edge_modules
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, port_mapping_body, validating
from iottui.api.validate import (
    validate_docker_image,
    validate_id,
    validate_name,
    validate_port_mappings,
    validate_startup_file,
)


def _access_type(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("access_type must not be empty (e.g. public)", field="access_type")
    return value.strip()


def _container_options(
    startup_file: str | None, port_mapping: Sequence[PortMapping] | None
) -> dict[str, Any] | None:
    options: dict[str, Any] = {}
    if startup_file is not None:
        options["startupFile"] = validate_startup_file(startup_file)
    if port_mapping:
        options["portMapping"] = port_mapping_body(validate_port_mappings(port_mapping))
    elif port_mapping is not None and startup_file is None:
        options["portMapping"] = []
    return options or None


class EdgeModulesResource(Resource):
    name = "edgemodules"
    __slots__ = ()

    @operation("edgemodules.create")
    async def create(
        self,
        name: str,
        *,
        docker_image_name: str,
        access_type: str = "public",
        startup_file: str | None = None,
        port_mapping: Sequence[PortMapping] = (),
    ) -> Created:
        """Create an edge module from a Docker image (50).

        ``accessType``/``dockerImageName`` are sent inside ``repository``, as the document's
        field table says (its example lost the ``"repository": {`` line but kept the missing
        comma that shows the nesting). The parser accepts both forms in answers.
        """
        with validating("edgemodules.create"):
            payload: dict[str, Any] = {
                "name": validate_name(name),
                "repository": {
                    "accessType": _access_type(access_type),
                    "dockerImageName": validate_docker_image(docker_image_name),
                },
            }
            options = _container_options(startup_file, port_mapping or None)
            if options is not None:
                payload["containerOptions"] = options
        body = await self._post("edgemodules.create", payload)
        return self._parse("edgemodules.create", body, parse_created)

    @operation("edgemodules.delete")
    async def delete(self, module_id: str) -> None:
        """Delete an edge module (51)."""
        with validating("edgemodules.delete"):
            payload = {"id": str(validate_id(module_id, "module_id"))}
        await self._post("edgemodules.delete", payload)

    @operation("edgemodules.list")
    async def list(self) -> ReadList[EdgeModule]:
        """Every edge module with its repository and container options (52)."""
        body = await self._get("edgemodules.list")
        return self._parse_list("edgemodules.list", body, parse_edge_modules)

    @operation("edgemodules.update")
    async def update(
        self,
        module_id: str,
        *,
        name: str | None = None,
        docker_image_name: str | None = None,
        access_type: str | None = None,
        startup_file: str | None = None,
        port_mapping: Sequence[PortMapping] | None = None,
    ) -> Created | None:
        """Change an edge module (53)."""
        with validating("edgemodules.update"):
            payload: dict[str, Any] = {"id": str(validate_id(module_id, "module_id"))}
            if name is not None:
                payload["name"] = validate_name(name)
            repository: dict[str, str] = {}
            if access_type is not None:
                repository["accessType"] = _access_type(access_type)
            if docker_image_name is not None:
                repository["dockerImageName"] = validate_docker_image(docker_image_name)
            if repository:
                payload["repository"] = repository
            options = _container_options(startup_file, port_mapping)
            if options is not None:
                payload["containerOptions"] = options
            if len(payload) == 1:
                raise ValidationError("nothing to update", field="name")
        body = await self._post("edgemodules.update", payload)
        return self._parse("edgemodules.update", body, parse_created_optional, required=False)
