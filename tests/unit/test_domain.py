"""The domain rules on their own: properties over any input (the caller table is
``test_domain_cases.py``)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from iottui.api.conditions import metric_crossings, parse_metric_condition
from iottui.api.domain import (
    Problem,
    StreakTracker,
    clean_text,
    format_nodeids,
    frequency_problems,
    node_id_problems,
    parse_nodeids,
    read_metric,
    read_nodeids,
)
from iottui.api.domain.text import is_hidden

ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF))


@given(ANY_TEXT)
def test_clean_text_leaves_nothing_hidden_and_always_encodes(text: str) -> None:
    shown = clean_text(text)
    assert not any(is_hidden(c) for c in shown)
    shown.encode("utf-8")  # a lone surrogate would raise here
    assert clean_text(shown) == shown  # escapes are plain text: cleaning twice changes nothing


@given(ANY_TEXT)
def test_clean_text_changes_only_hidden_characters(text: str) -> None:
    kept = "".join(c for c in text if not is_hidden(c) or c == " ")
    assert clean_text(kept) == kept


def test_clean_text_shows_what_was_sent() -> None:
    assert clean_text("ok\x1b[2Jgone") == "ok\\x1b[2Jgone"
    assert clean_text("a\u202eb") == "a\\u202eb"
    assert clean_text("a\nb") == "a\\x0ab"
    assert clean_text("a\nb\tc", multiline=True) == "a\nb\tc"
    assert clean_text("\ud800") == "\\ud800"
    assert clean_text(None) == ""
    assert clean_text(12) == "12"
    assert clean_text("[bold]x[/]") == "[bold]x[/]"  # markup is the UI's Text's job
    assert clean_text("\u0085") == "\\x85"  # C1 controls too


@given(st.lists(st.booleans(), max_size=60), st.integers(1, 6))
def test_streak_tracker_opens_at_the_checkcount_th_match_and_closes_at_the_first_miss(
    samples: list[bool], checkcount: int
) -> None:
    tracker = StreakTracker(checkcount)
    run = 0
    active = False
    for matches in samples:
        step = tracker.step(matches)
        run = run + 1 if matches else 0
        if matches and not active and run >= checkcount:
            assert step == "open"
            active = True
        elif not matches and active:
            assert step == "close"
            active = False
        else:
            assert step is None
        assert tracker.active is active


@given(
    st.lists(st.booleans(), max_size=30), st.lists(st.booleans(), max_size=30), st.integers(1, 5)
)
def test_warming_on_history_is_stepping_through_it(
    history: list[bool], rest: list[bool], checkcount: int
) -> None:
    stepped = StreakTracker(checkcount)
    for matches in history:
        stepped.step(matches)
    warmed = StreakTracker(checkcount)
    warmed.warm(history)
    assert warmed.active == stepped.active
    assert [warmed.step(m) for m in rest] == [stepped.step(m) for m in rest]


@given(st.lists(st.floats(-10, 10, allow_nan=False), max_size=40), st.integers(1, 4))
def test_backtest_crossings_follow_the_tracker(values: list[float], checkcount: int) -> None:
    condition = parse_metric_condition("metric>0")
    crossings = metric_crossings(list(enumerate(values)), condition, checkcount)
    tracker = StreakTracker(checkcount)
    opens = [t for t, v in enumerate(values) if tracker.step(v > 0) == "open"]
    assert [c.open_time for c in crossings] == opens


NODE_IDS = st.one_of(
    st.builds(
        lambda ns, ident: f"ns={ns};s={ident}",
        st.integers(0, 65535),
        st.text(
            st.characters(
                codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
            ),
            min_size=1,
        ).filter(lambda s: not s[0].isspace() and "'" not in s and '"' not in s),
    ),
    st.builds(lambda ns, i: f"ns={ns};i={i}", st.integers(0, 65535), st.integers(0, 2**32 - 1)),
    st.builds(lambda ns, u: f"ns={ns};g={u}", st.integers(0, 65535), st.uuids().map(str)),
)
METRIC_IDS = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
    ),
    min_size=1,
    max_size=20,
).filter(lambda s: not any(c.isspace() or c in "'\"" for c in s))


@given(st.lists(st.tuples(NODE_IDS, METRIC_IDS), min_size=1, max_size=5, unique_by=lambda p: p[1]))
def test_nodeids_round_trip(pairs: list[tuple[str, str]]) -> None:
    text = format_nodeids(pairs)
    assert read_nodeids(text, {m for _, m in pairs}) == (pairs, [])
    for node, _ in pairs:
        assert node_id_problems(node) == []


@given(ANY_TEXT)
def test_any_nodeids_text_is_read_or_refused_without_raising(text: str) -> None:
    pairs, problems = parse_nodeids(text)
    assert (pairs == []) == bool(problems)
    for node, _ in pairs:
        for p in node_id_problems(node):
            assert isinstance(p, Problem)


@given(
    st.one_of(ANY_TEXT, st.none(), st.integers(), st.floats()),
    st.one_of(ANY_TEXT, st.none(), st.integers()),
    st.one_of(ANY_TEXT, st.none(), st.booleans()),
    st.one_of(ANY_TEXT, st.none()),
    st.one_of(ANY_TEXT, st.none()),
)
def test_any_metric_is_read_or_refused_with_problems(
    mid: object, name: object, vtype: object, unit: object, note: object
) -> None:
    definition, problems = read_metric(mid, name, vtype, unit, note)
    assert (definition is None) == bool(problems)
    if definition is not None:
        json.dumps(definition.id).encode("utf-8")
        assert definition.value_unit is None or definition.value_type == "double"


@given(
    st.one_of(st.text(), st.none(), st.integers()),
    st.one_of(st.integers(), st.floats(), st.text(), st.none()),
)
def test_any_frequency_is_checked_without_raising(unit: object, value: object) -> None:
    problems = frequency_problems(unit, value)
    assert all(p.field in ("frequency.type", "frequency.value") for p in problems)
