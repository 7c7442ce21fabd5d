"""App-wide messages: workers fetch, these carry, handlers render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the first frame imports this module, not the models (issue 12)
    from iottui.api.errors import IoTError
    from iottui.api.models import Alarm, AlarmCloseResult, DataSeries, Fleet, LastValues, Rule
    from iottui.api.problems import ItemProblem


@dataclass
class FleetLoaded(Message):
    """A fleet to show: the server's, or (``cached_at_ms`` set) the fleet cache's structure."""

    fleet: Fleet
    cached_at_ms: int | None = None


@dataclass
class LiveValues(Message):
    """One refresh's last values (all visible sensors)."""

    values: Sequence[LastValues]
    sensor_ids: Sequence[int]

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LiveValues)


@dataclass
class SparkSeeded(Message):
    """History of the last 15 minutes for sensors seen for the first time."""

    series: Sequence[DataSeries]
    sensor_ids: Sequence[int]


@dataclass
class AlarmsLoaded(Message):
    """Alarms to show (open, and closed too when ``include_closed``); ``problems`` names the
    items of the answers that could not be read, each path naming its list
    (``"closed alarms: data[3]"``, :func:`~iottui.ui.live_reads.read_alarms`)."""

    alarms: Sequence[Alarm]
    include_closed: bool
    problems: tuple[ItemProblem, ...] = ()


@dataclass
class RulesLoaded(Message):
    """Rules to show; ``problems`` names the items of the answer that could not be read."""

    rules: Sequence[Rule]
    problems: tuple[ItemProblem, ...] = ()


@dataclass
class HistoryLoaded(Message):
    """A metric chart's data."""

    request: object
    series: Sequence[DataSeries]


@dataclass
class AlarmCloseOutcome(Message):
    """The outcome of closing one alarm: done, failed (with the error) or unknown."""

    alarm_id: str
    state: str  # "closed" | "failed" | "unknown" | "already"
    result: AlarmCloseResult | None = None
    error: IoTError | None = None


@dataclass
class RuleToggled(Message):
    rule_id: str
    active: bool
    error: IoTError | None = None


@dataclass
class CallFailed(Message):
    """A background call failed: shown once as a notification and in the status line."""

    what: str
    error: IoTError


@dataclass
class CallSucceeded(Message):
    """A background call succeeded (clears the error state)."""

    what: str


@dataclass
class DataChanged(Message, bubble=False):
    """A write reached the server (or may have: its answer timed out): what is shown is to be
    reloaded. Posted to the app (``self.app.post_message``), which sends it on to each open
    screen (it does not bubble back)."""

    what: str
