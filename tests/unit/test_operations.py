"""Every one of the 53 operations has a client method carrying its id, and the encoder."""

from __future__ import annotations

import inspect
import json
from urllib.parse import unquote

import pytest

from iottui.api import OPERATIONS, IoTClient
from iottui.api.encoding import decode_query_value, encode_query, encode_query_value
from iottui.api.resources import Resource, operation_of

from .conftest import BASE_URL, KEY


def namespaces(client: IoTClient) -> dict[str, Resource]:
    return {name: ns for name, ns in vars(client).items() if isinstance(ns, Resource)}


async def test_every_operation_has_a_client_method() -> None:
    async with IoTClient(BASE_URL, KEY) as client:
        spaces = namespaces(client)
        implemented: dict[str, list[str]] = {}
        for name, ns in spaces.items():
            assert type(ns).name == name
            for attr, _ in inspect.getmembers(ns, inspect.ismethod):
                op_id = operation_of(getattr(ns, attr))
                if op_id:
                    implemented.setdefault(op_id, []).append(f"{name}.{attr}")
        assert sorted(implemented) == sorted(op.id for op in OPERATIONS)
        assert len(OPERATIONS) == 53
        for op in OPERATIONS:
            # The method named like the operation exists on the namespace named like it.
            method = getattr(spaces[op.resource], op.verb)
            assert operation_of(method) == op.id
            assert inspect.iscoroutinefunction(method)
        assert sorted(implemented["sensors.create_custom"]) == [
            "sensors.create_custom",
            "sensors.create_opcua",
        ]
        assert sorted(implemented["rules.update"]) == [
            "rules.disable",
            "rules.enable",
            "rules.update",
        ]


def test_operations_map_to_resource_classes() -> None:
    classes = {cls.name: cls for cls in Resource.__subclasses__()}
    for op in OPERATIONS:
        assert op.id in classes[op.resource].operations().values()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ([1574679580889, 1574679640889], "[1574679580889,1574679640889]"),
        ([{"sensorId": 1, "metricId": "a"}], '[{"sensorId":1,"metricId":"a"}]'),
        ({"a": [1, 2]}, '{"a":[1,2]}'),
        ("5c46c87e", "5c46c87e"),
        (3, "3"),
        (2.5, "2.5"),
        (True, "true"),
        (["ü"], '["ü"]'),
    ],
)
def test_encode_query_value(value: object, text: str) -> None:
    assert encode_query_value(value) == text
    if isinstance(value, list | dict):
        assert decode_query_value(text) == value


def test_encode_query_percent_encodes_everything() -> None:
    query = encode_query(
        {"range": [1, 2], "status": 1, "skip": None, "metrics": [{"sensorId": 5}], "id": "a&b"}
    )
    assert query == ("range=%5B1%2C2%5D&status=1&metrics=%5B%7B%22sensorId%22%3A5%7D%5D&id=a%26b")
    pairs = dict(part.split("=") for part in query.split("&"))
    assert json.loads(unquote(pairs["metrics"])) == [{"sensorId": 5}]


def test_encode_query_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        encode_query_value(object())
