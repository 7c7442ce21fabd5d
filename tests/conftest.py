"""Shared by every test: isolate from the user's real config, data and cache dirs and keys.

Area-specific fixtures (simulator, client, app) live in each area's own ``conftest.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import textual.constants

#: Pilot tests run with Textual's animations off (the app's own setting over SSH): every
#: ``pilot.press`` waits for running animations, so a tab switch or a scroll cost ~0.3 s of
#: underline or scroll animation per key. Tests marked ``animations`` keep the default.
NO_ANIMATIONS = "none"
os.environ["TEXTUAL_ANIMATIONS"] = NO_ANIMATIONS  # subprocesses (``iottui`` under a pty)


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point XDG dirs and IOTTUI_CONFIG at a fresh temporary home; drop any real API key.

    Returns the temporary base directory (``config/``, ``data/``, ``cache/`` under it).
    """
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(base))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("IOTTUI_CONFIG", str(base / "config" / "iottui" / "config.toml"))
    monkeypatch.delenv("IOTTUI_API_KEY", raising=False)
    monkeypatch.delenv("IOTTUI_DEBUG", raising=False)
    return base


@pytest.fixture(autouse=True)
def animations_off(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made in this test start with ``animation_level = "none"`` unless it is marked
    ``animations`` (then they get Textual's default, "full")."""
    if request.node.get_closest_marker("animations") is None:
        monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", NO_ANIMATIONS)
    else:
        monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "full")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the ``slow`` tests first (on xdist workers the longest tests then never start last
    on one worker while the others are done); skip the 30-minute soak unless asked for
    (``-m soak``), so a bare ``pytest`` stays quick."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: else as found
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the long soak runs only with -m soak")
    for item in items:
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)


#: xdist workers per CPU for ``-n auto``. A pilot test is about half idle: every key and pause
#: waits until the process has been idle for a 20 ms step (Textual's ``wait_for_idle``; a
#: shorter step is not safe, as it ends before the screen's next 1/60 s update), and the
#: resilience tests wait out real timeouts. With one worker per CPU the suite kept 1.1 of 2
#: cores busy (6m13s of CPU in 5m57s on a quiet 2-core machine).
WORKERS_PER_CPU = 2


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: :data:`WORKERS_PER_CPU` per CPU this process may run on (xdist's own
    count when ``PYTEST_XDIST_AUTO_NUM_WORKERS`` says how many)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CPU * (cpus or 1)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's default ``--dist load`` becomes work stealing with a dealt first hand (other
    ``--dist`` modes are left alone). ``load`` hands each worker a fixed share up front, so one
    worker ended 50 s after the other; xdist's ``worksteal`` gives each worker one block of the
    collection, so the ``slow`` tests, first, would all run one after another on the first
    worker. Here worker k of n starts with tests k, k + n, k + 2n, ... (one slow test each in
    turn, modules still in order within a worker), and a worker that runs out takes half of
    what another still has queued."""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import WorkStealingScheduling  # type: ignore[import-untyped]

    class DealtWorkStealing(WorkStealingScheduling):  # type: ignore[misc]
        dealt = False

        def check_schedule(self) -> None:
            if not self.dealt and self.collection is not None:
                self.dealt = True  # the first call hands out all pending tests, in blocks
                hands = len(self.node2pending)
                self.pending[:] = [i for k in range(hands) for i in self.pending[k::hands]]
            super().check_schedule()

    return DealtWorkStealing(config, log)
