"""The fleet tree says how many items of the fleet answer could not be read (issue 10 #1, seam 7):
"N items could not be read · ! details" above the tree, the items by path on ``!``.

The fleet answers are the harness's generated ones (:func:`.answers.shaped`: odd ids, types,
times and text) with unreadable items added (a group that is not an object, a device and a
sensor of another type), so there is always something to count; the count expected is what the
client itself reports for the same answer (``Fleet.problems``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from iottui.api import IoTClient
from iottui.api.errors import IoTError
from iottui.api.problems import summary
from iottui.clock import FixedClock
from iottui.ui.settings import UISettings
from iottui.ui.widgets.problems import ProblemsScreen
from tests.fuzz.operations import BODIES
from tests.ui.helpers import NOW, TestApp, screen_text, started, until

from .answers import READ_OPERATIONS, Reply, encode, shaped
from .server import FuzzServer


def with_unreadable_items(body: Any, junk: list[object]) -> Any:
    """``body`` (a fleet answer) with items that cannot be read put into its lists."""
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        groups = body["data"]
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("devices"), list):
                group["devices"].append(junk[0])
                for device in group["devices"]:
                    if isinstance(device, dict) and isinstance(device.get("sensors"), list):
                        device["sensors"].append(junk[-1])
                        break
                break
        groups.append(junk[-1])
    return body


def client_for(server: FuzzServer) -> IoTClient:
    return IoTClient(
        "https://iot.fuzz.invalid",
        "fuzz-key-0123456789",
        transport=server.transport(),
        max_retries=0,
        timeout=5.0,
    )


async def shown_note(server: FuzzServer, expected: str, paths: list[str]) -> None:
    ui = UISettings(profile="fuzz", server="fuzz", refresh=60.0, check_tty=False, notify="off")
    app = TestApp(client_for(server), ui, clock=FixedClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(pilot)
        note = screen.query_one("#tree-problems", Static)
        await until(pilot, lambda: note.display)
        assert str(note.render()) == f"{expected} · ! details"
        # on screen too (the tree pane is narrow at 80 columns: the note takes two lines)
        flat = " ".join(screen_text(app).split())
        assert expected in flat
        assert "! details" in flat
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        text = screen_text(app)
        for path in paths[:5]:  # the first lines are on screen at 80x24
            assert path[:30] in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # a failure is read from its seed, not shrunk
)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    odd=st.sampled_from([40, 12, 6]),
    junk=st.lists(
        st.one_of(st.integers(), st.text(max_size=5), st.none(), st.lists(st.integers())),
        min_size=1,
        max_size=2,
    ),
)
def test_the_tree_counts_unreadable_fleet_items(seed: int, odd: int, junk: list[object]) -> None:
    fleet_body = with_unreadable_items(shaped(BODIES["fleet.get"], seed, odd), junk)
    replies = {op: [Reply(200, encode(BODIES[op]))] for op in READ_OPERATIONS}
    replies["fleet.get"] = [Reply(200, encode(fleet_body))]

    async def expected() -> tuple[str, list[str]] | None:
        async with client_for(FuzzServer(replies)) as client:
            try:
                fleet = await client.fleet.get()
            except IoTError:
                return None  # the whole answer is unreadable: the tree shows the error instead
        text = summary(fleet.problems)
        return (text, [p.path for p in fleet.problems]) if text else None

    wanted = asyncio.run(expected())
    assume(wanted is not None)
    assert wanted is not None
    asyncio.run(shown_note(FuzzServer(replies), *wanted))
