"""The check-count streak: when a metric rule's alarm opens and when it recovers.

One tracker for the simulator's rule engine and the rule backtest (through
:func:`iottui.api.conditions.metric_crossings`), so both agree sample by sample: an alarm opens
at the ``checkcount``-th consecutive matching sample (the document's ``checkcount``; the alarm
details call it ``consCheck``) and recovers at the first sample that no longer matches. A sample
that cannot be compared (not a number) does not match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from iottui.api.domain.defaults import DEFAULT_CHECKCOUNT
from iottui.api.domain.problems import Problem

#: What one sample did: opened an alarm, recovered it, or neither.
Step = Literal["open", "close"] | None


def checkcount_problems(value: object, field: str = "checkcount") -> list[Problem]:
    """A checkcount is a whole number from 1 to :data:`CHECKCOUNT_MAX`."""
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(field, f"must be a whole number, got {value!r}")]
    if not 1 <= value <= CHECKCOUNT_MAX:
        return [Problem(field, f"must be from 1 to {CHECKCOUNT_MAX}, got {value}")]
    return []


#: The largest checkcount. The API document gives no bound; the client, the CLI and the
#: simulator share this one (a thousand consecutive checks is over 16 minutes at 1 s).
CHECKCOUNT_MAX = 1000


@dataclass
class StreakTracker:
    """Consecutive matching samples of one rule threshold on one metric.

    ``streak`` counts the matching samples in a row; ``active`` is True from the sample that
    opened an alarm until the sample that recovered it.
    """

    checkcount: int = DEFAULT_CHECKCOUNT
    streak: int = 0
    active: bool = False

    def __post_init__(self) -> None:
        self.checkcount = max(1, self.checkcount)

    def step(self, matches: bool) -> Step:
        """Feed one sample; says whether it opened or recovered an alarm."""
        if matches:
            self.streak += 1
            if not self.active and self.streak >= self.checkcount:
                self.active = True
                return "open"
            return None
        self.streak = 0
        if self.active:
            self.active = False
            return "close"
        return None

    def warm(self, history: list[bool]) -> None:
        """Start from the samples before the evaluated window (the last ``checkcount`` matter);
        an alarm already open then is ``active`` without an ``"open"`` step."""
        for matches in history[-self.checkcount :]:
            self.streak = self.streak + 1 if matches else 0
        self.active = self.streak >= self.checkcount
