"""Item-level tolerance: every readable item of a list answer is kept, the others are named.

Seam 1 of the session plan (:mod:`iottui.api.problems`): ``ReadList`` for list reads,
``Fleet.problems``/``Dashboard.problems`` for nested reads, ``require_id`` for writes.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import httpx
import pytest

from iottui.api import IoTClient
from iottui.api.errors import ResponseFormatError, ValidationError
from iottui.api.models import Contact, EdgeModule
from iottui.api.parse import (
    parse_alarms,
    parse_dashboard,
    parse_data,
    parse_edge_modules,
    parse_fleet,
    parse_group_infos,
    parse_list,
)
from iottui.api.problems import (
    NO_ID,
    NO_STR_ID,
    ItemProblem,
    MissingIdError,
    ReadList,
    has_id,
    problems_of,
    require_id,
    summary,
    write_refusal,
)

from .conftest import BASE_URL, KEY, load_response

#: The API document's own Get Edge Modules example: its one item has a name and no id.
DOCUMENT_EDGEMODULES: dict[str, Any] = {"data": [{"name": "New Edge Module"}], "status": "OK"}


def test_item_problem_reads_as_path_and_message() -> None:
    problem = ItemProblem("data[3].id", "missing")
    assert str(problem) == "data[3].id: missing"


def test_read_list_is_a_tuple_with_problems() -> None:
    problem = ItemProblem("data[1]", "expected an object, got a string")
    items = ReadList([1, 2, 2], [problem])
    assert items.problems == (problem,)
    assert tuple(items) == (1, 2, 2)
    assert items == (1, 2, 2)  # compares as the tuple it is
    assert ReadList().problems == ()
    for copied in (copy.copy(items), pickle.loads(pickle.dumps(items))):
        assert isinstance(copied, ReadList)
        assert copied.problems == (problem,)
        assert tuple(copied) == (1, 2, 2)
    assert "problems=" in repr(items)


def test_the_documents_edge_module_example_without_an_id_is_kept() -> None:
    """Regression: ``data[0].id: missing required field`` blanked the whole list."""
    body = copy.deepcopy(DOCUMENT_EDGEMODULES)
    body["data"].append(load_response("edgemodules.list")["data"][0])
    modules = parse_list("edgemodules.list", body, parse_edge_modules)
    assert isinstance(modules, ReadList)
    assert [(m.id, m.name) for m in modules] == [
        (NO_STR_ID, "New Edge Module"),
        ("5d4ac2eed4f99c207961a162", "New Edge Module"),
    ]
    assert modules.problems == ()
    assert not has_id(modules[0])
    assert has_id(modules[1])


def test_unreadable_items_are_skipped_and_named_by_path() -> None:
    good = load_response("edgemodules.list")["data"][0]
    body = {"data": ["text", good, {"id": "x", "repository": [1]}, None, good]}
    modules = parse_list("edgemodules.list", body, parse_edge_modules)
    assert [m.id for m in modules] == [good["id"], good["id"]]  # duplicates kept, in order
    assert [str(p) for p in modules.problems] == [
        "data[0]: expected an object, got a string",
        "data[2].repository: expected an object, got an array",
        "data[3]: expected an object, got null",
    ]


def test_duplicate_alarm_ids_are_kept() -> None:
    """The document's alarm examples reuse one id; every alarm is data."""
    alarm = load_response("alarms.list")["data"][0]
    other = {**alarm, "description": "the same id again"}
    alarms = parse_list("alarms.list", {"data": [alarm, other, alarm]}, parse_alarms)
    assert [a.id for a in alarms] == [alarm["id"]] * 3
    assert alarms[1].description == "the same id again"
    assert alarms.problems == ()


def test_a_group_with_an_unreadable_contact_keeps_the_group_and_its_other_contacts() -> None:
    body = load_response("groups.list")
    group = body["data"][0]
    group["contacts"] = [
        {"id": 1, "name": "kept"},
        ["not", "a", "contact"],
        {"id": 3, "name": None, "state": "unknown-state"},
    ]
    groups = parse_list("groups.list", body, parse_group_infos)
    assert len(groups) == len(body["data"])
    assert groups[0].contacts == (
        Contact(id=1, name="kept"),
        Contact(id=3, name=""),  # odd fields are read: a null name, an unknown state
    )
    assert [str(p) for p in groups.problems] == [
        "data[0].contacts[1]: expected an object, got an array"
    ]


def test_a_device_with_an_unreadable_metric_keeps_the_device() -> None:
    metrics: list[Any] = [{"id": "ok", "name": "kept"}, {"id": "bad", "name": {"x": 1}}]
    device = {"id": 5, "name": "d", "sensors": [{"id": 6, "name": "s", "metrics": metrics}]}
    body = {"data": [{"id": 1, "name": "g", "devices": [device, device]}]}
    fleet = parse_data("fleet.get", body, parse_fleet)
    devices = fleet.groups[0].devices
    assert [d.id for d in devices] == [5, 5]
    assert [m.id for m in devices[0].sensors[0].metrics] == ["ok"]
    assert [p.path for p in fleet.problems] == [
        "data[0].devices[0].sensors[0].metrics[1].name",
        "data[0].devices[1].sensors[0].metrics[1].name",
    ]


def test_a_dashboard_keeps_its_readable_widgets() -> None:
    body = load_response("dashboards.get")
    widgets = body["data"]["widgets"]
    body["data"]["widgets"] = [widgets[0], 42, *widgets[1:]]
    dashboard = parse_data("dashboards.get", body, parse_dashboard)
    assert len(dashboard.widgets) == len(widgets)
    assert [str(p) for p in dashboard.problems] == [
        "data.widgets[1]: expected an object, got a number"
    ]


def test_an_answer_unreadable_as_a_whole_is_still_an_error() -> None:
    with pytest.raises(ResponseFormatError) as info:
        parse_data("edgemodules.list", {"data": {"id": "x"}}, parse_edge_modules)
    assert info.value.field == "data"


def test_parsers_called_outside_a_read_stay_strict() -> None:
    from iottui.api.parse import FieldError

    with pytest.raises(FieldError):
        parse_edge_modules(["text"], "data")


def test_require_id_refuses_an_item_without_an_id_with_a_reason() -> None:
    module = EdgeModule(id=NO_STR_ID, name="New Edge Module")
    reason = write_refusal(module, "edge module 'New Edge Module'")
    assert reason is not None
    assert "without an id" in reason
    with pytest.raises(MissingIdError) as info:
        require_id(module, "edge module 'New Edge Module'")
    assert isinstance(info.value, ValidationError)
    assert str(info.value) == reason
    assert write_refusal(EdgeModule(id="abc", name="x")) is None
    assert require_id(EdgeModule(id="abc", name="x")) == "abc"
    assert require_id(Contact(id=7, name="c")) == 7
    assert not has_id(Contact(id=NO_ID, name="c"))


async def test_the_client_refuses_writes_to_the_missing_id_sentinels() -> None:
    """Even a caller that forgets require_id cannot send a write for an item without an id."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"data": {}, "status": "OK"})

    async with IoTClient(BASE_URL, KEY, transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(ValidationError):
            await client.edgemodules.delete(NO_STR_ID)
        with pytest.raises(ValidationError):
            await client.groups.delete(NO_ID)
    assert sent == []


async def test_client_list_reads_return_read_lists() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=DOCUMENT_EDGEMODULES)

    async with IoTClient(BASE_URL, KEY, transport=httpx.MockTransport(handler)) as client:
        modules = await client.edgemodules.list()
    assert isinstance(modules, ReadList)
    assert [m.name for m in modules] == ["New Edge Module"]


def test_a_list_of_ids_keeps_its_readable_ids() -> None:
    module = {**load_response("edgemodules.list")["data"][0]}
    module["deviceConfigurationIds"] = ["a", 7, {"id": "b"}, {"name": "no id"}, [1]]
    modules = parse_list("edgemodules.list", {"data": [module]}, parse_edge_modules)
    assert modules[0].device_configuration_ids == ("a", "7", "b")
    assert [str(p) for p in modules.problems] == [
        "data[0].deviceConfigurationIds[3].id: missing required field",
        "data[0].deviceConfigurationIds[4]: expected an id, got an array",
    ]


def test_odd_fields_are_read_not_rejected() -> None:
    device = {
        "id": "2000000472",  # a number as a string
        "name": None,  # a null where a name was
        "state": 77,  # an unknown enum code
        "deviceType": "Unheard-of type",  # unknown enum text
        "alarm": "Critical",  # an enum by its name
        "isMonitoringEnabled": "maybe",  # odd boolean text
        "sensorsCount": str(2**70),  # huge
    }
    body = {"data": [{"id": 1, "name": "g", "devices": [device]}]}
    fleet = parse_data("fleet.get", body, parse_fleet)
    (parsed,) = fleet.groups[0].devices
    assert (parsed.id, parsed.name, int(parsed.state)) == (2000000472, "", 77)
    assert parsed.alarm is not None
    assert parsed.alarm.name == "CRITICAL"
    assert parsed.is_monitoring_enabled is False
    assert parsed.sensors_count == 2**70
    assert fleet.problems == ()


@pytest.mark.parametrize("epoch_ms", [0, 1, 4_102_444_800_000])
def test_times_from_1970_to_2100_are_read(epoch_ms: int) -> None:
    alarm = {**load_response("alarms.list")["data"][0], "opentime": epoch_ms}
    (parsed,) = parse_list("alarms.list", {"data": [alarm]}, parse_alarms)
    assert parsed.open_time == epoch_ms


def test_problems_of_any_read_result_and_their_summary() -> None:
    problem = ItemProblem("data[0]", "expected an object, got null")
    body = {"data": [None, {"id": 1, "name": "g"}]}
    fleet = parse_data("fleet.get", body, parse_fleet)
    assert problems_of(fleet) == (problem,)
    assert problems_of(ReadList([1], [problem, problem])) == (problem, problem)
    # answers shown together: each path names its answer
    named = ItemProblem("closed alarms: data[0]", "expected an object, got null")
    assert problems_of(fleet, "closed alarms") == (named,)
    assert str(problem.within("closed alarms")) == "closed alarms: data[0]: " + problem.message
    assert problems_of(EdgeModule(id="a", name="b")) == ()
    assert problems_of(None) == ()
    assert summary(()) is None
    assert summary([problem]) == "1 item could not be read"
    assert summary([problem, problem, problem]) == "3 items could not be read"


def test_fleet_devices_merge_by_id_but_never_merge_devices_without_one() -> None:
    shared = {"id": 5, "name": "in two groups"}
    body = {
        "data": [
            {"id": 1, "name": "a", "devices": [shared, {"name": "no id 1"}]},
            {"id": 2, "name": "b", "devices": [shared, {"name": "no id 2"}]},
        ]
    }
    fleet = parse_data("fleet.get", body, parse_fleet)
    assert [d.name for d in fleet.devices()] == ["in two groups", "no id 1", "no id 2"]
