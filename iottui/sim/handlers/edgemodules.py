"""Edge modules (operations 50-53)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from iottui.api.domain import (
    docker_image_problems,
    port_mapping_problems,
    startup_file_problems,
)
from iottui.sim.errors import invalid
from iottui.sim.handlers.common import Doc, get_by_str, ok
from iottui.sim.payload import Payload, refuse
from iottui.sim.store import Batch
from iottui.sim.world import World


def module_view(module: Doc) -> Doc:
    return {
        "id": module["id"],
        "moduleName": module["name"],
        "accessType": module["accessType"],
        "dockerImageName": module["dockerImageName"],
        "containerOptions": copy.deepcopy(module.get("containerOptions", {})),
    }


_MODULE_FIELDS = ("id", "name", "repository", "accessType", "dockerImageName", "containerOptions")


def _repository(p: Payload, old: Doc | None) -> tuple[str, str]:
    repo = p.opt_obj("repository")
    rp = Payload(repo or {}, ("accessType", "dockerImageName"))
    access = rp.opt_text("accessType") or p.opt_text("accessType")
    # the name as sent, not trimmed: the client refuses "collector " by the same rule
    image: object = rp.get("dockerImageName", p.get("dockerImageName"))
    if old is not None:
        access = access or old["accessType"]
        image = old["dockerImageName"] if image is None else image
    access = access or "public"
    if access != "public":
        raise invalid("accessType", "only 'public' is supported")
    if image is None:
        raise invalid("dockerImageName", "required")
    refuse(docker_image_problems(image, "dockerImageName"))
    return access, str(image)


def _container_options(value: Any) -> Doc:
    if not isinstance(value, dict):
        raise invalid("containerOptions", "expected a JSON object")
    c = Payload(value, ("startupFile", "portMapping"))
    out: Doc = {}
    startup = c.opt_text("startupFile", max_len=300)
    if startup is not None:
        refuse(startup_file_problems(startup, "containerOptions.startupFile"))
        out["startupFile"] = startup
    ports = c.opt_array("portMapping")
    if ports is not None:
        mapping = []
        for item in ports:
            if not isinstance(item, dict):
                raise invalid("containerOptions.portMapping", "expected {hostPort, containerPort}")
            pm = Payload(item, ("hostPort", "containerPort"))
            mapping.append(
                {
                    "hostPort": pm.integer("hostPort"),
                    "containerPort": pm.integer("containerPort"),
                }
            )
        pairs = [(m["hostPort"], m["containerPort"]) for m in mapping]
        refuse(port_mapping_problems(pairs, "containerOptions.portMapping"))
        out["portMapping"] = mapping
    return out


def create_edgemodule(world: World, p: Payload) -> Doc:
    name = p.name()
    access, image = _repository(p, None)
    options = _container_options(p.req("containerOptions")) if p.has("containerOptions") else {}
    module = {
        "id": world.new_hex24(),
        "name": name,
        "accessType": access,
        "dockerImageName": image,
        "containerOptions": options,
    }
    _save_module(world, module)
    return ok({"id": module["id"]})


def _save_module(world: World, module: Doc) -> None:
    batch = Batch()
    batch.put("edgemodule", module["id"], module)
    world.commit(batch)
    world.edgemodules[module["id"]] = module


def update_edgemodule(world: World, p: Payload) -> Doc:
    module = copy.deepcopy(get_by_str(world.edgemodules, "edge module", "id", p.req("id")))
    if p.has("name"):
        module["name"] = p.name()
    module["accessType"], module["dockerImageName"] = _repository(p, module)
    if p.has("containerOptions"):
        module["containerOptions"] = _container_options(p.req("containerOptions"))
    _save_module(world, module)
    return ok({"id": module["id"]})


def delete_edgemodule(world: World, p: Payload) -> Doc:
    module = get_by_str(world.edgemodules, "edge module", "id", p.req("id"))
    batch = Batch()
    batch.delete("edgemodule", module["id"])
    changed = []
    for cfg in world.deviceconfigs.values():
        if any(
            module["id"] in e["value"] for e in cfg["configuration"] if e["key"] == "edge-module"
        ):
            new = copy.deepcopy(cfg)
            for e in new["configuration"]:
                if e["key"] == "edge-module":
                    e["value"] = [m for m in e["value"] if m != module["id"]]
            batch.put("deviceconfig", new["id"], new)
            changed.append(new)
    world.commit(batch)
    del world.edgemodules[module["id"]]
    for cfg in changed:
        world.deviceconfigs[cfg["id"]] = cfg
    return ok(with_data=False)


def get_edgemodules(world: World, query: Mapping[str, str]) -> Doc:
    data = []
    for module in world.edgemodules.values():
        data.append(
            {
                "id": module["id"],
                "name": module["name"],
                "repository": {
                    "accessType": module["accessType"],
                    "dockerImageName": module["dockerImageName"],
                },
                "accessType": module["accessType"],
                "dockerImageName": module["dockerImageName"],
                "containerOptions": copy.deepcopy(module.get("containerOptions", {})),
                "deviceConfigurationIds": [
                    c["id"]
                    for c in world.deviceconfigs.values()
                    if any(
                        module["id"] in e["value"]
                        for e in c["configuration"]
                        if e["key"] == "edge-module"
                    )
                ],
            }
        )
    return ok(data)
