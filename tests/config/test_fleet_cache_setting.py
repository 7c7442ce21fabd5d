"""``fleet_cache``: on by default, off in ``[ui]`` or per profile (the profile wins)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iottui.config import ConfigError, TuiOptions, demo_connection, load_config, resolve_connection


def settings_for(tmp_path: Path, text: str, profile: str = "p") -> bool:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    config = load_config(path)
    resolved = resolve_connection(TuiOptions(profile=profile), config)
    assert resolved is not None
    return resolved.fleet_cache


PROFILE = '[profiles.p]\nurl = "https://iot.example"\napi_key = "k"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PROFILE, True),
        ("[ui]\nfleet_cache = false\n" + PROFILE, False),
        (PROFILE + "fleet_cache = false\n", False),
        ("[ui]\nfleet_cache = false\n" + PROFILE + "fleet_cache = true\n", True),
        ("[ui]\nfleet_cache = true\n" + PROFILE + "fleet_cache = false\n", False),
    ],
)
def test_profile_wins_over_ui_default(tmp_path: Path, text: str, expected: bool) -> None:
    assert settings_for(tmp_path, text) is expected


def test_demo_follows_the_ui_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui]\nfleet_cache = false\n", encoding="utf-8")
    config = load_config(path)
    demo = demo_connection(TuiOptions(demo=True), config, url="http://127.0.0.1:1", api_key="k")
    assert demo.fleet_cache is False
    assert demo_connection(
        TuiOptions(demo=True),
        load_config(tmp_path / "none.toml"),
        url="http://127.0.0.1:1",
        api_key="k",
    ).fleet_cache


def test_a_non_boolean_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ui\.fleet_cache: expected true or false"):
        settings_for(tmp_path, '[ui]\nfleet_cache = "no"\n' + PROFILE)
    with pytest.raises(ConfigError, match=r"profiles\.p\.fleet_cache: expected true or false"):
        settings_for(tmp_path, PROFILE + "fleet_cache = 0\n")
