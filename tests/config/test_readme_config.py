"""The README's example config is valid and shows every key the loader accepts."""

from __future__ import annotations

import re
from pathlib import Path

from iottui.config import file as config_file
from iottui.config import load_config

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_toml() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", text, re.S)
    assert match is not None, "README.md has no ```toml block"
    return match.group(1)


def test_readme_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(readme_toml(), encoding="utf-8")
    path.chmod(0o600)
    config = load_config(path)
    assert config.active == "prod"
    assert set(config.profiles) == {"prod", "lab"}
    prod = config.profiles["prod"]
    assert prod.api_key_command == "pass show iot/prod"
    assert prod.paths == {"fleet": "/devices"}
    assert prod.keymap == {"close_alarm": "x"}
    assert config.ui.keymap == {"refresh_now": "f5"}
    assert config.warnings == []


def test_readme_example_mentions_every_key() -> None:
    example = readme_toml()
    shown = set(re.findall(r"^#?\s*([a-z_]+) = ", example, re.M))
    headers = re.findall(r"^\[([\w.]+)\]", example, re.M)
    tables = {part for header in headers for part in header.split(".")}
    for key in (*config_file._PROFILE_KEYS, *config_file._UI_KEYS, *config_file._TOP_KEYS):
        assert key in shown | tables, f"README's example config does not show {key!r}"
