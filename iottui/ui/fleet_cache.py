"""The last known fleet's structure, cached on disk per profile, drawn at start before the
server answers (no Textual here: the launcher and the tests use it headless).

What is kept and the file's layout: :mod:`iottui.ui.fleet_cache_format` (structure only: never
a value, a state or an alarm). The file is ``$XDG_CACHE_HOME/iottui/fleet-<name>.json``, mode
0600. A save whose structure has the same digest as the file's is skipped (a fleet refresh
that changed only values writes nothing). It is written atomically (a temporary file in the
same directory, flushed, renamed over). A file that is missing, unreadable, corrupt, of another
format or version, or foreign is ignored with one log line; loading never raises for what is
in the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from iottui.config import ConnectionSettings, cache_dir
from iottui.gcpause import gc_paused, release_freed_memory
from iottui.ui.fleet_cache_format import (
    CACHE_FORMAT,
    CACHE_VERSION,
    CACHED_STATE,
    LATEST_SAVE,
    CachedFleet,
    CacheFormatError,
    cache_identity,
    encode_tables,
    fleet_from_document,
    fleet_structure,
)

if TYPE_CHECKING:
    from iottui.api.models import Fleet

__all__ = [
    "CACHED_STATE",
    "CACHE_FORMAT",
    "CACHE_VERSION",
    "CachedFleet",
    "FleetCache",
    "cache_for",
    "cache_identity",
    "fleet_structure",
]

logger = logging.getLogger("iottui.fleet_cache")

_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


class FleetCache:
    """One profile's cached fleet file.

    Args:
        path: The file.
        identity: What the fleet belongs to (:func:`cache_identity`); a file written for
            another identity is ignored.
    """

    def __init__(self, path: Path, identity: str) -> None:
        self.path = path
        self.identity = identity
        #: The digest of the structure last written or read (a save of the same is skipped).
        self._digest: str | None = None

    @classmethod
    def named(cls, name: str, identity: str, directory: Path | None = None) -> FleetCache:
        """The cache file for ``name`` (a profile's name; other characters become ``_``) in
        ``directory`` (default: the cache dir)."""
        safe = _NAME_UNSAFE.sub("_", name)[:80] or "default"
        return cls((directory or cache_dir()) / f"fleet-{safe}.json", identity)

    def load(self) -> CachedFleet | None:
        """The cached fleet, or None (no file, or one that is ignored: logged, never raised).

        What is alive once a fleet is loaded, the fleet among it, is frozen (``gc.freeze``):
        left out of the collector's passes until :func:`iottui.gcpause.collect_and_freeze`
        runs (once the server's fleet is shown), as the app does after each server fleet."""
        return self._read()

    def _read(self) -> CachedFleet | None:
        try:
            raw = self.path.read_bytes()
            confirmed = self.path.stat().st_mtime
        except FileNotFoundError:
            return None
        except OSError as error:
            logger.warning("fleet cache %s not read: %s", self.path, error.strerror or error)
            return None
        try:
            with gc_paused():  # many acyclic objects: see gc_paused
                cached = fleet_from_document(json.loads(raw), self.identity)
                # Shown until the server's fleet replaces it, then freed by reference counting
                # (it holds no cycle): left out of the collector's passes, which walked its
                # objects (~125,000 for 10,000 devices) three times before the server answered,
                # ~50-110 ms on the UI thread; collect_and_freeze unfreezes it with the rest
                # once the server's fleet is shown.
                gc.freeze()
        except (CacheFormatError, ValueError, RecursionError) as error:
            # ValueError: not JSON / not UTF-8 (json's errors are ValueErrors)
            logger.warning("fleet cache %s ignored: %s", self.path, error)
            return None
        self._digest = cached.digest
        if cached.saved_at < confirmed <= LATEST_SAVE:  # seen again since: see save()
            cached = dataclasses.replace(cached, saved_at=confirmed)
        return cached

    def save(self, fleet: Fleet, saved_at: float) -> bool:
        """Write ``fleet``'s structure atomically (mode 0600). False when nothing was written:
        the structure is the one last saved or loaded (then only the file's modification
        time becomes ``saved_at``, which :meth:`load` reports when it is later than the
        saved one), or the write failed (logged)."""
        try:
            return self._save(fleet, saved_at)
        finally:
            release_freed_memory()  # the tables and their text: ~20 MB for 10,000 devices

    def _save(self, fleet: Fleet, saved_at: float) -> bool:
        with gc_paused():  # many acyclic lists: see gc_paused
            tables = encode_tables(fleet)
        digest = hashlib.sha256(tables).hexdigest()
        if digest == self._digest:
            # the same structure seen again: the file's time says when (not rewritten)
            with contextlib.suppress(OSError):
                os.utime(self.path, (saved_at, saved_at))
            return False
        header = {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "identity": self.identity,
            "digest": digest,
            "saved_at": saved_at,
        }
        try:
            # one object: the header's fields, then the tables' (their text without its "{")
            self._write(json.dumps(header).encode()[:-1] + b",", memoryview(tables)[1:])
            os.utime(self.path, (saved_at, saved_at))  # the time load() reads back
        except OSError as error:
            logger.warning("fleet cache %s not written: %s", self.path, error.strerror or error)
            return False
        self._digest = digest
        return True

    def _write(self, head: bytes, body: memoryview) -> None:
        directory = self.path.parent
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)
                handle.write(head)
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise

    def clear(self) -> None:
        """Delete the file (``--demo --fresh``); a missing file is fine."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def cache_for(
    settings: ConnectionSettings, *, demo: tuple[int, int] | None = None
) -> FleetCache | None:
    """The cache for a resolved connection, or None when ``fleet_cache`` is off.

    The file is named after the profile (``url-<hash>`` for an ad hoc ``--url``) and belongs
    to the server's URL, API version and routes and to a hash of the key: a fleet seen through
    another server or key under the same name is never shown. ``demo`` is the demo's
    ``(seed, devices)``, which is what its fleet belongs to (its URL and key change on every
    start).
    """
    if not settings.fleet_cache:
        return None
    if demo is not None:
        seed, devices = demo
        return FleetCache.named(f"demo-seed{seed}-{devices}dev", cache_identity("demo", *demo))
    key_hash = hashlib.sha256(settings.api_key.encode("utf-8", "surrogatepass")).hexdigest()
    identity = cache_identity(
        "server", settings.url, settings.version, sorted(settings.paths.items()), key_hash
    )
    return FleetCache.named(settings.profile_name or f"url-{identity[:12]}", identity)
