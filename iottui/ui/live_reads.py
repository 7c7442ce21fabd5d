"""What the main screen's live worker reads in one poll (:class:`LiveReads`), and one function
per read: each asks the server and returns the message that carries the answer.

A poll reads the fleet (when due), the values of the sensors on screen, the alarms (every
:data:`ALARM_EVERY` seconds at most, unless their tab is open or nothing else was asked) and the
rules (with a new fleet, or while their tab is open); each answer is posted to the screen,
then :class:`~iottui.ui.messages.CallSucceeded` or :class:`~iottui.ui.messages.CallFailed`.
The client's modules are imported when a read first runs (after the first frame, issue 12).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from iottui.ui import messages as msg

if TYPE_CHECKING:
    from iottui.api import IoTClient
    from iottui.api.errors import IoTError
    from iottui.ui.live import Poller
    from iottui.ui.session import Session

#: Alarms are listed over this window (the API default, on the app's clock).
ALARM_WINDOW_MS = 30 * 86_400_000
#: Alarms are refreshed this often (seconds) while other data is polled too.
ALARM_EVERY = 15.0


@dataclass(frozen=True, slots=True)
class PollPlan:
    """What the screen shows now, which decides what a poll reads."""

    sensor_ids: list[int]
    seeded: Collection[int]
    tab: str
    show_closed: bool
    interval: float


class LiveReads:
    """The reads of one poll, in order, posted with ``post`` (the screen's)."""

    def __init__(self, session: Session, post: Callable[[Message], object]) -> None:
        self.session = session
        self.post = post
        self.last_fleet = 0.0
        self.last_alarms = 0.0
        #: The rules are read with the next poll (they follow each fleet load).
        self.rules_due = False

    async def first_fleet(self) -> None:
        """The first fleet load, ahead of the polls, when no cached fleet is shown: the tree
        waits for the server's answer only, not for the tabs and the live loop to start. The
        first poll then reads the rest (the rules with it); a failure is posted and the polls
        ask again."""
        try:
            client = await self.session.connect_in_thread()
        except Exception:  # the live loop says why
            return
        if client is not None and await self.call("fleet", read_fleet(self.session, client)):
            self.last_fleet = time.monotonic()
            self.rules_due = True

    async def run(self, poller: Poller, plan: Callable[[], PollPlan]) -> None:
        """Connect (the client is built in a thread if it was not yet), then poll for ever, one
        poll at a time, each by the ``plan`` of that moment, ``poller`` pacing them."""
        from iottui.ui.live import POLL_MAX_RETRIES

        try:
            await self.session.connect_in_thread()
        except Exception as error:  # e.g. a CA bundle that cannot be read
            failed = wrapped(f"cannot connect: {type(error).__name__}", error)
            self.post(msg.CallFailed("connect", failed))
            return
        client = self.session.api
        while True:
            if not poller.paused:
                # Once the fleet is shown, a poll's requests fail fast (about one interval, one
                # retry); the first load and writes (other workers) keep the client's settings.
                fast = self.session.fleet.fleet is not None and not self.session.fleet.cached
                options = (
                    client.options(
                        timeout=poller.poll_timeout(client.timeout), max_retries=POLL_MAX_RETRIES
                    )
                    if fast
                    else contextlib.nullcontext()
                )
                with poller.in_flight(), options:
                    await self.poll(client, plan())
                poller.polls += 1
            await poller.sleep()

    async def poll(self, client: IoTClient, plan: PollPlan) -> None:
        now = time.monotonic()
        asked = False  # whether this poll has asked the server anything yet
        store = self.session.fleet
        every = self.session.settings.fleet_refresh
        if store.fleet is None or store.cached or now - self.last_fleet >= every:
            asked = True
            loaded = await self.call("fleet", read_fleet(self.session, client))
            if not loaded and (store.fleet is None or store.cached):
                return  # values, alarms and rules wait for the server's fleet
            if loaded:
                self.last_fleet = now
                self.rules_due = True
        if self.rules_due:
            asked, self.rules_due = True, False
            await self.call("rules", read_rules(client))
        ids = plan.sensor_ids
        if ids:
            asked = True
            unseeded = [i for i in ids if i not in plan.seeded]
            if unseeded:
                await self.call("history", read_seed(client, unseeded, self.session.now_ms()))
            await self.call("live values", read_values(client, ids))
        # Alarms every 15 s at most, unless their tab is open, or nothing else was asked: then
        # they are this poll's one request, so that the status line's state and alarm counts
        # are never older than one interval (a server gone is seen while a group is shown).
        alarm_every = max(plan.interval, ALARM_EVERY)
        due = not asked or plan.tab == "alarms" or now - self.last_alarms >= alarm_every
        if due:
            reading = read_alarms(client, self.session.now_ms(), closed=plan.show_closed)
            if await self.call("alarms", reading):
                self.last_alarms = now
        if plan.tab == "rules":
            await self.call("rules", read_rules(client))

    async def call(self, what: str, read: Awaitable[Message]) -> bool:
        """Post what ``read`` returns, then whether it worked (the status line's state)."""
        from iottui.api.errors import IoTError

        try:
            self.post(await read)
        except IoTError as error:
            self.post(msg.CallFailed(what, error))
            return False
        except Exception as error:  # a bug must not stop the refresh loop or show a traceback
            self.post(msg.CallFailed(what, wrapped(type(error).__name__, error)))
            return False
        self.post(msg.CallSucceeded(what))
        return True


def wrapped(what: str, error: Exception) -> IoTError:
    """A failure that is not the client's, as an error the status line can show."""
    from iottui.api.errors import IoTError

    return IoTError(f"{what}: {error}")


async def read_fleet(session: Session, client: IoTClient) -> msg.FleetLoaded:
    """The server's fleet: the first load takes the answer asked for while the first frame was
    drawn (:meth:`~iottui.ui.session.Session.prefetch_fleet`), later ones ask."""
    return msg.FleetLoaded(await session.fleet_answer(client))


async def read_rules(client: IoTClient) -> msg.RulesLoaded:
    from iottui.api.problems import problems_of

    rules = await client.rules.list()
    return msg.RulesLoaded(rules, problems_of(rules))


async def read_alarms(client: IoTClient, now_ms: int, *, closed: bool) -> msg.AlarmsLoaded:
    """The open alarms of the last :data:`ALARM_WINDOW_MS`, and the closed ones if ``closed``;
    with the items of both answers that could not be read, each path naming its list (both
    answers number their items from ``data[0]``)."""
    from iottui.api.enums import AlarmStatus
    from iottui.api.problems import problems_of

    window = {"start": now_ms - ALARM_WINDOW_MS, "end": now_ms}
    opened = await client.alarms.list(AlarmStatus.OPEN, **window)
    shut = await client.alarms.list(AlarmStatus.CLOSED, **window) if closed else ()
    problems = problems_of(opened, "open alarms") + problems_of(shut, "closed alarms")
    return msg.AlarmsLoaded([*opened, *shut], closed, problems)


async def read_values(client: IoTClient, ids: list[int]) -> msg.LiveValues:
    return msg.LiveValues(await client.metrics.last_values(ids), ids)


async def read_seed(client: IoTClient, ids: list[int], now_ms: int) -> msg.SparkSeeded:
    """The last minutes of history of sensors seen for the first time (their sparklines)."""
    from iottui.api.resources.metrics import SeriesQuery
    from iottui.ui.live import SEED_MS

    queries = [SeriesQuery(sensor_id) for sensor_id in ids]
    series = await client.metrics.history(queries, start=now_ms - SEED_MS, end=now_ms)
    return msg.SparkSeeded(series, ids)
