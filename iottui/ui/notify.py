"""Notifications through the terminal for new critical and major alarms while the TUI runs.

Two parts:

* :class:`AlarmNotifier` is pure logic. It is given every alarms snapshot and answers with the
  notifications to show: one per alarm that *opened while the TUI runs* (the alarms open in the
  first snapshot never notify), never two for the same alarm, and during an alarm storm (more
  than ``burst`` in ``window`` seconds) one summary instead of a flood. It also keeps the open
  counts per severity for the terminal title. Time comes from an injected monotonic clock.
* :class:`TerminalNotifier` turns those into escape sequences written through an injected
  writer (the app's driver, see :func:`for_app`): ``OSC 9`` (iTerm2, WezTerm, Windows Terminal,
  kitty, foot), ``OSC 777`` (VTE terminals such as GNOME Terminal, urxvt, foot, WezTerm), or the
  bell; and the terminal title (``OSC 2``) showing the open alarm counts. With ``"off"`` it
  writes nothing at all. These sequences travel over SSH like any other output, so the
  notification reaches the operator's own desktop.

Server text (device names, conditions, rule descriptions) has its control and
bidirectional-override characters replaced by visible escapes before it is put in a sequence,
so it can neither end the sequence early nor steer the terminal.

The config key is ``[ui] notify = "osc9" | "osc777" | "bell" | "off"``.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from iottui.api.domain import clean_text
from iottui.api.enums import Severity
from iottui.api.problems import has_id

# The values ``[ui] notify`` accepts are the config's (one definition).
from iottui.config.model import NOTIFY_MODES, NotifyMode

if TYPE_CHECKING:
    from textual.app import App

    from iottui.api.models import Alarm

__all__ = [
    "NOTIFY_MODES",
    "AlarmNotifier",
    "Notification",
    "NotifyMode",
    "TerminalNotifier",
    "for_app",
    "notification_sequence",
    "open_alarms",
    "open_counts",
    "strip_controls",
    "title_sequence",
]


#: The severities that notify.
NOTIFY_SEVERITIES: Final = frozenset({Severity.CRITICAL, Severity.MAJOR})
#: The order counts are shown in (most severe first); unknown severities follow.
_ORDER: Final = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR, Severity.WARNING)
#: Longest body put in a notification (desktop notifications cut long text anyway).
MAX_BODY: Final = 200
#: Alarm keys remembered (notified or open at start) before the oldest are forgotten.
MAX_REMEMBERED: Final = 50_000

ESC: Final = "\x1b"
BEL: Final = "\x07"


def strip_controls(text: object, limit: int = MAX_BODY) -> str:
    """Server text fit for a notification: whitespace runs (new lines included) folded to one
    space, then every other control, bidi or unassigned character shown as a visible escape
    (``\\x1b``: the rule of :func:`iottui.api.domain.clean_text`, so none reaches the terminal),
    at most ``limit`` characters (``…`` ends a cut text)."""
    folded = clean_text(" ".join(("" if text is None else str(text)).split()))
    if len(folded) > limit:
        folded = folded[: max(limit - 1, 0)].rstrip() + "…"
    return folded


@dataclass(frozen=True, slots=True)
class Notification:
    """One notification: a title and a body (both sanitised), and the alarms it covers."""

    title: str
    body: str
    alarm_ids: tuple[str, ...]
    severity: Severity
    #: True for the one notification that sums up an alarm storm.
    summary: bool = False


AlarmKey = tuple[str, str, int]


def _key(alarm: Alarm) -> AlarmKey:
    """The identity of an alarm: its id; an alarm without one (an unreadable item kept by the
    parser; a blank id is none, :func:`~iottui.api.problems.has_id`) by source and open time."""
    if has_id(alarm):
        return (alarm.id, "", 0)
    source = alarm.source.source_key if alarm.source is not None else ""
    return ("", source, alarm.open_time)


def open_alarms(alarms: Iterable[Alarm]) -> dict[AlarmKey, Alarm]:
    """The open alarms, one per alarm (:func:`_key`): duplicate ids are data, an alarm the
    server listed twice is still one alarm, its first listing stands."""
    open_now: dict[AlarmKey, Alarm] = {}
    for alarm in alarms:
        if alarm.is_open:
            open_now.setdefault(_key(alarm), alarm)
    return open_now


def open_counts(alarms: Iterable[Alarm]) -> dict[Severity, int]:
    """The open alarms per severity, each alarm once (:func:`open_alarms`): the terminal
    title's counts and the status line's."""
    return _severity_counts(open_alarms(alarms))


def _severity_counts(open_now: Mapping[AlarmKey, Alarm]) -> dict[Severity, int]:
    return dict(Counter(a.severity for a in open_now.values()))


def _where(alarm: Alarm) -> str:
    details = alarm.source.details if alarm.source is not None else None
    if details is None:
        return strip_controls(alarm.description)
    parts = [strip_controls(p, 60) for p in (details.device, details.sensor, details.metric) if p]
    return " › ".join(p for p in parts if p) or strip_controls(alarm.description)


def _what(alarm: Alarm) -> str:
    details = alarm.source.details if alarm.source is not None else None
    if details is None:
        return ""
    if details.offline_duration:
        return f"offline {strip_controls(details.offline_duration, 20)} min"
    if details.condition:
        value = f" (value {strip_controls(details.value, 30)})" if details.value else ""
        return strip_controls(details.condition, 80) + value
    return ""


def describe(alarm: Alarm) -> str:
    """``device › sensor › metric: condition (value) · rule``, sanitised and bounded."""
    where, what = _where(alarm), _what(alarm)
    text = f"{where}: {what}" if where and what else where or what
    rule = strip_controls(alarm.description, 80)
    if rule and rule != where:
        text = f"{text} · {rule}" if text else rule
    return strip_controls(text) or "(no details)"


def _most_severe(alarms: Iterable[Alarm]) -> Severity:
    return min((a.severity for a in alarms), default=Severity.MAJOR)


def _by_urgency(alarm: Alarm) -> tuple[int, int, str]:
    return (int(alarm.severity), -alarm.open_time, alarm.id)


class AlarmNotifier:
    """Decides which alarms notify; pure (no I/O), time from ``clock`` (monotonic seconds).

    Args:
        clock: Monotonic seconds (``time.monotonic``; tests inject their own).
        burst: Notifications allowed one by one within ``window`` seconds; more new alarms
            than that make a storm, summed up in one notification.
        window: The rate-limit window in seconds. During a storm at most one summary is
            shown per window; alarms that open meanwhile wait for the next one.
        severities: The severities that notify (critical and major).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        burst: int = 3,
        window: float = 60.0,
        severities: frozenset[Severity] = NOTIFY_SEVERITIES,
    ) -> None:
        if burst < 1 or window <= 0:
            raise ValueError("burst must be at least 1 and window positive")
        self._clock = clock
        self._burst = burst
        self._window = window
        self._severities = severities
        #: Keys never to notify: open at start, or notified already (insertion-ordered).
        self._done: dict[AlarmKey, None] = {}
        self._started = False
        self._sent: deque[float] = deque()
        self._pending: dict[AlarmKey, Alarm] = {}
        self._last_summary: float | None = None
        self.counts: dict[Severity, int] = {}

    @property
    def started(self) -> bool:
        """True once the first snapshot (the baseline) has been seen."""
        return self._started

    def snapshot(self, alarms: Iterable[Alarm]) -> list[Notification]:
        """Take the alarms the server listed now (open and possibly closed ones); answer the
        notifications to show, most severe first."""
        now = self._clock()
        open_now = open_alarms(alarms)
        self.counts = _severity_counts(open_now)  # (open_now is one per alarm already)
        if not self._started:
            self._started = True
            self._remember(open_now)
            return []
        new = {
            key: alarm
            for key, alarm in open_now.items()
            if alarm.severity in self._severities
            and key not in self._done
            and key not in self._pending
        }
        # An alarm that closed before its summary was shown is not news any more.
        self._pending = {k: a for k, a in self._pending.items() if k in open_now}
        while self._sent and now - self._sent[0] >= self._window:
            self._sent.popleft()
        storm = self._last_summary is not None and now - self._last_summary < self._window
        if not storm and not self._pending and len(self._sent) + len(new) <= self._burst:
            self._remember(new)
            self._sent.extend(now for _ in new)
            return [self._single(a) for a in sorted(new.values(), key=_by_urgency)]
        self._pending.update(new)
        if storm or not self._pending:
            return []
        summary = self._summary(list(self._pending.values()))
        self._remember(self._pending)
        self._pending = {}
        self._last_summary = now
        return [summary]

    def _remember(self, keys: Iterable[AlarmKey]) -> None:
        for key in keys:
            self._done[key] = None
        while len(self._done) > MAX_REMEMBERED:
            del self._done[next(iter(self._done))]

    def _single(self, alarm: Alarm) -> Notification:
        return Notification(
            title=f"New {alarm.severity.label.lower()} alarm",
            body=describe(alarm),
            alarm_ids=(alarm.id,),
            severity=alarm.severity,
        )

    def _summary(self, alarms: list[Alarm]) -> Notification:
        alarms.sort(key=_by_urgency)
        by_severity = Counter(a.severity for a in alarms)
        parts = ", ".join(
            f"{by_severity[s]} {s.label.lower()}" for s in sorted(by_severity, key=int)
        )
        return Notification(
            title=f"{len(alarms)} new alarms",
            body=strip_controls(f"{parts}; first: {describe(alarms[0])}"),
            alarm_ids=tuple(a.id for a in alarms),
            severity=_most_severe(alarms),
            summary=True,
        )


def counts_text(counts: Mapping[Severity, int]) -> str:
    """``2 critical, 1 major`` (nonzero counts, most severe first) or ``no open alarms``."""
    ordered = sorted(counts, key=lambda s: (s not in _ORDER, int(s)))
    parts = [f"{counts[s]} {s.label.lower()}" for s in ordered if counts[s]]
    return ", ".join(parts) or "no open alarms"


# --- escape sequences ------------------------------------------------------------------------


def notification_sequence(mode: NotifyMode, notification: Notification) -> str:
    """The bytes that show ``notification`` in ``mode`` ("" for ``off``).

    Title and body are sanitised again here: nothing in them can end the sequence.
    """
    title = strip_controls(notification.title, 80)
    body = strip_controls(notification.body)
    if mode == "osc9":
        # OSC 9 has one field; "iottui:" first also keeps ConEmu from reading "4;..." as a
        # progress report.
        return f"{ESC}]9;iottui: {title}: {body}{BEL}"
    if mode == "osc777":
        # Fields are separated by ';': the title must not contain one (the body may).
        return f"{ESC}]777;notify;iottui: {title.replace(';', ',')};{body}{BEL}"
    if mode == "bell":
        return BEL
    return ""


def title_sequence(text: str) -> str:
    """``OSC 2``: set the terminal (window and tab) title."""
    return f"{ESC}]2;{strip_controls(text, 120)}{BEL}"


#: XTWINOPS: save the title on the terminal's stack / restore it (ignored where unsupported).
PUSH_TITLE: Final = f"{ESC}[22;0t"
POP_TITLE: Final = f"{ESC}[23;0t"


class TerminalNotifier:
    """Shows :class:`AlarmNotifier`'s decisions: escape sequences through ``write``, and each
    notification handed to ``show`` (the app's own toast) whatever the mode.

    Args:
        mode: ``osc9``, ``osc777``, ``bell`` or ``off`` (``off`` writes no sequence, not even
            the title).
        write: Writes raw text to the terminal.
        name: Shown first in the terminal title (e.g. ``iottui prod``).
        show: Called with every notification (in the app, a toast).
        notifier: The decision logic (a fresh :class:`AlarmNotifier` by default).
    """

    def __init__(
        self,
        mode: NotifyMode,
        write: Callable[[str], None],
        *,
        name: str = "iottui",
        show: Callable[[Notification], None] | None = None,
        notifier: AlarmNotifier | None = None,
    ) -> None:
        if mode not in NOTIFY_MODES:
            raise ValueError(f"notify must be one of {', '.join(NOTIFY_MODES)}, got {mode!r}")
        self.mode: NotifyMode = mode
        self.logic = notifier if notifier is not None else AlarmNotifier()
        #: Where the escape sequences go (tests may put a spy here).
        self.write = write
        self._name = strip_controls(name, 40) or "iottui"
        self._show = show
        self._title: str | None = None
        self._pushed = False

    @property
    def title(self) -> str | None:
        """The terminal title last written (None before the first snapshot or when off)."""
        return self._title

    def alarms(self, alarms: Iterable[Alarm]) -> list[Notification]:
        """The one call per alarms snapshot: update the title, notify, answer what was shown."""
        notifications = self.logic.snapshot(alarms)
        if self.mode != "off":
            title = f"{self._name}: {counts_text(self.logic.counts)}"
            if title != self._title:
                if not self._pushed:
                    self.write(PUSH_TITLE)
                    self._pushed = True
                self.write(title_sequence(title))
                self._title = title
            for notification in notifications:
                self.write(notification_sequence(self.mode, notification))
        if self._show is not None:
            for notification in notifications:
                self._show(notification)
        return notifications

    def close(self) -> None:
        """Give the terminal its previous title back (when this notifier changed it)."""
        if self._pushed:
            self.write(POP_TITLE)
            self._pushed = False
            self._title = None


def for_app(app: App[Any], mode: NotifyMode, *, name: str = "iottui") -> TerminalNotifier:
    """A notifier writing through ``app``'s driver and showing each notification as a toast.

    Textual has no public call for raw output; like its own ``App.bell`` and
    ``App.copy_to_clipboard`` this writes to ``app._driver``, and nothing in headless mode
    (tests) or before the driver exists.
    """

    def write(text: str) -> None:
        driver = app._driver
        if driver is not None and not app.is_headless and text:
            driver.write(text)

    def show(notification: Notification) -> None:
        app.notify(
            notification.body,
            title=notification.title,
            severity="error" if notification.severity == Severity.CRITICAL else "warning",
            timeout=10,
            markup=False,
        )

    return TerminalNotifier(mode, write, name=name, show=show)
