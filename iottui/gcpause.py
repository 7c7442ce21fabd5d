"""``gc_paused()``: build many acyclic objects without CPython's cyclic collector running.

One helper for the client's parser (:mod:`iottui.api.parse` re-exports it), the simulator
and the fleet cache: none of them imports the others' modules (the parser and the models
cost about 50 ms of a start) for it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (if it was running).

    Answers, generated fleets and loaded documents hold no reference cycles, so nothing is lost;
    with the collector running, building 27 MB of them triggers collections that traverse the
    whole growing heap again and again. Other threads see the collector paused too, for as long
    as the block lasts.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
