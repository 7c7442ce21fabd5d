"""The machinery shared by every headless command: leaf parsers, output flags, confirmation.

A resource module builds its parsers with :class:`Resource` and :meth:`Resource.leaf`. Every
leaf maps to exactly one API operation id (``parser.set_defaults(operation="groups.create")``)
and is recorded in :data:`LEAVES`, so a test can walk ``OPERATIONS`` and find a command for each.

The CLI (:mod:`iottui.cli`) resolves the profile, refuses writes in read-only mode
(``writes=True`` on the leaf), builds the client and awaits ``command_handler(args, client)``.
Handlers here wrap a *body* ``async def body(ctx: Ctx) -> int``.

The shapes every resource repeats live here once: :meth:`Resource.list_leaf` (read a list,
print it), :meth:`Resource.delete_leaf` (confirm, delete one id), :class:`IdArg` (a resource's
positional id), :func:`each_id` (act on several ids, going on after a failure),
:func:`find_current` (the current item an update keeps what no flag names of) and
:func:`require_change` (an update that names nothing to change).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeAlias, TypeVar

from iottui.api.errors import IoTError, NotFoundError, ValidationError
from iottui.api.routes import OPERATIONS_BY_ID
from iottui.clock import Clock, SystemClock
from iottui.commands._output import Column, Format, Output, safe_text
from iottui.exit_codes import EXIT_API_ERROR, EXIT_OK, exit_code_for

if TYPE_CHECKING:
    from iottui.api import IoTClient
    from iottui.api.models import Created

    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    SubParsers = argparse._SubParsersAction

T = TypeVar("T")
K = TypeVar("K", int, str)
K_co = TypeVar("K_co", covariant=True)

#: The clock commands use for "now" (``--since 24h``); tests may replace it.
CLOCK: list[Clock] = [SystemClock()]


@dataclass(frozen=True, slots=True)
class Leaf:
    """One leaf command: its words (``("groups", "create")``) and its operation id."""

    path: tuple[str, ...]
    operation: str
    writes: bool
    destructive: bool
    parser: argparse.ArgumentParser = field(compare=False, repr=False)


#: Every leaf command registered so far, by its words.
LEAVES: dict[tuple[str, ...], Leaf] = {}


@dataclass
class Ctx:
    """What a command body runs with."""

    args: argparse.Namespace
    client: IoTClient
    out: Output
    now_ms: int
    #: The unreadable items of what was read (``"data[3].id: missing"``), see :meth:`read`.
    problems: list[str] = field(default_factory=list)

    def read(self, value: T) -> T:
        """``value`` (a list, fleet or dashboard the client read), noting its unreadable items.

        A read keeps every readable item; the ones it could not read are on its
        ``problems`` (see ``iottui/api/problems.py``). They are reported once the command
        has printed the rest (:func:`finish`).
        """
        self.problems.extend(str(problem) for problem in getattr(value, "problems", ()))
        return value

    def confirm(self, action: str) -> None:
        """Ask before a destructive change; ``--yes`` skips, no TTY and no ``--yes`` refuses."""
        confirm(self.args, action)

    def opt(self, name: str, default: Any = None) -> Any:
        return getattr(self.args, name, default)


Body = Callable[[Ctx], Awaitable[int]]
Handler = Callable[[argparse.Namespace, "IoTClient"], Awaitable[int]]


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(args: argparse.Namespace, action: str) -> None:
    """Confirm ``action`` (e.g. "Delete group 12") or raise ValidationError (exit 2)."""
    if getattr(args, "yes", False):
        return
    if not _stdin_is_tty():
        raise ValidationError(
            f"{safe_text(action)}: confirmation needed; pass --yes to confirm without a terminal",
            field="--yes",
        )
    print(f"{safe_text(action)}? [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise ValidationError("cancelled: nothing was changed", field="--yes")


def output_format(args: argparse.Namespace) -> Format:
    fmt = getattr(args, "output_format", None)
    return fmt if fmt in ("json", "csv") else "table"


def exit_code(error: IoTError) -> int:
    """The exit code the CLI gives an error (for commands that go on after a failure)."""
    return exit_code_for(error)


def finish(ctx: Ctx, code: int) -> int:
    """After a command: one warning line on stderr per unreadable item; with ``--strict``,
    exit 1 when there was one (the readable items are printed either way)."""
    for problem in ctx.problems:
        ctx.out.note(f"iottui: warning: {problem}")
    if ctx.problems and code == EXIT_OK and getattr(ctx.args, "strict", False):
        count = len(ctx.problems)
        ctx.out.note(
            f"iottui: error: {count} item{'s' if count != 1 else ''} could not be read (--strict)"
        )
        return EXIT_API_ERROR
    return code


def _wrap(body: Body) -> Handler:
    async def handler(args: argparse.Namespace, client: IoTClient) -> int:
        out = Output(output_format(args), sys.stdout, sys.stderr)
        ctx = Ctx(args, client, out, CLOCK[0].now_ms())
        return finish(ctx, await body(ctx))

    handler.__name__ = getattr(body, "__name__", "handler")
    handler.__doc__ = body.__doc__
    return handler


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34)


def _epilog(examples: Sequence[str], notes: str = "") -> str | None:
    parts = []
    if notes:
        parts.append(notes.strip("\n"))
    if examples:
        parts.append("examples:\n" + "\n".join(f"  {e}" for e in examples))
    return "\n\n".join(parts) or None


class Resource:
    """A resource parser (``iottui groups``) under which leaves are added."""

    def __init__(
        self,
        subparsers: SubParsers,
        name: str,
        *,
        help: str,
        description: str = "",
        examples: Sequence[str] = (),
    ) -> None:
        self.name = name
        self.parser: argparse.ArgumentParser = subparsers.add_parser(
            name,
            help=help,
            description=description or help,
            epilog=_epilog(examples),
            formatter_class=_Formatter,
        )
        self.verbs: SubParsers = self.parser.add_subparsers(
            title="commands", dest=f"{name}_verb", metavar="COMMAND"
        )

    def leaf(self, verb: str, body: Body, **kwargs: Any) -> argparse.ArgumentParser:
        return add_leaf(self.verbs, (self.name, verb), body, **kwargs)

    def list_leaf(
        self,
        read: Callable[[IoTClient], Awaitable[Sequence[T]]],
        columns: Sequence[Column[T]],
        *,
        empty: str,
        help: str,
        examples: Sequence[str] = (),
    ) -> argparse.ArgumentParser:
        """``<resource> list``: read the list (its unreadable items noted), print it as a
        table, CSV or JSON; ``empty`` is the table's text for no items."""

        async def list_items(ctx: Ctx) -> int:
            ctx.out.items(ctx.read(await read(ctx.client)), columns, empty=empty)
            return 0

        return self.leaf(
            "list",
            list_items,
            operation=f"{self.name}.list",
            help=help,
            formats=("table", "json", "csv"),
            examples=examples,
        )

    def delete_leaf(
        self,
        key: IdArg[K],
        delete: Callable[[IoTClient, K], Awaitable[object]],
        *,
        noun: str,
        help: str,
        example: str,
        consequence: str = "",
    ) -> argparse.ArgumentParser:
        """``<resource> delete ID``: confirm "Delete <noun> ID<consequence>", delete, report
        ``deleted <noun> ID`` (``{"ok", "operation", "id"}`` with ``--json``)."""

        async def delete_item(ctx: Ctx) -> int:
            ident = key.read(ctx.args)
            ctx.confirm(f"Delete {noun} {ident}{consequence}")
            await delete(ctx.client, ident)
            return done(ctx, f"deleted {noun} {ident}", id=ident)

        p = self.leaf(
            "delete",
            delete_item,
            operation=f"{self.name}.delete",
            help=help,
            destructive=True,
            examples=[example],
        )
        key.add(p)
        return p


class IdParser(Protocol[K_co]):
    """``parse_int_id`` or ``parse_str_id`` (:mod:`iottui.commands._parse`)."""

    def __call__(self, text: str, *, option: str, what: str = ...) -> K_co: ...


@dataclass(frozen=True, slots=True)
class IdArg(Generic[K]):
    """A resource's id as a positional argument (``TOPIC_ID``): how it is added and read."""

    dest: str
    metavar: str
    what: str
    parse: IdParser[K]

    def add(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(self.dest, metavar=self.metavar)

    def read(self, args: argparse.Namespace) -> K:
        return self.parse(getattr(args, self.dest), option=self.metavar, what=self.what)


class _Identified(Protocol):
    @property
    def id(self) -> object: ...


Item = TypeVar("Item", bound=_Identified)


def find_current(
    ctx: Ctx, items: Iterable[Item], ident: object, noun: str, *, where: str = ""
) -> Item:
    """The item with ``ident`` (the one an update changes), or NotFoundError (exit 1):
    "<noun> <ident> not found<where>".

    The API takes a whole item on some updates: what no flag names is kept from this one.
    """
    found = next((item for item in items if item.id == ident), None)
    if found is None:
        raise NotFoundError(
            f"{noun} {ident} not found{where}", status=404, operation=ctx.args.operation
        )
    return found


def require_change(values: Iterable[object], give: str) -> None:
    """Refuse an update that names nothing to change (every value None); ``give`` lists the
    options that would."""
    if all(value is None for value in values):
        raise ValidationError(f"nothing to change: give {give}")


async def each_id(
    ctx: Ctx,
    ids: Sequence[str],
    act: Callable[[str], Awaitable[T]],
    *,
    noun: str,
    verb: str,
    report: Callable[[list[tuple[str, T]]], dict[str, object]],
) -> int:
    """Act on each id in turn and go on after a failure.

    A line per id done (``closed alarm 7``) and an error line per failure on stderr; with
    ``--json`` one object ``{"ok", "operation", **report(done), "failed": [{"id", "error"}]}``.
    The exit code is the worst failure's (0 when all went through).
    """
    code = 0
    done_ids: list[tuple[str, T]] = []
    failed: list[dict[str, str]] = []
    for ident in ids:
        try:
            result = await act(ident)
        except IoTError as exc:
            ctx.out.note(f"iottui: error: {noun} {ident}: {exc}")
            failed.append({"id": ident, "error": str(exc)})
            code = max(code, exit_code(exc))
            continue
        done_ids.append((ident, result))
        if not ctx.out.json:
            ctx.out.line(safe_text(f"{verb} {noun} {ident}"))
    if ctx.out.json:
        ctx.out.emit_json(
            {
                "ok": not failed,
                "operation": ctx.args.operation,
                **report(done_ids),
                "failed": failed,
            }
        )
    return code


def add_leaf(
    subparsers: SubParsers,
    path: tuple[str, ...],
    body: Body,
    *,
    operation: str,
    help: str,
    description: str = "",
    examples: Sequence[str] = (),
    notes: str = "",
    formats: Sequence[Format] = ("table", "json"),
    destructive: bool = False,
    aliases: Sequence[str] = (),
) -> argparse.ArgumentParser:
    """Add one leaf parser mapped to ``operation`` and record it in :data:`LEAVES`."""
    op = OPERATIONS_BY_ID[operation]  # KeyError here is a programming error
    writes = op.method == "POST"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        path[-1],
        help=help,
        description=(description or help) + f"\n\nAPI operation: {op.id} (#{op.number}).",
        epilog=_epilog(examples, notes),
        formatter_class=_Formatter,
        aliases=list(aliases),
    )
    out = parser.add_argument_group("output")
    fmt = out.add_mutually_exclusive_group()
    if "json" in formats:
        fmt.add_argument(
            "--json",
            dest="output_format",
            action="store_const",
            const="json",
            help="print JSON for scripts (see the JSON conventions in the README)",
        )
    if "csv" in formats:
        fmt.add_argument(
            "--csv",
            dest="output_format",
            action="store_const",
            const="csv",
            help="print CSV with a header row",
        )
    if destructive:
        parser.add_argument(
            "-y",
            "--yes",
            action="store_true",
            help="do not ask for confirmation (required when stdin is not a terminal)",
        )
    parser.set_defaults(
        command_handler=_wrap(body),
        writes=writes,
        operation=operation,
        output_format="table",
    )
    LEAVES[path] = Leaf(path, operation, writes, destructive, parser)
    for alias in aliases:
        LEAVES[(*path[:-1], alias)] = Leaf(
            (*path[:-1], alias), operation, writes, destructive, parser
        )
    return parser


def add_payload_options(parser: argparse.ArgumentParser, what: str) -> None:
    """``--payload JSON|-`` and ``--payload-file PATH|-`` for full control of complex inputs."""
    group = parser.add_argument_group("payload (full control)")
    group.add_argument(
        "--payload",
        metavar="JSON",
        help=f"the {what} as a JSON object ('-' reads stdin); flags given as well override it",
    )
    group.add_argument(
        "--payload-file",
        metavar="FILE",
        help=f"read the {what} JSON object from FILE ('-' for stdin)",
    )


def done(ctx: Ctx, message: str, **data: Any) -> int:
    """Report a successful write: ``message`` for people, ``{"ok": true, "operation": ...,
    **data}`` for ``--json``. Returns exit code 0."""
    ctx.out.done(message, {"ok": True, "operation": ctx.args.operation, **data})
    return 0


def created_id(result: Created | None) -> int | str | None:
    """The id of a ``Created`` answer (None when the server returned nothing)."""
    return None if result is None else result.id
