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


class EarlyStart:
    """A start with no cached fleet to draw: the network is the critical path, so a thread
    builds the client (importing httpx and the parsers while Textual is imported) and asks for
    the server's fleet at once, in an event loop and with a client of its own (the app's loop
    does not run yet), parsing the answer there. The app's client is :meth:`client`; the
    answer, :meth:`fleet` (each waits for the thread and raises what it raised)."""

    def __init__(self, conn: ConnectionSettings) -> None:
        self._client: IoTClient | None = None
        self._fleet: Fleet | None = None
        self._error: Exception | None = None
        self._built = threading.Event()
        self._answered = threading.Event()
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
            self._answered.set()

    @staticmethod
    async def _fetch(conn: ConnectionSettings) -> Fleet:
        async with connection.connect(conn) as client:
            return await client.fleet.get()

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
