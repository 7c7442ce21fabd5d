"""``iottui.api.models`` loads its modules by name: its three lists of names (the typed imports,
``__all__`` and where each lives) must name every public model of its modules, and each name
must resolve to that module's object."""

from __future__ import annotations

import importlib
import inspect

import iottui.api.models as models


def test_every_public_name_of_the_models_modules_is_exported_and_resolves() -> None:
    homes = models._HOME
    for module_name in ("_common", "fleet", "resources"):
        module = importlib.import_module(f"iottui.api.models.{module_name}")
        for name, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == module.__name__
            if name.startswith("_") or not (defined_here or name.startswith("fast_")):
                continue
            if not (
                inspect.isclass(value) or inspect.isfunction(value) or name.startswith("fast_")
            ):
                continue
            assert homes.get(name) == module_name, name
            assert name in models.__all__, name
            assert getattr(models, name) is value, name
    assert sorted(models.__all__) == sorted(homes)
    assert models.Value is importlib.import_module("iottui.api.models._common").Value
