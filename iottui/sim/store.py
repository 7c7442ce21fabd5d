"""SQLite persistence (stdlib ``sqlite3``, WAL): documents by kind, alarms and a few settings.

Every write is one transaction (``BEGIN IMMEDIATE`` .. ``COMMIT``), so a crash or ``kill -9``
leaves the database at the last committed write. ``path=None`` keeps everything in memory. The
store is used from one thread at a time (the simulator's event loop), guarded by a lock anyway.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alarms (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    open_time INTEGER NOT NULL,
    status INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (key, open_time)
);
"""


def _dumps(doc: Any) -> str:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Batch:
    """The changes of one transaction."""

    puts: list[tuple[str, str, Any]] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    alarms: list[dict[str, Any]] = field(default_factory=list)

    def put(self, kind: str, ident: object, doc: Any) -> None:
        self.puts.append((kind, str(ident), doc))

    def delete(self, kind: str, ident: object) -> None:
        self.deletes.append((kind, str(ident)))

    def alarm(self, doc: dict[str, Any]) -> None:
        self.alarms.append(doc)

    def __bool__(self) -> bool:
        return bool(self.puts or self.deletes or self.meta or self.alarms)


class StoreLockedError(RuntimeError):
    """Another simulator is using the same state file."""


class StateFileError(ValueError):
    """The state file cannot be used: not a regular file, not SQLite, or not a simulator's."""


def _lock_file(path: Path) -> IO[bytes] | None:
    """Hold an exclusive advisory lock beside the state file (None where unsupported)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    handle = open(f"{path}.lock", "ab")  # noqa: SIM115 - held for the store's lifetime
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StoreLockedError(
            f"{path} is in use by another simulator (two servers on one state file would "
            "each keep their own view and lose each other's writes)"
        ) from None
    return handle


class Store:
    """Documents, alarms and settings in one SQLite database.

    A state file is used by one simulator at a time (an advisory lock beside it says so);
    inside it, any number of clients may write concurrently.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._file_lock: IO[bytes] | None = None
        if path is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._open()
            return
        if path.exists() and not path.is_file():
            raise StateFileError(f"the state file {path} is not a regular file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateFileError(
                f"cannot create the folder {path.parent}: {exc.strerror}"
            ) from None
        try:
            self._file_lock = _lock_file(path)
        except OSError as exc:
            raise StateFileError(f"cannot lock {path}: {exc.strerror or exc}") from None
        try:
            self._db = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None, timeout=30.0
            )
            tables = {
                row[0]
                for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables and "meta" not in tables:  # someone else's database: write nothing into it
                raise StateFileError(
                    f"{path} is an SQLite database of another program (tables: "
                    f"{', '.join(sorted(tables)[:5])}); give another --state path"
                )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._open()
        except (sqlite3.Error, ValueError, TypeError) as exc:
            with suppress(Exception):
                self._db.close()
            if self._file_lock is not None:
                self._file_lock.close()
                self._file_lock = None
            if isinstance(exc, StateFileError):
                raise
            raise StateFileError(
                f"{path} is not a usable simulator state file ({exc}); "
                "give another --state path, or move this file away"
            ) from None

    def _open(self) -> None:
        """Create the tables (or check an existing file's) and read the document sequence."""
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(docs)")}
        if "seq" not in columns:  # a state file from before documents kept their order
            self._db.execute("ALTER TABLE docs ADD COLUMN seq INTEGER NOT NULL DEFAULT 0")
        self._seq = int(self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM docs").fetchone()[0])
        if self.get_meta("schema") is None:
            with self.transaction() as batch:
                batch.meta["schema"] = SCHEMA_VERSION

    # --- reads ------------------------------------------------------------------------------

    def get_meta(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def load(self, kind: str) -> list[Any]:
        """Every document of a kind, in the order they were first written."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc FROM docs WHERE kind = ? ORDER BY seq, id", (kind,)
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def load_alarms(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT doc FROM alarms ORDER BY open_time").fetchall()
        return [json.loads(r[0]) for r in rows]

    def count(self, kind: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM docs WHERE kind = ?", (kind,)).fetchone()
        return int(row[0])

    # --- writes -----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Batch]:
        """Collect changes in a :class:`Batch`; they are written in one transaction on exit."""
        batch = Batch()
        yield batch
        self.write(batch)

    def write(self, batch: Batch) -> None:
        """Apply a batch atomically."""
        if not batch:
            return
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                if batch.deletes:
                    db.executemany("DELETE FROM docs WHERE kind = ? AND id = ?", batch.deletes)
                if batch.puts:
                    first = self._seq + 1
                    self._seq += len(batch.puts)
                    # An update keeps the document's place (its seq); a new one goes last.
                    db.executemany(
                        "INSERT INTO docs (kind, id, doc, seq) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc",
                        ((k, i, _dumps(d), first + n) for n, (k, i, d) in enumerate(batch.puts)),
                    )
                if batch.meta:
                    db.executemany(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        ((k, _dumps(v)) for k, v in batch.meta.items()),
                    )
                if batch.alarms:
                    db.executemany(
                        "INSERT OR REPLACE INTO alarms (id, key, open_time, status, doc) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (
                            (a["id"], a["_key"], a["openTime"], a["status"], _dumps(a))
                            for a in batch.alarms
                        ),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            try:
                if self.path is not None:
                    self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                self._db.close()
                if self._file_lock is not None:
                    self._file_lock.close()  # releases the advisory lock
                    self._file_lock = None
