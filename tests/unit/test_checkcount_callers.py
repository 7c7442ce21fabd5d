"""A threshold's checkcount: the client, the CLI (flag and payload) and the simulator follow
the one rule, :func:`iottui.api.domain.checkcount_problems` (a whole number from 1 to
``CHECKCOUNT_MAX``), and default a missing one to ``DEFAULT_CHECKCOUNT``.

Before, the client and the CLI took any count from 1 up and the simulator refused one over
1000 with its own message: a rule the CLI accepted came back as a 400.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iottui.api import domain
from iottui.api.domain import CHECKCOUNT_MAX, DEFAULT_CHECKCOUNT, defaults
from iottui.api.enums import RuleType
from iottui.api.errors import ValidationError
from iottui.api.models import Threshold
from iottui.api.validate import validate_thresholds
from iottui.commands._parse import (
    parse_threshold_spec,
)
from iottui.commands._payload import (
    Fields,
)
from iottui.commands.rules import _payload_threshold
from iottui.sim.errors import SimError
from iottui.sim.handlers.rules import _checkcount
from iottui.sim.payload import Payload


def client(count: int) -> int:
    return validate_thresholds(RuleType.METRIC, [Threshold("metric>1", checkcount=count)])[
        0
    ].checkcount


def cli_flag(count: int) -> int:
    return parse_threshold_spec(f"metric>1:critical:{count}", RuleType.METRIC).checkcount


def cli_payload(count: int) -> int:
    item = Fields({"condition": "metric>1", "checkcount": count}, "thresholds[0]")
    return _payload_threshold(item, RuleType.METRIC).checkcount


def sim(count: int) -> int:
    return _checkcount(
        Payload({"condition": "metric>1", "checkcount": count}, ("condition", "checkcount"))
    )


CALLERS: dict[str, Callable[[int], int]] = {
    "client": client,
    "cli flag": cli_flag,
    "cli payload": cli_payload,
    "sim": sim,
}


def _outcome(call: Callable[[int], int], count: int) -> int | str:
    """The count the caller keeps, or the text of its refusal."""
    try:
        return call(count)
    except ValidationError as exc:
        return str(exc)
    except SimError as exc:
        return f"{exc.kind.status} {exc.body()['error']['desc']}"


#: The simulator reads JSON integers as 64-bit ones (a longer one is "expected an integer").
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@given(INT64 | st.integers(-3, CHECKCOUNT_MAX + 3))
def test_every_caller_keeps_a_count_from_1_to_the_max_and_refuses_the_rest(count: int) -> None:
    outcomes = {name: _outcome(call, count) for name, call in CALLERS.items()}
    if 1 <= count <= CHECKCOUNT_MAX:
        assert outcomes == dict.fromkeys(CALLERS, count)
    else:
        for name, outcome in outcomes.items():
            assert isinstance(outcome, str), f"{name} kept {count}"
            assert f"must be from 1 to {CHECKCOUNT_MAX}, got {count}" in outcome, outcome


@pytest.mark.parametrize("caller", ["cli flag", "cli payload", "sim"])
def test_a_missing_checkcount_is_the_default(caller: str) -> None:
    kept = {
        "cli flag": lambda: parse_threshold_spec("metric>1:critical", RuleType.METRIC).checkcount,
        "cli payload": lambda: (
            _payload_threshold(
                Fields({"condition": "metric>1"}, "thresholds[0]"), RuleType.METRIC
            ).checkcount
        ),
        "sim": lambda: _checkcount(Payload({"condition": "metric>1"}, ("condition", "checkcount"))),
    }[caller]()
    assert kept == DEFAULT_CHECKCOUNT == Threshold("metric>1").checkcount


def test_every_default_checkcount_is_the_domain_constant(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the backtest's ``metric_crossings``, the ``Threshold`` model, the parser
    and the ``rules`` help each held a literal 1, more homes for ``DEFAULT_CHECKCOUNT``. Each
    module is run afresh with the constant patched to a value no literal can match."""
    monkeypatch.setattr(domain, "DEFAULT_CHECKCOUNT", 4)
    monkeypatch.setattr(defaults, "DEFAULT_CHECKCOUNT", 4)

    def fresh(name: str) -> ModuleType:
        spec = importlib.util.find_spec(name)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # not put in sys.modules: the real one stays
        return module

    crossings = fresh("iottui.api.conditions").metric_crossings
    threshold = fresh("iottui.api.models.resources").Threshold("metric>1")
    parsed = fresh("iottui.api.parse.alarms")._threshold({"condition": "metric>1"}, "t")
    help_text = fresh("iottui.commands.rules").RULE_HELP
    assert {
        "metric_crossings": inspect.signature(crossings).parameters["checkcount"].default,
        "Threshold": threshold.checkcount,
        "parser": parsed.checkcount,
        "rules help": "before an alarm opens (default 4)" in help_text,
    } == {"metric_crossings": 4, "Threshold": 4, "parser": 4, "rules help": True}
