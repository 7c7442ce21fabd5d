"""One vocabulary: each resource carries its operation-id prefix as its name in every layer.

The prefixes are those of ``iottui/api/routes.py`` (``topics.create`` -> ``topics``). For each,
the client's resource (``api/resources/<r>.py``), the simulator's handlers
(``sim/handlers/<r>.py``) and the CLI's commands (``commands/<r>.py``) are modules of that
name, and a layer holds no module that is neither a resource nor a helper listed below with
its reason. The commands are checked further: ``commands/<r>.py`` registers the ``iottui <r>``
command and only leaves whose operations are ``<r>.*``.

Not (yet) mirrored, each with its reason in :data:`NOT_MIRRORED`: the response parsers
(``api/parse/``) still group some resources by document section. An entry there that is no
longer needed fails the test, so the list only shrinks. The UI is organised by view and form
(issue 11 #1), not by resource, and is not checked here.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import pytest

from iottui.api.routes import OPERATIONS, OPERATIONS_BY_ID
from iottui.commands import _core

PACKAGE = Path(__file__).resolve().parents[1] / "iottui"
PREFIXES = sorted({op.resource for op in OPERATIONS})

#: The layers mirrored in full: every prefix has its module there.
MIRRORED = ("api/resources", "commands", "sim/handlers")

#: Modules in a mirrored layer that are not a resource, and why they exist.
#: (Modules whose name starts with "_" are private helpers and need no entry.)
HELPERS: dict[str, str] = {
    "api/resources/base.py": "the Resource base class every resource module builds on",
    "sim/handlers/common.py": "request and answer helpers shared by every handler module",
    "sim/handlers/fleetview.py": (
        "the nested fleet view (groups > devices > sensors > metrics) read by the fleet, "
        "devices, groups, sensors and metrics handlers"
    ),
}

#: (layer, prefix) pairs without a module of their own yet, and where the code is instead.
NOT_MIRRORED: dict[tuple[str, str], str] = {
    ("api/parse", prefix): reason
    for prefixes, reason in (
        (
            ("devices", "groups", "sensors", "metrics", "rules", "contacts"),
            "parsed in api/parse/lists.py (lists) and data.py (metric data)",
        ),
        (("topics", "channels"), "parsed together in api/parse/notifications.py"),
        (("deviceconfigs", "edgemodules"), "parsed together in api/parse/edge.py"),
        (("widgets",), "parsed with their dashboard in api/parse/dashboards.py"),
    )
    for prefix in prefixes
}


def _modules(layer: str) -> set[str]:
    return {p.stem for p in (PACKAGE / layer).glob("*.py") if not p.stem.startswith("_")}


@pytest.mark.parametrize("layer", MIRRORED)
def test_every_resource_has_its_module(layer: str) -> None:
    missing = [prefix for prefix in PREFIXES if not (PACKAGE / layer / f"{prefix}.py").exists()]
    assert missing == [], f"{layer}: no module for {missing}"


@pytest.mark.parametrize("layer", MIRRORED)
def test_every_module_is_a_resource_or_a_listed_helper(layer: str) -> None:
    extra = sorted(_modules(layer) - set(PREFIXES) - {"__init__"})
    unexplained = [name for name in extra if f"{layer}/{name}.py" not in HELPERS]
    assert unexplained == [], f"{layer}: modules named after no resource: {unexplained}"


def test_listed_helpers_and_exceptions_still_exist() -> None:
    gone = [path for path in HELPERS if not (PACKAGE / path).exists()]
    assert gone == [], f"HELPERS lists modules that are gone: {gone}"
    mirrored_now = [
        f"{layer}/{prefix}.py"
        for layer, prefix in NOT_MIRRORED
        if (PACKAGE / layer / f"{prefix}.py").exists()
    ]
    assert mirrored_now == [], f"now mirrored, remove from NOT_MIRRORED: {mirrored_now}"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_commands_module_registers_its_own_resource(prefix: str) -> None:
    module = importlib.import_module(f"iottui.commands.{prefix}")
    parser = argparse.ArgumentParser(prog="iottui")
    subparsers = parser.add_subparsers(dest="command")
    _core.LEAVES.clear()
    try:
        module.register(subparsers)
        leaves = dict(_core.LEAVES)
    finally:
        _core.LEAVES.clear()
    # `iottui values` is the short form of `iottui metrics values` (metrics.last_values).
    assert set(subparsers.choices) == {prefix} | ({"values"} if prefix == "metrics" else set())
    assert leaves, f"commands/{prefix}.py registers no command"
    wrong = {
        " ".join(path): leaf.operation
        for path, leaf in leaves.items()
        if OPERATIONS_BY_ID[leaf.operation].resource != prefix
    }
    assert wrong == {}, f"commands/{prefix}.py has commands of other resources: {wrong}"
