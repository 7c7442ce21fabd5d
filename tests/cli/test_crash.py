"""No crash exits 0: an unhandled exception in the TUI is a crash report, one line, exit 70.

Before, Textual printed its traceback (with local variables, so possibly the API key) and
``iottui`` exited 0, because the launcher returned the app's result (None) and not its error.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iottui.config import Config, TuiOptions, data_dir
from iottui.crash import crash_line, scrub, write_crash_report
from iottui.exit_codes import EXIT_CRASH
from iottui.ui.app import IoTApp
from iottui.ui.launch import DemoServer, run_app, ui_settings

SECRET = "sk-crash-7f3a-do-not-print"
CRASH_LINE = re.compile(r"iottui: crashed \((?P<what>.*)\); the traceback is in (?P<path>\S+);")


def _crash_file(stderr: str) -> Path:
    match = CRASH_LINE.search(stderr)
    assert match is not None, stderr
    return Path(match["path"])


def test_a_crash_in_the_app_is_a_report_a_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(self: IoTApp) -> None:
        raise RuntimeError(f"boom with Authorization: Bearer {SECRET} and {SECRET}")

    monkeypatch.setattr(IoTApp, "on_mount", boom)
    options = TuiOptions()
    demo = DemoServer(options)
    app = IoTApp(None, ui_settings(None, Config(), demo, options))
    code = run_app(app, demo, secrets=(SECRET,), headless=True)
    _, err = capsys.readouterr()
    assert code == EXIT_CRASH == 70
    assert err.count("\n") == 1, err  # one line, not Textual's traceback
    assert "Traceback" not in err
    assert SECRET not in err
    assert "Bearer <api key> and <api key>" in err
    path = _crash_file(err)
    assert path.parent == data_dir()
    report = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in report
    assert "in boom" in report
    assert "RuntimeError: boom with Authorization: Bearer <api key> and <api key>" in report
    assert SECRET not in report
    assert path.stat().st_mode & 0o777 == 0o600


def _run_in_pty(script: str, env: dict[str, str], timeout: float = 60.0) -> tuple[int, bytes]:
    """Run ``python -c script`` on an 80x24 pseudo-terminal; its exit status and output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed its end
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        return process.wait(timeout=10), bytes(output)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)


@pytest.mark.slow
def test_iottui_on_a_terminal_restores_it_and_names_the_crash_file() -> None:
    """The real command line on a pty: the alternate screen is left before the one line."""
    script = textwrap.dedent(
        """
        import sys
        from iottui.ui.app import IoTApp

        def boom(self):
            raise RuntimeError("boom for " + __import__("os").environ["CRASH_KEY"])

        IoTApp.on_mount = boom
        from iottui.cli import main
        sys.exit(main(["--url", "http://127.0.0.1:9", "--api-key-env", "CRASH_KEY"]))
        """
    )
    env = {**os.environ, "CRASH_KEY": SECRET, "TERM": "xterm-256color"}
    code, raw = _run_in_pty(script, env)
    text = raw.decode("utf-8", "replace")
    assert code == EXIT_CRASH, text
    assert SECRET.encode() not in raw
    entered, left = text.rfind("\x1b[?1049h"), text.rfind("\x1b[?1049l")
    assert 0 <= entered < left, "the alternate screen was not left"
    after = text[left:]
    match = CRASH_LINE.search(after)
    assert match is not None, after
    assert match["what"] == "RuntimeError: boom for <api key>"
    assert "Traceback" not in text
    report = Path(match["path"]).read_text(encoding="utf-8")
    assert "RuntimeError: boom for <api key>" in report
    assert SECRET not in report


@settings(max_examples=60, deadline=None)
@given(
    key=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=4, max_size=80),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
)
def test_scrub_removes_the_key_wherever_it_is(key: str, before: str, after: str) -> None:
    text = f"{before}{key}{after} Authorization: Bearer {key}\n"
    cleaned = scrub(text, [key])
    assert key not in cleaned.replace("<api key>", "").replace("<redacted>", "")
    assert "Authorization: Bearer <redacted>" in cleaned or "<api key>" in cleaned


@settings(max_examples=60, deadline=None)
@given(token=st.from_regex(r"[A-Za-z0-9._~+/=-]{1,60}", fullmatch=True))
def test_any_bearer_token_is_redacted(token: str) -> None:
    assert scrub(f"header Bearer {token}; next") == "header Bearer <redacted>; next"


def test_the_environment_key_is_scrubbed_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IOTTUI_API_KEY", SECRET)
    error = ValueError(f"bad {SECRET}\x1b[2J")
    path = write_crash_report(error, directory=tmp_path)
    assert path is not None
    assert SECRET not in path.read_text(encoding="utf-8")
    line = crash_line(error, path)
    assert SECRET not in line
    assert "\x1b" not in line


def test_an_unwritable_data_dir_still_gives_the_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    error = RuntimeError("boom")
    path = write_crash_report(error, directory=blocked / "sub")
    assert path is None
    assert crash_line(error, path).endswith("the crash file could not be written; please report it")
