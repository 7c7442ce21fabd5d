"""Run the simulator in a background thread: :class:`SimServer`.

Used by ``iottui --demo``, by the test fixtures and by the benchmarks::

    with SimServer(SimConfig(api_key="k")) as server:
        client = IoTClient(server.url, server.api_key)

uvicorn serves the app on its own event loop in a daemon thread; ``start()`` returns only once
the socket is listening (port 0 picks a free ephemeral port).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from iottui.sim.app import SimContext, create_app
from iottui.sim.config import SimConfig
from iottui.sim.store import StateFileError, StoreLockedError

log = logging.getLogger("iottui.sim")

#: How long (seconds) an idle HTTP connection is kept open. It must outlast a client's own idle
#: expiry (httpx: 5 s), or a request sent on a connection the server is closing fails.
KEEP_ALIVE_SECONDS = 30


class SimServerError(RuntimeError):
    """The simulator could not start."""


class SimServer:
    """A simulator listening on ``host:port`` in a background thread."""

    def __init__(
        self,
        config: SimConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log_level: str = "warning",
        sock: socket.socket | None = None,
    ) -> None:
        self.config = config or SimConfig()
        self.host = host
        self.port = port
        self.log_level = log_level
        #: A socket already bound and listening (e.g. inherited from ``iottui --demo``).
        self._given_socket = sock
        if sock is not None:
            address = sock.getsockname()
            self.host, self.port = str(address[0]), int(address[1])
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.app: Any = None
        self.start_seconds: float | None = None

    @property
    def api_key(self) -> str:
        return self.config.api_key

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def context(self) -> SimContext:
        """The running simulator's state (world, engine, notifier, faults)."""
        if self.app is None:
            raise SimServerError("the simulator is not started")
        ctx: SimContext = self.app.state.sim
        return ctx

    def start(self, timeout: float = 60.0) -> None:
        """Build the app, bind the socket and serve; returns once listening."""
        if self._thread is not None:
            raise SimServerError("already started")
        began = time.perf_counter()
        sock = self._given_socket or self._bind()
        self._socket = sock
        try:
            self.app = create_app(self.config)
        except StoreLockedError as exc:
            sock.close()
            self._socket = None
            raise SimServerError(str(exc)) from exc
        except StateFileError:
            sock.close()
            self._socket = None
            raise
        config = uvicorn.Config(
            self.app,
            log_level=self.log_level,
            http="h11",
            loop="asyncio",
            lifespan="on",
            access_log=False,
            timeout_graceful_shutdown=3,
            # longer than httpx's 5 s keep-alive expiry: with uvicorn's default (also 5 s) a
            # client reusing an idle connection races the server closing it, and a poll fails
            # with ReadError (seen as a toast "alarms failed" in a test on a loaded machine)
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="iottui-sim", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive():
                raise SimServerError("the simulator stopped while starting (see the log)")
            if time.monotonic() > deadline:
                self.stop()
                raise SimServerError("the simulator did not start in time")
            time.sleep(0.005)
        self.start_seconds = time.perf_counter() - began
        log.info("simulator listening on %s (%.2fs)", self.url, self.start_seconds)

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP; without it every answer waits ~40 ms for a delayed ACK (Nagle).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise SimServerError(f"cannot listen on {self.host}:{self.port}: {exc}") from exc
        self.port = int(sock.getsockname()[1])
        return sock

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and close the state database."""
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        if self.app is not None:
            try:
                self.context.store.close()
            except Exception:  # already closed
                log.debug("store close failed", exc_info=True)
        self._server = None
        self._thread = None
        self._socket = None

    @property
    def running(self) -> bool:
        """Whether the server thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Block until the server stops (e.g. Ctrl-C handled by the caller)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    def __enter__(self) -> SimServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SimServer({self.url!r}, devices={self.config.devices})"
