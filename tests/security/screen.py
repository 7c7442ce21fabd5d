"""Read what a running Textual app shows, as plain text lines (for assertions, not snapshots)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot


def screen_lines(app: App[Any]) -> list[str]:
    """Every line of the current screen as the terminal would show it (text only)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


async def wait_for(
    pilot: Pilot[Any], predicate: Callable[[], bool], within: float = 10.0, step: float = 0.05
) -> float:
    """Wait until ``predicate()`` holds; returns the seconds it took (fails after ``within``)."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > within:
            raise AssertionError(f"condition not met within {within:g} s")
        await pilot.pause(step)
        await asyncio.sleep(0)
    return time.monotonic() - start


async def fresh_poll(pilot: Pilot[Any], screen: Any, within: float = 10.0) -> None:
    """Wake the main screen's live loop and wait until a poll that started after this call has
    finished and its messages are handled (a poll already in flight does not count)."""
    poller = screen.poller
    target = poller.polls + (1 if poller.started_at is None else 2)
    poller.wake()
    await wait_for(pilot, lambda: poller.polls >= target, within)
    await pilot.pause()
