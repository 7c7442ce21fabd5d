"""The simulator's account: every resource in memory, written through to the :class:`Store`.

The world is the single source of truth while the server runs. Every change builds the new
documents, writes them in one store transaction and only then installs them in memory, so what
clients read is always what is on disk. Metric samples are never stored: they come from
:mod:`iottui.sim.signals` on demand.
"""

from __future__ import annotations

import copy
import logging
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from iottui.api.domain.defaults import DEFAULT_VALUE_TYPE
from iottui.sim import signals
from iottui.sim.config import SimConfig
from iottui.sim.store import Batch, Store

if TYPE_CHECKING:
    from iottui.sim.generate import Generated

log = logging.getLogger("iottui.sim")

Doc = dict[str, Any]

#: Store kinds and the world attribute holding them.
KINDS = {
    "contact": "contacts",
    "group": "groups",
    "device": "devices",
    "rule": "rules",
    "topic": "topics",
    "channel": "channels",
    "dashboard": "dashboards",
    "deviceconfig": "deviceconfigs",
    "edgemodule": "edgemodules",
}


def freq_ms(frequency: Doc | None) -> int:
    """A sensor frequency in milliseconds (at least one second)."""
    if not frequency:
        return 60_000
    unit = str(frequency.get("type", "seconds")).lower()
    value = int(frequency.get("value", 60))
    factor = 1000
    if unit.startswith("min"):
        factor = 60_000
    elif unit.startswith("hour"):
        factor = 3_600_000
    return max(1000, value * factor)


class World:
    """All state of one simulated account."""

    def __init__(self, config: SimConfig, store: Store) -> None:
        self.config = config
        self.store = store
        self.clock = config.clock
        self.lock = threading.RLock()
        self.user: Doc = {}
        self.token = ""
        self.contacts: dict[int, Doc] = {}
        self.groups: dict[int, Doc] = {}
        self.devices: dict[int, Doc] = {}
        self.rules: dict[str, Doc] = {}
        self.topics: dict[str, Doc] = {}
        self.channels: dict[str, Doc] = {}
        self.dashboards: dict[str, Doc] = {}
        self.deviceconfigs: dict[str, Doc] = {}
        self.edgemodules: dict[str, Doc] = {}
        self.alarms: dict[str, Doc] = {}
        self.sensors: dict[int, tuple[Doc, Doc]] = {}
        self.by_buddy: dict[int, int] = {}
        self.next_group_id = 1
        self.next_sensor_id = 1
        self.device_severity: dict[int, int] = {}
        self.metric_severity: dict[tuple[int, str], int] = {}
        self._schedules: dict[int, signals.Schedule] = {}
        #: sensor id -> (sensor doc, valid from, valid until, /lastvalues entry or None)
        self.last_values_cache: dict[int, tuple[Doc, int, int, Doc | None]] = {}
        self.seed = config.seed
        self._load_or_generate()

    # --- start ------------------------------------------------------------------------------

    def _load_or_generate(self) -> None:
        store = self.store
        stored_seed = store.get_meta("seed")
        gen: Generated | None = None
        if stored_seed is None:
            from iottui.sim.generate import generate  # only for a fresh account

            gen = generate(self.config.seed, self.config.devices, self.clock.now_ms())
            self._persist_generated(gen)
        else:
            self.seed = int(stored_seed)
            if self.seed != self.config.seed or store.get_meta("devices") != self.config.devices:
                log.warning(
                    "state file was generated with seed %s and %s devices; using it as it is",
                    stored_seed,
                    store.get_meta("devices"),
                )
        self.user = store.get_meta("user") or {}
        self.token = str(store.get_meta("token") or "")
        self.next_group_id = int(store.get_meta("next_group_id") or 1)
        self.next_sensor_id = int(store.get_meta("next_sensor_id") or 1)
        for kind, attr in KINDS.items():
            table: dict[Any, Doc] = getattr(self, attr)
            # A fresh fleet is used as generated (it was just written); else read it back
            # (the store keeps insertion order, so listings keep their order across restarts).
            docs = getattr(gen, attr) if gen is not None else store.load(kind)
            for doc in docs:
                table[doc["id"]] = doc
        for alarm in store.load_alarms():
            self.alarms[alarm["id"]] = alarm
        self._reindex()
        self.recompute_severities()

    def _persist_generated(self, gen: Generated) -> None:
        batch = Batch()
        batch.meta.update(
            seed=self.config.seed,
            devices=self.config.devices,
            user=gen.user,
            token=gen.token,
            next_group_id=gen.next_group_id,
            next_sensor_id=gen.next_sensor_id,
            created_at=self.clock.now_ms(),
        )
        for kind, attr in KINDS.items():
            for doc in getattr(gen, attr):
                batch.put(kind, doc["id"], doc)
        self.store.write(batch)

    def _reindex(self) -> None:
        self.sensors = {}
        self.by_buddy = {}
        for device in self.devices.values():
            self.by_buddy[int(device["buddyId"])] = device["id"]
            for sensor in device["sensors"]:
                self.sensors[int(sensor["id"])] = (device, sensor)

    # --- helpers ----------------------------------------------------------------------------

    def now(self) -> int:
        return self.clock.now_ms()

    def new_hex24(self) -> str:
        return f"{(self.now() // 1000) & 0xFFFFFFFF:08x}{secrets.token_hex(8)}"

    @staticmethod
    def new_uuid() -> str:
        return str(uuid.uuid4())

    def new_token(self) -> str:
        import random

        from iottui.sim.generate import make_token

        return make_token(random.Random(secrets.randbits(64)))

    def commit(self, batch: Batch) -> None:
        """Write a batch; raise before touching memory if the write fails."""
        self.store.write(batch)

    def find_device(self, ident: int) -> Doc | None:
        """A device by TeamViewer id or per-user (buddy) id."""
        device = self.devices.get(ident)
        if device is None and ident in self.by_buddy:
            device = self.devices.get(self.by_buddy[ident])
        return device

    def groups_of(self, device_id: int) -> Iterator[Doc]:
        for group in self.groups.values():
            if device_id in group["deviceIds"]:
                yield group

    def device_writable(self, device_id: int) -> bool:
        groups = list(self.groups_of(device_id))
        return not groups or any(g["permission"] in (2, 3, 4) for g in groups)

    def schedule(self, device: Doc) -> signals.Schedule:
        did = int(device["id"])
        sched = self._schedules.get(did)
        if sched is None:
            raw = device.get("_sched") or {}
            sched = signals.Schedule(
                signals.device_key(self.seed, did),
                float(raw.get("p", 0.02)),
                raw.get("since"),
            )
            self._schedules[did] = sched
        return sched

    def is_online(self, device: Doc, at: int | None = None) -> bool:
        return self.schedule(device).is_online(self.now() if at is None else at)

    # --- samples ----------------------------------------------------------------------------

    def metric_kind(self, metric: Doc) -> str:
        kind = metric.get("_kind")
        if isinstance(kind, str):
            return kind
        return signals.kind_for(
            str(metric.get("name", "")),
            str(metric.get("valueType", DEFAULT_VALUE_TYPE)),
            metric.get("valueUnit"),
            metric.get("valueAnnotation"),
        )

    def sample_times(self, device: Doc, sensor: Doc, start: int, end: int) -> list[int]:
        """Instants in ``[start, end]`` at which the sensor produced a sample."""
        created = sensor.get("_createdAt")
        if isinstance(created, int):
            start = max(start, created)
        if end < start:
            return []
        period = freq_ms(sensor.get("frequency"))
        phase = signals.sensor_phase(self.seed, int(sensor["id"]), period)
        times = signals.sample_times(period, phase, start, end)
        return list(self.schedule(device).online_times(times))

    def sample_count(self, sensor: Doc, start: int, end: int) -> int:
        period = freq_ms(sensor.get("frequency"))
        return max(0, (end - start) // period + 1)

    def value(self, sensor: Doc, metric: Doc, t: int) -> signals.SampleValue:
        key = signals.metric_key(self.seed, int(sensor["id"]), str(metric["id"]))
        return signals.value_at(
            self.metric_kind(metric),
            key,
            t,
            str(metric.get("valueType", DEFAULT_VALUE_TYPE)).lower(),
        )

    def sampler(self, sensor: Doc, metric: Doc) -> Callable[[int], signals.SampleValue]:
        """``t -> self.value(sensor, metric, t)``, cheaper per sample (for loops over time)."""
        key = signals.metric_key(self.seed, int(sensor["id"]), str(metric["id"]))
        return signals.sampler(
            self.metric_kind(metric), key, str(metric.get("valueType", DEFAULT_VALUE_TYPE)).lower()
        )

    def never_reaches(
        self, sensor: Doc, metric: Doc, op: str, threshold: float
    ) -> Callable[[int], bool] | None:
        """See :func:`signals.never_reaches` (for this metric's samples)."""
        key = signals.metric_key(self.seed, int(sensor["id"]), str(metric["id"]))
        return signals.never_reaches(
            self.metric_kind(metric),
            key,
            str(metric.get("valueType", DEFAULT_VALUE_TYPE)).lower(),
            op,
            threshold,
        )

    def last_sample_time(self, device: Doc, sensor: Doc, at: int) -> int | None:
        """The latest sample instant at or before ``at`` (None if none yet)."""
        period = freq_ms(sensor.get("frequency"))
        phase = signals.sensor_phase(self.seed, int(sensor["id"]), period)
        sched = self.schedule(device)
        t = signals.last_sample_time(period, phase, at)
        for _ in range(64):
            if sched.is_online(t):
                break
            online = sched.last_online_at_or_before(t)
            if online is None:
                return None
            t = signals.last_sample_time(period, phase, online)
        else:
            return None
        created = sensor.get("_createdAt")
        if isinstance(created, int) and t < created:
            return None
        return t

    # --- alarms -----------------------------------------------------------------------------

    def open_alarms(self) -> Iterator[Doc]:
        return (a for a in self.alarms.values() if a["status"] == 1)

    def recompute_severities(self) -> None:
        devices: dict[int, int] = {}
        metrics: dict[tuple[int, str], int] = {}
        for alarm in self.open_alarms():
            sev = int(alarm["severity"])
            did = alarm.get("_device")
            if did is not None:
                devices[did] = min(sev, devices.get(did, 9))
            sid, mid = alarm.get("_sensor"), alarm.get("_metric")
            if sid is not None and mid is not None:
                metrics[(sid, mid)] = min(sev, metrics.get((sid, mid), 9))
        self.device_severity = devices
        self.metric_severity = metrics

    def close_alarm_doc(self, alarm: Doc, at: int, user_id: str | None) -> Doc:
        """A closed copy of an alarm (by the system, or by a user)."""
        closed = copy.deepcopy(alarm)
        closed["status"] = 3
        entry = {
            "closeTime": at,
            "userId": user_id or self.user.get("id", "u100000"),
            "prevVal": "Open",
            "currentVal": "Closed By User" if user_id else "Closed By System",
            "prop": "status",
        }
        closed.setdefault("changeLog", []).append(entry)
        closed["_closeTime"] = at
        return closed

    def install_alarms(self, alarms: list[Doc]) -> None:
        for alarm in alarms:
            self.alarms[alarm["id"]] = alarm
        if alarms:
            self.recompute_severities()

    def close_alarms_where(self, batch: Batch, pred: Any, at: int) -> list[Doc]:
        """Close (by the system) every open alarm matching ``pred``; add them to ``batch``."""
        closed = [self.close_alarm_doc(a, at, None) for a in self.open_alarms() if pred(a)]
        for alarm in closed:
            batch.alarm(alarm)
        return closed
