"""``iottui`` alone (the TUI) is parsed without building the resource commands' parsers.

The fast path must never change what a command line means: for any words it either declines
(the full parser decides, with its own messages) or gives exactly the full parser's answer.
"""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iottui.cli.parser import attach_negative_values, build_parser, parse_tui_only

#: words a command line is made of: the TUI's options and values, commands, and what trips
#: parsers (help, version, abbreviations, negative and bad values, `--`, `=` forms)
WORDS = st.sampled_from(
    [
        "--demo",
        "--devices",
        "--devices=5",
        "--dev",
        "--seed",
        "--fresh",
        "--refresh",
        "--refresh=0.5",
        "--profile",
        "--url",
        "--api-key-env",
        "--read-only",
        "--strict",
        "--version",
        "-h",
        "--help",
        "--",
        "--json",
        "-5",
        "0",
        "3",
        "2.5",
        "abc",
        "http://127.0.0.1:9",
        "prod",
        "alarms",
        "list",
        "info",
        "profile",
        "sim",
        "completion",
    ]
)

FULL = build_parser()


def full_parse(words: list[str]) -> argparse.Namespace | None:
    """The full parser's answer, None where it exits (help, version, a usage error)."""
    try:
        return FULL.parse_args(attach_negative_values(FULL, words))
    except SystemExit:
        return None


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=6))
def test_the_fast_path_agrees_with_the_full_parser(words: list[str]) -> None:
    fast = parse_tui_only(words)
    if fast is None:
        return  # declined: the full parser decides
    full = full_parse(words)
    assert full is not None, f"the fast path accepted {words} that the full parser refuses"
    assert full.command is None  # the TUI
    assert vars(fast) == vars(full)


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["--demo"],
        ["--demo", "--devices", "1000", "--seed", "7", "--fresh", "--refresh", "2"],
        ["--profile", "prod", "--read-only"],
        ["--url", "http://127.0.0.1:9", "--api-key-env", "K"],
    ],
)
def test_the_tui_options_take_the_fast_path(words: list[str]) -> None:
    fast = parse_tui_only(words)
    assert fast is not None
    assert vars(fast) == vars(FULL.parse_args(words))


@pytest.mark.parametrize(
    "words",
    [
        ["alarms", "list"],
        ["--demo", "info"],
        ["-h"],
        ["--version"],
        ["--strict"],
        ["--devices", "0"],  # a bad value: the full parser's message
        ["--refresh", "-5"],  # a negative value: the full parser joins it (`--refresh=-5`)
        ["profile", "add", "lab", "--url", "u", "--version", "2.1.0"],
    ],
)
def test_anything_else_goes_to_the_full_parser(words: list[str]) -> None:
    assert parse_tui_only(words) is None
