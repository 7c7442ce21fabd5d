"""``iottui.api.domain`` exports its rules by name and imports each rule's module on first use:
the names it lists, the names it resolves and where each lives stay in step."""

from __future__ import annotations

import importlib

import pytest

from iottui.api import domain


def test_every_listed_name_has_a_home() -> None:
    assert set(domain._EXPORTS) == set(domain.__all__)
    assert len(domain._EXPORTS) == sum(len(names) for names in domain._MODULES.values())


@pytest.mark.parametrize("name", sorted(domain.__all__))
def test_each_name_is_its_modules_object(name: str) -> None:
    module = importlib.import_module(f"iottui.api.domain.{domain._EXPORTS[name]}")
    assert getattr(domain, name) is getattr(module, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_rule"):
        domain.no_such_rule  # noqa: B018
