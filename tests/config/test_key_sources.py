"""Where the API key comes from, in which order, and how failures read (never with the key)."""

from __future__ import annotations

import dataclasses
import shlex
import sys
from pathlib import Path

import pytest

from iottui.config import (
    Config,
    ConfigError,
    Profile,
    TuiOptions,
    UIDefaults,
    demo_connection,
    describe_key_source,
    resolve_api_key,
    resolve_connection,
)


def python_command(code: str) -> str:
    """A shell-quoted command line running ``code`` with this interpreter."""
    return shlex.join([sys.executable, "-c", code])


def profile(**fields: object) -> Profile:
    return Profile(name="p", url="https://iot.example", **fields)  # type: ignore[arg-type]


class TestEachSource:
    def test_api_key_env_reads_the_named_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("MY_IOT_KEY", "  env-key\n")
        assert resolve_api_key(profile(api_key_env="MY_IOT_KEY")) == "env-key"

    def test_api_key_env_unset_names_the_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("MY_IOT_KEY", raising=False)
        with pytest.raises(ConfigError, match="MY_IOT_KEY, which is not set"):
            resolve_api_key(profile(api_key_env="MY_IOT_KEY"))

    def test_command_stdout_stripped(self) -> None:
        command = python_command("print('  cmd-key  ')")
        assert resolve_api_key(profile(api_key_command=command)) == "cmd-key"

    def test_command_failure_never_shows_its_output(self) -> None:
        code = (
            "import sys; print('LEAKED-STDOUT'); "
            "print('LEAKED-STDERR', file=sys.stderr); sys.exit(3)"
        )
        with pytest.raises(ConfigError) as caught:
            resolve_api_key(profile(api_key_command=python_command(code)))
        message = str(caught.value)
        assert "api_key_command of profile 'p' failed" in message
        assert "exited with status 3" in message
        assert "LEAKED" not in message
        assert caught.value.__cause__ is None
        assert caught.value.__context__ is None

    def test_command_not_found(self) -> None:
        with pytest.raises(ConfigError, match="program not found: 'no-such-program-iottui'"):
            resolve_api_key(profile(api_key_command="no-such-program-iottui show key"))

    def test_command_printing_nothing(self) -> None:
        with pytest.raises(ConfigError, match="printed nothing on stdout"):
            resolve_api_key(profile(api_key_command=python_command("pass")))

    def test_command_timeout(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("iottui.config.keys.KEY_COMMAND_TIMEOUT", 0.2)
        command = python_command("import time; time.sleep(5)")
        with pytest.raises(ConfigError, match=r"no answer within 0\.2 s"):
            resolve_api_key(profile(api_key_command=command))

    def test_key_file_absolute_and_relative_to_the_config(self, tmp_path: Path) -> None:
        (tmp_path / "keys").mkdir()
        (tmp_path / "keys" / "iot.key").write_text("file-key\n")
        absolute = profile(api_key_file=str(tmp_path / "keys" / "iot.key"))
        assert resolve_api_key(absolute) == "file-key"
        relative = profile(api_key_file="keys/iot.key")
        config_file = tmp_path / "config.toml"
        assert resolve_api_key(relative, config_file=config_file) == "file-key"

    def test_key_file_with_tilde(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        (tmp_path / ".iot-key").write_text("home-key")
        assert resolve_api_key(profile(api_key_file="~/.iot-key")) == "home-key"

    def test_key_file_missing_or_empty(self, tmp_path: Path) -> None:
        with pytest.raises(ConfigError, match="cannot read the API key file of profile 'p'"):
            resolve_api_key(profile(api_key_file=str(tmp_path / "absent")))
        (tmp_path / "empty").write_text("\n")
        with pytest.raises(ConfigError, match="is empty"):
            resolve_api_key(profile(api_key_file=str(tmp_path / "empty")))

    def test_inline_key(self) -> None:
        assert resolve_api_key(profile(api_key="inline-key")) == "inline-key"

    def test_no_source_explains_every_option(self) -> None:
        with pytest.raises(ConfigError) as caught:
            resolve_api_key(profile())
        for word in ("api_key_env", "api_key_command", "api_key_file", "api_key", "IOTTUI_API_KEY"):
            assert word in str(caught.value)


class TestPrecedence:
    def test_documented_order(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        key_file = tmp_path / "k"
        key_file.write_text("from-file")
        monkeypatch.setenv("PROFILE_VAR", "from-env-var")
        every = profile(
            api_key_env="PROFILE_VAR",
            api_key_command=python_command("print('from-command')"),
            api_key_file=str(key_file),
            api_key="from-inline",
        )
        monkeypatch.setenv("IOTTUI_API_KEY", "from-iottui-env")
        assert resolve_api_key(every) == "from-iottui-env"
        monkeypatch.delenv("IOTTUI_API_KEY")
        assert resolve_api_key(every) == "from-env-var"
        every = dataclasses.replace(every, api_key_env=None)
        assert resolve_api_key(every) == "from-command"
        every = dataclasses.replace(every, api_key_command=None)
        assert resolve_api_key(every) == "from-file"
        every = dataclasses.replace(every, api_key_file=None)
        assert resolve_api_key(every) == "from-inline"

    def test_iottui_api_key_beats_a_failing_command(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IOTTUI_API_KEY", "override")
        failing = profile(api_key_command=python_command("raise SystemExit(1)"))
        assert resolve_api_key(failing) == "override"

    def test_describe_names_sources_never_keys(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SET_VAR", "secret-in-env")
        assert describe_key_source(profile(api_key="secret-inline")) == "inline in the config file"
        assert describe_key_source(profile(api_key_env="SET_VAR")) == (
            "environment variable SET_VAR (set)"
        )
        assert "NOT SET" in describe_key_source(profile(api_key_env="UNSET_VAR_X"))
        assert describe_key_source(profile(api_key_command="pass show iot")) == "command (pass ...)"
        assert describe_key_source(profile()) == "none configured"
        monkeypatch.setenv("IOTTUI_API_KEY", "secret-override")
        described = describe_key_source(profile(api_key="secret-inline"))
        assert "IOTTUI_API_KEY" in described
        assert "secret" not in described
        assert profile(api_key="x").key_source == "inline"
        assert profile(api_key_file="f", api_key="x").key_source == "file"


class TestResolveConnection:
    def config(self) -> Config:
        return Config(
            profiles={
                "prod": Profile(
                    name="prod",
                    url="https://api.teamviewer-iot.com",
                    api_key="prod-key",
                    refresh=10,
                    paths={"fleet": "/v2/devices"},
                    keymap={"close_alarm": "x"},
                    ca_bundle="/ca.pem",
                ),
                "lab": Profile(
                    name="lab",
                    url="http://127.0.0.1:8765",
                    api_key="lab-key",
                    theme="nord",
                    notify="osc777",
                    read_only=True,
                ),
            },
            active="prod",
            ui=UIDefaults(
                theme="gruvbox", notify="off", keymap={"quit": "ctrl+q", "close_alarm": "c"}
            ),
        )

    def test_nothing_to_connect_to_is_none(self) -> None:
        assert resolve_connection(TuiOptions(), Config()) is None

    def test_active_profile_merged_with_ui_defaults(self) -> None:
        settings = resolve_connection(TuiOptions(), self.config())
        assert settings is not None
        assert settings.profile_name == "prod"
        assert settings.url == "https://api.teamviewer-iot.com"
        assert settings.api_key == "prod-key"
        assert settings.refresh == 10
        assert settings.keymap == {"quit": "ctrl+q", "close_alarm": "x"}  # profile wins
        assert settings.theme == "gruvbox"
        assert settings.notify == "off"
        assert settings.read_only is False
        assert settings.verify == "/ca.pem"
        assert settings.routes.path("fleet") == "/v2/devices"

    def test_named_profile_and_option_overrides(self) -> None:
        options = TuiOptions(profile="lab", refresh=2)
        settings = resolve_connection(options, self.config())
        assert settings is not None
        assert (settings.profile_name, settings.api_key, settings.theme) == (
            "lab",
            "lab-key",
            "nord",
        )
        assert settings.refresh == 2
        assert settings.read_only is True
        assert settings.notify == "osc777"
        assert settings.verify is True

    def test_read_only_option_applies_to_any_profile(self) -> None:
        settings = resolve_connection(TuiOptions(read_only=True), self.config())
        assert settings is not None
        assert settings.read_only

    def test_unknown_profile(self) -> None:
        with pytest.raises(ConfigError, match=r"no profile named 'nope' \(known: lab, prod\)"):
            resolve_connection(TuiOptions(profile="nope"), self.config())

    def test_url_with_key_env(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("ADHOC_KEY", "adhoc")
        options = TuiOptions(url="https://other.example/", api_key_env="ADHOC_KEY")
        settings = resolve_connection(options, self.config())
        assert settings is not None
        assert (settings.url, settings.api_key) == ("https://other.example", "adhoc")
        assert settings.theme == "gruvbox"

    def test_url_needs_a_key_source(self, monkeypatch: pytest.MonkeyPatch) -> None:
        with pytest.raises(ConfigError, match="--url needs a key source"):
            resolve_connection(TuiOptions(url="https://other.example"), Config())
        monkeypatch.setenv("IOTTUI_API_KEY", "from-env")
        settings = resolve_connection(TuiOptions(url="https://other.example"), Config())
        assert settings is not None
        assert settings.api_key == "from-env"

    def test_url_refuses_plain_http_to_remote_hosts(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("K", "k")
        with pytest.raises(ConfigError, match="the API key would travel in clear"):
            resolve_connection(TuiOptions(url="http://iot.example", api_key_env="K"), Config())
        for url in ("http://localhost:8765", "http://127.0.0.1:1", "http://[::1]:8765"):
            assert resolve_connection(TuiOptions(url=url, api_key_env="K"), Config()) is not None

    def test_api_key_env_overrides_the_profile_source(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("OTHER", "other-key")
        settings = resolve_connection(TuiOptions(api_key_env="OTHER"), self.config())
        assert settings is not None
        assert settings.api_key == "other-key"

    def test_demo(self) -> None:
        with pytest.raises(ValueError, match="demo_connection"):
            resolve_connection(TuiOptions(demo=True), self.config())
        settings = demo_connection(
            TuiOptions(demo=True, refresh=3), self.config(), url="http://127.0.0.1:5", api_key="d"
        )
        assert (settings.profile_name, settings.refresh, settings.theme) == ("demo", 3, "gruvbox")
        assert settings.keymap == {"quit": "ctrl+q", "close_alarm": "c"}
        assert "'d'" not in repr(settings)
