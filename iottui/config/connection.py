"""One way to turn resolved settings into a client: used by the CLI, the TUI and tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from iottui.api.client import IoTClient
    from iottui.config.settings import ConnectionSettings

__all__ = ["connect"]


def connect(
    settings: ConnectionSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> IoTClient:
    """The client for resolved settings (URL, key, version, path overrides, CA bundle).

    ``transport`` replaces the network (tests pass an ``httpx.MockTransport`` or the
    simulator's ASGI transport); everything else is what a user's run gets.
    """
    from iottui.api.client import IoTClient

    return IoTClient(
        settings.url,
        settings.api_key,
        version=settings.version,
        routes=settings.routes,
        verify=settings.verify,
        transport=transport,
    )
