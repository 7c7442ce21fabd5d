"""Command-line arguments: relative times as the help shows them, numbers that are numbers,
payloads of any shape. Every refusal is exit 2 with the option named, before any request.

Before: ``alarms list --start -2h`` was refused by argparse; ``widgets create --min nan`` (and
``inf``, ``1e400``) was accepted and stored; deeply nested ``--payload-file`` JSON, a
5000-digit ``--since`` and ``--start ²`` were internal errors.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iottui import cli
from iottui.api.errors import ValidationError
from iottui.cli.parser import attach_negative_values
from iottui.commands._parse import parse_duration_ms, parse_number, parse_time_ms

#: Nothing listens here: a command that got as far as a request would exit 3, not 2.
NOWHERE = ("--url", "http://127.0.0.1:9", "--api-key-env", "ARG_TEST_KEY")
NOW_MS = 1_764_000_000_000


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARG_TEST_KEY", "test-key")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main([*argv, *NOWHERE])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "dest", "value"),
    [
        (["alarms", "list", "--start", "-2h"], "start", "-2h"),
        (["alarms", "list", "--since", "2h", "--end", "-30m"], "end", "-30m"),
        (["metrics", "history", "--sensor", "1", "--start", "-1.5d"], "start", "-1.5d"),
        (["widgets", "create", "--min", "-1e5", "--max", "-.5"], "min_value", "-1e5"),
        (["widgets", "create", "--min", "-1e5", "--max", "-.5"], "max_value", "-.5"),
        (["widgets", "create", "--min", "-inf"], "min_value", "-inf"),
        (["groups", "create", "--name", "-dash-first"], "name", "-dash-first"),
    ],
)
def test_negative_values_reach_their_option(argv: list[str], dest: str, value: str) -> None:
    parser = cli.build_parser()
    args = parser.parse_args(attach_negative_values(parser, argv))
    assert getattr(args, dest) == value


def test_only_value_options_are_joined_and_nothing_after_double_dash() -> None:
    parser = cli.build_parser()
    argv = ["alarms", "close", "--yes", "--", "--start", "-2h"]
    assert attach_negative_values(parser, argv) == argv
    assert attach_negative_values(parser, ["alarms", "list", "--start"]) == [
        "alarms",
        "list",
        "--start",
    ]


def test_relative_start_is_now_minus_the_duration() -> None:
    assert parse_time_ms("-2h", now_ms=NOW_MS, option="--start") == NOW_MS - 7_200_000


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e309"])
@pytest.mark.parametrize("option", ["--min", "--max"])
def test_widget_bounds_refuse_non_finite_numbers(
    capsys: pytest.CaptureFixture[str], value: str, option: str
) -> None:
    other = "--max" if option == "--min" else "--min"
    code, err = run(
        capsys,
        *("widgets", "create", "--dashboard", "d", "--name", "n", "--type", "gauge"),
        *("--metric", "1:m", option, value, other, "5" if option == "--min" else "-5"),
    )
    assert code == 2, err
    assert f"{option}: {value!r} is not a finite number" in err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "the JSON is nested too deeply"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "the JSON is nested too deeply"),
        ('{"name": "w", "settings": {"minValue": NaN}}', "NaN is not a number in a payload"),
        ('{"name": "w", "settings": {"minValue": 1e400}}', "1e400 is beyond the range"),
        ('{"name": "w", "x": ' + "9" * 5000 + "}", "a number with 5,000 digits is not a value"),
    ],
    ids=["deep-array", "deep-object", "nan", "1e400", "5000-digits"],
)
def test_payload_files_of_any_shape_are_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "payload.json"
    path.write_text(body)
    code, err = run(capsys, "widgets", "create", "--dashboard", "d", "--payload-file", str(path))
    assert code == 2, err
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["alarms", "list", "--since", "9" * 5000 + "s"], "--since: '999"),
        (["alarms", "list", "--since", "99999999999w"], "is longer than 100 years"),
        (["alarms", "list", "--start", "9" * 5000], "is after the year 9999"),
        (["alarms", "list", "--start", "²"], "--start: '²' is not a time"),
        (["alarms", "list", "--start", "-²h"], "--start: '²h' is not a duration"),
    ],
)
def test_times_and_durations_out_of_range_are_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, err = run(capsys, *argv)
    assert code == 2, err
    assert message in err


@given(st.one_of(st.floats(), st.text(max_size=30), st.integers().map(str)))
def test_parse_number_is_finite_or_a_validation_error(value: float | str) -> None:
    try:
        number: float | None = parse_number(value, option="--min")
    except ValidationError as error:
        number, field = None, error.field
    else:
        field = "--min"
    assert field == "--min"
    assert number is None or math.isfinite(number)


@given(st.text(max_size=30))
def test_parse_duration_is_positive_and_bounded_or_a_validation_error(text: str) -> None:
    try:
        millis = parse_duration_ms(text, option="--since")
    except ValidationError:
        return
    assert 0 < millis <= 100 * 365 * 86_400_000
