"""The start without a cached fleet to draw (issue 12): the client built and the server's
fleet asked for in a thread while the UI is imported."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from iottui.config import ConnectionSettings, connection

if TYPE_CHECKING:
    from iottui.api.client import IoTClient
    from iottui.api.models import Fleet


#: The longest (seconds) the launcher lets the thread have the interpreter to itself, until
#: its request is on its way (:meth:`EarlyStart.wait_sent`): importing httpx and building the
#: client, ~0.1 s of CPU.
HEAD_START = 0.5


class EarlyStart:
    """A start with no cached fleet to draw: the network is the critical path, so a thread
    builds the client (importing httpx and the parsers) and asks for the server's fleet at
    once, in an event loop and with a client of its own (the app's loop does not run yet),
    parsing the answer there. The app's client is :meth:`client`; the answer, :meth:`fleet`
    (each waits for the thread and raises what it raised)."""

    def __init__(self, conn: ConnectionSettings) -> None:
        self._client: IoTClient | None = None
        self._fleet: Fleet | None = None
        self._error: Exception | None = None
        self._built = threading.Event()
        self._answered = threading.Event()
        self._sending = threading.Event()
        threading.Thread(target=self._run, args=(conn,), name="early-start", daemon=True).start()

    def _run(self, conn: ConnectionSettings) -> None:
        try:
            self._client = connection.connect(conn)
            self._built.set()
            self._fleet = asyncio.run(self._fetch(conn))
        except Exception as error:  # the app's first fleet load reports it
            self._error = error
        finally:
            self._built.set()
            self._sending.set()
            self._answered.set()

    async def _fetch(self, conn: ConnectionSettings) -> Fleet:
        async with connection.connect(conn) as client:
            self._sending.set()
            return await client.fleet.get()

    def wait_sent(self, timeout: float = HEAD_START) -> bool:
        """Wait until the thread's request is about to go out (or the thread failed), at
        most ``timeout`` seconds; whether it is.

        The launcher does, before it imports Textual: both threads share one interpreter, and
        importing httpx and Textual at once sent the request ~110 ms later (benchmark 8's
        timeline: 330 ms after launch, 221 ms with the wait) for no earlier first frame (the
        same CPU work comes before it either way)."""
        return self._sending.wait(timeout)

    def client(self) -> IoTClient:
        self._built.wait()
        if self._client is None:
            assert self._error is not None
            raise self._error
        return self._client

    def fleet(self) -> Fleet:
        self._answered.wait()
        if self._fleet is None:
            assert self._error is not None
            raise self._error
        return self._fleet
