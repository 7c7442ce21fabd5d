"""Dashboards (operations 34-38)."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from iottui.sim.errors import unknown_id
from iottui.sim.handlers.common import Doc, find_metric, get_by_str, ok
from iottui.sim.payload import Payload
from iottui.sim.store import Batch
from iottui.sim.world import World


def create_dashboard(world: World, p: Payload) -> Doc:
    name = p.name()
    dash: Doc = {"id": world.new_hex24(), "name": name, "widgets": []}
    batch = Batch()
    batch.put("dashboard", dash["id"], dash)
    world.commit(batch)
    world.dashboards[dash["id"]] = dash
    return ok({"name": name, "id": dash["id"]})


def delete_dashboard(world: World, p: Payload) -> Doc:
    dash = get_by_str(world.dashboards, "dashboard", "id", p.req("id"))
    batch = Batch()
    batch.delete("dashboard", dash["id"])
    world.commit(batch)
    del world.dashboards[dash["id"]]
    return ok(with_data=False)


def update_dashboard(world: World, p: Payload) -> Doc:
    dash = get_by_str(world.dashboards, "dashboard", "id", p.req("id"))
    new = copy.deepcopy(dash)
    new["name"] = p.name()
    save_dashboard(world, new)
    return ok({"name": new["name"], "id": new["id"]})


def save_dashboard(world: World, dash: Doc) -> None:
    batch = Batch()
    batch.put("dashboard", dash["id"], dash)
    world.commit(batch)
    world.dashboards[dash["id"]] = dash


def get_dashboards(world: World, query: Mapping[str, str]) -> Doc:
    ident = query.get("id")
    if ident is not None:
        return _get_one(world, ident)
    return ok([{"name": d["name"], "id": d["id"]} for d in world.dashboards.values()])


def _render_widget(world: World, widget: Doc) -> Doc:
    layout = widget["layout"]
    settings = dict(widget["settings"])
    rendered_settings: Doc = {}
    if "dataPeriod" in settings:
        rendered_settings["dataperiod"] = settings.pop("dataPeriod")
    rendered_settings.update(settings)
    metrics = []
    for ref in widget["metrics"]:
        found = world.sensors.get(int(ref["sensorId"]))
        if found is None:
            continue
        device, sensor = found
        metric = find_metric(sensor, ref["id"]) or {}
        metrics.append(
            {
                "name": metric.get("name", ref["id"]),
                "uom": metric.get("valueUnit") or metric.get("valueAnnotation") or "",
                "sensor": {
                    "name": sensor["name"],
                    "beehivename": device["name"],
                    "id": sensor["id"],
                    "provisionedsensorid": sensor.get("provisionedSensorId", str(sensor["id"])),
                },
                "id": ref["id"],
            }
        )
    return {
        "name": widget["name"],
        "layout": {
            "width": layout["width"],
            "height": layout["height"],
            "positionx": str(layout["positionX"]),
            "positiony": str(layout["positionY"]),
            "widgetid": widget["id"],
        },
        "settings": rendered_settings,
        "id": widget["id"],
        "metrics": metrics,
        "type": str(widget["type"]),
    }


def _get_one(world: World, ident: str) -> Doc:
    dash = world.dashboards.get(ident.strip())
    if dash is None:
        raise unknown_id("dashboard", ident)
    return ok(
        {
            "id": dash["id"],
            "name": dash["name"],
            "widgets": [_render_widget(world, w) for w in dash["widgets"]],
        }
    )
