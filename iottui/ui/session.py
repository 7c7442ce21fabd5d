"""The session: everything one running app works with, in one typed object.

The app factory (:class:`iottui.ui.app.IoTApp`) builds one :class:`Session` from the client,
the settings and the clock it is given. Screens, views, forms and palette commands reach the
server, the clock and the fleet through it (``session_of(self)``, ``ctx.session``), never
through attributes looked up on the app by name.

- ``client``: the :class:`~iottui.api.IoTClient` (None on the welcome screen, before a
  profile is picked); :attr:`Session.api` is the connected client or an error.
- ``clock``: the :class:`~iottui.clock.Clock` every "now" comes from.
- ``settings``: the :class:`~iottui.ui.settings.UISettings`; ``read_only`` is read from there
  and nowhere else.
- ``fleet``: the :class:`FleetStore`, the one copy of the loaded fleet and its index.
- ``commands``: this app's :class:`~iottui.ui.registry.CommandRegistry`.
- ``shown_history``: the metric chart's data as shown (:class:`ShownHistory`, set by the chart
  panel; ``:history-export`` writes it), None before a chart was drawn.

A write that succeeded posts :class:`iottui.ui.messages.DataChanged` to the app; the app
routes it to the screens that show server data (the main screen reloads the fleet).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.dom import DOMNode

from iottui.clock import Clock
from iottui.ui.fleet_index import FleetIndex
from iottui.ui.settings import UISettings

if TYPE_CHECKING:
    from iottui.api import IoTClient
    from iottui.api.enums import Aggregation
    from iottui.api.models import DataSeries, Device, Fleet, Metric, Sensor
    from iottui.ui.notify import TerminalNotifier
    from iottui.ui.registry import CommandRegistry


#: An early fleet fetch's outcome: the fleet, or the error it ended with (neither: not asked).
_Answer = tuple["Fleet | None", "Exception | None"]


class NotConnected(RuntimeError):
    """A server call was asked for before a profile was connected (the welcome screen)."""


@dataclass(frozen=True, slots=True)
class ShownHistory:
    """The metric chart's data as it is shown: the metric, the range (ms, UTC), the series and
    how they were aggregated (``func`` per ``bucket_ms``; None: raw samples)."""

    device: Device
    sensor: Sensor
    metric: Metric
    start: int
    end: int
    series: tuple[DataSeries, ...]
    func: Aggregation | None = None
    bucket_ms: int | None = None


class FleetStore:
    """The loaded fleet and its id index, held once (the tree, the panes, the commands and
    the forms all read this one)."""

    def __init__(self) -> None:
        self._index: FleetIndex | None = None
        #: How many fleets were loaded (a view can tell whether it drew the current one).
        self.generation = 0
        #: When the fleet held was saved to the fleet cache (ms), if it came from there: its
        #: structure only, no values or alarms; writes wait for the server's fleet.
        self.cached_at_ms: int | None = None

    @property
    def cached(self) -> bool:
        """True while the fleet held is the cached one (the server has not answered yet)."""
        return self.cached_at_ms is not None

    @property
    def fleet(self) -> Fleet | None:
        return self._index.fleet if self._index is not None else None

    @property
    def index(self) -> FleetIndex | None:
        return self._index

    def load(self, fleet: Fleet, *, cached_at_ms: int | None = None) -> FleetIndex:
        """Hold ``fleet`` (replacing the last one) and return its index; ``cached_at_ms`` when
        it comes from the fleet cache (saved then)."""
        self._index = FleetIndex(fleet)
        self.cached_at_ms = cached_at_ms
        self.generation += 1
        return self._index

    def clear(self) -> None:
        """Forget the fleet (a new server was connected)."""
        self._index = None
        self.cached_at_ms = None
        self.generation += 1


class Session:
    """One app's client, clock, settings, fleet and commands."""

    def __init__(
        self,
        client: IoTClient | None,
        settings: UISettings,
        clock: Clock,
        commands: CommandRegistry | None = None,
        *,
        connect: Callable[[], IoTClient] | None = None,
        early_fleet: Callable[[], Fleet] | None = None,
    ) -> None:
        self._client: IoTClient | None = client
        #: The server's fleet asked for before the UI was imported (the launcher's, when no
        #: cached fleet is drawn first): waits for the answer (or raises its error), in a thread.
        self._early_fleet = early_fleet
        #: Builds the client when it is first needed (the launcher's: httpx, the client and
        #: its parsers are imported then, after the first frame, not before it).
        self._connect = connect if client is None else None
        self._connecting = threading.Lock()
        self.settings = settings
        self.clock = clock
        self.fleet = FleetStore()
        self._commands = commands
        #: Keys the app received so far (a dialog prepared while keys were typed is dropped).
        self.keys_pressed = 0
        #: The metric chart's data as shown (set by the chart panel, exported by a command).
        self.shown_history: ShownHistory | None = None
        #: The server's fleet asked for early (see :meth:`prefetch_fleet`), until taken.
        self._prefetched: asyncio.Future[_Answer] | None = None
        #: Tells of new critical and major alarms (``[ui] notify``); the app sets one per
        #: connected server, the alarms view gives it every alarm list. None: nobody is told.
        self.alarm_notifier: TerminalNotifier | None = None

    @property
    def commands(self) -> CommandRegistry:
        """This app's commands (the registry is built when first asked for: the palette, the
        ``:`` line and the keys' commands come after the first frame)."""
        if self._commands is None:
            from iottui.ui.registry import CommandRegistry

            self._commands = CommandRegistry()
        return self._commands

    @property
    def client(self) -> IoTClient | None:
        """The client, built now if it was still to be built; None on the welcome screen.

        Raises what building it raises (e.g. an unreadable CA bundle)."""
        if self._client is None and self._connect is not None:
            with self._connecting:  # the live loop builds it in a thread
                if self._client is None and self._connect is not None:
                    self._client = self._connect()
                    self._connect = None
        return self._client

    @client.setter
    def client(self, client: IoTClient | None) -> None:
        self._client = client
        self._connect = None

    @property
    def built_client(self) -> IoTClient | None:
        """The client if it was built (never builds it)."""
        return self._client

    @property
    def has_server(self) -> bool:
        """True when a server is (or is to be) connected: not the welcome screen."""
        return self._client is not None or self._connect is not None

    async def connect_in_thread(self) -> IoTClient | None:
        """Build the client in a thread if it is still to be built (the UI keeps drawing
        while httpx and the client are imported); the client."""
        if self._client is None and self._connect is not None:
            await asyncio.to_thread(lambda: self.client)
        return self._client

    def prefetch_fleet(self) -> Coroutine[Any, Any, None] | None:
        """Ask for the server's fleet as early as possible: the app runs the coroutine this
        returns (a worker) before its first frame is composed, so the client is built (in a
        thread) and the request is in flight while the UI paints; the main screen's first
        fleet load takes the answer (:meth:`fleet_answer`) instead of asking after the paint.

        None (nothing to do) without a server, when a fetch was already asked for, or when
        the fleet cache has a fleet to draw first: then the first frame is not shared with
        the fleet's answer being parsed, and the server is asked once it is drawn."""
        if not self.has_server or self._prefetched is not None or self.fleet.fleet is not None:
            return None
        if self.settings.cached_fleet_first:
            return None
        future: asyncio.Future[_Answer] = asyncio.get_running_loop().create_future()
        self._prefetched = future

        async def fetch() -> None:
            answer: _Answer = (None, None)
            try:
                client = await self.connect_in_thread()
                early, self._early_fleet = self._early_fleet, None
                if client is not None and self._prefetched is future:
                    fleet = await asyncio.to_thread(early) if early else await client.fleet.get()
                    answer = (fleet, None)
            except Exception as error:  # the first load raises it (and reports it)
                answer = (None, error)
            finally:  # also when cancelled (the app ends): nobody waits on a dead fetch
                if not future.done():
                    future.set_result(answer)

        return fetch()

    async def fleet_answer(self, client: IoTClient) -> Fleet:
        """The server's fleet: the early fetch's answer (or its error) if one was asked for,
        taken once (later loads ask the server), else asked now."""
        future, self._prefetched = self._prefetched, None
        if future is not None:
            fleet, error = await future
            if error is not None:
                raise error
            if fleet is not None:
                return fleet
        return await client.fleet.get()

    @property
    def api(self) -> IoTClient:
        """The connected client (raises :class:`NotConnected` on the welcome screen)."""
        if self.client is None:
            raise NotConnected("no server is connected yet")
        return self.client

    @property
    def read_only(self) -> bool:
        return self.settings.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.settings.read_only = value

    def now_ms(self) -> int:
        return self.clock.now_ms()

    def connect(self, client: IoTClient, profile: str, server: str) -> None:
        """Switch to another server: a new client, and no fleet until it is loaded."""
        self.client = client
        self.settings.profile = profile
        self.settings.server = server
        self.fleet.clear()
        self.shown_history = None
        self._prefetched = None  # a fetch from the last server is not this one's


def session_of(node: DOMNode) -> Session:
    """The session of the app ``node`` is mounted in."""
    from iottui.ui.app import IoTApp

    app = node.app
    if not isinstance(app, IoTApp):
        raise TypeError(f"{type(node).__name__} is not running inside an IoTApp")
    return app.session
