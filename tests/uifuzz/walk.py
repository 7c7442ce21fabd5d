"""A pilot that walks every view of the app, as a user would, and checks it is still alive.

The walk goes through keys and the ``:`` command line only (both are the user's contract and
survive a redesign of the screens): the fleet tree level by level (group, device, sensor,
metric), the metric chart with every range preset and aggregation, the alarms tab (open, then
closed, each with its detail), the rules tab and a rule's detail, every management list (every
tab of each), the dashboards list and one dashboard.

After every step the app must still be running; at the end no worker may have died of an
exception (a worker's error the app did not handle is a crash hidden from the user).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from tests.ui.helpers import command, main_screen, main_screen_or_none, settle, until

#: Management lists reached through the ``:`` line (each tab of each is shown in turn).
MANAGE_COMMANDS: tuple[str, ...] = (
    "inventory",
    "topics",
    "channels",
    "contacts",
    "account",
    "deviceconfigs",
    "edgemodules",
)


#: Seconds a worker may run before the walk calls it a hang.
HANG = 30.0


class AppGone(AssertionError):
    """The app stopped during the walk (an exit, or a crash Textual turned into an exit)."""


class Walk:
    """One walk through the app under ``pilot``; :attr:`steps` says how far it got."""

    def __init__(self, pilot: Pilot[Any]) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.steps: list[str] = []
        self.workers: list[Worker[Any]] = []
        manager = self.app.workers
        add_worker: Callable[..., None] = manager.add_worker

        def record(worker: Worker[Any], *args: Any, **kwargs: Any) -> None:
            self.workers.append(worker)
            add_worker(worker, *args, **kwargs)

        setattr(manager, "add_worker", record)  # noqa: B010 - wrap the public method per app

    def alive(self) -> None:
        if not self.app.is_running or self.app.return_code is not None:
            raise AppGone(
                f"the app stopped (return code {self.app.return_code}) after {self.steps[-3:]}"
            )

    async def step(self, label: str, *keys: str) -> None:
        self.steps.append(label)
        for key in keys:
            await self.pilot.press(key)
            self.alive()
        await self.quiet()
        self.alive()

    async def quiet(self) -> None:
        """Wait until no worker but the live loop runs, then let their messages drain (what
        :func:`settle` does, with one idle wait instead of two: the walk makes many steps).

        Every worker is waited for, so its outcome (and any error) is the same on a fast or a
        loaded machine; one still running after :data:`HANG` seconds is a hang (the fake
        server answers at once)."""
        deadline = time.monotonic() + HANG
        while busy := [
            w
            for w in (*self.app.workers, *self.app.screen.workers)
            if w.group != "live" and not w.is_finished
        ]:
            if time.monotonic() > deadline:
                raise AssertionError(f"workers still running after {HANG} s: {busy}")
            await asyncio.sleep(0.01)
        await self.pilot.pause()

    async def run(self, name: str) -> None:
        """Run a command from the ``:`` line (the main screen must be on top)."""
        await self.to_main()
        self.steps.append(f":{name}")
        await command(self.pilot, name)
        self.alive()

    async def to_main(self) -> None:
        """Escape until the main screen is on top (dialogs, details, lists closed)."""
        for _ in range(6):
            if self.app.screen is main_screen_or_none(self.app):
                break
            await self.step("escape", "escape")
        assert self.app.screen is main_screen(self.app), f"stuck on {self.app.screen!r}"

    async def polled(self, *keys: str) -> None:
        """Press ``keys`` (which wake the live poller) and wait for the poll they started."""
        poller = main_screen(self.app).poller
        before = poller.polls
        await self.step("+".join(keys), *keys)
        await until(self.pilot, lambda: poller.polls > before, 10.0)
        await settle(self.pilot)
        self.alive()

    async def all_tabs(self, label: str) -> None:
        """Show every tab of the screen on top, moving in each table."""
        for tabs in list(self.app.screen.query(TabbedContent)):
            for pane in list(tabs.query(TabPane)):
                if pane.id is not None:
                    tabs.active = pane.id
                    await self.step(f"{label}#{pane.id}", "G")

    async def started(self) -> None:
        """Wait for the main screen and its first poll (whatever it could read)."""
        await until(self.pilot, lambda: main_screen_or_none(self.app) is not None, 10.0)
        screen = main_screen(self.app)
        await until(self.pilot, lambda: screen.poller.polls >= 1, 10.0)
        await settle(self.pilot)
        self.alive()

    async def everything(self) -> None:
        await self.started()

        # the tree, level by level: l expands, then l again moves to the first child
        await self.step("tree group", "g")
        for level in ("device", "sensor", "metric", "metric again (a leaf)"):
            await self.step(f"tree {level}", "l", "l")
        for preset in range(1, 10):
            await self.step(f"range {preset}", str(preset))
        await self.step("aggregation", "f", "f")
        await self.step("siblings", "j", "G", "k")
        await self.step("parents", "h", "h", "h", "j")
        await self.step("filter", "slash", "a", "down", "enter")
        await self.step("filter cleared", "escape")

        # alarms: open, a detail; closed, a detail
        await self.run("alarms")
        await self.step("alarm row", "j", "G")
        await self.step("alarm detail", "enter")
        await self.to_main()
        await self.run("alarms")
        await self.polled("t")
        await self.step("closed alarm detail", "g", "enter")
        await self.to_main()
        await self.run("alarms")
        await self.step("severity filter", "s")

        # rules and a rule's detail
        await self.run("rules")
        await self.step("rule detail", "j", "enter")
        await self.to_main()

        # every management list, every tab
        for name in MANAGE_COMMANDS:
            await self.run(name)
            await self.all_tabs(name)
            if name == "account":
                await self.step("token", "t")
        await self.to_main()

        # dashboards: the list, then the first one with its widgets
        await self.run("dashboards")
        await self.step("dashboard row", "j", "g")
        await self.step("dashboard open", "o")
        await self.step("dashboard widgets", "l", "l", "h")
        await self.to_main()

        await self.run("device a")
        await self.run("tree")

    def worker_errors(self) -> list[str]:
        return [
            f"{worker.name or worker.group}: {worker.error!r}"
            for worker in self.workers
            if worker.state is WorkerState.ERROR
        ]
