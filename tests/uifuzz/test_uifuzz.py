"""The UI under any server: generated answers for every read, a pilot walking every view.

The app is built by the same factory as ``iottui --demo`` and the tests in ``tests/ui``, with a
client whose transport is :class:`tests.uifuzz.server.FuzzServer`. It runs read-only (the walk
opens no form; a write reaching the server fails the example). The app must never crash: no
exception escapes to Textual, no worker dies of one, the app never exits.

Profiles (``IOTTUI_UIFUZZ``):

- ``ci`` (default): a few examples, derandomized, so CI is quick and never flaky;
- ``long``: random examples until ``IOTTUI_UIFUZZ_EXAMPLES`` (default 2000) have run:
  ``IOTTUI_UIFUZZ=long .venv/bin/python -m pytest tests/uifuzz -n 0 -p no:cacheprovider``;
  with ``IOTTUI_UIFUZZ_COLLECT=1`` it does not stop at a crash but keeps one reproducer per
  distinct crash (exception type and innermost iottui line) and logs every example.

A failing example writes its answers to ``IOTTUI_UIFUZZ_DIR`` (default
``<tmp>/iottui-uifuzz``) as ``failure-<n>.json`` and names the file in the report; replay it with
``IOTTUI_UIFUZZ_REPLAY=<file> .venv/bin/python -m pytest tests/uifuzz -k replay``.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from iottui.api import IoTClient
from iottui.clock import FixedClock
from iottui.ui.settings import UISettings
from tests.ui.helpers import NOW, TestApp

from .answers import Reply, answers
from .server import FuzzServer, load, save
from .walk import Walk

PROFILE = os.environ.get("IOTTUI_UIFUZZ", "ci")
LONG = PROFILE == "long"
EXAMPLES = int(os.environ.get("IOTTUI_UIFUZZ_EXAMPLES", "2000" if LONG else "2"))
OUT = Path(os.environ.get("IOTTUI_UIFUZZ_DIR", Path(tempfile.gettempdir()) / "iottui-uifuzz"))
#: Collect crashes (one reproducer per distinct crash, in OUT) instead of stopping at the first.
COLLECT = os.environ.get("IOTTUI_UIFUZZ_COLLECT") is not None
SIZES = st.sampled_from([(80, 24), (80, 24), (120, 40), (200, 50), (60, 20)])

UIFUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    print_blob=True,
    database=None,
    # no shrinking in CI: a failure there is reproduced from its file, not minimised
    phases=[Phase.explicit, Phase.generate] if not LONG else list(Phase),
    suppress_health_check=list(HealthCheck),
)


def fuzz_app(server: FuzzServer) -> TestApp:
    """The app from the factory, read-only, talking to ``server`` through its transport."""
    client = IoTClient(
        "https://iot.fuzz.invalid",
        "fuzz-key-0123456789",
        transport=server.transport(),
        max_retries=0,
        timeout=5.0,
    )
    ui = UISettings(
        profile="fuzz", server="fuzz", refresh=60.0, check_tty=False, notify="off", read_only=True
    )
    return TestApp(client, ui, clock=FixedClock(NOW))


async def walk(replies: dict[str, list[Reply]], size: tuple[int, int]) -> FuzzServer:
    """Walk every view over these answers; raises on any crash. Returns the server."""
    server = FuzzServer(replies)
    app = fuzz_app(server)
    async with app.run_test(size=size) as pilot:
        tour = Walk(pilot)
        try:
            await tour.everything()
        except BaseException as error:
            error.add_note(f"steps: {tour.steps[-6:]}")
            raise
        errors = tour.worker_errors()
        assert not errors, f"a worker died of an exception: {errors}"
    assert not server.writes, f"writes reached the server: {server.writes}"
    return server


_failures = 0


def _signature(error: BaseException) -> str:
    """The exception's type and the innermost iottui frame: one name per distinct crash."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/iottui/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__}@{where}"


def _walk_or_report(replies: dict[str, list[Reply]], size: tuple[int, int]) -> FuzzServer | None:
    """Walk; on a crash, write the reproducer and re-raise (or, collecting, log it and go on)."""
    global _failures
    try:
        server = asyncio.run(walk(replies, size))
    except Exception as error:
        _failures += 1
        signature = _signature(error)
        path = OUT / f"failure-{os.getpid()}-{_failures}.json"
        if COLLECT:
            path = OUT / f"crash-{signature.replace(':', '-').replace('@', '-')}.json"
        if not (COLLECT and path.exists()):
            save(path, replies, size)
        note(f"answers written to {path} (replay: IOTTUI_UIFUZZ_REPLAY={path})")
        note(traceback.format_exc(limit=-8))
        if not COLLECT:
            raise
        with (OUT / "crashes.log").open("a", encoding="utf-8") as log:
            log.write(f"{signature}\t{path}\t{error!r:.300}\n")
        server = None
    if COLLECT:
        with (OUT / "examples.log").open("a", encoding="utf-8") as log:
            log.write("crash\n" if server is None else "ok\n")
    return server


@pytest.mark.slow
@UIFUZZ
@given(replies=answers(), size=SIZES)
def test_every_view_survives_any_answers(
    replies: dict[str, list[Reply]], size: tuple[int, int]
) -> None:
    server = _walk_or_report(replies, size)
    if server is None:
        return  # collecting: logged
    # the walk reached the views: the reads every walk makes were made (alarms and rules are
    # read only once a fleet could be read, so not in every example)
    for op_id in (
        "fleet.get",
        "topics.list",
        "account.user",
        "deviceconfigs.list",
        "dashboards.list",
    ):
        assert server.served[op_id] > 0, f"{op_id} was never read: {dict(server.served)}"


REPLAY = os.environ.get("IOTTUI_UIFUZZ_REPLAY")


@pytest.mark.skipif(REPLAY is None, reason="set IOTTUI_UIFUZZ_REPLAY=<failure file> to replay")
def test_replay() -> None:
    assert REPLAY is not None
    replies, size = load(Path(REPLAY))
    asyncio.run(walk(replies, size))
