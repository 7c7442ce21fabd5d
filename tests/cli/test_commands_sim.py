"""Every headless command against the simulator over loopback, through ``iottui.cli.main``.

One simulator per module; each test drives ``main([...])`` in-process with ``--url`` and
``--api-key-env`` and checks the exit code, stdout (parsed JSON where it can) and stderr.
"""

from __future__ import annotations

import io
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from iottui import cli
from iottui.clock import FixedClock, SystemClock
from iottui.commands import _core
from iottui.config import connection

KEY_ENV = "IOTTUI_TEST_CLI_KEY"
API_KEY = "cli-test-key-0123456789"


#: The simulator's time: fixed (moved by tests), a quarter of an hour behind the wall clock so
#: nothing it creates lies in the client's future.
SIM_CLOCK = FixedClock(SystemClock().now_ms() - 15 * 60_000)


@pytest.fixture(scope="module")
def sim_url() -> Iterator[str]:
    from iottui.sim.config import SimConfig
    from iottui.sim.runner import SimServer

    server = SimServer(SimConfig(api_key=API_KEY, devices=6, seed=7, clock=SIM_CLOCK))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


class Runner:
    """Runs ``iottui`` commands against the simulator and captures what they print."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = url
        self.capsys = capsys

    def __call__(self, *argv: str, url: str | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = cli.main([*argv, "--url", url or self.url, "--api-key-env", KEY_ENV])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *argv: str) -> str:
        code, out, err = self(*argv)
        assert code == 0, f"{argv}: exit {code}, stderr: {err}"
        return out

    def json(self, *argv: str) -> Any:
        return json.loads(self.ok(*argv, "--json"))


@pytest.fixture
def iot(
    sim_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Runner]:
    monkeypatch.setenv(KEY_ENV, API_KEY)
    before = _core.CLOCK[0]
    _core.CLOCK[0] = SIM_CLOCK  # --since/--range count from the simulator's now
    try:
        yield Runner(sim_url, capsys)
    finally:
        _core.CLOCK[0] = before


def _first_device(iot: Runner) -> dict[str, Any]:
    devices = iot.json("devices", "list")
    assert devices, "the simulator has devices"
    return devices[0]  # type: ignore[no-any-return]


def _a_metric(iot: Runner) -> dict[str, Any]:
    metrics = iot.json("metrics", "list")
    numeric = [m for m in metrics if m["value_type"] == "double" and m["sensor"]]
    assert numeric
    return numeric[0]  # type: ignore[no-any-return]


# --- account, fleet, devices, contacts --------------------------------------------------------


def test_account(iot: Runner) -> None:
    token = iot.json("account", "token")["token"]
    assert isinstance(token, str)
    assert token
    assert iot.ok("account", "token").strip() == token

    user = iot.json("account", "user")
    assert {"id", "firstname", "lastname", "email", "license", "eula_agreement"} <= set(user)
    table = iot.ok("account", "user")
    assert "id:" in table
    assert user["id"] in table

    new = iot.json("account", "regenerate-token", "--yes")
    assert new["ok"] is True
    assert new["operation"] == "account.regenerate_token"
    assert new["token"] != token
    assert iot.json("account", "token")["token"] == new["token"]


def test_fleet_tree_and_json(iot: Runner) -> None:
    fleet = iot.json("fleet")
    assert fleet["groups"]
    group = fleet["groups"][0]
    assert {"id", "name", "permission", "permission_label", "devices"} <= set(group)
    tree = iot.ok("fleet")
    assert group["name"] in tree
    assert "├─ " in tree or "└─ " in tree
    device = group["devices"][0]
    assert device["name"] in tree
    shallow = iot.ok("fleet", "--depth", "groups")
    assert device["name"] not in shallow.replace(group["name"], "")
    only = iot.json("fleet", "--group", str(group["id"]))
    assert [g["id"] for g in only["groups"]] == [group["id"]]


def test_devices_and_contacts(iot: Runner) -> None:
    devices = iot.json("devices", "list")
    assert {"id", "name", "device_type", "device_type_label", "buddy_id"} <= set(devices[0])
    csv_lines = iot.ok("devices", "list", "--csv").splitlines()
    assert csv_lines[0] == "id,name,device_type,buddy_id"
    assert len(csv_lines) == len(devices) + 1
    table = iot.ok("devices", "list").splitlines()
    assert table[0].split() == ["ID", "NAME", "TYPE", "BUDDY", "ID"]
    contacts = iot.json("contacts", "list")
    assert isinstance(contacts, list)
    if contacts:
        assert contacts[0]["state_label"] in {"Online", "Busy", "Away", "Offline"}


# --- groups -----------------------------------------------------------------------------------


def test_group_lifecycle(iot: Runner) -> None:
    device = _first_device(iot)
    created = iot.json("groups", "create", "--name", "CLI group", "--device", str(device["id"]))
    assert created["ok"] is True
    gid = created["id"]
    groups = {g["id"]: g for g in iot.json("groups", "list")}
    assert groups[gid]["name"] == "CLI group"
    assert len(groups[gid]["devices"]) == 1

    iot.ok("groups", "update", str(gid), "--name", "CLI group 2", "--no-devices")
    groups = {g["id"]: g for g in iot.json("groups", "list")}
    assert groups[gid]["name"] == "CLI group 2"
    assert groups[gid]["devices"] == []

    contacts = iot.json("contacts", "list")
    if contacts:
        cid = contacts[0]["id"]
        shared = iot.json("groups", "share", str(gid), "--contact", f"{cid}:read-write")
        assert shared["contacts"] == [
            {"id": cid, "permission": 2, "permission_label": "Read/Write"}
        ]
        assert iot.json("groups", "unshare", str(gid), "--contact", str(cid), "--yes")["ok"]

    out = iot.ok("groups", "delete", str(gid), "--yes")
    assert f"deleted group {gid}" in out
    assert gid not in {g["id"] for g in iot.json("groups", "list")}


def test_api_error_exits_1_with_the_server_message(iot: Runner) -> None:
    code, out, err = iot("groups", "delete", "999999999", "--yes")
    assert code == 1
    assert out == ""
    assert err.startswith("iottui: error:")


def test_destructive_without_tty_and_yes_exits_2(iot: Runner) -> None:
    gid = iot.json("groups", "create", "--name", "keep me")["id"]
    code, _, err = iot("groups", "delete", str(gid))
    assert code == 2
    assert "--yes" in err
    assert gid in {g["id"] for g in iot.json("groups", "list")}
    iot.ok("groups", "delete", str(gid), "--yes")


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "deleted"), [("n\n", False), ("y\n", True)])
def test_confirmation_on_a_terminal(
    iot: Runner, monkeypatch: pytest.MonkeyPatch, answer: str, deleted: bool
) -> None:
    gid = iot.json("groups", "create", "--name", "ask first")["id"]
    monkeypatch.setattr("sys.stdin", _TTY(answer))
    code, _, err = iot("groups", "delete", str(gid))
    assert f"Delete group {gid}" in err
    assert code == (0 if deleted else 2)
    assert (gid in {g["id"] for g in iot.json("groups", "list")}) is not deleted
    if not deleted:
        iot.ok("groups", "delete", str(gid), "--yes")


def test_read_only_refuses_writes(iot: Runner) -> None:
    code, out, err = iot("groups", "create", "--name", "nope", "--read-only")
    assert code == 2
    assert out == ""
    assert "read-only" in err
    assert "nope" not in {g["name"] for g in iot.json("groups", "list")}
    code, _, _ = iot("groups", "list", "--read-only")
    assert code == 0


def test_connection_error_exits_3(iot: Runner) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = iot("devices", "list", url=f"http://127.0.0.1:{port}")
    assert code == 3
    assert out == ""
    assert "iottui: error:" in err
    assert API_KEY not in err


def test_server_text_is_made_harmless_in_tables(
    iot: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile server's names cannot steer the terminal (the simulator refuses them, so a
    mock transport plays the server here)."""
    import httpx

    from iottui.api import IoTClient

    hostile = "evil\x1b[2J\x9b31m\u202eright"
    body = {
        "data": [
            {"id": 1, "name": hostile, "permission": 3, "sharedWith": [], "devices": [],
             "contacts": []}
        ],
        "status": "OK",
    }  # fmt: skip

    def build(settings: Any) -> IoTClient:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
        return IoTClient(settings.url, settings.api_key, transport=transport)

    monkeypatch.setattr(connection, "connect", build)
    table = iot.ok("groups", "list")
    assert "\x1b" not in table
    assert "\x9b" not in table
    assert "\u202e" not in table
    assert "evil\\x1b[2J" in table
    csv_text = iot.ok("groups", "list", "--csv")
    assert "\x1b" not in csv_text
    raw = iot.ok("groups", "list", "--json")
    assert "\x1b" not in raw
    assert "\x9b" not in raw
    assert json.loads(raw)[0]["name"] == hostile


# --- sensors and metrics ----------------------------------------------------------------------


def test_sensor_lifecycle(iot: Runner, tmp_path: Any) -> None:
    device = _first_device(iot)
    before = iot.json("sensors", "count")["count"]
    created = iot.json(
        "sensors",
        "create",
        "--device",
        str(device["id"]),
        "--name",
        "Env",
        "--script",
        "/opt/env.py",
        "--frequency",
        "10s",
        "--metric",
        "temp:Temperature:double:SI.Temperature.CELSIUS",
        "--metric",
        "vel:Velocity:double:km/h",
    )
    sid = created["id"]
    assert iot.json("sensors", "count")["count"] == before + 1
    mine = iot.json("sensors", "list", "--device", str(device["id"]))
    assert sid in {s["id"] for s in mine}
    metrics = iot.json("metrics", "list", "--sensor", str(sid))
    assert {m["id"] for m in metrics} == {"temp", "vel"}
    units = {m["id"]: (m["value_unit"], m["value_annotation"]) for m in metrics}
    assert units == {"temp": ("SI.Temperature.CELSIUS", None), "vel": (None, "km/h")}

    iot.ok("sensors", "update", str(sid), "--name", "Env (hall)", "--frequency", "1m")
    names = {s["id"]: s["name"] for s in iot.json("sensors", "list")}
    assert names[sid] == "Env (hall)"

    # delete without --device: the device is looked up
    deleted = iot.json("sensors", "delete", str(sid), "--yes")
    assert deleted["device_id"] == device["id"]
    assert iot.json("sensors", "count")["count"] == before

    payload = tmp_path / "sensor.json"
    payload.write_text(
        json.dumps(
            {
                "action": "create",
                "payload": {
                    "name": "From file",
                    "deviceId": device["id"],
                    "scriptPath": "/home/x.sh",
                    "frequency": {"type": "seconds", "value": 10},
                    "metrics": [{"id": "status", "name": "Status", "valueType": "string"}],
                },
            }
        )
    )
    sid2 = iot.json("sensors", "create", "--payload-file", str(payload))["id"]
    assert {m["id"] for m in iot.json("metrics", "list", "--sensor", str(sid2))} == {"status"}
    iot.ok("sensors", "delete", str(sid2), "--device", str(device["id"]), "--yes")


def test_health_and_opcua_sensors(iot: Runner) -> None:
    fleet = iot.json("fleet")
    without_opcua = [
        d
        for g in fleet["groups"]
        for d in g["devices"]
        if not any(s["nodeids"] or "opcua" in s["script_path"].lower() for s in d["sensors"])
        and len({s["system_health_type"] for s in d["sensors"]} - {None}) < 3
    ]
    assert without_opcua
    device = without_opcua[-1]
    kinds = {1: "CPU", 2: "Memory", 3: "Load"}
    have = {s["system_health_type"] for s in device["sensors"]}
    kind = next(k for k in kinds if k not in have)
    health = iot.json(
        "sensors", "create-health", "--device", str(device["id"]), "--type", kinds[kind].lower()
    )
    names = {s["id"]: s["name"] for s in iot.json("sensors", "list")}
    assert names[health["id"]] == kinds[kind]
    code, _, err = iot(
        "sensors", "create-health", "--device", str(device["id"]), "--type", str(kind)
    )
    assert code == 1
    assert "already has" in err
    opc = iot.json(
        "sensors",
        "create-opcua",
        "--device",
        str(device["id"]),
        "--name",
        "PLC",
        "--frequency",
        "10s",
        "--metric",
        "t:Temp:double:SI.Temperature.CELSIUS",
        "--node",
        "t=ns=1;s=Folder.Item.Temp",
    )
    assert {m["id"] for m in iot.json("metrics", "list", "--sensor", str(opc["id"]))} == {"t"}
    for sid in (health["id"], opc["id"]):
        iot.ok("sensors", "delete", str(sid), "--yes")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--metric", "temp"], "ID:NAME"),
        (["--metric", "t:T:string:SI.Power.WATT"], "makes the metric a double"),
        (["--metric", "t:T", "--frequency", "0"], "from 1 to"),
        (["--metric", "t:T", "--metric", "t:U"], "used twice"),
    ],
)
def test_sensor_validation_exits_2_before_any_request(
    iot: Runner, argv: list[str], message: str
) -> None:
    base = ["sensors", "create", "--device", "1", "--name", "x", "--script", "/x"]
    if "--frequency" not in argv:
        base += ["--frequency", "10s"]
    code, out, err = iot(*base, *argv)
    assert code == 2
    assert message in err
    assert out == ""


def test_metrics_count_history_and_values(iot: Runner) -> None:
    count = iot.json("metrics", "count")
    assert count["metrics"] >= 1
    metric = _a_metric(iot)
    sid, mid = str(metric["sensor"]["id"]), metric["id"]

    raw = iot.json("metrics", "history", "--sensor", sid, "--metric", mid, "--range", "1h")
    assert len(raw) == 1
    assert raw[0]["sensor_id"] == int(sid)
    assert raw[0]["metric_id"] == mid
    points = raw[0]["points"]
    assert points
    assert all(set(p) == {"timestamp", "value"} for p in points)

    avg = iot.json(
        "metrics", "history", "--sensor", sid, "--metric", mid, "--range", "1h",
        "--func", "AVG", "--period", "5m",
    )  # fmt: skip
    assert avg[0]["func"] == "AVG"
    assert 1 <= len(avg[0]["points"]) <= 13

    csv_lines = iot.ok(
        "metrics", "history", "--sensor", sid, "--metric", mid, "--range", "1h",
        "--func", "AVG", "--period", "5m", "--csv",
    ).splitlines()  # fmt: skip
    assert csv_lines[0] == "timestamp,time,sensor_id,metric_id,func,value"
    first = csv_lines[1].split(",")
    assert first[2:5] == [sid, mid, "AVG"]
    assert first[1].endswith("Z")
    assert len(csv_lines) == len(avg[0]["points"]) + 1

    values = iot.json("values", "--sensor", sid)
    assert values[0]["sensor_id"] == int(sid)
    assert mid in values[0]["values"]
    assert iot.json("metrics", "values", "--sensor", sid) == values
    table = iot.ok("values", "--sensor", sid)
    row = next(line for line in table.splitlines() if f" {mid} " in line)
    assert metric["name"] in row  # names and units for people


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--range", "24"], "not a duration"),
        (["--func", "AVG"], "--period"),
        (["--func", "MEDIAN", "--period", "5m"], "not one of"),
        (["--start", "1574679580"], "epoch seconds"),
    ],
)
def test_history_validation(iot: Runner, argv: list[str], message: str) -> None:
    code, _, err = iot("metrics", "history", "--sensor", "1", *argv)
    assert code == 2
    assert message in err


# --- rules and alarms -------------------------------------------------------------------------


def test_rule_lifecycle(iot: Runner) -> None:
    metric = _a_metric(iot)
    source = f"{metric['sensor']['id']}:{metric['id']}"
    rid = iot.json(
        "rules", "create", "--name", "Hot", "--source", source,
        "--threshold", "metric>=1000:critical:2", "--threshold", "metric>=900:warning",
        "--new-topic", "CLI topic",
    )["id"]  # fmt: skip
    rules = {r["id"]: r for r in iot.json("rules", "list")}
    rule = rules[rid]
    assert rule["rule_type"] == 1
    assert rule["state_label"] == "Active"
    assert [(t["condition"], t["severity"], t["checkcount"]) for t in rule["thresholds"]] == [
        ("metric>=1000", 1, 2),
        ("metric>=900", 4, 1),
    ]

    device = _first_device(iot)
    offline = iot.json(
        "rules", "create", "--name", "Down", "--device-source", str(device["id"]),
        "--threshold", "22:major",
    )["id"]  # fmt: skip
    assert {r["id"]: r for r in iot.json("rules", "list")}[offline]["rule_type"] == 2

    out = iot.ok("rules", "disable", rid, offline)
    assert f"disabled rule {rid}" in out
    states = {r["id"]: r["state"] for r in iot.json("rules", "list")}
    assert (states[rid], states[offline]) == (2, 2)
    iot.ok("rules", "enable", rid)
    assert {r["id"]: r["state"] for r in iot.json("rules", "list")}[rid] == 1

    iot.ok("rules", "update", rid, "--name", "Hotter", "--threshold", "metric>41:major")
    rule = {r["id"]: r for r in iot.json("rules", "list")}[rid]
    assert rule["name"] == "Hotter"
    assert [t["condition"] for t in rule["thresholds"]] == ["metric>41"]

    assert iot.json("rules", "delete", rid, offline, "--yes")["ids"] == [rid, offline]
    assert not {rid, offline} & {r["id"] for r in iot.json("rules", "list")}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--source", "1:m", "--threshold", "22"], "metric<op>number"),
        (["--device-source", "1", "--threshold", "metric>1"], "minutes"),
        (["--source", "1:m", "--device-source", "2", "--threshold", "metric>1"], "either"),
        (["--source", "1:m"], "--threshold"),
        (["--threshold", "metric>1"], "--source"),
        (["--source", "1:m", "--threshold", "metric>1:fatal"], "critical (1)"),
    ],
)
def test_rule_validation(iot: Runner, argv: list[str], message: str) -> None:
    code, _, err = iot("rules", "create", "--name", "x", *argv)
    assert code == 2
    assert message in err


def test_enable_unknown_rule_reports_and_exits_1(iot: Runner) -> None:
    code, out, err = iot("rules", "enable", "0123456789abcdef01234567", "--json")
    assert code == 1
    result = json.loads(out)
    assert result["ok"] is False
    assert result["failed"][0]["id"] == "0123456789abcdef01234567"
    assert "rule 0123456789abcdef01234567" in err


def test_alarms_list_and_close(iot: Runner) -> None:
    alarms = iot.json("alarms", "list", "--status", "all", "--since", "30d")
    assert alarms, "the simulator replays a day of rules at start"
    for alarm in alarms:
        assert {"id", "severity", "severity_label", "status", "open_time", "source"} <= set(alarm)
    opened = [a["open_time"] for a in alarms]
    assert opened == sorted(opened, reverse=True)
    closed_only = iot.json("alarms", "list", "--status", "closed", "--since", "30d")
    assert all(a["status"] == 3 for a in closed_only)
    csv_lines = iot.ok("alarms", "list", "--status", "all", "--since", "30d", "--csv").splitlines()
    assert csv_lines[0].startswith("id,severity,status,type,open_time,close_time,source")
    assert len(csv_lines) == len(alarms) + 1
    # --start -2h, the form the help shows (argparse took "-2h" for an option before)
    relative = iot.json("alarms", "list", "--status", "all", "--start", "-30d", "--end", "now")
    assert [a["id"] for a in relative] == [a["id"] for a in alarms]

    # a rule that always matches opens an alarm once time moves on
    metric = _a_metric(iot)
    source = f"{metric['sensor']['id']}:{metric['id']}"
    rid = iot.json(
        "rules", "create", "--name", "Always", "--source", source,
        "--threshold", "metric>-1000000000:warning",
    )["id"]  # fmt: skip
    SIM_CLOCK.advance(3 * 60_000)
    mine = [a for a in iot.json("alarms", "list", "--status", "open") if a["source"]["id"] == rid]
    assert mine, "the always-true rule opened an alarm"
    assert mine[0]["severity_label"] == "Warning"
    table = iot.ok("alarms", "list", "--severity", "warning")
    assert mine[0]["id"] in table

    closed = iot.json("alarms", "close", mine[0]["id"], "--yes")
    assert closed["ok"] is True
    assert closed["closed"][0]["id"] == mine[0]["id"]
    assert closed["closed"][0]["status"] == 3
    assert mine[0]["id"] not in {a["id"] for a in iot.json("alarms", "list")}
    iot.ok("rules", "delete", rid, "--yes")

    code, out, err = iot("alarms", "close", "00000000-0000-0000-0000-000000000000", "--yes")
    assert code == 1
    assert out == ""
    assert "alarm 00000000-0000-0000-0000-000000000000" in err


# --- topics and channels ----------------------------------------------------------------------


def test_topics_and_channels(iot: Runner) -> None:
    cid = iot.json(
        "channels", "create", "--name", "Ops mail", "--type", "email",
        "--target", "ops@example.com", "--timezone", "GMT+02:00 Europe/Berlin",
    )["id"]  # fmt: skip
    tid = iot.json("topics", "create", "--name", "Ops", "--channel", cid)["id"]
    topics = {t["id"]: t for t in iot.json("topics", "list")}
    assert [c["id"] for c in topics[tid]["channels"]] == [cid]

    iot.ok("topics", "update", tid, "--name", "Ops 2", "--no-channels")
    topics = {t["id"]: t for t in iot.json("topics", "list")}
    assert (topics[tid]["name"], topics[tid]["channels"]) == ("Ops 2", [])
    iot.ok("topics", "update", tid, "--channel", cid)  # the name is kept
    topics = {t["id"]: t for t in iot.json("topics", "list")}
    assert (topics[tid]["name"], len(topics[tid]["channels"])) == ("Ops 2", 1)

    iot.ok("channels", "update", cid, "--target", "ops2@example.com", "--topic", tid)
    channel = {c["id"]: c for c in iot.json("channels", "list")}[cid]
    assert (channel["name"], channel["target"]) == ("Ops mail", "ops2@example.com")
    iot.ok("channels", "update", cid, "--deactivate")
    channel = {c["id"]: c for c in iot.json("channels", "list")}[cid]
    assert (channel["state_label"], channel["target"]) == ("Disabled", "ops2@example.com")
    assert channel["type_label"] == "Email"
    assert [t["id"] for t in channel["topics"]] == [tid]

    code, _, err = iot(
        "channels", "create", "--name", "x", "--type", "webhook", "--target", "ftp://x",
        "--timezone", "GMT+00:00 UTC",
    )  # fmt: skip
    assert code == 2
    assert "http(s) URL" in err

    iot.ok("topics", "delete", tid, "--yes")
    iot.ok("channels", "delete", cid, "--yes")
    assert tid not in {t["id"] for t in iot.json("topics", "list")}
    assert cid not in {c["id"] for c in iot.json("channels", "list")}


# --- dashboards and widgets -------------------------------------------------------------------


def test_dashboards_and_widgets(iot: Runner) -> None:
    metric = _a_metric(iot)
    pair = f"{metric['sensor']['id']}:{metric['id']}"
    did = iot.json("dashboards", "create", "--name", "Floor 3")["id"]
    assert did in {d["id"] for d in iot.json("dashboards", "list")}
    iot.ok("dashboards", "update", did, "--name", "Floor 3 (east)")

    iot.ok(
        "widgets", "create", "--dashboard", did, "--name", "Temp", "--type", "chart",
        "--metric", pair, "--width", "4", "--data-period", "1h", "--aggregation", "AVG",
        "--aggregation-period", "1m", "--scaling", "manual", "--min", "0", "--max", "90",
    )  # fmt: skip
    iot.ok(
        "widgets", "create", "--dashboard", did, "--name", "Now", "--type", "number",
        "--metric", pair,
    )  # fmt: skip
    dashboard = iot.json("dashboards", "get", did)
    assert dashboard["name"] == "Floor 3 (east)"
    widgets = {w["name"]: w for w in dashboard["widgets"]}
    chart = widgets["Temp"]
    assert chart["type"] == 1
    assert chart["type_label"] == "Chart"
    assert chart["layout"]["width"] == 4
    assert chart["settings"]["data_period"] == 5
    assert chart["settings"]["scaling_type"] == 2
    assert (chart["settings"]["min_value"], chart["settings"]["max_value"]) == ("0", "90")
    assert [(m["sensor"]["id"], m["id"]) for m in chart["metrics"]] == [
        (metric["sensor"]["id"], metric["id"])
    ]
    table = iot.ok("dashboards", "get", did)
    assert "Temp" in table
    assert "Now" in table

    # a layout flag changes only what it names: the settings stay
    iot.ok("widgets", "update", chart["id"], "--dashboard", did, "--height", "8")
    chart2 = {w["id"]: w for w in iot.json("dashboards", "get", did)["widgets"]}[chart["id"]]
    assert (chart2["layout"]["width"], chart2["layout"]["height"]) == (4, 8)
    assert chart2["settings"]["data_period"] == 5

    code, _, err = iot(
        "widgets", "create", "--dashboard", did, "--name", "x", "--type", "gauge",
        "--metric", pair, "--min", "5", "--max", "1",
    )  # fmt: skip
    assert code == 2
    assert "--min must be below --max" in err

    iot.ok("widgets", "delete", widgets["Now"]["id"], "--dashboard", did, "--yes")
    assert [w["name"] for w in iot.json("dashboards", "get", did)["widgets"]] == ["Temp"]
    iot.ok("dashboards", "delete", did, "--yes")
    assert did not in {d["id"] for d in iot.json("dashboards", "list")}


# --- edge -------------------------------------------------------------------------------------


def test_edge_modules_and_device_configurations(iot: Runner) -> None:
    mid = iot.json(
        "edgemodules", "create", "--name", "Collector", "--image", "my_collector",
        "--startup-file", "/app/run.sh", "--port", "8080:80",
    )["id"]  # fmt: skip
    module = {m["id"]: m for m in iot.json("edgemodules", "list")}[mid]
    assert module["docker_image_name"] == "my_collector"
    assert module["container_options"]["port_mapping"] == [
        {"host_port": 8080, "container_port": 80}
    ]
    iot.ok("edgemodules", "update", mid, "--port", "9090:90", "--port", "9443:443")
    module = {m["id"]: m for m in iot.json("edgemodules", "list")}[mid]
    assert len(module["container_options"]["port_mapping"]) == 2

    cfg = iot.json(
        "deviceconfigs", "create", "--name", "Edge on", "--edge-management", "on",
        "--module", mid,
    )["id"]  # fmt: skip
    config = {c["id"]: c for c in iot.json("deviceconfigs", "list")}[cfg]
    assert config["name"] == "Edge on"
    table = iot.ok("deviceconfigs", "list")
    assert "Edge on" in table

    iot.ok("deviceconfigs", "update", cfg, "--edge-management", "off")
    config = {c["id"]: c for c in iot.json("deviceconfigs", "list")}[cfg]
    assert config["name"] == "Edge on"
    entries = {e["key"]: e["value"] for e in config["configuration"]}
    assert entries["edge-management"] == [{"key": "enable", "value": False}]
    assert [m["id"] if isinstance(m, dict) else m for m in entries["edge-module"]] == [mid]
    iot.ok("deviceconfigs", "update", cfg, "--name", "Edge off")
    device = _first_device(iot)
    assigned = iot.json("deviceconfigs", "assign", cfg, "--device", str(device["id"]))
    assert assigned["device_ids"] == [device["id"]]
    config = {c["id"]: c for c in iot.json("deviceconfigs", "list")}[cfg]
    assert config["name"] == "Edge off"
    assert str(device["id"]) in config["assignments"]["devices"]

    code, _, err = iot("deviceconfigs", "assign", cfg)
    assert code == 2
    assert "--device or --group" in err

    iot.ok("deviceconfigs", "delete", cfg, "--yes")
    iot.ok("edgemodules", "delete", mid, "--yes")
    assert mid not in {m["id"] for m in iot.json("edgemodules", "list")}


def test_usage_errors_exit_2(iot: Runner) -> None:
    code, _, err = iot("groups", "create")
    assert code == 2
    assert "--name" in err
    code, _, err = iot("groups", "update", "abc", "--name", "x")
    assert code == 2
    assert "whole number" in err
    code, _, err = iot("groups", "update", "1")
    assert code == 2
    assert "nothing to change" in err


def test_rule_json_round_trips_through_payload(
    iot: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rules list --json` output, edited, is a valid `rules create --payload -` input."""
    original = next(r for r in iot.json("rules", "list") if r["rule_type"] == 1)
    payload = dict(original, name="Copy of " + original["name"])
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(payload)))
    rid = iot.json("rules", "create", "--payload", "-")["id"]
    copy = {r["id"]: r for r in iot.json("rules", "list")}[rid]
    assert copy["name"] == payload["name"]
    assert [(s["thing_id"], s["metric_id"]) for s in copy["sources"]] == [
        (s["thing_id"], s["metric_id"]) for s in original["sources"]
    ]
    assert [(t["condition"], t["severity"], t["checkcount"]) for t in copy["thresholds"]] == [
        (t["condition"], t["severity"], t["checkcount"]) for t in original["thresholds"]
    ]
    # flags override the payload
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(payload)))
    iot.ok("rules", "update", rid, "--payload", "-", "--name", "Renamed copy")
    assert {r["id"]: r for r in iot.json("rules", "list")}[rid]["name"] == "Renamed copy"
    iot.ok("rules", "delete", rid, "--yes")


def test_widget_from_the_documents_payload(iot: Runner, tmp_path: Any) -> None:
    metric = _a_metric(iot)
    did = iot.json("dashboards", "create", "--name", "Payload board")["id"]
    body = {
        "action": "create",
        "payload": {
            "dashboardId": did,
            "name": "Thermometer Widget",
            "type": 8,
            "metrics": [{"sensor": {"id": metric["sensor"]["id"]}, "id": metric["id"]}],
            "settings": {"minValue": "0", "maxValue": "90", "unit": 2},
        },
    }
    path = tmp_path / "widget.json"
    path.write_text(json.dumps(body))
    iot.ok("widgets", "create", "--payload-file", str(path))
    widget = iot.json("dashboards", "get", did)["widgets"][0]
    assert (widget["type_label"], widget["settings"]["unit_label"]) == ("Thermometer", "°F")
    assert (widget["settings"]["min_value"], widget["settings"]["max_value"]) == ("0", "90")
    iot.ok("dashboards", "delete", did, "--yes")


def test_profiles_and_key_files_work_like_in_the_ui(
    iot: Runner, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The active profile (key from a file) is used; a read-only profile refuses writes."""
    key_file = tmp_path / "key"
    key_file.write_text(API_KEY + "\n")
    key_file.chmod(0o600)
    assert cli.main(
        ["profile", "add", "lab", "--url", iot.url, "--api-key-file", str(key_file), "--use"]
    ) == 0  # fmt: skip
    assert cli.main(
        ["profile", "add", "audit", "--url", iot.url, "--api-key-env", KEY_ENV, "--read-only"]
    ) == 0  # fmt: skip
    capsys.readouterr()

    assert cli.main(["devices", "list", "--json"]) == 0
    devices = json.loads(capsys.readouterr().out)
    assert devices == iot.json("devices", "list")

    assert cli.main(["--profile", "audit", "groups", "create", "--name", "nope"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err
    assert cli.main(["groups", "list", "--profile", "audit", "--json"]) == 0
    assert "nope" not in {g["name"] for g in json.loads(capsys.readouterr().out)}


def test_no_profile_and_no_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["alarms", "list"]) == 2
    assert "profile" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["devices", "list"],
        ["contacts", "list"],
        ["groups", "list"],
        ["sensors", "list"],
        ["metrics", "list"],
        ["rules", "list"],
        ["alarms", "list", "--status", "all", "--since", "30d"],
        ["topics", "list"],
        ["channels", "list"],
        ["dashboards", "list"],
        ["deviceconfigs", "list"],
        ["edgemodules", "list"],
    ],
    ids=lambda argv: argv[0],
)
def test_lists_agree_across_table_csv_and_json(iot: Runner, argv: list[str]) -> None:
    import csv

    items = iot.json(*argv)
    assert isinstance(items, list)
    rows = list(csv.reader(io.StringIO(iot.ok(*argv, "--csv"))))
    assert rows[0][0] == "id"
    assert [r[0] for r in rows[1:]] == [str(item["id"]) for item in items]
    table = iot.ok(*argv).splitlines()
    if items:
        assert table[0].startswith(("ID", " "))
        assert len(table) == len(items) + 1
        assert all(str(item["id"]) in line for item, line in zip(items, table[1:], strict=True))
        width = max(len("ID"), *(len(str(item["id"])) for item in items))
        assert all(line[width : width + 2] == "  " for line in table), "columns are aligned"


def test_edge_payloads_in_the_documents_format(
    iot: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    module_body = {
        "name": "New Edge Module",
        "repository": {"accessType": "public", "dockerImageName": "myImageName"},
        "containerOptions": {
            "startupFile": "/home/service/run.sh",
            "portMapping": [
                {"hostPort": 1111, "containerPort": 2222},
                {"hostPort": 3333, "containerPort": 4444},
            ],
        },
    }
    mid = iot.json("edgemodules", "create", "--payload", json.dumps(module_body))["id"]
    module = {m["id"]: m for m in iot.json("edgemodules", "list")}[mid]
    assert module["docker_image_name"] == "myImageName"
    assert module["container_options"]["startup_file"] == "/home/service/run.sh"
    assert [p["host_port"] for p in module["container_options"]["port_mapping"]] == [1111, 3333]

    config_body = {
        "action": "create",
        "payload": {
            "name": "device configuration for edge-management",
            "configuration": [
                {"key": "edge-management", "value": [{"key": "enable", "value": True}],
                 "enforce": True},
                {"key": "edge-module", "value": [mid], "enforce": True},
            ],
        },
    }  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(config_body)))
    cfg = iot.json("deviceconfigs", "create", "--payload-file", "-")["id"]
    config = {c["id"]: c for c in iot.json("deviceconfigs", "list")}[cfg]
    entries = {e["key"]: e["value"] for e in config["configuration"]}
    assert entries["edge-management"] == [{"key": "enable", "value": True}]
    iot.ok("deviceconfigs", "delete", cfg, "--yes")
    iot.ok("edgemodules", "delete", mid, "--yes")


def test_map_widget_needs_its_coordinates(iot: Runner) -> None:
    gps = [m for m in iot.json("metrics", "list") if m["id"] in ("lat", "lng")]
    did = iot.json("dashboards", "create", "--name", "Map board")["id"]
    base = ["widgets", "create", "--dashboard", did, "--name", "Where", "--type", "map"]
    assert len(gps) >= 2, "the simulated trucks have GPS sensors"
    pairs = {m["id"]: f"{m['sensor']['id']}:{m['id']}" for m in gps}
    code, _, err = iot(*base, "--metric", pairs["lat"], "--metric", pairs["lng"])
    assert code == 2
    assert "--lng and --lat" in err
    iot.ok(
        *base, "--metric", pairs["lat"], "--metric", pairs["lng"],
        "--lng", pairs["lng"], "--lat", pairs["lat"],
    )  # fmt: skip
    widget = iot.json("dashboards", "get", did)["widgets"][0]
    assert widget["settings"]["lng"] == pairs["lng"].replace(":", "_")
    assert widget["settings"]["lat"] == pairs["lat"].replace(":", "_")
    code, _, err = iot(*base, "--metric", "1:a", "--lng", "1:a")
    assert code == 2
    assert "both --lng and --lat" in err
    iot.ok("dashboards", "delete", did, "--yes")
