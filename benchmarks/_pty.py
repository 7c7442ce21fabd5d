"""The real command as a user runs it: a fresh process in a pseudo-terminal, its output read as
a terminal would show it, and the time of the first frame showing each of some markers.

    .venv/bin/python benchmarks/_pty.py [--size 120x40] [--timeout 30] -- iottui --demo

(prints the time of each marker and the screen when it was first shown; for looking at it).

Each run forks a child on a new pseudo-terminal (``pty.fork``: its own session, the terminal
its controlling one, the window size set before ``exec``) and execs the command there: with
``iottui`` that is the installed console script, so the interpreter's start, the CLI's parser
and its imports, Textual's real driver and its writer thread all count. The clock starts just
before the fork. The parent reads what the child writes, feeds it to :class:`Screen` (a small
terminal: cursor moves, erases, text; colours and modes ignored; sequences and UTF-8
characters split across reads are held until complete) and, whenever the screen is shown
(between reads, and not inside a synchronized update, ``CSI ? 2026 h`` .. ``l``), checks the
markers not yet seen on its lines; the time of that read is the marker's. The terminal answers
the synchronized-output query (``CSI ? 2026 $ p``) as supporting it, as tmux, kitty, WezTerm,
iTerm2 and foot do: Textual then brackets each frame, so a half-written frame is never
checked. At the end the app is asked to quit (ctrl+q) and, if it has not ended within a few
seconds, its process group is terminated.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: A predicate over the screen's lines: whether a marker is shown.
Probe = Callable[[list[str]], bool]

#: One token of terminal output: a CSI sequence, an OSC / DCS / APC / PM / SOS string, another
#: escape, a run of printable text, or one control character.
_TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-?]*)(?P<inter>[ -/]*)(?P<final>[@-~])"
    r"|\x1b[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[ -/]*[0-OQ-WYZ\\`-~]"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|[\x00-\x1a\x1c-\x1f\x7f]"
)
#: The synchronized-output query and a modern terminal's answer (mode known, reset).
SYNC_QUERY = "\x1b[?2026$p"
SYNC_ANSWER = b"\x1b[?2026;2$y"


#: Characters that do not take one cell: wide (East Asian wide and full-width, emoji) or
#: zero-width (combining marks, joiners). Text runs without them, nearly all, are copied whole.
_NOT_ONE_CELL = re.compile(
    "[\u0300-\u036f\u200b-\u200f\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff"
    "\ufe00-\ufe0f\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U0001f000-\U0001faff"
    "\U00020000-\U0003fffd]"
)


def _width(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class Screen:
    """The visible text of a terminal of ``cols`` x ``rows`` cells fed with a program's output."""

    def __init__(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.synchronized = False  # inside a synchronized update: not shown yet
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # an escape sequence not complete yet

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.grid]

    def feed(self, data: bytes) -> list[bytes]:
        """Take some output; returns the terminal's answers to queries in it."""
        text = self._pending + self._decoder.decode(data)
        answers: list[bytes] = []
        at = 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if match is None:
                # an escape at the end whose rest has not arrived yet (or an unknown one: after
                # 4 KB of no sense it is dropped as a terminal would)
                if len(text) - at < 4096:
                    break
                at += 1
                continue
            at = match.end()
            if match["text"] is not None:
                self._write(match["text"])
            elif match["final"] is not None:
                answer = self._csi(match["params"], match["inter"], match["final"])
                if answer:
                    answers.append(answer)
            else:
                self._control(match.group())
        self._pending = text[at:]
        return answers

    def _write(self, text: str) -> None:
        if self.row >= self.rows:
            return
        line = self.grid[self.row]
        if _NOT_ONE_CELL.search(text) is None:
            room = max(self.cols - self.col, 0)
            line[self.col : self.col + min(len(text), room)] = text[:room]
            self.col = min(self.col + len(text), self.cols)  # autowrap is off (as Textual sets)
            return
        for char in text:
            width = _width(char)
            if width == 0:
                continue
            if self.col + width <= self.cols:
                line[self.col] = char
                if width == 2:
                    line[self.col + 1] = ""
            self.col = min(self.col + width, self.cols)

    def _control(self, token: str) -> None:
        if token == "\r":
            self.col = 0
        elif token == "\n":
            self.row = min(self.row + 1, self.rows - 1)
        elif token == "\b":
            self.col = max(self.col - 1, 0)

    def _csi(self, params: str, inter: str, final: str) -> bytes | None:
        if params.startswith("?"):
            if inter == "$" and final == "p" and params == "?2026":
                return SYNC_ANSWER
            modes = params[1:].split(";")
            if final in "hl" and "2026" in modes:
                self.synchronized = final == "h"
            if final in "hl" and ("1049" in modes or "47" in modes or "1047" in modes):
                self._erase(0, self.rows)
            return None
        if inter or (not params.replace(";", "").isdigit() and params):
            return None
        numbers = [int(n) if n else 0 for n in params.split(";")] if params else []

        def arg(index: int, default: int) -> int:
            value = numbers[index] if index < len(numbers) else 0
            return value or default

        if final in "Hf":
            self.row = min(arg(0, 1), self.rows) - 1
            self.col = min(arg(1, 1), self.cols) - 1
        elif final == "A":
            self.row = max(self.row - arg(0, 1), 0)
        elif final == "B":
            self.row = min(self.row + arg(0, 1), self.rows - 1)
        elif final == "C":
            self.col = min(self.col + arg(0, 1), self.cols - 1)
        elif final == "D":
            self.col = max(self.col - arg(0, 1), 0)
        elif final == "G":
            self.col = min(arg(0, 1), self.cols) - 1
        elif final == "d":
            self.row = min(arg(0, 1), self.rows) - 1
        elif final == "J":
            mode = arg(0, 0)
            if mode == 0:
                self._erase_line(self.col, self.cols)
                self._erase(self.row + 1, self.rows)
            elif mode == 1:
                self._erase(0, self.row)
                self._erase_line(0, self.col + 1)
            else:
                self._erase(0, self.rows)
        elif final == "K":
            mode = arg(0, 0)
            start, end = {0: (self.col, self.cols), 1: (0, self.col + 1)}.get(mode, (0, self.cols))
            self._erase_line(start, end)
        return None

    def _erase(self, first: int, last: int) -> None:
        for row in range(first, last):
            self.grid[row] = [" "] * self.cols

    def _erase_line(self, start: int, end: int) -> None:
        if self.row < self.rows:
            self.grid[self.row][start:end] = [" "] * (end - start)


@dataclass
class PtyRun:
    """One run: seconds from launch to the first shown frame with each marker seen."""

    marks: dict[str, float]
    #: the wall clock (``time.time()``) at launch, for marks the process records itself
    launched: float = 0.0
    #: the screen's lines when each marker was first shown
    screens: dict[str, list[str]] = field(default_factory=dict)
    #: CPU seconds (user + system, all its threads; not its children) the command's process
    #: had used when each marker was first shown
    cpu: dict[str, float] = field(default_factory=dict)
    #: resident set size (MiB) of the command's process, sampled by name (``rss_at``)
    rss_mb: dict[str, float] = field(default_factory=dict)
    exit_status: int | None = None
    #: every line shown at the end (for an error message when a marker never came)
    last_screen: list[str] = field(default_factory=list)


def process_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def process_cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_in_pty(
    argv: Sequence[str],
    markers: dict[str, Probe],
    *,
    env: dict[str, str],
    size: tuple[int, int] = (120, 40),
    timeout: float = 60.0,
    rss_at: Sequence[str] = (),
    linger: Callable[[PtyRun], bool] | None = None,
    linger_timeout: float = 15.0,
) -> PtyRun:
    """Run ``argv`` (``argv[0]`` a path) in a new pseudo-terminal of ``size`` (cols, rows) until
    every marker was shown (or ``timeout`` seconds), then, while ``linger`` says so (at most
    ``linger_timeout`` seconds: e.g. until a cache is written), keep it running; then quit it.
    ``TERM`` is ``xterm-256color`` and ``COLORTERM`` unset (256 colours), wherever this runs.
    The RSS of the process is sampled when each marker named in ``rss_at`` is first shown and,
    under the name ``end``, just before it is asked to quit."""
    cols, rows = size
    # the same terminal type wherever the benchmark runs (run_all may run without one)
    env = {**{k: v for k, v in env.items() if k != "COLORTERM"}, "TERM": "xterm-256color"}
    screen = Screen(cols, rows)
    result = PtyRun(marks={}, launched=time.time())
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the size first, so the program never sees another
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(argv[0], list(argv), env)
        finally:
            os._exit(127)
    try:

        def pump(wait: float) -> bool:
            """Read what is there (waiting up to ``wait`` s); False once the child is gone."""
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                return True
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                return False
            if not data:
                return False
            now = time.monotonic() - start
            for answer in screen.feed(data):
                os.write(fd, answer)
            if screen.synchronized:
                return True
            lines: list[str] | None = None
            for name, probe in markers.items():
                if name in result.marks:
                    continue
                lines = lines or screen.lines()
                if probe(lines):
                    result.marks[name] = now
                    result.screens[name] = lines
                    result.cpu[name] = process_cpu_s(pid)
                    if name in rss_at:
                        result.rss_mb[name] = process_rss_mb(pid)
            return True

        alive = True
        deadline = start + timeout
        while alive and len(result.marks) < len(markers) and time.monotonic() < deadline:
            alive = pump(0.05)
        if alive and linger is not None:
            until = time.monotonic() + linger_timeout
            while alive and linger(result) and time.monotonic() < until:
                alive = pump(0.05)
        result.last_screen = screen.lines()
        if alive:
            result.rss_mb["end"] = process_rss_mb(pid)
            os.write(fd, b"\x11")  # ctrl+q
            until = time.monotonic() + 10
            while alive and time.monotonic() < until and result.exit_status is None:
                alive = pump(0.05)
                result.exit_status = _reaped(pid)
        until = time.monotonic() + 5  # the terminal closed: the process is ending
        while result.exit_status is None and time.monotonic() < until:
            time.sleep(0.02)
            result.exit_status = _reaped(pid)
    finally:
        if result.exit_status is None:
            _end(pid)
        os.close(fd)
    return result


def _reaped(pid: int) -> int | None:
    """The exit status of the child once it has ended, else None."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return -1
    return os.waitstatus_to_exitcode(status) if done == pid else None


def _end(pid: int) -> None:
    """Stop the child (and what it started: its process group) if it is still there."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        until = time.monotonic() + 3
        while time.monotonic() < until:
            if _reaped(pid) is not None:
                return
            time.sleep(0.02)


# --- what the benchmarks look for -----------------------------------------------------------

#: iottui's status line: "<profile> <server> │ ● <state>", in every frame of the main screen.
STATUS = re.compile(r"│ ● (?:connecting|ok|slow|error)\b")
#: A group row of the fleet tree: "▶ <name>  <n> dev" (from the cache or the server).
GROUP = re.compile(r"[▶▼] .*\d+ dev\b")
#: A group row with its online count ("<n> dev, <m> on"; the comma is enough, the count may be
#: cut at 80 columns): only the server's fleet knows devices' states (the cache keeps the
#: structure), so this is the tree built from the server's answer.
LIVE_GROUP = re.compile(r"[▶▼] .*\d+ dev,")
#: What the bare Textual app shows.
BARE_TEXT = "bare Textual app"


def shows(pattern: re.Pattern[str]) -> Probe:
    return lambda lines: any(pattern.search(line) for line in lines)


IOTTUI_MARKERS: dict[str, Probe] = {
    "first": shows(STATUS),
    "populated": shows(GROUP),
    "live": shows(LIVE_GROUP),
}
BARE_MARKERS: dict[str, Probe] = {"first": lambda lines: any(BARE_TEXT in line for line in lines)}


def iottui_command() -> str:
    """The installed console script next to this interpreter (what a user of this environment
    types), else the one on PATH."""
    script = Path(sys.executable).parent / "iottui"
    if script.exists():
        return str(script)
    import shutil

    found = shutil.which("iottui")
    if found is None:
        raise RuntimeError("no iottui console script: install the project (pip install -e .)")
    return found


def bare_command() -> list[str]:
    return [sys.executable, str(Path(__file__).resolve().parent / "_bare.py")]


def checked(run: PtyRun, markers: dict[str, Probe], what: str) -> PtyRun:
    """``run``, once every marker was shown; else an error with the last screen."""
    missing = sorted(set(markers) - set(run.marks))
    if missing:
        screen = "\n".join(line.rstrip() for line in run.last_screen).strip("\n")
        raise RuntimeError(
            f"{what}: never shown: {', '.join(missing)} (exit {run.exit_status}); the last "
            f"screen:\n{screen}"
        )
    return run


def run_bare(env: dict[str, str], size: tuple[int, int]) -> PtyRun:
    """The floor: the bare Textual app (``_bare.py``) in a terminal."""
    run = run_in_pty(bare_command(), BARE_MARKERS, env=env, size=size, timeout=60)
    return checked(run, BARE_MARKERS, "the bare Textual app")


def run_iottui(
    args: Sequence[str],
    env: dict[str, str],
    size: tuple[int, int],
    *,
    wait_for_save: bool = False,
    rss_at: Sequence[str] = (),
) -> PtyRun:
    """``iottui ARGS`` (the console script) in a terminal, until the server's fleet is shown
    (with ``wait_for_save``: and the fleet cache written after it, at most 15 s)."""
    launched = time.time()
    linger = None
    if wait_for_save:
        folder = Path(env["XDG_CACHE_HOME"]) / "iottui"

        def linger(_: PtyRun) -> bool:
            saved = (p.stat().st_mtime for p in folder.glob("fleet-*.json") if p.is_file())
            return not any(mtime >= launched for mtime in saved)

    run = run_in_pty(
        [iottui_command(), *args],
        IOTTUI_MARKERS,
        env=env,
        size=size,
        timeout=240,
        rss_at=rss_at,
        linger=linger,
    )
    return checked(run, IOTTUI_MARKERS, f"iottui {' '.join(args)}")


def terminal_size(text: str) -> tuple[int, int]:
    """``"120x40"`` -> (120, 40)."""
    cols, rows = text.lower().split("x")
    return int(cols), int(rows)


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--size", default="120x40")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("command", nargs="+")
    args = p.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    argv = list(args.command)
    if argv[0] == "iottui":
        argv[0] = iottui_command()
    markers = BARE_MARKERS if any(a.endswith("_bare.py") for a in argv) else IOTTUI_MARKERS
    run = run_in_pty(argv, markers, env=dict(os.environ), size=(cols, rows), timeout=args.timeout)
    for name, at in sorted(run.marks.items(), key=lambda kv: kv[1]):
        print(f"--- {name}: {at * 1000:.0f} ms")
        print("\n".join(line.rstrip() for line in run.screens[name]))
    missing = set(markers) - set(run.marks)
    if missing:
        print(f"--- never shown: {', '.join(sorted(missing))}; the last screen:")
        print("\n".join(line.rstrip() for line in run.last_screen))


if __name__ == "__main__":
    main()
