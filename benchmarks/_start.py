"""The child side of the start benchmarks' timelines (1, 7, 8): one fresh process per run, the
command run in-process, its marks saying where the time goes (the verdicts come from the real
command in a terminal: ``benchmarks/_pty.py``).

    python benchmarks/_start.py bare
    python benchmarks/_start.py iottui [--move] -- ARGS...     e.g. -- --demo --devices 1000
    python benchmarks/_start.py iottui --terminal -- ARGS...   (in a terminal: run_in_terminal)

``iottui ARGS`` is run the way the command runs it: the installed console script's code is
executed (``iottui.cli:main``: the command line is parsed, the CLI's modules imported, the app
prepared by the launcher). By default one thing is replaced: :func:`iottui.ui.launch.run_app`,
which would run the app in the terminal, runs it through ``App.run_test`` (headless, 120x40)
instead. With ``--terminal`` nothing is replaced: the product's ``run_app`` runs the app with
Textual's real driver in the terminal the parent made (:func:`run_in_terminal`), and the result
is written to the file named by ``BENCH_START_RESULT``. The floor: a bare Textual ``App`` with
one ``Static``, through ``run_test``. Frames are seen by wrapping ``App._display`` (which the
screen calls right after composing a frame; frames Textual drops inside a batch update are not
counted), and the first frame that shows each of these is timed (wall clock, ``time.time()``;
the parent subtracts its launch time, so interpreter start and imports count):

- ``first``: any frame of the app's own screen (for iottui: one with the status line);
- ``populated``: the fleet tree with groups in it (from the cache or the server);
- ``live``: the tree built from the server's fleet (not the cache);
- ``idle`` (headless): the app idle after ``live`` (the first poll's rules and alarms drawn).

With ``--move``, as soon as a populated tree is shown before the live one, the cursor is moved
three lines down (``j``) and its node remembered; ``cursor_kept`` says whether the cursor is on
that node once the live fleet is shown. Marks of where the time goes (imports, client calls, the
cache) come from wrappers installed here; the product code carries no timing hooks. Prints one
line: ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.machinery
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

MARKS: dict[str, float] = {}
#: The process's CPU time (all threads) at each mark: steadier than the wall clock on a shared
#: machine, where the wall clock also counts the time other processes had the cores.
CPU: dict[str, float] = {}


def mark(name: str) -> None:
    if name not in MARKS:
        CPU[name] = time.process_time()
        MARKS[name] = time.time()


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def watch_frames(app: Any, conditions: dict[str, Callable[[Any], bool]]) -> None:
    """Time the first composed frame for which each condition holds (the frame Textual then
    writes to the terminal, or, headless, would write)."""
    display = app._display

    def recording_display(target: Any, renderable: Any) -> None:
        # in a batch update Textual drops the frame (``App._display``): it is not shown
        if renderable is not None and not getattr(app, "_batch_count", 0):
            for name, condition in conditions.items():
                if name not in MARKS:
                    try:
                        met = condition(app)
                    except Exception:  # the screen is half built: not yet
                        met = False
                    if met:
                        mark(name)
        display(target, renderable)

    app._display = recording_display


def wrap(owner: Any, name: str, before: str, after: str | None = None) -> None:
    """Mark when ``owner.name`` is first called (and first returns); skipped when absent."""
    original = getattr(owner, name, None)
    if original is None:
        return
    if asyncio.iscoroutinefunction(original):

        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            mark(before)
            result = await original(*args, **kwargs)
            if after:
                mark(after)
            return result

        setattr(owner, name, async_wrapper)
    else:

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            mark(before)
            result = original(*args, **kwargs)
            if after:
                mark(after)
            return result

        setattr(owner, name, wrapper)


def wrap_interpret(owner: Any) -> None:
    """Mark when each operation's answer has been read (before it is decoded and parsed)."""
    original = owner._interpret

    def interpret(self: Any, operation: str, *args: Any) -> Any:
        mark(f"{operation} answer read")
        return original(self, operation, *args)

    owner._interpret = interpret


#: module -> (mark, what to wrap once it is imported)
WATCHED: dict[str, tuple[str, Callable[[Any], None] | None]] = {
    "iottui.cli.parser": ("import cli.parser", None),
    "iottui.commands": ("import commands (CLI)", None),
    "iottui.ui.launch": ("import launch", None),  # run_app is replaced (run_command)
    "textual.app": ("import textual", None),
    "httpx": ("import httpx", None),
    "iottui.api.models": ("import models", None),
    "iottui.api.client": ("import client", lambda m: wrap_interpret(m.IoTClient)),
    "iottui.api.resources.fleet": (
        "import fleet resource",
        lambda m: wrap(m.FleetResource, "get", "fleet request", "fleet parsed"),
    ),
    "iottui.ui.app": ("import ui.app", None),
    "iottui.ui.fleet_cache": (
        "import fleet_cache",
        lambda m: wrap(m.FleetCache, "_read", "cache read", "cache read done"),
    ),
    "iottui.ui.manage": ("import manage (features)", None),
}


class ImportWatcher(importlib.abc.MetaPathFinder):
    """A meta path finder that marks when watched modules are imported and wraps what they
    define (the harness itself imports none of them: the start's laziness is measured)."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        watched = WATCHED.get(name)
        if watched is None:
            return None
        label, then = watched
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None:
            return spec
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            mark(label)
            execute(module)
            mark(label + " done")
            if then is not None:
                then(module)

        # this loader instance only: the module is marked as it executes
        setattr(loader, "exec_module", exec_module)  # noqa: B010
        return spec


def the_tree(app: Any) -> Any:
    from iottui.ui.widgets.fleet_tree import FleetTree

    return app.screen.query_one(FleetTree)


def has_status_line(app: Any) -> bool:
    from iottui.ui.widgets.status_line import StatusLine

    app.screen.query_one(StatusLine)
    return True


def fleet_store(app: Any) -> Any:
    return app.session.fleet


def is_cached(app: Any) -> bool:
    """Whether what the store holds came from the cache (False before the cache existed)."""
    return bool(getattr(fleet_store(app), "cached", False))


def populated(app: Any) -> bool:
    tree = the_tree(app)
    return tree.index is not None and bool(tree.root.children)


def live(app: Any) -> bool:
    return populated(app) and not is_cached(app) and fleet_store(app).fleet is not None


def cursor_key(app: Any) -> Any:
    node = the_tree(app).cursor_node
    return node.data.key if node is not None and node.data is not None else None


FRAMES: dict[str, Callable[[Any], bool]] = {
    "first": has_status_line,
    "populated": populated,
    "live": live,
}


async def run_iottui(app: Any, demo: Any, move: bool) -> dict[str, Any]:
    watch_frames(app, FRAMES)
    result: dict[str, Any] = {"cursor_kept": None}
    deadline = time.monotonic() + 240
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while "populated" not in MARKS:
                await pilot.pause(0.002)
                if time.monotonic() > deadline:
                    raise TimeoutError("no populated tree")
            if move and "live" not in MARKS and is_cached(app):
                for _ in range(3):
                    await pilot.press("j")
                result["moved_to"] = repr(cursor_key(app))
                result["moved_before_live"] = "live" not in MARKS
            while "live" not in MARKS:
                await pilot.pause(0.005)
                if time.monotonic() > deadline:
                    raise TimeoutError("no live tree")
            if "moved_to" in result:
                await pilot.pause()
                result["cursor_kept"] = repr(cursor_key(app)) == result["moved_to"]
            await pilot.pause()
            mark("idle")
            result["rss_mb"] = rss_mb()
            cache = app.settings.fleet_cache
            if cache is not None:  # the server's fleet is saved a moment later: let it be
                wait_until = time.monotonic() + 30
                while time.monotonic() < wait_until and not (
                    cache.path.exists() and cache.path.stat().st_mtime > MARKS["live"] - 1
                ):
                    await pilot.pause(0.05)
                await pilot.pause(0.2)
    finally:
        if demo is not None:
            demo.stop()
    return result


async def run_bare() -> dict[str, Any]:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> Any:
            yield Static("hello")

    app = Bare()
    watch_frames(app, {"first": lambda _: True})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        mark("idle")
    return {"rss_mb": rss_mb()}


#: With ``--terminal`` (run in a terminal by the parent): the file the result is written to.
RESULT_ENV = "BENCH_START_RESULT"


def console_script() -> str:
    """The ``iottui`` console script installed next to this interpreter."""
    return os.path.join(os.path.dirname(sys.executable), "iottui")


def run_command(argv: list[str], move: bool, terminal: bool) -> dict[str, Any]:
    """Run ``iottui argv`` as the console script does, the app run headless by the pilot (with
    ``terminal``: by the product's own ``run_app``, in the terminal, only its frames watched)."""
    outcome: dict[str, Any] = {}

    def run_app(app: Any, demo: Any, *, secrets: Sequence[str] = (), headless: bool = False) -> int:
        mark("app built")
        outcome["ran"] = True
        try:
            outcome.update(asyncio.run(run_iottui(app, demo, move)))
        except BaseException as exc:  # the CLI would turn it into a crash line: keep it
            outcome["error"] = exc
        return 0

    def replace_run_app(launch: Any) -> None:
        if not terminal:
            launch.run_app = run_app
            return
        product_run_app = launch.run_app

        def watched_run_app(app: Any, demo: Any, **kwargs: Any) -> int:
            mark("app built")
            outcome["ran"] = True
            watch_frames(app, FRAMES)
            code: int = product_run_app(app, demo, **kwargs)
            return code

        launch.run_app = watched_run_app

    WATCHED["iottui.ui.launch"] = ("import launch", replace_run_app)
    script = console_script()
    sys.argv = [script, *argv]
    with open(script, encoding="utf-8") as source:
        code = compile(source.read(), script, "exec")
    try:
        exec(code, {"__name__": "__main__", "__file__": script})
    except SystemExit as exc:
        outcome.setdefault("exit_code", exc.code)
    if "error" in outcome:
        raise outcome.pop("error")
    if not outcome.pop("ran", False):
        raise RuntimeError(
            f"iottui {' '.join(argv)} ended (exit {outcome.get('exit_code')}) without running "
            "its app through iottui.ui.launch.run_app"
        )
    return outcome


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "bare":
        result = asyncio.run(run_bare())
    else:
        sys.meta_path.insert(0, ImportWatcher())
        options, argv = args[: args.index("--")], args[args.index("--") + 1 :]
        result = run_command(argv, "--move" in options, "--terminal" in options)
        result.pop("exit_code", None)
    line = "RESULT " + json.dumps({"marks": MARKS, "cpu": CPU, **result})
    if RESULT_ENV in os.environ:  # in a terminal, stdout is the screen
        with open(os.environ[RESULT_ENV], "w", encoding="utf-8") as out:
            out.write(line + "\n")
    else:
        print(line, flush=True)
    os._exit(0)  # the demo's child is stopped; nothing else to wait for


if __name__ == "__main__":
    main()


# --- the parent side ------------------------------------------------------------------------

HERE = os.path.dirname(os.path.abspath(__file__))


def child_env(home: str, **extra: str) -> dict[str, str]:
    """An environment with its own config, data and cache dirs under ``home``."""
    env = {
        **os.environ,
        "HOME": home,
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "XDG_CACHE_HOME": f"{home}/cache",
        "IOTTUI_CONFIG": f"{home}/config/iottui/config.toml",
        **extra,
    }
    # As on a user's machine, bytecode is cached after the first start (some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which would compile the project from source on every start
    # while the installed Textual keeps its cached bytecode: ~90 ms against iottui).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(*args: str, env: dict[str, str]) -> dict[str, Any]:
    """Run one child; its marks become seconds since its ``Popen``."""
    import subprocess

    start = time.time()
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "_start.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
            result["marks"] = {k: v - start for k, v in result["marks"].items()}
            return result
    raise RuntimeError(f"child {args} failed: {out.stderr[-3000:]}")


def run_in_terminal(*args: str, env: dict[str, str], size: tuple[int, int]) -> dict[str, Any]:
    """``_start.py iottui --terminal -- ARGS`` in a pseudo-terminal (``_pty.py``): the app run
    by the product's ``run_app`` with Textual's real driver, quit with ctrl+q once the live tree
    is shown. Its marks (frames composed, imports, client calls) and the terminal's (``<name>
    shown``: the first frame shown with each marker) in seconds since launch."""
    import tempfile

    from _pty import IOTTUI_MARKERS, checked, run_in_pty

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "result")
        command = [sys.executable, os.path.join(HERE, "_start.py"), "iottui", "--terminal", "--"]
        run = run_in_pty(
            [*command, *args], IOTTUI_MARKERS, env={**env, RESULT_ENV: path}, size=size, timeout=240
        )
        checked(run, IOTTUI_MARKERS, f"iottui {' '.join(args)} (in-process, in a terminal)")
        with open(path, encoding="utf-8") as out:
            result: dict[str, Any] = json.loads(out.read().removeprefix("RESULT "))
    result["marks"] = {k: v - run.launched for k, v in result["marks"].items()}
    result["marks"].update({f"{name} shown": at for name, at in run.marks.items()})
    return result


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (the machine is shared: every figure says so)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def timeline(results: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """The median time of each mark over runs (marks some runs lack are left out), in order."""
    import statistics

    names = set.intersection(*(set(r["marks"]) for r in results)) if results else set()
    rows = [(n, statistics.median(r["marks"][n] for r in results)) for n in names]
    return sorted(rows, key=lambda row: row[1])


def print_timeline(title: str, rows: list[tuple[str, float]]) -> None:
    print(f"  timeline, {title} (median, ms from process start):")
    for name, at in rows:
        print(f"    {at * 1000:8.0f}  {name}")
