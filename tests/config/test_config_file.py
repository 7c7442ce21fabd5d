"""The config file: XDG paths, round trip, 0600 atomic writes, mode warnings, validation errors."""

from __future__ import annotations

import logging
import os
import re
import stat
from pathlib import Path

import pytest

from iottui.config import (
    Config,
    ConfigError,
    ConnectionSettings,
    Profile,
    TuiOptions,
    UIDefaults,
    cache_dir,
    config_path,
    data_dir,
    load_config,
    resolve_connection,
    save_config,
)


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def full_config(path: Path) -> Config:
    return Config(
        profiles={
            "prod": Profile(
                name="prod",
                url="https://api.teamviewer-iot.com",
                api_key_command="pass show iot/prod",
                version="2.1.0",
                refresh=2.5,
                paths={"fleet": "/v2/devices", "alarms": "/v2/alarms"},
                keymap={"close_alarm": "x", "refresh": "ctrl+r,f5"},
                theme="nord",
                read_only=True,
                ca_bundle="/etc/ssl/corp.pem",
                notify="off",
                fleet_cache=False,
            ),
            "lab": Profile(name="lab", url="http://127.0.0.1:8765", api_key="lab-inline-key"),
            "staging": Profile(name="staging", url="https://iot.example", api_key_env="STG_KEY"),
            "files": Profile(name="files", url="https://iot.example", api_key_file="~/k.txt"),
        },
        active="prod",
        ui=UIDefaults(
            theme="textual-dark", notify="osc9", keymap={"quit": "ctrl+q"}, fleet_cache=False
        ),
        path=path,
    )


class TestPaths:
    def test_config_path_follows_xdg_without_override(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.delenv("IOTTUI_CONFIG")
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
        assert config_path() == tmp_path / "cfg" / "iottui" / "config.toml"

    def test_iottui_config_overrides_xdg(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("IOTTUI_CONFIG", str(tmp_path / "elsewhere.toml"))
        assert config_path() == tmp_path / "elsewhere.toml"

    def test_relative_xdg_values_are_ignored(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.delenv("IOTTUI_CONFIG")
        monkeypatch.setenv("HOME", str(tmp_path))
        monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
        monkeypatch.setenv("XDG_DATA_HOME", "")
        monkeypatch.delenv("XDG_CACHE_HOME")
        assert config_path() == tmp_path / ".config" / "iottui" / "config.toml"
        assert data_dir() == tmp_path / ".local" / "share" / "iottui"
        assert cache_dir() == tmp_path / ".cache" / "iottui"

    def test_data_and_cache_dirs_follow_xdg(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
        assert data_dir() == tmp_path / "d" / "iottui"
        assert cache_dir() == tmp_path / "c" / "iottui"
        assert not data_dir().exists()  # paths only; callers create them


class TestRoundTrip:
    def test_missing_file_is_an_empty_config(self) -> None:
        config = load_config()
        assert config.profiles == {}
        assert config.active is None
        assert config.path == config_path()
        assert config.warnings == []

    def test_every_field_survives_save_and_load(self, tmp_path: Path) -> None:
        path = tmp_path / "conf" / "config.toml"
        original = full_config(path)
        save_config(original)
        loaded = load_config(path)
        assert loaded.profiles == original.profiles
        assert list(loaded.profiles) == ["prod", "lab", "staging", "files"]
        assert loaded.active == "prod"
        assert loaded.ui == original.ui
        assert loaded.warnings == []

    def test_defaults_are_not_written(self, tmp_path: Path) -> None:
        path = tmp_path / "config.toml"
        save_config(Config(profiles={"a": Profile(name="a", url="https://x.example")}), path)
        text = path.read_text()
        assert 'url = "https://x.example"' in text
        for key in (
            "version",
            "refresh",
            "read_only",
            "notify",
            "bell",
            "theme",
            "fleet_cache",
            "[ui]",
        ):
            assert key not in text
        assert load_config(path).profiles["a"] == Profile(name="a", url="https://x.example")

    def test_add_makes_the_first_profile_active_and_remove_hands_over(self) -> None:
        config = Config()
        config.add(Profile(name="a", url="https://a.example"))
        config.add(Profile(name="b", url="https://b.example"))
        assert _active(config) == "a"
        config.add(Profile(name="c", url="https://c.example"), activate=True)
        assert _active(config) == "c"
        config.remove("c")
        assert _active(config) is None  # two left: the user has to choose
        config.remove("a")
        assert _active(config) == "b"  # the only one left takes over
        with pytest.raises(ConfigError, match="no profile named 'zz'"):
            config.remove("zz")


class TestFileMode:
    def test_saved_file_is_0600_and_new_dir_0700(self, tmp_path: Path) -> None:
        path = tmp_path / "new" / "config.toml"
        save_config(full_config(path))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    def test_saving_over_a_world_readable_file_tightens_it(self, tmp_path: Path) -> None:
        path = write(tmp_path / "config.toml", 'active = "x"\n[profiles.x]\nurl="https://x.io"\n')
        path.chmod(0o644)
        config = load_config(path)
        assert config.warnings
        save_config(config)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert config.warnings == []
        assert load_config(path).warnings == []

    def test_wider_mode_gives_a_warning(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        path = write(tmp_path / "config.toml", "[profiles.a]\nurl = 'https://a.io'\n", 0o644)
        with caplog.at_level(logging.WARNING, logger="iottui.config"):
            config = load_config(path)
        assert len(config.warnings) == 1
        warning = config.warnings[0]
        assert "0644" in warning
        assert f"chmod 600 {path}" in warning
        assert warning in caplog.text

    def test_group_readable_is_also_too_wide(self, tmp_path: Path) -> None:
        path = write(tmp_path / "config.toml", "", 0o640)
        assert "0640" in load_config(path).warnings[0]

    def test_write_is_atomic(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "config.toml"
        save_config(full_config(path))
        before = path.read_bytes()

        def broken_replace(src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", broken_replace)
        config = full_config(path)
        config.active = "lab"
        with pytest.raises(ConfigError, match="No space left on device") as caught:
            save_config(config)
        assert caught.value.path == path
        assert path.read_bytes() == before
        assert sorted(os.listdir(tmp_path)) == ["config.toml"]  # no temp file left behind


class TestSecretsStayOutOfRepr:
    def test_profile_repr_has_no_inline_key(self) -> None:
        profile = Profile(name="p", url="https://x.io", api_key="sk-very-secret")
        assert "sk-very-secret" not in repr(profile)
        assert "sk-very-secret" not in str(profile)
        assert "sk-very-secret" not in repr(Config(profiles={"p": profile}))

    def test_connection_settings_repr_has_no_key(self) -> None:
        settings = ConnectionSettings(url="https://x.io", api_key="sk-very-secret")
        assert "sk-very-secret" not in repr(settings)
        assert settings.verify is True
        assert ConnectionSettings("https://x.io", "k", ca_bundle="/ca.pem").verify == "/ca.pem"


BROKEN: list[tuple[str, str, list[str]]] = [
    ("bad toml", "[profiles.a\nurl = 1\n", ["invalid TOML", "line 1"]),
    ("bad value", "active = prod\n", ["invalid TOML", "line 1, column 10"]),
    ("unknown top key", "colour = 'red'\n", ["unknown key 'colour'", "the top level"]),
    (
        "unknown profile key",
        "[profiles.a]\nurl = 'https://a.io'\napikey = 'x'\n",
        ["profiles.a", "unknown key 'apikey'", "api_key_command"],
    ),
    ("unknown ui key", "[ui]\nthemes = 'x'\n", ["unknown key 'themes' in [ui]"]),
    (
        "refresh as string",
        "[profiles.a]\nurl = 'https://a.io'\nrefresh = '5'\n",
        ["profiles.a.refresh", "expected a number", "'5'"],
    ),
    (
        "refresh out of range",
        "[profiles.a]\nurl = 'https://a.io'\nrefresh = 0\n",
        ["profiles.a.refresh", "between 1 and 300"],
    ),
    (
        "read_only as string",
        "[profiles.a]\nurl = 'https://a.io'\nread_only = 'yes'\n",
        ["profiles.a.read_only", "expected true or false"],
    ),
    (
        "url missing",
        "[profiles.a]\napi_key_env = 'K'\n",
        ["profiles.a.url", "missing"],
    ),
    (
        "url scheme",
        "[profiles.a]\nurl = 'ftp://a.io'\n",
        ["profiles.a.url", "invalid URL 'ftp://a.io'"],
    ),
    ("url no host", "[profiles.a]\nurl = 'https://'\n", ["profiles.a.url", "invalid URL"]),
    (
        "url bad port",
        "[profiles.a]\nurl = 'https://a.io:99999'\n",
        ["profiles.a.url", "Port out of range"],
    ),
    (
        "profile not a table",
        "[profiles]\na = 'https://a.io'\n",
        ["profiles.a", "expected a table"],
    ),
    (
        "unknown route key",
        "[profiles.a]\nurl = 'https://a.io'\n[profiles.a.paths]\nfleets = '/x'\n",
        ["profiles.a.paths", "unknown route key 'fleets'"],
    ),
    (
        "relative path override",
        "[profiles.a]\nurl = 'https://a.io'\n[profiles.a.paths]\nfleet = 'v2/devices'\n",
        ["profiles.a.paths", "absolute path"],
    ),
    (
        "keymap value not a string",
        "[profiles.a]\nurl = 'https://a.io'\n[profiles.a.keymap]\nquit = 1\n",
        ["profiles.a.keymap.quit", "expected a string"],
    ),
    ("active undefined", "active = 'nope'\n", ["active", "names no defined profile: 'nope'"]),
    (
        "bad env name",
        "[profiles.a]\nurl = 'https://a.io'\napi_key_env = 'MY-KEY'\n",
        ["profiles.a.api_key_env", "not an environment variable name"],
    ),
    (
        "bad profile name",
        "[profiles.'a b']\nurl = 'https://a.io'\n",
        ["profiles.a b", "invalid profile name"],
    ),
    (
        "empty string",
        "[profiles.a]\nurl = 'https://a.io'\napi_key = ''\n",
        ["profiles.a.api_key", "must not be empty"],
    ),
    (
        "version with a semicolon",
        "[profiles.a]\nurl = 'https://a.io'\nversion = '2.0.0; x=1'\n",
        ["profiles.a.version", "expected a version like 2.0.0"],
    ),
    (
        "unbalanced quote in command",
        "[profiles.a]\nurl = 'https://a.io'\napi_key_command = 'pass \"x'\n",
        ["profiles.a.api_key_command", "cannot be parsed"],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_config_is_one_clear_error(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for fragment in expected:
        assert fragment in message


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    directory = tmp_path / "dir.toml"
    directory.mkdir()
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(directory)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"active = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(binary)


class TestNotify:
    """``[ui] notify`` (and per profile), with the old ``bell = true|false`` still read."""

    @pytest.mark.parametrize("mode", ["osc9", "osc777", "bell", "off"])
    def test_each_mode_is_read_in_ui_and_profiles(self, tmp_path: Path, mode: str) -> None:
        path = write(
            tmp_path / "config.toml",
            f'[ui]\nnotify = "{mode}"\n[profiles.a]\nurl = "https://a.example"\n'
            f'api_key = "k"\nnotify = "{mode}"\n',
        )
        config = load_config(path)
        assert config.ui.notify == mode
        assert config.profiles["a"].notify == mode

    def test_default_is_bell_and_not_written(self, tmp_path: Path) -> None:
        path = tmp_path / "config.toml"
        config = Config(profiles={"a": Profile(name="a", url="https://a.example", api_key="k")})
        assert config.ui.notify == "bell"
        save_config(config, path)
        assert "notify" not in path.read_text()
        assert load_config(path).ui.notify == "bell"

    @pytest.mark.parametrize(("bell", "mode"), [("true", "bell"), ("false", "off")])
    def test_old_bell_key_is_read_as_notify_and_written_as_notify(
        self, tmp_path: Path, bell: str, mode: str
    ) -> None:
        path = write(
            tmp_path / "config.toml",
            f'[ui]\nbell = {bell}\n[profiles.a]\nurl = "https://a.example"\napi_key = "k"\n'
            f"bell = {bell}\n",
        )
        config = load_config(path)
        assert (config.ui.notify, config.profiles["a"].notify) == (mode, mode)
        save_config(config, path)
        text = path.read_text()
        assert "bell =" not in text
        assert load_config(path).profiles["a"].notify == mode

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ('notify = "desktop"', "ui.notify: expected one of osc9, osc777, bell, off"),
            ("notify = true", "ui.notify: expected a string"),
            ('notify = "off"\nbell = true', "ui.bell: is the old spelling of notify"),
        ],
    )
    def test_bad_values_name_the_key(self, tmp_path: Path, body: str, message: str) -> None:
        path = write(tmp_path / "config.toml", f"[ui]\n{body}\n")
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_config(path)

    def test_resolved_settings_and_ui_settings_carry_it(self, tmp_path: Path) -> None:
        from iottui.ui.launch import DemoServer, ui_settings

        path = write(
            tmp_path / "config.toml",
            '[ui]\nnotify = "osc777"\n[profiles.a]\nurl = "https://a.example"\napi_key = "k"\n'
            '[profiles.b]\nurl = "https://b.example"\napi_key = "k"\nnotify = "off"\n',
        )
        config = load_config(path)
        for name, mode in (("a", "osc777"), ("b", "off")):
            options = TuiOptions(profile=name)
            settings = resolve_connection(options, config)
            assert settings is not None
            assert settings.notify == mode
            ui = ui_settings(settings, config, DemoServer(options), options)
            assert ui.notify == mode


def _active(config: Config) -> str | None:
    """``config.active`` read through a call, so mypy does not carry an earlier narrowing
    across ``config.remove()``."""
    return config.active
