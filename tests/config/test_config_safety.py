"""Config writes are serialised and atomic, only regular files are read, key commands end.

Each case here was seen on the code before: ten parallel ``profile add`` kept 5 to 9
profiles; a symlinked config was replaced by a regular file; a FIFO or ``/dev/zero`` config
hung (``/dev/full`` grew until the kernel killed it); an ``api_key_command`` that left a
background child waited for it, and a timed-out command's grandchild kept running; a
non-ASCII key was an internal error.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from iottui import cli
from iottui.config import (
    Config,
    ConfigError,
    Profile,
    config_lock,
    config_path,
    load_config,
    resolve_api_key,
    save_config,
    update_config,
)

#: Bound for every child process here: a hang fails the test instead of stalling the suite.
TIMEOUT = 60.0


def iottui(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m iottui ARGV`` in a child process (a hang fails after TIMEOUT seconds)."""
    return subprocess.run(
        [sys.executable, "-m", "iottui", *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def alive(pid: int) -> bool:
    """Running (a zombie, exited but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (ProcessLookupError, OSError):
        return False
    return state != "Z"


def add_argv(name: str) -> list[str]:
    return ["profile", "add", name, "--url", f"https://{name}.example", "--api-key-env", "K"]


def test_ten_parallel_profile_adds_keep_all_ten() -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "iottui", *add_argv(f"p{n}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(10)
    ]
    results = [(child.wait(timeout=TIMEOUT), *child.communicate()) for child in children]
    saved = set(load_config().profiles)
    for n, (code, out, err) in enumerate(results):
        if code == 0:
            assert f"saved profile 'p{n}'" in out
            assert f"p{n}" in saved, f"p{n} said saved but is not in the file"
        else:  # allowed: a clear lock error, nothing claimed
            assert code == 2, err
            assert "try again" in err
    assert saved == {f"p{n}" for n, (code, _, _) in enumerate(results) if code == 0}
    assert len(saved) == 10


def test_a_held_lock_is_a_clear_error_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("iottui.config.file.LOCK_TIMEOUT", 0.1)
    with config_lock():
        code = cli.main(add_argv("a"))
    err = capsys.readouterr().err
    assert code == 2
    assert "another iottui has been changing this file" in err
    assert "nothing was changed, try again" in err
    assert not config_path().exists()


def test_a_symlinked_config_updates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "iottui.toml"
    target.parent.mkdir()
    old = Profile(name="old", url="https://old.example", api_key="k")
    save_config(Config(profiles={"old": old}), target)
    link = config_path()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    done = iottui(*add_argv("new"))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert set(load_config(target).profiles) == {"old", "new"}
    assert target.stat().st_mode & 0o777 == 0o600
    # the link's directory holds nothing new (the lock is beside the target)
    assert [p.name for p in link.parent.iterdir()] == [link.name]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


def _huge(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.truncate(3 << 30)  # 3 GiB, sparse
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_fifo, "is a FIFO, expected a TOML file"),
        (lambda _: Path("/dev/zero"), "is a character device, expected a TOML file"),
        (lambda _: Path("/dev/full"), "is a character device, expected a TOML file"),
        (_directory, "is a directory, expected a TOML file"),
        (_huge, "is too large (3,221,225,472 bytes; a TOML file is at most 1,048,576)"),
    ],
    ids=["fifo", "dev-zero", "dev-full", "directory", "huge"],
)
def test_only_a_regular_file_is_read(
    tmp_path: Path,
    make: Callable[[Path], Path],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = make(tmp_path / "config.toml")
    monkeypatch.setenv("IOTTUI_CONFIG", str(path))
    # In a child process: before, this hung (or grew until the kernel killed it).
    done = iottui("profile", "list")
    assert (done.returncode, done.stderr) == (2, f"iottui: error: {path}: {message}\n")
    kind = path.stat().st_mode
    assert cli.main(add_argv("x")) == 2
    assert capsys.readouterr().err == f"iottui: error: {path}: {message}\n"
    assert path.stat().st_mode == kind  # not replaced by a regular file


def test_a_key_file_that_is_not_a_regular_file(tmp_path: Path) -> None:
    for path in (_fifo(tmp_path / "fifo"), Path("/dev/zero"), _directory(tmp_path / "dir")):
        with pytest.raises(ConfigError, match="the API key file of profile 'p' is a"):
            resolve_api_key(Profile(name="p", url="https://x.example", api_key_file=str(path)))


def _sh(script: str) -> str:
    return shlex.join(["sh", "-c", script])


def test_a_key_command_that_leaves_a_background_child_is_not_waited_for(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    command = _sh(f"sleep 300 & echo $! > {shlex.quote(str(pid_file))}; echo key-from-command")
    try:
        key = resolve_api_key(Profile(name="p", url="https://x.example", api_key_command=command))
        assert key == "key-from-command"
        # Before, this read until the pipe closed, i.e. until the background sleep ended.
        assert alive(int(pid_file.read_text()))
    finally:
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), 9)


def test_a_timed_out_key_command_is_ended_with_everything_it_started(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("iottui.config.keys.KEY_COMMAND_TIMEOUT", 1.0)
    pid_file = tmp_path / "pid"
    command = _sh(f"sleep 300 & echo $! > {shlex.quote(str(pid_file))}; wait")
    with pytest.raises(ConfigError, match=r"no answer within 1 s .*everything it started"):
        resolve_api_key(Profile(name="p", url="https://x.example", api_key_command=command))
    grandchild = int(pid_file.read_text())
    try:
        assert wait_for(lambda: not alive(grandchild)), "the command's child kept running"
    finally:
        if alive(grandchild):
            os.kill(grandchild, 9)


@pytest.mark.parametrize(
    "source",
    ["env", "IOTTUI_API_KEY", "command", "file", "inline"],
)
def test_a_non_ascii_key_is_a_config_error_exit_2(
    source: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = "sk-schlüssel-7f3a"
    key_file = tmp_path / "key"
    key_file.write_text(key, encoding="utf-8")
    sources = {
        "env": 'api_key_env = "MY_KEY"',
        "IOTTUI_API_KEY": 'api_key = "ascii-but-overridden"',
        "command": f"api_key_command = {_toml(_sh(f'printf %s {key}'))}",
        "file": f"api_key_file = {_toml(str(key_file))}",
        "inline": f"api_key = {_toml(key)}",
    }
    monkeypatch.setenv("MY_KEY", key)
    if source == "IOTTUI_API_KEY":
        monkeypatch.setenv("IOTTUI_API_KEY", key)
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[profiles.p]\nurl = "https://x.example"\n{sources[source]}\n')
    path.chmod(0o600)
    code = cli.main(["groups", "list", "--profile", "p"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "contains non-ASCII characters" in err
    assert key not in err
    assert "internal error" not in err


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_a_non_ascii_key_stops_the_tui_before_it_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, the TUI got as far as building the client: an internal error, exit 1."""
    monkeypatch.setenv("MY_KEY", "sk-schlüssel-7f3a")
    code = cli.main(["--url", "https://iot.example", "--api-key-env", "MY_KEY"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "iottui: error: the API key from the environment variable MY_KEY contains non-ASCII "
        "characters; an API key is ASCII text (was the right value copied?)\n"
    )


def test_no_lock_file_is_made_beside_what_is_not_a_file(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "config.toml")
    with pytest.raises(ConfigError, match="is a FIFO, expected a TOML file"):
        update_config(lambda config: None, fifo)
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]
