"""``gc_paused()``: build many acyclic objects without CPython's cyclic collector running.

The same helper as the client's :func:`iottui.api.parse.gc_paused`, kept here so that the
simulator does not import the client's parser and models (about 50 ms of its start) for it.
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
