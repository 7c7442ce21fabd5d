"""``gc_paused()``: build many acyclic objects without CPython's cyclic collector running;
``collect_and_freeze()``: keep a big long-lived heap out of the collector's passes;
``release_freed_memory()``: hand what was freed after such a build back to the system.

One helper for the client's parser (:mod:`iottui.api.parse` re-exports it), the simulator
and the fleet cache: none of them imports the others' modules (the parser and the models
cost about 50 ms of a start) for it.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast


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


def collect_and_freeze() -> None:
    """One full collection, then everything alive is left out of the collector's later passes.

    For an interactive app holding a big, long-lived heap (the fleet's models, the UI's widgets
    and render caches: ~150,000 objects with 500 devices): the collector's full passes, which
    CPython starts whenever a quarter as many objects again reach its oldest generation, walked
    all of it, 100-200 ms on the UI thread (5-7 of them in benchmark 4's 200 key presses, 15
    s: its slowest presses). Called once per fleet load: the objects frozen by the previous call
    are unfrozen and collected with the rest, so garbage that a frozen object became is held
    until the next call at most; between calls the automatic passes walk only what was made
    since. Frozen objects are still freed by reference counting as usual.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None (another system or C library: musl has none)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return cast(Callable[[int], int], trim)


def release_freed_memory() -> bool:
    """Give the memory the C allocator holds free back to the system (glibc's
    ``malloc_trim(0)``, a few ms); False where there is none (not glibc).

    Called after a big fleet is built or written: its decoding's lists, dicts and buffers are
    freed by then, but glibc keeps freed blocks inside its heap, so the process's memory
    would stay at its peak (measured with 10,000 devices: ~20 MB after the server's fleet is
    parsed, ~20 MB after the fleet cache is written; ``benchmarks/bench_bigstart.py``).
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
