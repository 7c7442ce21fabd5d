"""Issue 10 #9: the simulator never answers 500 to client input.

Each case seen answering 500 (or, for ``--state``, an internal error) is pinned here; the random
search over every route is ``test_sim_robustness.py``. Bodies are sent as JSON text with
``\\uXXXX`` escapes so lone surrogates travel as a real client could send them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iottui.cli.dispatch import main as iottui_main
from iottui.sim import cli as sim_cli
from iottui.sim.runner import SimServer
from tests.sim.conftest import make_config, raw


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with SimServer(make_config(devices=4)) as server, raw(server) as client:
        yield client


def _error(response: httpx.Response, status: int = 400) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "desc"}
    code: str = body["error"]["code"]
    return code


@pytest.mark.parametrize(
    "device",
    ["--5", "²", "9" * 5000, "٣", "-", " 5 5", "1_000", 2**64],
    ids=[
        "double-minus",
        "superscript",
        "5000-digits",
        "arabic-digit",
        "minus",
        "blanks",
        "underscore",
        "2**64",
    ],
)
def test_a_device_id_that_is_not_a_64_bit_number_is_400(
    http: httpx.Client, device: str | int
) -> None:
    body = {"action": "create", "payload": {"name": "g", "devices": [device]}}
    assert _error(http.post("/groups", json=body)) == "6"


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/groups", '{"name": "a\\ud800b"}'),
        ("/dashboards", '{"name": "\\udfff"}'),
        ("/topics", '{"name": "t\\udbff"}'),
        ("/groups", '{"name": "g", "\\ud800": 1}'),  # in a key too
    ],
)
def test_a_lone_surrogate_anywhere_in_a_body_is_400(
    http: httpx.Client, path: str, payload: str
) -> None:
    content = f'{{"action": "create", "payload": {payload}}}'.encode()
    assert _error(http.post(path, content=content)) == "3"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/alarms", {"range": "[" + "9" * 400 + ", 1]"}),
        ("/alarms", {"range": "[1, " + "9" * 400 + "]"}),
        ("/alarms", {"range": "[1e300, 1e301]"}),
        ("/alarms", {"status": "9" * 400}),
        ("/data", {"range": "[1, " + "9" * 400 + "]", "metrics": "[]"}),
        ("/data", {"range": "[1, 2]", "metrics": '[{"sensorId": 1}]', "period": "9" * 400}),
        ("/lastvalues", {"sensorids": "[" + "9" * 400 + "]"}),
    ],
)
def test_a_huge_number_in_a_query_is_400(
    http: httpx.Client, path: str, params: dict[str, str]
) -> None:
    assert _error(http.get(path, params=params)) in ("6", "7", "15")


@pytest.mark.parametrize("opening", [b"[", b'{"x":'])
def test_a_100k_deep_body_on_sim_faults_is_400(http: httpx.Client, opening: bytes) -> None:
    depth = 100_000
    closing = b"]" if opening == b"[" else b"}"
    body = opening * depth + b"1" + closing * depth
    assert _error(http.post("/__sim/faults", content=body)) == "3"
    assert http.get("/__sim/faults").json()["faults"]["latency"] == 0.0


@pytest.mark.parametrize(
    "body",
    [
        b'{"latency": 1e400}',  # inf: json.loads reads it, float() keeps it
        ('{"latency": ' + "9" * 400 + "}").encode(),  # float() overflows
        b'{"latency": 1e300}',  # a server that never answers
        b'{"spec": "jitter=1e999"}',
    ],
)
def test_faults_out_of_range_are_400(http: httpx.Client, body: bytes) -> None:
    assert _error(http.post("/__sim/faults", content=body)) == "6"


@pytest.mark.parametrize(
    "advance",
    ["1e400", "9" * 400, '"x"', "true", "null"],
    ids=["1e400", "400-digits", "text", "true", "null"],
)
def test_clock_values_that_are_not_milliseconds_are_400(http: httpx.Client, advance: str) -> None:
    before = http.get("/__sim/clock").json()["now"]
    response = http.post("/__sim/clock", content=f'{{"advance": {advance}}}'.encode())
    assert _error(response) in ("5", "6")
    assert http.get("/__sim/clock").json()["now"] == before


def test_widget_bounds_must_be_finite_numbers(http: httpx.Client) -> None:
    dashboard = http.post("/dashboards", json={"action": "create", "payload": {"name": "d"}})
    dash_id = dashboard.json()["data"]["id"]
    sensor = http.get("/sensors").json()["data"][0]["id"]
    metric = next(
        m["id"]
        for m in http.get("/metrics").json()["data"]["metrics"]
        if m["sensor"]["id"] == sensor
    )
    for bound in ("nan", "inf", "-Infinity", "1e400"):
        payload = {
            "dashboardId": dash_id,
            "name": "w",
            "type": 1,
            "metrics": [{"sensor": {"id": sensor}, "id": metric}],
            "settings": {"minValue": bound},
        }
        response = http.post("/widgets", json={"action": "create", "payload": payload})
        assert _error(response) == "6", bound


def _nested(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    if kind == "object":
        return b'{"a":' * depth + b"0" + b"}" * depth
    return b'{"action": "create", "payload": {"name": ' + b"[" * depth + b"]" * depth + b"}}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    depth=st.integers(1, 200_000),
    kind=st.sampled_from(["list", "object", "payload"]),
    path=st.sampled_from(["/groups", "/rules", "/widgets", "/__sim/faults", "/__sim/clock"]),
)
def test_any_nesting_depth_is_answered_without_a_5xx(
    http: httpx.Client, depth: int, kind: str, path: str
) -> None:
    response = http.post(path, content=_nested(depth, kind))
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        _error(response, response.status_code)


# --- --state ----------------------------------------------------------------------------------


def _state_cases(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(bytes(range(256)) * 20)
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database\n")
    foreign = tmp_path / "foreign.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE docs (kind TEXT, id TEXT, doc TEXT)")
    db.execute("INSERT INTO docs VALUES ('device', '1', 'not json')")
    db.commit()
    db.close()
    return {"folder": folder, "garbage": garbage, "text": text, "foreign": foreign}


@pytest.mark.parametrize("case", ["folder", "garbage", "text", "foreign"])
def test_an_unusable_state_is_one_clear_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = _state_cases(tmp_path)[case]
    args = ["--state", str(path), "--port", "0", "--devices", "2", "--replay-hours", "0"]
    assert sim_cli.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("iottui sim: ")
    assert str(path) in err[0]
    assert "Traceback" not in err[0]
    assert "internal error" not in err[0]
    assert iottui_main(["sim", *args]) == 2  # the same through `iottui sim`
    if case == "foreign":  # the file is left as it was: nothing written into someone's data
        db = sqlite3.connect(path)
        assert db.execute("SELECT * FROM docs").fetchall() == [("device", "1", "not json")]
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        assert tables == [("docs",)]


def test_the_state_file_stays_usable_after_a_refused_start(tmp_path: Path) -> None:
    """Refusing a folder writes nothing into it; a good path beside it then starts."""
    folder = tmp_path / "state"
    folder.mkdir()
    assert sim_cli.main(["--state", str(folder), "--port", "0"]) == 2
    assert list(folder.iterdir()) == []
    good = tmp_path / "good.sqlite"
    with SimServer(make_config(devices=2, state_path=good)) as server, raw(server) as client:
        assert client.get("/devices").status_code == 200
