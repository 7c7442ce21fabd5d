"""Headless commands for scripts: ``iottui <resource> <verb> [options]``.

Every one of the 53 operations of the API (:data:`iottui.api.routes.OPERATIONS`) has at least
one command; each leaf command maps to exactly one operation id (``args.operation``), and
:func:`command_map` lists them. Each resource has its own module named by its operation-id
prefix (``commands/topics.py`` for ``topics.*``), as in ``api/resources/``.
:mod:`iottui.cli` calls :func:`register` with its subparsers and runs the chosen leaf's
``command_handler(args, client)``.

Output
    Human tables by default (aligned columns; text from the server has its control characters
    replaced so a terminal cannot be steered by it). ``--json`` prints stable, jq-friendly JSON:

    - lists print an array of objects, single resources one object;
    - keys are the snake_case field names of the models in :mod:`iottui.api.models`, in order;
    - integer enums print their number plus ``<field>_label`` (``"severity": 1,
      "severity_label": "Critical"``); string enums (aggregation, value type) their string;
    - times are epoch milliseconds; ``extra`` holds server keys the models do not know;
    - writes print ``{"ok": true, "operation": "<op id>", "id": ..., ...}``; commands acting on
      several ids (``alarms close``, ``rules enable|disable``) print ``{"ok", "operation",
      <done ids or results>, "failed": [{"id", "error"}]}`` and go on after a failure.

    ``--csv`` (lists and history) prints a header row of column keys; times in ISO 8601 UTC.

Inputs
    Durations ``30s 5m 24h 7d``; times ISO 8601, epoch milliseconds, ``now`` or ``-2h``.
    Complex inputs take repeatable flags (``--metric ID:NAME:TYPE:UNIT``, ``--threshold
    'metric>=60:critical:2'``, ``--source SENSOR:METRIC``, ``--device-source DEVICE``) or a
    JSON object with ``--payload JSON|-`` / ``--payload-file FILE|-`` (the API document's keys
    or snake_case; flags win).

Safety
    Destructive commands (delete, close, unshare, regenerate-token) ask on a terminal; without
    one they need ``--yes`` (else exit 2). Writes are refused in read-only mode by the CLI.
    Exit codes: :mod:`iottui.exit_codes` (0 ok, 1 API error, 2 usage/validation/config,
    3 connection).
"""

from __future__ import annotations

import argparse

from iottui.commands import (
    account,
    alarms,
    channels,
    contacts,
    dashboards,
    deviceconfigs,
    devices,
    edgemodules,
    fleet,
    groups,
    metrics,
    rules,
    sensors,
    topics,
    widgets,
)
from iottui.commands._core import LEAVES, Leaf, SubParsers

__all__ = ["LEAVES", "Leaf", "command_map", "commands_for", "register"]

# One module per resource, named by its operation-id prefix (``iottui/api/routes.py``), in the
# order `iottui --help` lists them.
_MODULES = (
    account,
    fleet,
    devices,
    contacts,
    groups,
    sensors,
    metrics,
    rules,
    alarms,
    topics,
    channels,
    dashboards,
    widgets,
    deviceconfigs,
    edgemodules,
)


def register(subparsers: SubParsers) -> None:
    """Add every resource command to ``iottui``'s subparsers."""
    for module in _MODULES:
        module.register(subparsers)


def command_map() -> dict[tuple[str, ...], Leaf]:
    """Every leaf command (its words, e.g. ``("groups", "create")``) and its operation.

    Builds a fresh parser, so the answer does not depend on what was registered before.
    """
    LEAVES.clear()
    parser = argparse.ArgumentParser(prog="iottui")
    register(parser.add_subparsers(dest="command"))
    return dict(LEAVES)


def commands_for(
    operation: str, leaves: dict[tuple[str, ...], Leaf] | None = None
) -> list[tuple[str, ...]]:
    """The commands that perform an operation id (``"rules.update"`` has three).

    ``leaves`` is a :func:`command_map` answer to reuse (built afresh when omitted).
    """
    found = command_map() if leaves is None else leaves
    return sorted(path for path, leaf in found.items() if leaf.operation == operation)
