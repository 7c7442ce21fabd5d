"""``collect_and_freeze``: what it freezes is left out of the collector's passes, and garbage it
froze is collected by its next call (never held longer)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from iottui.gcpause import collect_and_freeze


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me: Node | None = self


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the worker's other tests run with the collector as they found it


@pytest.mark.usefixtures("unfrozen")
def test_frozen_garbage_is_collected_by_the_next_call() -> None:
    node = Node()
    alive = weakref.ref(node)
    collect_and_freeze()
    assert gc.get_freeze_count() > 0
    del node
    gc.collect()
    assert alive() is not None, "a frozen cycle was walked by a collection"
    collect_and_freeze()
    assert alive() is None, "garbage frozen by the last call outlived the next"


@pytest.mark.usefixtures("unfrozen")
def test_what_was_made_since_is_collected_as_usual() -> None:
    collect_and_freeze()
    node = Node()
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None
