"""Command registries belong to the app (issue 11 #2): no module-level registry to mutate, each
app (or test) its own commands; the catalog is collected from the modules' declarations."""

from __future__ import annotations

import ast
import inspect

import pytest

from iottui.ui import registry
from iottui.ui.registry import AppCommand, CommandContext, CommandRegistry, catalog, command


def test_two_registries_do_not_share_their_commands() -> None:
    first, second = CommandRegistry(), CommandRegistry()
    assert set(first.all()) == set(second.all()) == set(catalog())
    first.hide(["theme"])

    @command("only-here", "Only here", "A command of one app")
    def only_here(ctx: CommandContext) -> None:
        return None

    first.add(only_here)
    assert "theme" not in first.all()
    assert "only-here" in first.all()
    assert "theme" in second.all()
    assert "only-here" not in second.all()
    assert "only-here" not in catalog()


def test_core_only_registry_loads_no_features() -> None:
    core = CommandRegistry(features=())
    names = set(core.all())
    assert {"alarms", "rules", "tree", "quit", "help"} <= names
    assert "group-new" not in names
    assert "group-new" in catalog()


def test_a_name_declared_twice_is_refused() -> None:
    def handler(ctx: CommandContext) -> None:
        return None

    one = AppCommand("twice", "Twice", "one", handler)
    two = AppCommand("twice", "Twice", "two", handler)
    with pytest.raises(ValueError, match="twice"):
        CommandRegistry({"twice": one}).add(two)


def test_the_registry_module_holds_no_mutable_state() -> None:
    """Module-level names are constants or functions: no dict, list or set to register into."""
    tree = ast.parse(inspect.getsource(registry))
    mutable = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, mutable):
            found.append(ast.unparse(node)[:60])
        if isinstance(node, ast.Global):
            found.append(ast.unparse(node))
    for func in ast.walk(tree):
        if isinstance(func, ast.Global):
            found.append(ast.unparse(func))
    assert found == []
