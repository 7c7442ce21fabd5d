"""Crashes the UI fuzz harness found, each as the smallest walk that shows it.

A crash not fixed yet is marked ``xfail(strict=True, raises=...)`` with the reason and the owner;
when its fix lands the test passes, the strict marker turns that into a failure, and whoever
lands the fix removes the marker (the test stays, as the regression test).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.fuzz.operations import BODIES

from .answers import READ_OPERATIONS, Reply, encode
from .server import FuzzServer, load, save
from .test_uifuzz import fuzz_app
from .walk import Walk


def documented() -> dict[str, list[Reply]]:
    """Every read answered with the API document's own example."""
    return {op: [Reply(200, encode(BODIES[op]))] for op in READ_OPERATIONS}


def test_closed_alarms_when_the_server_returns_an_alarm_twice() -> None:
    """The document's own alarm (status 3, closed) is in the answer to both the open and the
    closed query: showing closed alarms listed it twice and the alarms table, keyed by alarm
    id, raised Textual's DuplicateKey and ended the app (fixed by issue 10 #2)."""

    async def walk() -> None:
        app = fuzz_app(FuzzServer(documented()))
        async with app.run_test(size=(80, 24)) as pilot:
            tour = Walk(pilot)
            await tour.started()
            await tour.run("alarms")
            await tour.polled("t")

    asyncio.run(walk())


def test_a_reproducer_file_gives_back_every_byte(tmp_path: Path) -> None:
    """What a failure writes is what a replay serves: bytes that are not UTF-8, escaped lone
    surrogates, huge bodies."""
    replies = {
        "fleet.get": [Reply(200, b'{"data": "\\ud800"}'), Reply(502, b"\xff\xfe<html>")],
        "alarms.list": [Reply(200, b"x" * 100_000)],
    }
    path = tmp_path / "failure.json"
    save(path, replies, (80, 24))
    assert load(path) == (replies, (80, 24))
