"""The base CLI through ``main()``: --version, info, profile, config errors, hooks, exit codes."""

from __future__ import annotations

import argparse
import getpass
import json
import stat
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from iottui import __version__, cli
from iottui.api.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ResponseFormatError,
    ValidationError,
)
from iottui.config import (
    ConnectionSettings,
    TuiOptions,
    config_path,
    connect,
    connection,
    data_dir,
    load_config,
)
from iottui.exit_codes import EXIT_CRASH, exit_code_for

SECRET = "sk-do-not-print-7f3a"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_config(text: str, mode: int = 0o600) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.fixture
def typed_key(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """getpass answers SECRET; the list collects the prompts shown."""
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return SECRET + "\n"

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    return prompts


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"iottui {__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("info", "profile", "sim", "--demo", "--profile", "--api-key-env", "exit codes"):
        assert word in out


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "iottui", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"iottui {__version__}"


def test_mode_warning_is_printed_once_in_a_real_process() -> None:
    """Regression: the logged warning also reached Python's last-resort handler (twice)."""
    path = write_config("[profiles.a]\nurl = 'https://a.io'\n", mode=0o644)
    done = subprocess.run(
        [sys.executable, "-m", "iottui", "profile", "list"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stderr.count("has mode 0644") == 1
    assert done.stderr.startswith(f"iottui: warning: {path} has mode 0644")


class TestInfo:
    def test_without_config(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "info")
        assert code == 0
        assert err == ""
        assert f"config file: {config_path()} (from IOTTUI_CONFIG) (not created yet)" in out
        assert "data dir:" in out
        assert "cache dir:" in out
        assert "profiles:    none" in out

    def test_lists_profiles_and_sources_never_keys(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        key_file = tmp_path / "key"
        key_file.write_text(SECRET + "-file")
        monkeypatch.setenv("PROD_KEY", SECRET + "-env")
        write_config(
            f"""
active = "lab"
[profiles.lab]
url = "http://127.0.0.1:8765"
api_key = "{SECRET}"
[profiles.prod]
url = "https://api.teamviewer-iot.com"
api_key_env = "PROD_KEY"
read_only = true
[profiles.files]
url = "https://iot.example"
api_key_file = "{key_file}"
[profiles.cmd]
url = "https://iot.example"
api_key_command = "echo {SECRET}-cmd"
"""
        )
        code, out, err = run(capsys, "info")
        assert code == 0
        assert SECRET not in out + err
        assert "active:      lab" in out
        lines = {
            line.split()[1] if line.startswith("  *") else line.split()[0]: line
            for line in out.splitlines()
            if line.startswith("  ") and "http" in line
        }
        assert lines["lab"].startswith("  *")
        assert "inline in the config file" in lines["lab"]
        assert "environment variable PROD_KEY (set)" in lines["prod"]
        assert "read-only" in lines["prod"]
        assert f"file {key_file}" in lines["files"]
        assert "command (echo ...)" in lines["cmd"]

        monkeypatch.setenv("IOTTUI_API_KEY", SECRET + "-override")
        code, out, err = run(capsys, "info", "--json")
        assert code == 0
        assert SECRET not in out + err
        data = json.loads(out)
        assert data["version"] == __version__
        assert data["active_profile"] == "lab"
        assert data["api_key_env_set"] is True
        assert [p["name"] for p in data["profiles"]] == ["lab", "prod", "files", "cmd"]
        assert [p["key_source"] for p in data["profiles"]] == ["inline", "env", "file", "command"]

    def test_shows_the_mode_warning(self, capsys: pytest.CaptureFixture[str]) -> None:
        path = write_config("[profiles.a]\nurl = 'https://a.io'\n", mode=0o644)
        code, out, _ = run(capsys, "info")
        assert code == 0
        assert f"warning: {path} has mode 0644" in out
        assert "chmod 600" in out

    def test_broken_config_still_shows_paths(self, capsys: pytest.CaptureFixture[str]) -> None:
        path = write_config("active = \n")
        code, out, err = run(capsys, "info")
        assert code == 2
        assert f"config file: {path}" in out
        assert err.count("\n") == 1
        assert err.startswith(f"iottui: error: {path}: invalid TOML")


class TestBrokenConfig:
    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("[profiles.a\n", "invalid TOML: "),
            ("[profiles.a]\nurl='https://a.io'\ncolour='red'\n", "unknown key 'colour'"),
            ("[profiles.a]\nurl='https://a.io'\nrefresh='fast'\n", "expected a number"),
            ("[profiles.a]\nurl='notaurl'\n", "invalid URL 'notaurl'"),
        ],
    )
    @pytest.mark.parametrize("command", [["profile", "list"], ["profile", "use", "a"], []])
    def test_one_message_exit_2(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        text: str,
        fragment: str,
        command: list[str],
    ) -> None:
        launched: list[TuiOptions] = []
        fake_launch(monkeypatch, launched)
        path = write_config(text)
        code, out, err = run(capsys, *command)
        assert code == 2
        assert out == ""
        assert err.startswith(f"iottui: error: {path}: ")
        assert fragment in err
        assert err.count("\n") == 1
        assert "Traceback" not in err
        assert launched == []


class TestProfileCommands:
    def test_add_asks_for_the_key_and_stores_it_0600(
        self, capsys: pytest.CaptureFixture[str], typed_key: list[str]
    ) -> None:
        code, out, err = run(capsys, "profile", "add", "prod", "--url", "https://iot.example/")
        assert code == 0, err
        assert typed_key == ["API key for profile 'prod' (input hidden): "]
        assert SECRET not in out + err
        assert "saved profile 'prod' (active)" in out
        path = config_path()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        config = load_config()
        assert config.active == "prod"
        assert config.profiles["prod"].url == "https://iot.example"
        assert config.profiles["prod"].api_key == SECRET

    def test_add_with_options(
        self, capsys: pytest.CaptureFixture[str], typed_key: list[str]
    ) -> None:
        code, _, err = run(
            capsys,
            "profile",
            "add",
            "lab",
            "--url",
            "http://localhost:8765",
            "--api-key-env",
            "LAB_KEY",
            "--version",
            "2.1.0",
            "--refresh",
            "2",
            "--read-only",
            "--ca-bundle",
            "/etc/ca.pem",
        )
        assert code == 0
        assert typed_key == []  # a key source was given: no prompt
        assert "LAB_KEY is not set" in err
        lab = load_config().profiles["lab"]
        assert (lab.api_key_env, lab.api_key, lab.version) == ("LAB_KEY", None, "2.1.0")
        assert (lab.refresh, lab.read_only, lab.ca_bundle) == (2.0, True, "/etc/ca.pem")

    def test_add_with_command_or_file_source(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert (
            cli.main(
                [
                    "profile",
                    "add",
                    "a",
                    "--url",
                    "https://a.io",
                    "--api-key-command",
                    "pass show iot",
                ]
            )
            == 0
        )
        assert (
            cli.main(
                [
                    "profile",
                    "add",
                    "b",
                    "--url",
                    "https://b.io",
                    "--api-key-file",
                    "~/iot.key",
                    "--use",
                ]
            )
            == 0
        )
        config = load_config()
        assert config.profiles["a"].api_key_command == "pass show iot"
        assert config.profiles["b"].api_key_file == "~/iot.key"
        assert config.active == "b"
        capsys.readouterr()

    def test_add_refuses_plain_http_to_a_remote_host(
        self, capsys: pytest.CaptureFixture[str], typed_key: list[str]
    ) -> None:
        code, _, err = run(capsys, "profile", "add", "p", "--url", "http://iot.example")
        assert code == 2
        assert "the API key would travel in clear" in err
        assert typed_key == []  # refused before asking for the key
        assert not config_path().exists()

    def test_add_rejects_a_key_literal_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(
            capsys, "profile", "add", "p", "--url", "https://a.io", "--api-key", SECRET
        )
        assert code == 2
        assert "--api-key" in err  # ambiguous with the key *source* options, never a key
        assert not config_path().exists()

    def test_add_existing_needs_force(
        self, capsys: pytest.CaptureFixture[str], typed_key: list[str]
    ) -> None:
        assert cli.main(["profile", "add", "p", "--url", "https://a.io"]) == 0
        code, _, err = run(capsys, "profile", "add", "p", "--url", "https://b.io")
        assert code == 2
        assert "already exists (use --force" in err
        assert cli.main(["profile", "add", "p", "--url", "https://b.io", "--force"]) == 0
        assert load_config().profiles["p"].url == "https://b.io"

    def test_add_empty_key_saves_nothing(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(getpass, "getpass", lambda prompt="": "  ")
        code, _, err = run(capsys, "profile", "add", "p", "--url", "https://a.io")
        assert code == 2
        assert "no API key entered" in err
        assert not config_path().exists()

    def test_add_invalid_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "profile", "add", "a b", "--url", "https://a.io")
        assert code == 2
        assert "invalid profile name" in err

    def test_list_use_remove(
        self, capsys: pytest.CaptureFixture[str], typed_key: list[str]
    ) -> None:
        code, out, _ = run(capsys, "profile", "list")
        assert (code, out.startswith("no profiles yet")) == (0, True)
        for name in ("one", "two", "three"):
            assert cli.main(["profile", "add", name, "--url", f"https://{name}.example"]) == 0
        capsys.readouterr()

        code, out, _ = run(capsys, "profile", "list")
        assert code == 0
        assert SECRET not in out
        rows = [line for line in out.splitlines() if "example" in line]
        assert len(rows) == 3
        assert rows[0].startswith("  *")
        assert " one " in rows[0]

        assert run(capsys, "profile", "use", "two")[0] == 0
        code, out, _ = run(capsys, "profile", "list", "--json")
        data = json.loads(out)
        assert data["active"] == "two"
        assert [(p["name"], p["active"]) for p in data["profiles"]] == [
            ("one", False),
            ("two", True),
            ("three", False),
        ]
        assert SECRET not in out

        code, _, err = run(capsys, "profile", "use", "four")
        assert code == 2
        assert "no profile named 'four' (known: one, three, two)" in err

        code, out, _ = run(capsys, "profile", "remove", "two")
        assert code == 0
        assert "choose one with `iottui profile use NAME`" in out
        assert load_config().active is None
        assert run(capsys, "profile", "remove", "one")[0] == 0
        assert load_config().active == "three"
        assert run(capsys, "profile", "remove", "one")[0] == 2
        assert stat.S_IMODE(config_path().stat().st_mode) == 0o600

    def test_profile_without_verb_prints_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "profile")
        assert code == 2
        assert "usage: iottui profile" in err


class TestUsageErrors:
    @pytest.mark.parametrize(
        ("argv", "fragment"),
        [
            (["--devices", "5"], "--devices only applies with --demo"),
            (["--demo", "--profile", "x"], "--demo cannot be combined with --profile"),
            (["--demo", "info"], "--demo cannot be used with `iottui info`"),
            (["--profile", "x", "profile", "list"], "--profile cannot be used with"),
            (["--refresh", "0"], "must be between 1 and 300 seconds"),
            (["--devices", "many", "--demo"], "not a whole number"),
            (["frobnicate"], "invalid choice"),
        ],
    )
    def test_exit_2(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
    ) -> None:
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert fragment in err
        assert "Traceback" not in err


def fake_launch(monkeypatch: pytest.MonkeyPatch, launched: list[TuiOptions], rc: int = 0) -> None:
    module = types.ModuleType("iottui.ui.launch")

    def run_tui(options: TuiOptions) -> int:
        launched.append(options)
        return rc

    module.run_tui = run_tui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "iottui.ui.launch", module)


class TestTui:
    def test_demo_options(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        launched: list[TuiOptions] = []
        fake_launch(monkeypatch, launched, rc=0)
        code, _, err = run(
            capsys,
            "--demo",
            "--devices",
            "500",
            "--seed",
            "7",
            "--fresh",
            "--refresh",
            "2.5",
            "--read-only",
        )
        assert (code, err) == (0, "")
        assert launched == [
            TuiOptions(demo=True, devices=500, seed=7, fresh=True, refresh=2.5, read_only=True)
        ]

    def test_profile_options(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        launched: list[TuiOptions] = []
        fake_launch(monkeypatch, launched, rc=3)
        code = cli.main(["--profile", "prod", "--url", "https://x.io", "--api-key-env", "K"])
        assert code == 3  # run_tui's code is the process's
        assert launched == [TuiOptions(profile="prod", url="https://x.io", api_key_env="K")]
        assert cli.main([]) == 3
        assert launched[-1] == TuiOptions()

    def test_config_mode_warning_before_the_tui(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        fake_launch(monkeypatch, [])
        write_config("", mode=0o604)
        code, _, err = run(capsys)
        assert code == 0
        assert "iottui: warning:" in err
        assert "0604" in err


class TestSimDelegation:
    def test_arguments_reach_the_simulator_cli(self, monkeypatch: pytest.MonkeyPatch) -> None:
        seen: list[argparse.Namespace] = []
        module = types.ModuleType("iottui.sim.cli")

        def add_arguments(parser: argparse.ArgumentParser) -> None:
            parser.add_argument("--port", type=int, default=8765)
            parser.add_argument("--devices", type=int, default=60)

        def run_sim(args: argparse.Namespace) -> int:
            seen.append(args)
            return 0

        module.add_arguments = add_arguments  # type: ignore[attr-defined]
        module.run = run_sim  # type: ignore[attr-defined]
        import iottui.sim

        monkeypatch.setitem(sys.modules, "iottui.sim.cli", module)
        monkeypatch.setattr(iottui.sim, "cli", module, raising=False)
        assert cli.main(["sim", "--port", "9000", "--devices", "5"]) == 0
        assert (seen[0].port, seen[0].devices) == (9000, 5)
        assert cli.main(["sim", "--bogus"]) == 2


class FakeClient:
    """Stands in for IoTClient: records whether it was opened and closed."""

    def __init__(self, settings: ConnectionSettings) -> None:
        self.settings = settings
        self.entered = False
        self.closed = False

    async def __aenter__(self) -> FakeClient:
        self.entered = True
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.closed = True


@pytest.fixture
def resource_commands(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A fake iottui.commands with `things list` (read) and `things wipe` (write)."""
    state: dict[str, Any] = {"raise": None, "clients": []}

    async def list_things(args: argparse.Namespace, client: FakeClient) -> int:
        assert client.entered
        if state["raise"] is not None:
            raise state["raise"]
        print(f"things from {client.settings.url} as {client.settings.profile_name}")
        return 0

    async def wipe_things(args: argparse.Namespace, client: FakeClient) -> int:
        print("wiped")
        return 0

    def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        things = subparsers.add_parser("things", help="things")
        verbs = things.add_subparsers(dest="verb")
        listing = verbs.add_parser("list")
        listing.add_argument("--json", action="store_true")
        listing.add_argument("--refresh", metavar="DURATION")  # a leaf's own --refresh
        listing.add_argument("--devices", dest="devices", action="append")
        listing.set_defaults(command_handler=list_things, writes=False)
        wipe = verbs.add_parser("wipe")
        wipe.set_defaults(command_handler=wipe_things, writes=True)

    module = types.ModuleType("iottui.commands")
    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "iottui.commands", module)

    def build_client(settings: ConnectionSettings) -> FakeClient:
        client = FakeClient(settings)
        state["clients"].append(client)
        return client

    monkeypatch.setattr(connection, "connect", build_client)
    write_config(
        f"""
active = "prod"
[profiles.prod]
url = "https://prod.example"
api_key = "{SECRET}"
[profiles.ro]
url = "https://ro.example"
api_key = "{SECRET}"
read_only = true
"""
    )
    return state


class TestResourceCommandHook:
    def test_runs_the_handler_with_an_open_client(
        self, capsys: pytest.CaptureFixture[str], resource_commands: dict[str, Any]
    ) -> None:
        code, out, _ = run(capsys, "things", "list")
        assert code == 0
        assert out == "things from https://prod.example as prod\n"
        (client,) = resource_commands["clients"]
        assert client.closed
        assert client.settings.api_key == SECRET

    def test_connection_options_before_or_after_the_verb(
        self, capsys: pytest.CaptureFixture[str], resource_commands: dict[str, Any]
    ) -> None:
        assert run(capsys, "--profile", "ro", "things", "list")[1].endswith("as ro\n")
        assert run(capsys, "things", "list", "--profile", "ro")[1].endswith("as ro\n")
        assert run(capsys, "--profile", "ro", "things", "list", "--json")[1].endswith("as ro\n")

    def test_leaf_options_named_like_tui_options(
        self, capsys: pytest.CaptureFixture[str], resource_commands: dict[str, Any]
    ) -> None:
        """Regression: `widgets create --refresh 60s` was refused as a TUI-only option."""
        code, out, err = run(capsys, "things", "list", "--refresh", "60s", "--devices", "3")
        assert (code, err) == (0, "")
        assert out.endswith("as prod\n")
        code, _, err = run(capsys, "--refresh", "5", "things", "list")
        assert code == 2
        assert "--refresh cannot be used with `iottui things`" in err

    def test_read_only_refuses_writes(
        self, capsys: pytest.CaptureFixture[str], resource_commands: dict[str, Any]
    ) -> None:
        code, out, err = run(capsys, "things", "wipe", "--profile", "ro")
        assert (code, out) == (2, "")
        assert "refusing `iottui things wipe`: it writes, and profile 'ro' is read-only" in err
        code, out, err = run(capsys, "--read-only", "things", "wipe")
        assert (code, out) == (2, "")
        assert "--read-only is set" in err
        assert resource_commands["clients"] == []
        assert run(capsys, "things", "wipe")[:2] == (0, "wiped\n")

    @pytest.mark.parametrize(
        ("error", "expected"),
        [
            (APIConnectionError("cannot connect to https://prod.example"), 3),
            (APITimeoutError("timed out"), 3),
            (AuthenticationError("401: check the API key", status=401), 1),
            (ResponseFormatError("bad body", field="data"), 1),
            (ValidationError("severity must be 1-4", field="severity"), 2),
            (KeyboardInterrupt(), 130),
        ],
    )
    def test_errors_map_to_exit_codes(
        self,
        capsys: pytest.CaptureFixture[str],
        resource_commands: dict[str, Any],
        error: BaseException,
        expected: int,
    ) -> None:
        resource_commands["raise"] = error
        code, out, err = run(capsys, "things", "list")
        assert code == expected
        assert out == ""
        assert "Traceback" not in err
        assert SECRET not in err
        if expected != 130:
            assert err == f"iottui: error: {error}\n"
        assert resource_commands["clients"][0].closed

    def test_unexpected_errors_are_one_line(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        resource_commands: dict[str, Any],
    ) -> None:
        resource_commands["raise"] = RuntimeError(f"boom Authorization: Bearer {SECRET}")
        code, _, err = run(capsys, "things", "list")
        assert code == EXIT_CRASH == 70
        assert err.count("\n") == 1
        assert err.startswith(
            "iottui: crashed (RuntimeError: boom Authorization: Bearer <redacted>)"
        )
        crash_file = Path(err.split("the traceback is in ")[1].split(";")[0])
        assert crash_file.parent == data_dir()
        report = crash_file.read_text()
        assert "Traceback (most recent call last)" in report
        assert "list_things" in report
        assert SECRET not in report + err
        assert stat.S_IMODE(crash_file.stat().st_mode) == 0o600
        monkeypatch.setenv("IOTTUI_DEBUG", "1")
        with pytest.raises(RuntimeError, match="boom"):
            cli.main(["things", "list"])

    def test_server_text_cannot_inject_escape_sequences(
        self, capsys: pytest.CaptureFixture[str], resource_commands: dict[str, Any]
    ) -> None:
        resource_commands["raise"] = AuthenticationError("denied \x1b[2Jgone", status=403)
        code, _, err = run(capsys, "things", "list")
        assert code == 1
        assert "\x1b" not in err
        assert "denied \\x1b[2Jgone" in err

    def test_no_profile_and_no_verb(
        self, capsys: pytest.CaptureFixture[str], resource_commands: dict[str, Any]
    ) -> None:
        code, _, err = run(capsys, "things")
        assert code == 2
        assert "usage: iottui things" in err
        config_path().unlink()
        code, _, err = run(capsys, "things", "list")
        assert code == 2
        assert "no profile configured" in err

    def test_url_with_key_env(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        resource_commands: dict[str, Any],
    ) -> None:
        monkeypatch.setenv("ADHOC", "adhoc-key")
        code, out, _ = run(
            capsys, "things", "list", "--url", "http://127.0.0.1:9", "--api-key-env", "ADHOC"
        )
        assert code == 0
        assert out == "things from http://127.0.0.1:9 as None\n"
        assert resource_commands["clients"][0].settings.api_key == "adhoc-key"
        code, _, err = run(
            capsys, "things", "list", "--url", "http://iot.example", "--api-key-env", "ADHOC"
        )
        assert code == 2
        assert "travel in clear" in err


class TestBuildClient:
    async def test_client_carries_the_profile_settings(self) -> None:
        from iottui.api import IoTClient

        settings = ConnectionSettings(
            url="https://iot.example",
            api_key=SECRET,
            version="2.1.0",
            paths={"fleet": "/v2/devices"},
        )
        client = connect(settings)
        async with client:
            assert isinstance(client, IoTClient)
            assert client.base_url == "https://iot.example"
            assert client.version == "2.1.0"
            assert client.routes.path("fleet") == "/v2/devices"
            assert SECRET not in repr(client)

    def test_bad_ca_bundle_is_a_config_problem(self, tmp_path: Path) -> None:
        settings = ConnectionSettings(
            url="https://iot.example", api_key=SECRET, ca_bundle=str(tmp_path / "missing.pem")
        )
        with pytest.raises(ValidationError, match="CA bundle") as caught:
            connect(settings)
        assert exit_code_for(caught.value) == 2
