"""Shared by every test: isolate from the user's real config, data and cache dirs and keys.

Area-specific fixtures (simulator, client, app) live in each area's own ``conftest.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    """Skip the 30-minute soak unless asked for (``-m soak``), so a bare ``pytest`` stays quick."""
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the long soak runs only with -m soak")
    for item in items:
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)
