"""What makes the simulator's start cheap must not change what it computes: the bound
per-metric sampler the rule engine's replay uses gives exactly :func:`signals.value_at`."""

from __future__ import annotations

import random

import pytest

from iottui.sim import signals
from tests.sim.conftest import T0

KINDS = [*signals.PROFILES, "status", "bool"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value_type", ["double", "integer", "string", "bool"])
def test_sampler_equals_value_at(kind: str, value_type: str) -> None:
    rng = random.Random(f"{kind}:{value_type}")
    for metric in range(6):
        key = signals.metric_key(rng.randrange(1, 100), rng.randrange(1, 10**6), f"m{metric}")
        sample = signals.sampler(kind, key, value_type)
        # in time order (as the replay asks) over two days, then at random instants
        times = list(range(T0 - 86_400_000, T0 + 86_400_000, 37_000))
        times += [rng.randrange(0, 2 * T0) for _ in range(300)]
        got = [sample(t) for t in times]
        want = [signals.value_at(kind, key, t, value_type) for t in times]
        assert got == want
        assert [type(v) for v in got] == [type(v) for v in want]


def test_sampler_sees_anomalies_and_spikes() -> None:
    """The equality above is not vacuous: two days hold anomaly windows and spikes."""
    profile = signals.PROFILES["cpu"]
    times = range(T0 - 86_400_000, T0 + 86_400_000, 37_000)
    for metric in range(6):
        key = signals.metric_key(1, 42, f"m{metric}")
        assert any(signals._anomaly(key, t, profile.anomaly_prob) for t in times)
        assert any(signals.unit(key, t, 8) < profile.spike_prob for t in times)


@pytest.mark.parametrize("kind", list(signals.PROFILES))
def test_never_reaches_rejects_only_samples_that_do_not_match(kind: str) -> None:
    """Wherever the replay's shortcut says a sample cannot match, it does not match."""
    ops = {">": float.__gt__, ">=": float.__ge__, "<": float.__lt__, "<=": float.__le__}
    times = range(T0 - 86_400_000, T0 + 86_400_000, 53_000)
    tested = 0
    for value_type in ("double", "integer"):
        for metric in range(2):
            key = signals.metric_key(3, 900 + metric, f"{kind}{metric}")
            values = [float(signals.value_at(kind, key, t, value_type)) for t in times]
            low, high = min(values), max(values)
            span = max(1.0, high - low)
            thresholds = [low - span + span * i / 12 for i in range(37)]
            for op, compare in ops.items():
                for threshold in thresholds:
                    rejects = signals.never_reaches(kind, key, value_type, op, threshold)
                    if rejects is None:
                        continue
                    tested += 1
                    for t, value in zip(times, values, strict=True):
                        if rejects(t):
                            assert not compare(value, threshold), (op, threshold, t, value)
    assert tested > 0


def test_replay_with_and_without_the_shortcut_is_the_same() -> None:
    """The alarms of a 24 h replay (generated rules, 400 devices) do not depend on it."""
    from iottui.clock import FixedClock
    from iottui.sim.config import SimConfig
    from iottui.sim.engine import Engine
    from iottui.sim.store import Store
    from iottui.sim.world import World

    def replay(shortcut: bool) -> list[tuple[object, ...]]:
        config = SimConfig(api_key="k", devices=400, seed=5, clock=FixedClock(T0))
        world = World(config, Store(None))
        if not shortcut:
            world.never_reaches = lambda *args: None  # type: ignore[method-assign]
        Engine(world).catch_up(notify=False)
        return sorted(
            (a["id"], a["type"], a["status"], a["openTime"], a.get("_closeTime"), str(a["source"]))
            for a in world.alarms.values()
        )

    with_shortcut = replay(True)
    assert with_shortcut == replay(False)
    metric_alarms = [a for a in with_shortcut if a[1] == 1]
    assert len(metric_alarms) > 10  # opened (and closed) in anomaly windows and spikes
