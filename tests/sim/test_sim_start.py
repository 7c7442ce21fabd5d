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
