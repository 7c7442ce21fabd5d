"""Output of the headless commands: aligned tables, JSON and CSV.

Three formats, chosen per command with ``--json`` / ``--csv`` (tables are the default):

- **Tables** are for people. Every cell is made harmless first (:func:`safe_text`): text from
  the server may contain ESC, other C0/C1 controls or bidi overrides, which a terminal would
  interpret, so they are replaced by visible stand-ins.
- **JSON** is for scripts (see :func:`to_data` for the conventions). It is pretty-printed with
  two spaces, keys in model order. Control characters inside strings are always escaped
  (``\\u001b``), C1 controls included, so piping JSON to a terminal is safe too.
- **CSV** has a header row of the table's column keys; cells are sanitised like table cells and
  times are ISO 8601 in UTC.
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import io
import json
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TextIO, TypeVar

from rich.cells import cell_len

from iottui.api.domain import clean_text
from iottui.api.enums import OpenIntEnum

Format = Literal["table", "json", "csv"]
T = TypeVar("T")

# C0 controls, DEL, C1 controls, and the bidi embedding/override/isolate characters.
_C1_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def safe_text(value: object) -> str:
    """Text that is safe to write to a terminal: :func:`iottui.api.domain.clean_text`.

    >>> safe_text("ok\\x1b[2Jgone")
    'ok\\\\x1b[2Jgone'
    """
    return clean_text(value)


# --- JSON -----------------------------------------------------------------------------------


def _int_enum_field(hint: object) -> bool:
    """Whether a type hint is (an optional) OpenIntEnum."""
    if isinstance(hint, type):
        return issubclass(hint, OpenIntEnum)
    return any(_int_enum_field(arg) for arg in typing.get_args(hint))


_ENUM_FIELDS: dict[type, frozenset[str]] = {}


def _enum_fields(cls: type) -> frozenset[str]:
    cached = _ENUM_FIELDS.get(cls)
    if cached is None:
        try:
            hints = typing.get_type_hints(cls)
        except Exception:  # pragma: no cover - unresolvable annotations: no labels
            hints = {}
        cached = frozenset(name for name, hint in hints.items() if _int_enum_field(hint))
        _ENUM_FIELDS[cls] = cached
    return cached


def to_data(value: Any) -> Any:
    """A model (or anything holding models) as plain JSON data.

    Conventions (stable, documented in the README's "Output" section):

    - a dataclass becomes an object with its fields in order, snake_case keys;
    - an integer enum becomes its number, and the object gains ``<field>_label`` with the
      human label right after it (``"severity": 1, "severity_label": "Critical"``; both
      ``null`` when the field is empty); string enums (aggregation, value type) become their
      string;
    - tuples become arrays, mappings objects (``extra`` keeps unrecognised server keys as sent);
    - times stay epoch milliseconds (integers).
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        labelled = _enum_fields(type(value))
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            out[f.name] = to_data(item)
            if f.name in labelled:
                out[f"{f.name}_label"] = item.label if isinstance(item, OpenIntEnum) else None
        return out
    if isinstance(value, OpenIntEnum):
        return int(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_data(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def dumps_json(data: Any) -> str:
    """JSON text, pretty-printed, with every control character escaped."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _C1_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


# --- cells ----------------------------------------------------------------------------------


def format_time(ms: int | None, *, utc: bool = False) -> str:
    """Epoch milliseconds as ``YYYY-MM-DD HH:MM:SS`` local time (or ISO 8601 UTC)."""
    if ms is None:
        return ""
    try:
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return str(ms)
    if utc:
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def format_value(value: object) -> str:
    """A cell value as text (not yet sanitised)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, OpenIntEnum):
        return value.label
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(v) for v in value)
    return str(value)


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """A table (and CSV) column: ``key`` heads CSV, ``header`` heads the table."""

    key: str
    get: Callable[[T], object]
    header: str = ""
    time: bool = False
    align: Literal["left", "right"] = "left"

    def title(self) -> str:
        return self.header or self.key.upper().replace("_", " ")

    def cell(self, item: T, *, csv_mode: bool = False) -> str:
        value = self.get(item)
        if self.time and (isinstance(value, int) or value is None):
            return format_time(value, utc=csv_mode)
        return format_value(value)


def render_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, right: Sequence[bool] = ()
) -> str:
    """Rows as aligned columns (two spaces apart), header first; cells are sanitised here."""
    clean_rows = [[safe_text(cell) for cell in row] for row in rows]
    all_rows = [[safe_text(h) for h in headers], *clean_rows]
    widths = [max(cell_len(r[i]) for r in all_rows) for i in range(len(headers))]
    lines = []
    for row in all_rows:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_len(cell))
            parts.append(pad + cell if i < len(right) and right[i] else cell + pad)
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def render_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_text(h) for h in headers])
    for row in rows:
        writer.writerow(["" if c is None else safe_text(c) for c in row])
    return buffer.getvalue().rstrip("\n")


# --- the writer -----------------------------------------------------------------------------


class Output:
    """Where a command writes: stdout for results, stderr for notes and errors."""

    def __init__(self, fmt: Format, stdout: TextIO, stderr: TextIO) -> None:
        self.format: Format = fmt
        self.stdout = stdout
        self.stderr = stderr

    @property
    def json(self) -> bool:
        return self.format == "json"

    def line(self, text: str = "") -> None:
        """A line of human text (already safe or sanitised by the caller)."""
        print(text, file=self.stdout)

    def note(self, text: str) -> None:
        """A human note on stderr (progress, warnings); never mixed into JSON/CSV output."""
        print(safe_text(text), file=self.stderr)

    def emit_json(self, data: Any) -> None:
        print(dumps_json(data), file=self.stdout)

    def items(
        self,
        items: Sequence[T],
        columns: Sequence[Column[T]],
        *,
        data: Any = None,
        empty: str = "(none)",
    ) -> None:
        """A list: table, CSV with the same columns, or JSON (``data`` or ``to_data(items)``)."""
        if self.format == "json":
            self.emit_json(to_data(items) if data is None else data)
            return
        if self.format == "csv":
            rows = [[c.cell(item, csv_mode=True) for c in columns] for item in items]
            print(render_csv([c.key for c in columns], rows), file=self.stdout)
            return
        if not items:
            self.note(empty)
            return
        rows = [[c.cell(item) for c in columns] for item in items]
        right = [c.align == "right" for c in columns]
        print(render_table([c.title() for c in columns], rows, right=right), file=self.stdout)

    def record(self, pairs: Sequence[tuple[str, object]], *, data: Any) -> None:
        """One object: ``key  value`` lines for people, ``data`` for JSON."""
        if self.format == "json":
            self.emit_json(data)
            return
        if self.format == "csv":
            print(
                render_csv([k for k, _ in pairs], [[format_value(v) for _, v in pairs]]),
                file=self.stdout,
            )
            return
        width = max((cell_len(k) for k, _ in pairs), default=0)
        for key, value in pairs:
            text = safe_text(format_value(value))
            print(f"{key}:{' ' * (width - cell_len(key) + 1)}{text}".rstrip(), file=self.stdout)

    def done(self, message: str, data: Mapping[str, Any]) -> None:
        """The result of a write: a sentence for people, an object for JSON."""
        if self.format == "json":
            self.emit_json(dict(data))
        else:
            print(safe_text(message), file=self.stdout)
