"""Simulator settings: :class:`SimConfig` and the fault specification :class:`FaultSpec`."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from iottui.api.routes import RouteTable
from iottui.clock import Clock, SystemClock

#: Largest request body accepted (bytes); larger bodies get HTTP 413.
MAX_BODY_BYTES = 1024 * 1024


#: The longest injected delay (latency or jitter), in seconds: longer is a hung server.
MAX_FAULT_DELAY_S = 600.0


class FaultSpecError(ValueError):
    """A fault specification could not be parsed."""


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """Faults injected into API answers (the ``/__sim/`` endpoints are never affected).

    Attributes:
        latency: Seconds added to every answer.
        jitter: Up to this many seconds added or removed at random (never below zero).
        error_rate: Fraction of requests answered with HTTP 500 or 503.
        rate_limit: Requests per second above which HTTP 429 with ``Retry-After`` is returned
            (0 = no limit).
        drop_rate: Fraction of requests whose connection is closed without any answer.
        malformed_rate: Fraction of answers sent as malformed or truncated JSON.
    """

    latency: float = 0.0
    jitter: float = 0.0
    error_rate: float = 0.0
    rate_limit: float = 0.0
    drop_rate: float = 0.0
    malformed_rate: float = 0.0

    _RATES = ("error_rate", "drop_rate", "malformed_rate")

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise FaultSpecError(f"fault {f.name!r} must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0:
                raise FaultSpecError(f"fault {f.name!r} must be a finite number >= 0, got {value}")
            if f.name in self._RATES and value > 1:
                raise FaultSpecError(f"fault {f.name!r} is a fraction between 0 and 1, got {value}")
            if f.name in ("latency", "jitter") and value > MAX_FAULT_DELAY_S:
                raise FaultSpecError(
                    f"fault {f.name!r} is at most {MAX_FAULT_DELAY_S:g} seconds, got {value:g}"
                )
            if f.name in ("latency", "jitter") and value > 60:
                raise FaultSpecError(f"fault {f.name!r} is in seconds and at most 60, got {value}")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        """Parse ``"latency=0.5,jitter=0.2,error_rate=0.05,rate_limit=20"``.

        An empty string means no faults. Raises :class:`FaultSpecError` with a clear message.
        """
        values: dict[str, float] = {}
        for part in (text or "").split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, raw = part.partition("=")
            name = name.strip().replace("-", "_").lower()
            if not sep:
                raise FaultSpecError(f"fault {part!r} must be NAME=VALUE")
            if name not in cls.names():
                known = ", ".join(cls.names())
                raise FaultSpecError(f"unknown fault {name!r} (known: {known})")
            try:
                values[name] = float(raw.strip())
            except ValueError:
                raise FaultSpecError(
                    f"fault {name!r} needs a number, got {raw.strip()!r}"
                ) from None
        return cls(**values)

    def updated(self, changes: dict[str, Any]) -> FaultSpec:
        """A copy with some fields changed (used by the control endpoint)."""
        unknown = set(changes) - set(self.names())
        if unknown:
            raise FaultSpecError(f"unknown fault(s): {', '.join(sorted(unknown))}")
        clean: dict[str, float] = {}
        for key, value in changes.items():
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise FaultSpecError(f"fault {key!r} must be a number, got {value!r}")
            try:
                clean[key] = float(value)
            except (ValueError, OverflowError):
                raise FaultSpecError(f"fault {key!r} must be a number, got {value!r}") from None
        return replace(self, **clean)

    def to_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in self.names()}

    def __str__(self) -> str:
        active = [f"{k}={v:g}" for k, v in self.to_dict().items() if v]
        return ",".join(active) or "none"

    @property
    def active(self) -> bool:
        return any(self.to_dict().values())


def random_api_key() -> str:
    """A fresh random API key."""
    return "sim-" + secrets.token_urlsafe(24)


@dataclass
class SimConfig:
    """Everything the simulator needs to start.

    Attributes:
        api_key: The Bearer key clients must send.
        devices: Number of devices generated on first start.
        seed: Seed of the generated fleet and of every signal.
        state_path: SQLite file that keeps state across restarts; ``None`` keeps it in memory.
        clock: The time source (tests pass a FixedClock or AcceleratedClock).
        faults: Faults injected at start (changeable at run time via ``/__sim/faults``).
        routes: The route table served (the same one the client uses).
        replay_hours: Hours of rule evaluation replayed at start to populate alarm history.
        tick_seconds: Real seconds between background rule-engine evaluations (0 = none; the
            engine then only runs when requests arrive).
        max_body_bytes: Largest accepted request body.
        fault_seed: Seed of the fault injector's random choices (None = random).
        webhook_timeout: Seconds a webhook delivery may take.
        webhook_retries: Delivery attempts after the first one fails.
        webhook_backoff: Seconds before the first retry (doubled each time).
        warm_fleet: Render every device's part of the fleet answer in a background thread
            right after start, so the first ``GET /devices`` is answered from the cache.
    """

    api_key: str = field(default_factory=random_api_key)
    devices: int = 60
    seed: int = 1
    state_path: Path | None = None
    clock: Clock = field(default_factory=SystemClock)
    faults: FaultSpec = field(default_factory=FaultSpec)
    routes: RouteTable = field(default_factory=RouteTable)
    replay_hours: float = 24.0
    tick_seconds: float = 1.0
    max_body_bytes: int = MAX_BODY_BYTES
    fault_seed: int | None = None
    webhook_timeout: float = 5.0
    webhook_retries: int = 3
    webhook_backoff: float = 0.5
    warm_fleet: bool = True

    def __post_init__(self) -> None:
        if not self.api_key:
            raise ValueError("api_key must not be empty")
        if self.devices < 1 or self.devices > 100_000:
            raise ValueError("devices must be between 1 and 100000")
        if self.replay_hours < 0:
            raise ValueError("replay_hours must be >= 0")

    def __repr__(self) -> str:
        # Never show the key.
        return (
            f"SimConfig(devices={self.devices}, seed={self.seed}, state_path={self.state_path!r}, "
            f"clock={self.clock!r}, faults={self.faults!s})"
        )

    @property
    def outbox_path(self) -> Path | None:
        """Where email notifications are written (None in memory mode)."""
        if self.state_path is None:
            return None
        return self.state_path.with_name(self.state_path.name + ".outbox.jsonl")
