"""Hostile input: random payloads and queries on every route never crash the server (no 500),
and always get the error shape."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from iottui.api.routes import DEFAULT_PATHS, OPERATIONS
from iottui.sim.app import answer_post
from iottui.sim.errors import SimError
from iottui.sim.handlers import ROUTES
from iottui.sim.runner import SimServer
from tests.sim.conftest import make_config, raw

FIELDS = [
    "id",
    "name",
    "devices",
    "contacts",
    "permission",
    "deviceId",
    "scriptPath",
    "frequency",
    "metrics",
    "params",
    "systemHealthType",
    "sensorType",
    "ruleType",
    "sources",
    "thresholds",
    "activeflag",
    "channels",
    "type",
    "target",
    "timeZoneId",
    "topicInfos",
    "newTopics",
    "dashboardId",
    "layout",
    "settings",
    "configuration",
    "deviceIds",
    "groupIds",
    "repository",
    "accessType",
    "dockerImageName",
    "containerOptions",
    "sensor",
    "value",
    "condition",
    "severity",
    "checkcount",
    "nodeids",
    "metricId",
    "thingId",
]

#: Any text at all: every code point, lone surrogates included (JSON can carry "\\ud800").
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=24)
#: Numbers as text that Python's str.isdigit or int() would half-accept, and very long ones.
digit_text = st.one_of(
    st.text(st.sampled_from("0123456789-+ _.e²³¹٣७\u0660"), min_size=1, max_size=30),
    st.builds(
        lambda sign, digits: sign + digits,
        st.sampled_from(["", "-", "--", "+"]),
        st.text("0123456789", min_size=19, max_size=5000),
    ),
)
#: Integers far beyond 64 bits (JSON has no limit; Python parses up to 4300 digits).
huge_numbers = st.integers(-(10**400), 10**400) | st.sampled_from(
    [2**63, -(2**63) - 1, 2**64, 10**300, 1e308, -1e308, 5e-324]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | huge_numbers
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text
    | digit_text
    | st.sampled_from(
        ["", "metric>=1", "22", "seconds", "x@y.z", "GMT+01:00 Europe/Berlin", "ns=1;s=A a"]
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)
payloads = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)
posts = sorted({(op.route, op.action) for op in OPERATIONS if op.method == "POST"})
#: Every query parameter a simulator handler reads (``query_*(query, name)``, ``query.get``).
QUERY_NAMES = ["range", "period", "metrics", "sensorids", "status", "id"]
OK = {200, 400, 403, 404, 405, 409, 413}


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[SimServer, httpx.Client]]:
    with SimServer(make_config(devices=8)) as server, raw(server) as http:
        yield server, http


def post(http: httpx.Client, path: str, body: object) -> httpx.Response:
    """POST ``body`` as JSON text with ``\\uXXXX`` escapes, so lone surrogates travel too."""
    return http.post(path, content=json.dumps(body).encode("ascii"))


def get(http: httpx.Client, path: str, params: dict[str, bytes]) -> httpx.Response:
    """GET with query values as any bytes at all (invalid UTF-8 included), percent-encoded."""
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())
    return http.get(f"{path}?{query}" if query else path)


def _check(response: httpx.Response) -> None:
    assert response.status_code in OK, (response.status_code, response.text)
    if response.status_code != 200:
        body = response.json()
        assert set(body) == {"error"}
        assert isinstance(body["error"]["code"], str)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(route_action=st.sampled_from(posts), payload=payloads)
def test_random_posts_never_crash(
    hostile: tuple[SimServer, httpx.Client], route_action: tuple[str, str], payload: dict[str, Any]
) -> None:
    _server, http = hostile
    route, action = route_action
    _check(post(http, DEFAULT_PATHS[route], {"action": action, "payload": payload}))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(sorted(set(DEFAULT_PATHS.values()))),
    params=st.dictionaries(
        st.sampled_from(QUERY_NAMES),
        json_values.map(lambda v: json.dumps(v).encode("ascii"))
        | any_text.map(lambda s: s.encode("utf-8", "surrogatepass"))
        | st.binary(max_size=16),
        max_size=4,
    ),
)
def test_random_queries_never_crash(
    hostile: tuple[SimServer, httpx.Client], path: str, params: dict[str, bytes]
) -> None:
    _server, http = hostile
    _check(get(http, path, params))


def test_still_healthy_afterwards(hostile: tuple[SimServer, httpx.Client]) -> None:
    _server, http = hostile
    assert http.get("/__sim/health").json()["status"] == "OK"
    assert http.get("/devices").status_code == 200


def test_nan_and_infinity_are_not_json(hostile: tuple[SimServer, httpx.Client]) -> None:
    _server, http = hostile
    for text in (
        '{"action": "create", "payload": {"name": NaN}}',
        '{"action": "create", "payload": {"name": "x", "devices": [Infinity]}}',
    ):
        response = http.post("/groups", content=text.encode())
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "3"
    response = http.get("/lastvalues", params={"sensorids": "[NaN]"})
    assert response.status_code == 400


def _bases(http: httpx.Client) -> dict[tuple[str, str], dict[str, Any]]:
    """A valid payload for every non-delete POST, built from the server's own data."""
    sensors = http.get("/sensors").json()["data"]
    groups = http.get("/groups").json()["data"]
    owned = next(g for g in groups if g["permission"] == 3)
    tv = owned["devices"][0]["tvId"]
    sensor = next(s for s in sensors if s["device"]["id"] == tv)
    metric = next(
        m
        for m in http.get("/metrics").json()["data"]["metrics"]
        if m["sensor"]["id"] == sensor["id"]
    )
    contact = http.get("/contacts").json()["data"][0]["id"]
    rule = http.get("/rules").json()["data"][0]["id"]
    topic = http.get("/topics").json()["data"][0]["id"]
    channel = http.get("/channels").json()["data"][0]["id"]
    dashboard = http.get("/dashboards").json()["data"][0]["id"]
    widget = http.get("/dashboards", params={"id": dashboard}).json()["data"]["widgets"][0]["id"]
    config = http.get("/deviceconfigurations").json()["data"][0]["id"]
    module = http.get("/edgemodules").json()["data"][0]["id"]
    freq = {"type": "seconds", "value": 10}
    metrics = [
        {"id": "m", "name": "M", "valueType": "double", "valueUnit": "SI.Temperature.CELSIUS"}
    ]
    source = {"metricId": metric["id"], "thingId": sensor["id"]}
    thresholds = [
        {
            "condition": "metric>1",
            "severity": 2,
            "checkcount": 1,
            "topicIds": [topic],
            "newTopics": ["t"],
        }
    ]
    wmetrics = [{"sensor": {"id": sensor["id"]}, "id": metric["id"]}]
    layout = {"width": 2, "height": 6, "positionX": 0, "positionY": 0}
    settings_ = {
        "dataPeriod": 2,
        "aggregation": {"method": "MAX", "period": 60000},
        "minValue": "0",
        "maxValue": "9",
        "axisType": 1,
        "scalingType": 2,
    }
    configuration = [
        {"key": "edge-management", "value": [{"key": "enable", "value": True}], "enforce": True},
        {"key": "edge-module", "value": [module], "enforce": False},
    ]
    options = {"startupFile": "/a/b.sh", "portMapping": [{"hostPort": 1, "containerPort": 2}]}
    return {
        ("assignmenttoken", "update"): {},
        ("groups", "create"): {"name": "g", "devices": [str(tv)]},
        ("groups", "update"): {"id": owned["id"], "name": "g", "devices": [tv]},
        ("groups_share", "update"): {
            "id": owned["id"],
            "contacts": [{"id": contact, "permission": 2}],
        },
        ("groups_unshare", "update"): {"id": owned["id"], "contacts": [{"id": contact}]},
        ("sensors", "create"): {
            "name": "s",
            "deviceId": tv,
            "scriptPath": "/s.py",
            "frequency": freq,
            "metrics": metrics,
        },
        ("sensors", "update"): {"id": sensor["id"], "name": "s", "frequency": freq},
        ("rules", "create"): {
            "name": "r",
            "ruleType": 1,
            "sources": [source],
            "thresholds": thresholds,
        },
        ("rules", "update"): {"id": rule, "name": "r", "activeflag": 1},
        ("alarms", "close"): {"id": "00000000-0000-4000-8000-000000000000"},
        ("topics", "create"): {"name": "t", "channels": [channel]},
        ("topics", "update"): {"id": topic, "name": "t", "channels": [channel]},
        ("channels", "create"): {
            "name": "c",
            "type": 1,
            "target": "https://example.com/h",
            "timeZoneId": "GMT+01:00 Europe/Berlin",
            "topicInfos": [topic],
            "newTopics": ["n"],
        },
        ("channels", "update"): {
            "id": channel,
            "name": "c",
            "target": "ops@example.com",
            "activeflag": 1,
        },
        ("dashboards", "create"): {"name": "d"},
        ("dashboards", "update"): {"id": dashboard, "name": "d"},
        ("widgets", "create"): {
            "dashboardId": dashboard,
            "name": "w",
            "type": 1,
            "metrics": wmetrics,
            "layout": layout,
            "settings": settings_,
        },
        ("widgets", "update"): {
            "dashboardId": dashboard,
            "id": widget,
            "name": "w",
            "layout": layout,
            "settings": settings_,
        },
        ("deviceconfigurations", "create"): {"name": "c", "configuration": configuration},
        ("deviceconfigurations", "update"): {
            "id": config,
            "name": "c",
            "configuration": configuration,
        },
        ("deviceconfigurations_assign", "update"): {
            "id": config,
            "deviceIds": [str(tv)],
            "groupIds": [owned["id"]],
        },
        ("edgemodules", "create"): {
            "name": "e",
            "repository": {"accessType": "public", "dockerImageName": "img"},
            "containerOptions": options,
        },
        ("edgemodules", "update"): {
            "id": module,
            "name": "e",
            "dockerImageName": "img2",
            "containerOptions": options,
        },
    }


@pytest.fixture(scope="module")
def bases(hostile: tuple[SimServer, httpx.Client]) -> dict[tuple[str, str], dict[str, Any]]:
    return _bases(hostile[1])


def _mutate(node: Any, data: st.DataObject, depth: int = 0) -> Any:
    """Replace one random node of a JSON tree by a random JSON value (or drop a key)."""
    children: list[Any] = []
    if isinstance(node, dict):
        children = list(node)
    elif isinstance(node, list):
        children = list(range(len(node)))
    if not children or depth > 6 or data.draw(st.integers(0, 3)) == 0:
        return data.draw(json_values)
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    key = data.draw(st.sampled_from(children))
    if isinstance(copy, dict) and data.draw(st.integers(0, 5)) == 0:
        del copy[key]
        return copy
    copy[key] = _mutate(copy[key], data, depth + 1)
    return copy


def test_every_base_payload_is_valid(hostile: tuple[SimServer, httpx.Client]) -> None:
    _server, http = hostile
    bases = _bases(http)
    assert {k for k in bases} | {
        (op.route, op.action) for op in OPERATIONS if op.action == "delete"
    } >= set(posts)
    for (route, action), payload in bases.items():
        response = http.post(DEFAULT_PATHS[route], json={"action": action, "payload": payload})
        assert response.status_code == (404 if route == "alarms" else 200), (route, response.text)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_valid_payloads_never_crash(
    hostile: tuple[SimServer, httpx.Client],
    bases: dict[tuple[str, str], dict[str, Any]],
    data: st.DataObject,
) -> None:
    _server, http = hostile
    route, action = data.draw(st.sampled_from(sorted(bases)))
    payload = _mutate(bases[(route, action)], data)
    body = {"action": action, "payload": payload}
    _check(post(http, DEFAULT_PATHS[route], body))


#: Values that broke (or could break) a field's reader: numbers as odd text, beyond 64 bits or
#: beyond float, text that is not text (a lone surrogate), controls, and the wrong shapes.
HOSTILE: list[Any] = [
    "--5",
    "\u00b2",
    "\u0663",
    "9" * 5000,
    "a\ud800b",
    "\x00\u202e",
    "",
    10**400,
    -(2**63) - 1,
    1e308,
    -0.5,
    True,
    None,
    [],
    {},
    json.loads("[" * 70 + "]" * 70),  # deeper than the body limit
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside a JSON tree (not the root)."""
    if isinstance(node, dict | list):
        for key, child in node.items() if isinstance(node, dict) else enumerate(node):
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))


def _replaced(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replaced(copy[path[0]], path[1:], value)
    return copy


def _answer_in_process(answer: Callable[[], Any], sent: object) -> None:
    """A SimError below 500, or an answer that can be sent back as UTF-8 JSON."""
    status = 200
    try:
        json.dumps(answer(), ensure_ascii=False).encode("utf-8")
    except SimError as exc:
        status = exc.kind.status
    assert status < 500, sent


def test_every_field_of_every_payload_refuses_hostile_values_without_a_5xx(
    hostile: tuple[SimServer, httpx.Client], bases: dict[tuple[str, str], dict[str, Any]]
) -> None:
    """Every field (and every item of every list) of a valid payload of each POST operation,
    replaced by each hostile value in turn: never a 5xx, always the error shape."""
    server, _http = hostile
    world = server.context.world
    deletes: dict[tuple[str, str], dict[str, Any]] = {
        (op.route, str(op.action)): {"id": "x"} for op in OPERATIONS if op.action == "delete"
    }
    deletes[("sensors", "delete")] = {"id": 1, "deviceId": 1}
    deletes[("widgets", "delete")] = {"dashboardId": "x", "id": "x"}
    sent = 0
    # In process (the request's own code path, without the socket): some 2,700 requests.
    # Over the wire, the same code answers a SimError with its status and anything else 500.
    for (route, action), base in sorted({**deletes, **bases}.items()):
        for path in _paths(base):
            for value in HOSTILE:
                body = {"action": action, "payload": _replaced(base, path, value)}
                raw_body = json.dumps(body).encode("ascii")
                _answer_in_process(partial(answer_post, world, ROUTES[route], raw_body), body)
                sent += 1
    assert sent > 2000


def test_every_query_parameter_of_every_path_refuses_hostile_values_without_a_5xx(
    hostile: tuple[SimServer, httpx.Client],
) -> None:
    _server, http = hostile
    texts = [json.dumps(v).encode("ascii") for v in HOSTILE] + [
        b"\xff\xfe",
        "\u00b2".encode(),
        b"[1e999, 1]",
        b"[" + b"9" * 400 + b"]",
    ]
    base = {"range": b"[1, 2]", "metrics": b'[{"sensorId": 1}]', "sensorids": b"[1]"}
    readers = {  # the parameters each GET reads; the others ignore the query
        DEFAULT_PATHS["alarms"]: ("status", "range"),
        DEFAULT_PATHS["data"]: ("range", "metrics", "period"),
        DEFAULT_PATHS["lastvalues"]: ("sensorids",),
        DEFAULT_PATHS["dashboards"]: ("id",),
    }
    assert {n for names in readers.values() for n in names} == set(QUERY_NAMES)
    world = _server.context.world

    def ask(route: str, params: dict[str, bytes]) -> None:
        query = QueryParams("&".join(f"{quote(k)}={quote(v)}" for k, v in params.items()))
        spec = ROUTES[route]
        if spec.get is not None:
            _answer_in_process(lambda: spec.get(world, query) if spec.get else None, params)
        if spec.prepare is not None:
            _answer_in_process(
                lambda: spec.prepare(world, query)() if spec.prepare else None, params
            )

    for route, path in sorted(DEFAULT_PATHS.items()):
        for name in readers.get(path, ()):
            for text in texts:
                ask(route, {**base, name: text})
        for text in texts:  # every parameter at once, also where none is read
            ask(route, dict.fromkeys(QUERY_NAMES, text))
    for text in texts:  # and once over the wire, for the query string's own decoding
        _check(get(http, DEFAULT_PATHS["data"], dict.fromkeys(QUERY_NAMES, text)))
