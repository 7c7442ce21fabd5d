"""Unit tests of the headless commands' input parsing and output formatting (no server)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from iottui.api.enums import (
    AlarmStatus,
    DataPeriod,
    Permission,
    RuleType,
    Severity,
    SystemHealthType,
)
from iottui.api.errors import ValidationError
from iottui.api.models import Alarm, Frequency, Metric, Threshold
from iottui.commands._output import Column, Output, dumps_json, render_table, safe_text, to_data
from iottui.commands._parse import (
    parse_duration_ms,
    parse_enum,
    parse_frequency,
    parse_metric_spec,
    parse_node_spec,
    parse_nodeids_string,
    parse_port_mapping,
    parse_source_spec,
    parse_threshold_spec,
    parse_time_ms,
    resolve_range,
)
from iottui.commands._payload import (
    Fields,
    load_payload,
)
from iottui.commands.widgets import parse_data_period

NOW = 1_764_000_000_000


class TestDurationsAndTimes:
    @pytest.mark.parametrize(
        ("text", "millis"),
        [
            ("500ms", 500),
            ("30s", 30_000),
            ("5m", 300_000),
            ("1.5h", 5_400_000),
            ("24h", 86_400_000),
            ("7d", 604_800_000),
            ("2w", 1_209_600_000),
            ("10 minutes", 600_000),
        ],
    )
    def test_durations(self, text: str, millis: int) -> None:
        assert parse_duration_ms(text, option="--since") == millis

    @pytest.mark.parametrize("text", ["24", "h", "5x", "-5m", "0s", ""])
    def test_bad_durations_name_the_option(self, text: str) -> None:
        with pytest.raises(ValidationError) as info:
            parse_duration_ms(text, option="--since")
        assert info.value.field == "--since"
        assert "--since" in str(info.value)

    def test_times(self) -> None:
        assert parse_time_ms("now", now_ms=NOW, option="--end") == NOW
        assert parse_time_ms("-2h", now_ms=NOW, option="--end") == NOW - 7_200_000
        assert parse_time_ms("1574679580889", now_ms=NOW, option="--end") == 1574679580889
        iso = parse_time_ms("2026-11-25T10:00:00Z", now_ms=NOW, option="--start")
        assert iso == int(datetime(2026, 11, 25, 10, tzinfo=UTC).timestamp() * 1000)
        offset = parse_time_ms("2026-11-25T12:00:00+02:00", now_ms=NOW, option="--start")
        assert offset == iso

    def test_epoch_seconds_are_refused_with_a_hint(self) -> None:
        with pytest.raises(ValidationError, match="1574679580000"):
            parse_time_ms("1574679580", now_ms=NOW, option="--start")

    def test_not_a_time(self) -> None:
        with pytest.raises(ValidationError, match="ISO 8601"):
            parse_time_ms("yesterday-ish", now_ms=NOW, option="--start")

    def test_ranges(self) -> None:
        assert resolve_range(now_ms=NOW, since="1h", start=None, end=None, default_ms=None) == (
            NOW - 3_600_000,
            NOW,
        )
        assert resolve_range(now_ms=NOW, since=None, start=None, end=None, default_ms=None) == (
            None,
            None,
        )
        assert resolve_range(now_ms=NOW, since=None, start=None, end=None, default_ms=60_000) == (
            NOW - 60_000,
            NOW,
        )
        with pytest.raises(ValidationError, match="either"):
            resolve_range(now_ms=NOW, since="1h", start="-2h", end=None, default_ms=None)
        with pytest.raises(ValidationError, match="before"):
            resolve_range(now_ms=NOW, since=None, start="now", end="-1h", default_ms=None)
        with pytest.raises(ValidationError, match="--end needs"):
            resolve_range(now_ms=NOW, since=None, start=None, end="-1h", default_ms=None)

    def test_frequency(self) -> None:
        assert parse_frequency("10s") == Frequency("seconds", 10)
        assert parse_frequency("10") == Frequency("seconds", 10)
        assert parse_frequency("5m") == Frequency("minutes", 5)
        assert parse_frequency("120s") == Frequency("minutes", 2)
        assert parse_frequency("1h") == Frequency("minutes", 60)
        with pytest.raises(ValidationError, match="from 1 to"):
            parse_frequency("0")
        with pytest.raises(ValidationError, match="whole seconds"):
            parse_frequency("1500ms")

    def test_data_periods(self) -> None:
        assert parse_data_period("live") is DataPeriod.LIVE
        assert parse_data_period("1h") is DataPeriod.HOUR_1
        assert parse_data_period("1w") is DataPeriod.WEEK_1
        assert parse_data_period("1mo") is DataPeriod.MONTH_1
        assert parse_data_period("3") is DataPeriod.MIN_15
        with pytest.raises(ValidationError, match="not one of live"):
            parse_data_period("2h")


class TestSpecs:
    def test_enums_by_number_name_or_label(self) -> None:
        assert parse_enum(Severity, "critical", option="x") is Severity.CRITICAL
        assert parse_enum(Severity, "4", option="x") is Severity.WARNING
        assert parse_enum(Permission, "Read/Write", option="x") is Permission.READ_WRITE
        assert parse_enum(Permission, "full-access", option="x") is Permission.FULL_ACCESS
        assert parse_enum(RuleType, "offline", option="x") is RuleType.DEVICE_OFFLINE
        assert parse_enum(SystemHealthType, "memory", option="x") is SystemHealthType.MEMORY
        assert parse_enum(AlarmStatus, "closed", option="x") is AlarmStatus.CLOSED
        with pytest.raises(ValidationError, match="critical \\(1\\)"):
            parse_enum(Severity, "9", option="--severity")

    def test_metric_specs(self) -> None:
        assert parse_metric_spec("temp:Temperature:double:SI.Temperature.CELSIUS") == Metric(
            "temp", "Temperature", "double", "SI.Temperature.CELSIUS", None
        )
        assert parse_metric_spec("vel:Velocity:double:km/h") == Metric(
            "vel", "Velocity", "double", None, "km/h"
        )
        assert parse_metric_spec("status:Status:string").value_type == "string"
        assert parse_metric_spec("t:T").value_type == "double"

    @pytest.mark.parametrize(
        ("spec", "message"),
        [
            ("temp", "ID:NAME"),
            ("temp:", "name: must not be empty"),
            ("temp:T:float", "must be one of"),
            ("temp:T:string:SI.Temperature.CELSIUS", "makes the metric a double"),
        ],
    )
    def test_bad_metric_specs(self, spec: str, message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            parse_metric_spec(spec)

    def test_thresholds(self) -> None:
        assert parse_threshold_spec("metric>=60:critical:2", RuleType.METRIC) == Threshold(
            "metric>=60", Severity.CRITICAL, 2
        )
        t = parse_threshold_spec("22:major", RuleType.DEVICE_OFFLINE, new_topics=["Ops"])
        assert (t.condition, t.severity, t.checkcount, t.new_topics) == (
            "22",
            Severity.MAJOR,
            1,
            ("Ops",),
        )
        with pytest.raises(ValidationError, match="metric<op>number"):
            parse_threshold_spec("22", RuleType.METRIC)
        with pytest.raises(ValidationError, match="positive number of minutes"):
            parse_threshold_spec("metric>1", RuleType.DEVICE_OFFLINE)
        with pytest.raises(ValidationError, match="must be from 1 to 1000"):
            parse_threshold_spec("metric>1:1:0", RuleType.METRIC)
        with pytest.raises(ValidationError, match="CONDITION"):
            parse_threshold_spec("metric>1:1:1:1", None)

    def test_sources_nodes_ports(self) -> None:
        source = parse_source_spec("106631:temp")
        assert (source.thing_id, source.metric_id) == (106631, "temp")
        with pytest.raises(ValidationError, match="SENSOR_ID:METRIC_ID"):
            parse_source_spec("106631")
        assert parse_node_spec("temp=ns=1;s=Folder.Item.Temp") == (
            "ns=1;s=Folder.Item.Temp",
            "temp",
        )
        assert parse_nodeids_string(
            "'ns=1;s=Folder.Item.Temp' temp 'ns=1;s=Folder.Item.Velocity' vel", option="x"
        ) == [("ns=1;s=Folder.Item.Temp", "temp"), ("ns=1;s=Folder.Item.Velocity", "vel")]
        assert parse_port_mapping("8080:80").host_port == 8080
        with pytest.raises(ValidationError, match="1-65535"):
            parse_port_mapping("0:80")


class TestPayloads:
    def test_keys_in_any_casing_and_a_whole_request_body(self) -> None:
        body = {"action": "create", "payload": {"deviceId": 5, "scriptPath": "/x"}}
        fields = load_payload(json.dumps(body), None)
        assert fields is not None
        assert fields.integer("device_id") == 5
        assert fields.text("script_path") == "/x"
        assert Fields({"device-id": "7"}, "x").integer("deviceId") == 7

    def test_stdin(self) -> None:
        fields = load_payload("-", None, stdin=io.StringIO('{"name": "n"}'))
        assert fields is not None
        assert fields.text("name") == "n"

    def test_file_errors(self, tmp_path: object) -> None:
        with pytest.raises(ValidationError, match="cannot read"):
            load_payload(None, "/nonexistent/payload.json")
        with pytest.raises(ValidationError, match=r"not valid JSON: .* line 1"):
            load_payload("{nope", None)
        with pytest.raises(ValidationError, match="JSON object"):
            load_payload("[1]", None)
        with pytest.raises(ValidationError, match="either"):
            load_payload("{}", "x.json")

    def test_type_errors_name_the_field(self) -> None:
        with pytest.raises(ValidationError, match="'device_id' must be a whole number"):
            Fields({"deviceId": "abc"}, "p").integer("device_id")
        with pytest.raises(ValidationError, match="'metrics' must be a JSON array"):
            Fields({"metrics": {}}, "p").array("metrics")


class TestOutput:
    def test_safe_text_neutralises_terminal_controls(self) -> None:
        hostile = "a\x1b]0;pwned\x07b\x9b2Jc\nd\u202ee"
        cleaned = safe_text(hostile)
        assert all(ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F for ch in cleaned)
        assert "\u202e" not in cleaned
        assert cleaned.startswith("a\\x1b]0;pwned\\x07b")  # the domain rule: visible escapes

    def test_json_escapes_c1_controls(self) -> None:
        text = dumps_json({"name": "x\x9by\x1bz°C"})
        assert "\x9b" not in text
        assert "\x1b" not in text
        assert json.loads(text) == {"name": "x\x9by\x1bz°C"}
        assert "°C" in text

    def test_to_data_labels_enums(self) -> None:
        alarm = Alarm("a1", Severity.MAJOR, AlarmStatus.OPEN, RuleType.METRIC, 5)  # type: ignore[arg-type]
        data = to_data(alarm)
        assert data["severity"] == 2
        assert data["severity_label"] == "Major"
        assert data["status"] == 1
        assert data["status_label"] == "Open"
        assert data["changelog"] == []
        assert list(data)[:4] == ["id", "severity", "severity_label", "status"]
        metric = to_data(Metric("m", "M"))
        assert metric["alarm"] is None
        assert metric["alarm_label"] is None

    def test_table_alignment_and_sanitising(self) -> None:
        text = render_table(["ID", "NAME"], [["1", "a\x1b[31m"], ["100", "°C wide"]], right=[True])
        lines = text.splitlines()
        assert lines[0] == " ID  NAME"
        assert lines[1] == "  1  a\\x1b[31m"
        assert lines[2] == "100  °C wide"

    def test_csv_and_empty_lists(self) -> None:
        out, err = io.StringIO(), io.StringIO()
        cols: list[Column[tuple[int, str]]] = [
            Column("id", lambda r: r[0]),
            Column("at", lambda r: r[0], time=True),
            Column("name", lambda r: r[1]),
        ]
        Output("csv", out, err).items([(1_700_000_000_000, 'say "hi", ok')], cols)
        assert out.getvalue() == (
            'id,at,name\n1700000000000,2023-11-14T22:13:20.000Z,"say ""hi"", ok"\n'
        )
        Output("table", out, err).items([], cols, empty="(none here)")
        assert err.getvalue() == "(none here)\n"
