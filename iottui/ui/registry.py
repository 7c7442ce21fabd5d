"""The command registry: every action a user can run by name.

Commands show up in the command palette (ctrl+p), in the ``:`` command line (``:alarms``,
``:group-new``) and, when they name ``contexts``, in the actions menu of the selected tree node
or row. A module declares a command with :func:`command`: the decorated function becomes an
:class:`AppCommand`, a constant of that module (like a route table's rows), and nothing is
registered anywhere. Each app owns a :class:`CommandRegistry` that collects the commands of the
core module (:mod:`iottui.ui.commands`) and, on first need, of the feature packages
(:data:`FEATURE_PACKAGES`), and can hide or add commands for itself alone. There is no
module-level registry to mutate: two apps (or two tests) each have their own.

A command runs with a :class:`CommandContext`: the app (typed: :class:`iottui.ui.app.IoTApp`),
its :class:`~iottui.ui.session.Session` (``ctx.session``: client, clock, settings, read-only,
the fleet), the selection and the text after the command's name. A write that succeeded posts
:class:`iottui.ui.messages.DataChanged` to the app.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeVar

from textual.screen import Screen, ScreenResultCallbackType

if TYPE_CHECKING:
    from iottui.api.models import Alarm, Device, Group, Metric, Rule, Sensor
    from iottui.ui.app import IoTApp
    from iottui.ui.session import Session

S = TypeVar("S")

SelectionKind = Literal["none", "group", "device", "sensor", "metric", "alarm", "rule"]


@dataclass(frozen=True, slots=True)
class Selection:
    """What the user has selected; a metric selection also carries its sensor, device, group."""

    kind: SelectionKind = "none"
    group: Group | None = None
    device: Device | None = None
    sensor: Sensor | None = None
    metric: Metric | None = None
    alarm: Alarm | None = None
    rule: Rule | None = None


@dataclass(frozen=True, slots=True)
class CommandContext:
    """What a command runs with: the app, the selection, and the text after the command name."""

    app: IoTApp
    selection: Selection = field(default_factory=Selection)
    argument: str = ""
    #: The screen the command was asked from (None: whichever is on top when it opens one).
    origin: Screen[object] | None = None
    #: How many keys the app had received when the command was asked (None: not checked).
    keys_at: int | None = None

    @property
    def session(self) -> Session:
        """The app's session: client, clock, settings, read-only flag, the fleet."""
        return self.app.session

    def open(self, screen: Screen[S], callback: ScreenResultCallbackType[S] | None = None) -> bool:
        """Open ``screen`` over the screen the command was asked from, if that is still on
        top (a command that awaited the server first must not stack its dialog over one the
        user opened meanwhile); see :func:`iottui.ui.screens.dialog.open_over`."""
        from iottui.ui.screens.dialog import open_over

        return open_over(self.origin or self.app.screen, screen, callback, keys_at=self.keys_at)


Handler = Callable[[CommandContext], Awaitable[None] | None]
#: Why a command cannot run on a selection (e.g. the group permission forbids it), or None.
Check = Callable[[Selection], str | None]


@dataclass(frozen=True, slots=True)
class AppCommand:
    """A named command.

    Attributes:
        name: The ``:`` name, lowercase with dashes (``"rule-new"``).
        title: The palette title (``"New rule…"``).
        help: One line for the palette and the help screen.
        run: Called with a :class:`CommandContext`; may be async.
        writes: True if it changes anything on the server (refused in read-only mode).
        contexts: Selection kinds it applies to; empty means it is always offered.
        operations: Ids of the API operations (``iottui.api.routes``) it performs, so a test
            can prove every operation is reachable from the UI.
        check: Optional; returns why the command is not allowed on a selection (shown beside
            the disabled entry in menus), or None when it is.
    """

    name: str
    title: str
    help: str
    run: Handler
    writes: bool = False
    contexts: frozenset[SelectionKind] = frozenset()
    operations: tuple[str, ...] = ()
    check: Check | None = None

    def __call__(self, ctx: CommandContext) -> Awaitable[None] | None:
        return self.run(ctx)

    def applies_to(self, selection: Selection) -> bool:
        return not self.contexts or selection.kind in self.contexts

    def unavailable(
        self, selection: Selection, *, read_only: bool = False, cached: bool = False
    ) -> str | None:
        """Why this command cannot run now (read-only mode, the fleet shown is the cached one,
        permissions), or None."""
        if self.writes and read_only:
            return "read-only mode: changes are disabled"
        if self.writes and cached:
            return "waiting for the server: the tree shows the cached fleet"
        return self.check(selection) if self.check is not None else None


#: Packages whose modules declare the management and dashboard commands. Importing them takes
#: about as long as importing Textual, so they are not on the start path: a registry imports
#: them on first need (the app does it once the first fleet is on screen).
FEATURE_PACKAGES: tuple[str, ...] = ("iottui.ui.manage", "iottui.ui.dashboards")
#: The module that declares the app's own commands.
CORE_MODULE = "iottui.ui.commands"


def commands_in(modules: Iterable[ModuleType]) -> dict[str, AppCommand]:
    """The commands these modules declare (module constants that are :class:`AppCommand`);
    one name declared twice is a programming error."""
    found: dict[str, AppCommand] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, AppCommand):
                if value.name in found and found[value.name] is not value:
                    raise ValueError(f"command {value.name!r} declared twice")
                found[value.name] = value
    return found


def package_commands(package: str) -> dict[str, AppCommand]:
    """Import ``package`` (if it is there) and collect the commands of its loaded modules."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return {}
    importlib.import_module(package)
    prefix = package + "."
    modules = [
        m for name, m in list(sys.modules.items()) if name.startswith(prefix) or name == package
    ]
    return commands_in(m for m in modules if m is not None)


def catalog(features: Sequence[str] = FEATURE_PACKAGES) -> dict[str, AppCommand]:
    """Every command: the core module's and the feature packages' (a new dict each call)."""
    commands = commands_in([importlib.import_module(CORE_MODULE)])
    for package in features:
        for name, cmd in package_commands(package).items():
            if commands.get(name, cmd) is not cmd:
                raise ValueError(f"command {name!r} declared twice")
            commands[name] = cmd
    return commands


class CommandRegistry:
    """One app's commands: the core ones, the feature packages' once loaded, plus commands
    added to this app, minus hidden ones.

    ``catalog`` replaces what is collected (a test's own commands); ``features`` are the
    packages :meth:`load_features` imports (none: the core commands alone, as the snapshots
    show them)."""

    def __init__(
        self,
        catalog: Mapping[str, AppCommand] | None = None,
        *,
        features: Sequence[str] = FEATURE_PACKAGES,
    ) -> None:
        self._catalog: dict[str, AppCommand] | None = dict(catalog) if catalog is not None else None
        self._packages = tuple(features)
        self._own: dict[str, AppCommand] = {}
        self._hidden: set[str] = set()
        self._features = False

    @property
    def features_loaded(self) -> bool:
        return self._features

    def load_features(self) -> None:
        """Import the feature packages (once) and take their commands."""
        if self._features:
            return
        if self._catalog is None:
            self._catalog = catalog(self._packages)
        self._features = True

    def _commands(self) -> dict[str, AppCommand]:
        if not self._features:
            self.load_features()
        return self._catalog or {}

    def all(self) -> dict[str, AppCommand]:
        """Every command of this app, the feature packages' included (imported if need be)."""
        merged = {**self._commands(), **self._own}
        return {name: cmd for name, cmd in merged.items() if name not in self._hidden}

    def get(self, name: str) -> AppCommand | None:
        return self.all().get(name)

    def add(self, cmd: AppCommand) -> None:
        """Add a command to this app only."""
        if self.all().get(cmd.name, cmd) is not cmd:
            raise ValueError(f"command {cmd.name!r} registered twice")
        self._own[cmd.name] = cmd
        self._hidden.discard(cmd.name)

    def hide(self, names: Iterable[str]) -> None:
        """Leave these commands out of this app (palette, ``:`` line, menus)."""
        self._hidden.update(names)

    def complete(self, prefix: str) -> list[str]:
        """Command names starting with ``prefix``, sorted."""
        return sorted(name for name in self.all() if name.startswith(prefix))


def command(
    name: str,
    title: str,
    help: str,
    *,
    writes: bool = False,
    contexts: frozenset[SelectionKind] | set[SelectionKind] = frozenset(),
    operations: tuple[str, ...] = (),
    check: Check | None = None,
) -> Callable[[Handler], AppCommand]:
    """Declare a command: the decorated handler becomes an :class:`AppCommand` (still callable
    with a context), which a registry finds among its module's names."""

    def decorate(fn: Handler) -> AppCommand:
        return AppCommand(name, title, help, fn, writes, frozenset(contexts), operations, check)

    return decorate
