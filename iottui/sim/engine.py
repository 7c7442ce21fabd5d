"""The rule engine: evaluates active rules as time passes, opening and closing alarms.

Metric rules (type 1) use :func:`iottui.api.conditions` semantics: an alarm opens at the
``checkcount``-th consecutive matching sample and recovers ("Closed By System") at the first
sample that no longer matches. Device-offline rules (type 2) open once a device has been offline
for the rule's duration (minutes) and recover when it is back online. Each threshold of a rule is
evaluated on its own, with its own severity.

The engine keeps ``evaluated_until`` and evaluates the samples between it and now; it runs from a
background task and before requests, and replays the last ``replay_hours`` at start so the alarm
history is already populated (no notifications are sent for the replay).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from iottui.api.conditions import (
    ConditionError,
    MetricCondition,
    offline_crossings,
    parse_metric_condition,
    parse_offline_duration,
)
from iottui.api.domain.defaults import DEFAULT_CHECKCOUNT
from iottui.api.domain.streak import StreakTracker
from iottui.sim.handlers.common import find_metric, fmt_value
from iottui.sim.notify import Notifier
from iottui.sim.signals import SLOT_MS
from iottui.sim.store import Batch
from iottui.sim.world import World, freq_ms

log = logging.getLogger("iottui.sim.engine")

Doc = dict[str, Any]


@dataclass
class _Track:
    streak: StreakTracker  # the check-count streak (shared with the backtest)
    alarm_id: str | None = None  # the open alarm of the current episode


class Engine:
    """Evaluates rules against the deterministic signals."""

    def __init__(self, world: World, notifier: Notifier | None = None) -> None:
        self.world = world
        self.notifier = notifier
        self.tracks: dict[tuple[str, int, int, str], _Track] = {}
        now = world.now()
        stored = world.store.get_meta("evaluated_until")
        floor = now - int(world.config.replay_hours * 3_600_000)
        self.evaluated_until = max(int(stored), floor) if stored is not None else floor
        self.evaluations = 0

    # --- public -----------------------------------------------------------------------------

    def catch_up(self, now: int | None = None, *, notify: bool = True) -> int:
        """Evaluate up to ``now``; returns the number of alarms opened or closed."""
        world = self.world
        with world.lock:
            end = world.now() if now is None else now
            start = self.evaluated_until
            if end <= start:
                return 0
            batch = Batch()
            events: list[tuple[str, Doc, Doc, int]] = []
            pending: dict[str, Doc] = {}
            for rule in list(world.rules.values()):
                if rule.get("activeflag") != 1:
                    continue
                since = rule.get("_since")
                window_start = start if since is None else max(start, int(since))
                fresh = since is not None and int(since) >= start
                for ti, threshold in enumerate(rule["thresholds"]):
                    try:
                        if rule["ruleType"] == 1:
                            cond = parse_metric_condition(threshold["condition"])
                            for src in rule["sources"]:
                                self._metric(
                                    rule,
                                    ti,
                                    threshold,
                                    cond,
                                    src,
                                    window_start,
                                    end,
                                    fresh,
                                    batch,
                                    events,
                                    pending,
                                )
                        else:
                            minutes = parse_offline_duration(threshold["condition"])
                            for src in rule["sources"]:
                                self._offline(
                                    rule,
                                    ti,
                                    threshold,
                                    minutes,
                                    src,
                                    window_start,
                                    end,
                                    batch,
                                    events,
                                    pending,
                                )
                    except ConditionError as exc:
                        log.warning("rule %s has a bad condition: %s", rule["id"], exc)
            batch.meta["evaluated_until"] = end
            world.commit(batch)
            world.install_alarms(list(pending.values()))
            self.evaluated_until = end
            self.evaluations += 1
        if notify and self.notifier is not None:
            for event, alarm, rule, ti in events:
                self._notify(event, alarm, rule, ti)
        return len(events)

    # --- metric rules -----------------------------------------------------------------------

    def _alarm_id(self, key: str, open_time: int) -> str:
        digest = hashlib.blake2b(
            f"{self.world.seed}:{key}:{open_time}".encode(), digest_size=16
        ).digest()
        return str(uuid.UUID(bytes=digest, version=4))

    def _open_alarm_for(self, key: str) -> str | None:
        for alarm in self.world.open_alarms():
            if alarm.get("_key") == key:
                return str(alarm["id"])
        return None

    def _metric(
        self,
        rule: Doc,
        ti: int,
        threshold: Doc,
        cond: MetricCondition,
        src: Doc,
        start: int,
        end: int,
        fresh: bool,
        batch: Batch,
        events: list[tuple[str, Doc, Doc, int]],
        pending: dict[str, Doc],
    ) -> None:
        world = self.world
        found = world.sensors.get(int(src["thingId"]))
        if found is None:
            return
        device, sensor = found
        metric = find_metric(sensor, src["metricId"])
        if metric is None:
            return
        checkcount = max(1, int(threshold.get("checkcount", DEFAULT_CHECKCOUNT)))
        srckey = f"{device['id']}_{sensor['id']}_{metric['id']}"
        key = f"{rule['id']}:{ti}:{srckey}"
        tkey = (rule["id"], int(rule.get("_since") or 0), ti, srckey)
        track = self.tracks.get(tkey)
        sample = world.sampler(sensor, metric)
        if track is None:
            track = _Track(StreakTracker(checkcount))
            if not fresh:
                period = freq_ms(sensor.get("frequency"))
                back = world.sample_times(device, sensor, start - checkcount * period * 4, start)
                track.streak.warm([cond.matches(sample(t)) for t in back[-checkcount:]])
            track.alarm_id = self._open_alarm_for(key)
            self.tracks[tkey] = track
        matches = cond.matches
        # Samples that certainly do not match only reset the streak (or end an episode).
        rejects = world.never_reaches(sensor, metric, cond.op, cond.threshold)
        for t in world.sample_times(device, sensor, start + 1, end):
            value = None if rejects is not None and rejects(t) else sample(t)
            step = track.streak.step(value is not None and matches(value))
            if step == "open":
                alarm = {
                    "id": self._alarm_id(key, t),
                    "severity": int(threshold["severity"]),
                    "changeLog": [],
                    "description": rule["name"],
                    "source": {
                        "sourceKey": srckey,
                        "details": {
                            "sensor": sensor["name"],
                            "consCheck": str(checkcount),
                            "condition": threshold["condition"],
                            "value": fmt_value(value),
                            "device": device["name"],
                            "metric": metric["name"],
                        },
                        "id": rule["id"],
                    },
                    "type": 1,
                    "openTime": t,
                    "status": 1,
                    "_key": key,
                    "_rule": rule["id"],
                    "_threshold": ti,
                    "_device": device["id"],
                    "_sensor": sensor["id"],
                    "_metric": metric["id"],
                }
                self._open(alarm, batch, events, pending, rule, ti)
                track.alarm_id = alarm["id"]
            elif step == "close" and track.alarm_id is not None:
                self._close(track.alarm_id, t, batch, events, pending, rule, ti)
                track.alarm_id = None

    # --- offline rules ----------------------------------------------------------------------

    def _offline(
        self,
        rule: Doc,
        ti: int,
        threshold: Doc,
        minutes: float,
        src: Doc,
        start: int,
        end: int,
        batch: Batch,
        events: list[tuple[str, Doc, Doc, int]],
        pending: dict[str, Doc],
    ) -> None:
        world = self.world
        device = world.devices.get(int(src["deviceId"]))
        if device is None:
            return
        limit = int(minutes * 60_000)
        key = f"{rule['id']}:{ti}:{device['id']}"
        spans = world.schedule(device).offline_spans(start - limit - SLOT_MS, end)
        spans = [(s, e if e is not None and e <= end else None) for s, e in spans]
        since = int(rule.get("_since") or 0)
        for crossing in offline_crossings(spans, minutes, end):
            # A device already offline long enough when the rule was made alarms right away.
            open_time = max(crossing.open_time, since)
            if crossing.close_time is not None and crossing.close_time <= open_time:
                continue
            # An outage that began before the evaluated window and is still going on (a device
            # dead for days when the server starts) has an open alarm too, opened when the
            # duration was reached; its deterministic id keeps it from reopening once closed.
            ongoing = crossing.close_time is None and open_time <= start
            if start < open_time <= end or (open_time == since and start == since) or ongoing:
                alarm = {
                    "id": self._alarm_id(key, open_time),
                    "severity": int(threshold["severity"]),
                    "changeLog": [],
                    "description": rule["name"],
                    "source": {
                        "sourceKey": str(device["id"]),
                        "details": {
                            "device": device["name"],
                            "offlineDuration": str(threshold["condition"]),
                        },
                        "id": rule["id"],
                    },
                    "type": 2,
                    "openTime": open_time,
                    "status": 1,
                    "_key": key,
                    "_rule": rule["id"],
                    "_threshold": ti,
                    "_device": device["id"],
                }
                if alarm["id"] not in world.alarms and alarm["id"] not in pending:
                    self._open(alarm, batch, events, pending, rule, ti)
            close = crossing.close_time
            if close is not None and start < close <= end:
                aid = self._alarm_id(key, open_time)
                self._close(aid, close, batch, events, pending, rule, ti)

    # --- alarms -----------------------------------------------------------------------------

    def _open(
        self,
        alarm: Doc,
        batch: Batch,
        events: list[tuple[str, Doc, Doc, int]],
        pending: dict[str, Doc],
        rule: Doc,
        ti: int,
    ) -> None:
        batch.alarm(alarm)
        pending[alarm["id"]] = alarm
        events.append(("opened", alarm, rule, ti))

    def _close(
        self,
        alarm_id: str,
        at: int,
        batch: Batch,
        events: list[tuple[str, Doc, Doc, int]],
        pending: dict[str, Doc],
        rule: Doc,
        ti: int,
    ) -> None:
        alarm = pending.get(alarm_id) or self.world.alarms.get(alarm_id)
        if alarm is None or alarm["status"] != 1:
            return
        closed = self.world.close_alarm_doc(alarm, at, None)
        batch.alarm(closed)
        pending[alarm_id] = closed
        events.append(("closed", closed, rule, ti))

    def _notify(self, event: str, alarm: Doc, rule: Doc, ti: int) -> None:
        assert self.notifier is not None
        world = self.world
        thresholds = rule.get("thresholds", [])
        topic_ids = thresholds[ti].get("topicIds", []) if ti < len(thresholds) else []
        channel_ids: list[str] = []
        for tid in topic_ids:
            topic = world.topics.get(tid)
            if topic is None:
                continue
            for cid in topic["channelIds"]:
                if cid not in channel_ids:
                    channel_ids.append(cid)
        channels = [
            world.channels[c]
            for c in channel_ids
            if c in world.channels and world.channels[c].get("activeflag") == 1
        ]
        if channels:
            self.notifier.notify(event, alarm, rule, channels, world.now())
