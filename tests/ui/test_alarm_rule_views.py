"""The alarms and rules views against answers we did not make: duplicates, items without an id,
items that cannot be read (issue 10 #1/#2, issue 11 views).

The app is the real one (the factory's), its client talking to a fake server through
``httpx.MockTransport``: every read answers the API document's example, but the alarms and
rules lists answer what the test (or Hypothesis) made. What the views must show is worked out
by reading the same answers with the real client: the readable items are rows (duplicates
included), the unreadable ones are counted where the list is, and an item without an id refuses
every write with :func:`iottui.api.problems.write_refusal`'s reason, no request made.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from iottui.api import IoTClient
from iottui.api.enums import AlarmStatus, Severity
from iottui.api.models import Alarm, Rule
from iottui.api.problems import (
    ItemProblem,
    ReadList,
    has_id,
    problems_of,
    summary,
    write_refusal,
)
from iottui.clock import FixedClock
from iottui.ui.screens.alarm_detail import AlarmDetailScreen
from iottui.ui.screens.confirm import ConfirmScreen
from iottui.ui.screens.rule_detail import RuleDetailScreen
from iottui.ui.settings import UISettings
from iottui.ui.text import format_age
from iottui.ui.widgets.keyed_table import KeyedTable
from iottui.ui.widgets.problems import ProblemsScreen
from iottui.ui.widgets.status_line import StatusLine
from tests.fuzz.operations import BODIES
from tests.uifuzz.answers import HOSTILE_TEXT, READ_OPERATIONS, STR_IDS, Reply, encode, shaped
from tests.uifuzz.server import FuzzServer

from .helpers import (
    NOW,
    TestApp,
    alarms_view,
    poll,
    rules_view,
    screen_text,
    settle,
    started,
    until,
)

Body = dict[str, Any]

ALARM = BODIES["alarms.list"]["data"][0]
RULE = BODIES["rules.list"]["data"][0]


def answer(items: list[Any]) -> Body:
    return {"data": items, "status": "OK"}


def alarm(alarm_id: str | None, *, status: str = "1", device: str = "RevPi1") -> Body:
    """The API document's alarm with this id (None: no id at all), status and device."""
    item: Body = copy.deepcopy(ALARM)
    item["status"] = status
    item["source"]["details"]["device"] = device
    if alarm_id is None:
        del item["id"]
    else:
        item["id"] = alarm_id
    return item


def rule(rule_id: str | None, name: str = "Overheating") -> Body:
    item: Body = copy.deepcopy(RULE)
    item["name"] = name
    if rule_id is None:
        del item["id"]
    else:
        item["id"] = rule_id
    return item


class ViewServer(FuzzServer):
    """Every read answers the document's example, but the alarms (open and closed) and rules
    lists answer the bodies given; every write is recorded (and answered OK)."""

    def __init__(self, open_alarms: Body, closed_alarms: Body, rules: Body) -> None:
        super().__init__({op: [Reply(200, encode(BODIES[op]))] for op in READ_OPERATIONS})
        self.lists = {"open": open_alarms, "closed": closed_alarms, "rules": rules}

    def handle(self, request: httpx.Request) -> httpx.Response:
        op_id = self.operation(request) if request.method == "GET" else None
        if op_id == "alarms.list":
            closed = request.url.params.get("status") == str(int(AlarmStatus.CLOSED))
            body = self.lists["closed" if closed else "open"]
        elif op_id == "rules.list":
            body = self.lists["rules"]
        else:
            return super().handle(request)
        self.served[op_id] += 1
        return httpx.Response(200, content=encode(body))


def view_app(server: ViewServer) -> TestApp:
    client = IoTClient(
        "https://iot.views.invalid",
        "views-key-0123456789",
        transport=server.transport(),
        max_retries=0,
        timeout=5.0,
    )
    ui = UISettings(profile="views", server="views", refresh=60.0, check_tty=False, notify="off")
    return TestApp(client, ui, clock=FixedClock(NOW))


async def read(server: ViewServer) -> tuple[ReadList[Alarm], ReadList[Alarm], ReadList[Rule]]:
    """The lists as the real client reads them (what the views must show)."""
    async with IoTClient("https://x.invalid", "k" * 20, transport=server.transport()) as client:
        window = {"start": NOW - 86_400_000, "end": NOW}
        open_ = await client.alarms.list(AlarmStatus.OPEN, **window)
        closed = await client.alarms.list(AlarmStatus.CLOSED, **window)
        rules = await client.rules.list()
    return open_, closed, rules


def notices(app: TestApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def noticed_since(app: TestApp, count: int) -> bool:
    """True once a notice came after the first ``count``."""
    return len(notices(app)) > count


def flat(text: str) -> str:
    return " ".join(text.split())


async def open_alarms_tab(pilot: Pilot[Any], *, closed: bool = False) -> None:
    await started(pilot)
    await pilot.press("a")
    await poll(pilot)
    if closed:
        await pilot.press("t")
        await poll(pilot)


async def refuses_alarm(pilot: Pilot[Any], app: TestApp, row: int) -> None:
    """c, space and the detail's c on the alarm at ``row`` (it has no id): the reason, no
    confirmation, no mark."""
    view = alarms_view(app)
    table = view.table
    table.move_cursor(row=row)
    await until(pilot, lambda: table.cursor_row == row)
    target = table.alarms[row]
    reason = write_refusal(target, "This alarm")
    assert reason is not None
    before = len(notices(app))
    await pilot.press("c")
    await until(pilot, lambda: len(notices(app)) > before)
    assert notices(app)[-1] == reason
    assert not isinstance(app.screen, ConfirmScreen)
    await pilot.press("space")
    await until(pilot, lambda: len(notices(app)) > before + 1)
    assert notices(app)[-1] == reason
    assert target.id not in view.marked
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, AlarmDetailScreen))
    assert "server sent it without an id" in flat(screen_text(app))
    if not target.is_open:  # a closed alarm's detail has no close key
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AlarmDetailScreen))
        return
    await pilot.press("c")  # close from the detail: refused the same way
    await until(pilot, lambda: not isinstance(app.screen, AlarmDetailScreen))
    await until(pilot, lambda: len(notices(app)) > before + 2)
    assert notices(app)[-1] == reason
    assert not isinstance(app.screen, ConfirmScreen)


async def refuses_rule(pilot: Pilot[Any], app: TestApp, row: int) -> None:
    """e, E and d on the rule at ``row`` (it has no id): the reason, no dialog."""
    table = rules_view(app).table
    table.move_cursor(row=row)
    await until(pilot, lambda: table.cursor_row == row)
    reason = write_refusal(table.rules[row], "This rule")
    assert reason is not None
    main = app.screen
    for key in ("e", "E", "d"):
        count = len(notices(app))
        await pilot.press(key)
        await until(pilot, functools.partial(noticed_since, app, count))
        assert notices(app)[-1] == reason, key
        await settle(pilot)
        assert app.screen is main, f"{key} opened {app.screen!r}"


# --- the cases, one by one ------------------------------------------------------------------


async def test_alarms_without_an_id_are_shown_and_refuse_every_write() -> None:
    server = ViewServer(
        answer([alarm("a-1", device="Press 4"), alarm(None, device="No id"), alarm("")]),
        answer([]),
        answer([rule("r-1")]),
    )
    app = view_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_alarms_tab(pilot)
        table = alarms_view(app).table
        assert table.row_count == 3
        assert "No id" in screen_text(app)
        for row in [n for n, a in enumerate(table.alarms) if not has_id(a)]:
            await refuses_alarm(pilot, app, row)
        # the alarm with an id still closes (after a confirmation)
        row = next(n for n, a in enumerate(table.alarms) if has_id(a))
        table.move_cursor(row=row)
        await until(pilot, lambda: table.cursor_row == row)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: bool(server.writes))
        await settle(pilot)
    assert len(server.writes) == 1
    assert '"a-1"' in server.writes[0], server.writes


async def test_status_line_counts_an_alarm_listed_twice_once() -> None:
    """Regression: the status line's open alarms per severity counted every row, so an answer
    that listed one alarm twice showed "Crit 3" for two critical alarms (the table marks and
    closes by id, the terminal title counted each id once)."""
    server = ViewServer(
        answer([alarm("a-1"), alarm("a-1"), alarm("a-2"), alarm("c-1", status="3")]),
        answer([]),
        answer([]),
    )
    app = view_app(server)
    async with app.run_test(size=(120, 24)) as pilot:
        await open_alarms_tab(pilot)
        table = alarms_view(app).table
        assert sorted(table.alarm_ids) == ["a-1", "a-1", "a-2"]  # both copies are rows
        status = app.screen.query_one(StatusLine)
        await until(pilot, lambda: status.status.alarms is not None)
        assert status.status.alarms == {int(Severity.CRITICAL): 2}
        assert "Crit 2 Maj 0 Min 0 Warn 0" in flat(screen_text(app))


async def test_rules_without_an_id_are_shown_and_refuse_every_write() -> None:
    server = ViewServer(answer([]), answer([]), answer([rule(None, "Nameless"), rule(" ", "Z")]))
    app = view_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("r")
        await poll(pilot)
        table = rules_view(app).table
        assert table.row_count == 2
        assert "Nameless" in screen_text(app)
        # the keys every list shares (issue 11 #7)
        assert isinstance(table, KeyedTable)
        await pilot.press("G")
        await until(pilot, lambda: table.cursor_row == 1)
        await pilot.press("k")
        await until(pilot, lambda: table.cursor_row == 0)
        await pilot.press("end", "g")
        await until(pilot, lambda: table.cursor_row == 0)
        for row in range(2):
            await refuses_rule(pilot, app, row)
        # Enter still shows the rule, with the reason
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RuleDetailScreen))
        assert "server sent it without an id" in flat(screen_text(app))
    assert server.writes == []


async def test_unreadable_alarms_and_rules_are_counted_and_named() -> None:
    """The unreadable items are counted and named by path; the open and closed lists both
    number theirs from data[0], so each path names its list (regression: both read
    "data[1]", and the log and the dialog could not tell them apart)."""
    server = ViewServer(
        answer([alarm("a-1"), "not an alarm", 42]),
        answer([alarm("c-1", status="3"), ["a list"]]),
        answer([rule("r-1"), "not a rule"]),
    )
    app = view_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_alarms_tab(pilot)
        view = alarms_view(app)
        assert "2 items could not be read · ! details" in flat(screen_text(app))
        await pilot.press("t")  # the closed list's unreadable item is counted too
        await poll(pilot)
        await until(pilot, lambda: len(view.problems) == 3)
        assert "3 items could not be read · ! details" in flat(screen_text(app))
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        text = screen_text(app)
        assert "open alarms: data[1]" in text
        assert "open alarms: data[2]" in text
        assert "closed alarms: data[1]" in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ProblemsScreen))
        await pilot.press("r")
        await poll(pilot)
        info = rules_view(app).query_one("#rules-info", Static)
        await until(pilot, lambda: info.display)
        assert "1 item could not be read · ! details" in flat(screen_text(app))
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert "data[1]" in screen_text(app)


async def test_open_closed_detail_mark_and_toggle() -> None:
    """The views' everyday keys over a fake server: open list, closed too on t, detail on
    Enter, marks on space, C closes the marked ones once each (ids repeat), e toggles a rule."""
    server = ViewServer(
        answer([alarm("a-1", device="Press 4"), alarm("a-1", device="Press 4"), alarm("a-2")]),
        answer([alarm("c-1", status="3", device="Old press")]),
        answer([rule("r-1", "Overheating")]),
    )
    app = view_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_alarms_tab(pilot)
        view = alarms_view(app)
        table = view.table
        assert sorted(table.alarm_ids) == ["a-1", "a-1", "a-2"]  # both copies are rows
        # the document's alarm opened in 2018: its age is a number, whole at 80 columns
        age = format_age(table.alarms[0].open_time, NOW)
        assert len(age) == 5
        assert f" {age} " in screen_text(app)
        assert "Old press" not in screen_text(app)
        await pilot.press("t")
        await poll(pilot)
        await until(pilot, lambda: "c-1" in table.alarm_ids)
        assert "open + closed" in screen_text(app)
        row = table.alarm_ids.index("c-1")
        table.move_cursor(row=row)
        await until(pilot, lambda: table.cursor_row == row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AlarmDetailScreen))
        assert "Old press" in screen_text(app)
        assert "c close" not in screen_text(app)  # a closed alarm's detail offers no close
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AlarmDetailScreen))
        await pilot.press("t")
        await until(pilot, lambda: "c-1" not in table.alarm_ids)
        # marks are per id: space on one copy of a-1 marks both rows (the cursor moves on)
        first = table.alarm_ids.index("a-1")
        table.move_cursor(row=first)
        await until(pilot, lambda: table.cursor_row == first)
        await pilot.press("space")
        assert view.marked == {"a-1"}
        row = table.alarm_ids.index("a-2")
        table.move_cursor(row=row)
        await until(pilot, lambda: table.cursor_row == row)
        await pilot.press("space")
        assert view.marked == {"a-1", "a-2"}
        assert "2 marked" in screen_text(app)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Close 2 marked alarm(s)?" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: len(view.close_log) == 2)
        assert not view.marked
        await pilot.press("r")
        await poll(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Disable rule Overheating?" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: "Rule disabled" in notices(app))
        assert not rules_view(app).pending_rules
    closes = sorted(w for w in server.writes if "/alarms" in w)
    assert len(closes) == 2
    assert '"a-1"' in closes[0]
    assert '"a-2"' in closes[1]
    assert "/rules" in server.writes[-1]
    assert "r-1" in server.writes[-1]


# --- Hypothesis: generated lists through the app ---------------------------------------------

ITEM_KINDS = ("plain", "plain", "repeat", "no id", "blank id", "unreadable", "odd")


@st.composite
def items(draw: st.DrawFn, example: Body, *, closed: bool = False) -> list[Any]:
    """A list answer's items: the document's example with pooled ids (so they repeat),
    hostile names, repeats of earlier items, items without an id or with a blank one, items
    that are not objects, and now and then an item regenerated by the UI fuzz's shaper."""
    out: list[Any] = []
    for kind in draw(st.lists(st.sampled_from(ITEM_KINDS), max_size=7)):
        item = copy.deepcopy(example)
        item["id"] = draw(st.sampled_from(STR_IDS[:3] + STR_IDS[5:7]))
        name = draw(st.sampled_from(HOSTILE_TEXT[:30]))
        if "source" in item:
            item["source"]["details"]["device"] = name
            item["status"] = "3" if closed else "1"
        else:
            item["name"] = name
        if kind == "repeat" and out:
            item = copy.deepcopy(draw(st.sampled_from(out)))
        elif kind == "no id":
            del item["id"]
        elif kind == "blank id":
            item["id"] = draw(st.sampled_from(["", " ", "\t"]))
        elif kind == "unreadable":
            item = draw(st.sampled_from(["text", 7, None, True, [1, 2]]))
        elif kind == "odd":
            item = shaped(example, draw(st.integers(0, 2**32 - 1)), draw(st.sampled_from([3, 6])))
        out.append(item)
    return out


def expected_note(problems: tuple[ItemProblem, ...]) -> str | None:
    text = summary(problems)
    return None if text is None else f"{text} · ! details"


#: ``IOTTUI_UIFUZZ=long`` (the UI fuzz's long profile) runs random examples, as many as
#: ``IOTTUI_VIEWS_EXAMPLES`` (default 200); CI runs 6, derandomized.
LONG = os.environ.get("IOTTUI_UIFUZZ") == "long"


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("IOTTUI_VIEWS_EXAMPLES", "200")) if LONG else 6,
    deadline=None,
    derandomize=not LONG,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # an app per example: no shrinking in CI
    suppress_health_check=list(HealthCheck),
)
@given(
    open_items=items(ALARM),
    closed_items=items(ALARM, closed=True),
    rule_items=items(RULE),
)
def test_generated_lists_show_every_readable_item_and_refuse_writes_without_id(
    open_items: list[Any], closed_items: list[Any], rule_items: list[Any]
) -> None:
    import asyncio

    server = ViewServer(answer(open_items), answer(closed_items), answer(rule_items))
    asyncio.run(_walk_views(server))


async def _walk_views(server: ViewServer) -> None:
    open_, closed, rules = await read(server)
    app = view_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_alarms_tab(pilot, closed=True)
        view = alarms_view(app)
        table = view.table
        # every readable alarm is a row (duplicates too), the others are counted
        await until(pilot, lambda: table.row_count == len(open_) + len(closed))
        problems = problems_of(open_, "open alarms") + problems_of(closed, "closed alarms")
        assert view.problems == problems
        info = str(view.query_one("#alarms-info", Static).render())
        note = expected_note(problems)
        assert (note is not None and note in flat(info)) or (note is None and "read" not in info)
        idless = [n for n, a in enumerate(table.alarms) if not has_id(a)]
        event(f"alarms: {len(idless)} without id, {len(problems)} unreadable")
        for row in idless[:2]:
            await refuses_alarm(pilot, app, row)
        await pilot.press("r")
        await poll(pilot)
        rview = rules_view(app)
        await until(pilot, lambda: rview.table.row_count == len(rules))
        assert rview.problems == rules.problems
        rinfo = rview.query_one("#rules-info", Static)
        note = expected_note(rules.problems)
        assert rinfo.display is (note is not None)
        if note is not None:
            assert note in flat(str(rinfo.render()))
        idless = [n for n, r in enumerate(rview.table.rules) if not has_id(r)]
        event(f"rules: {len(idless)} without id, {len(rules.problems)} unreadable")
        for row in idless[:2]:
            await refuses_rule(pilot, app, row)
        assert app.is_running
    assert server.writes == [], server.writes
    assert json.dumps(server.unknown) == "[]"


async def test_details_and_confirmation_fit_80x24_and_scroll_inside() -> None:
    """Issue 11 #6: a long alarm (a 2,000-character device name and description, 40 changelog
    entries) and a rule with 30 sources open in dialogs inside the 80x24 screen that scroll,
    their keys in view; the close question names the device cut, its yes key on screen."""
    long_alarm = alarm("a-1", device="W" * 2000)
    long_alarm["description"] = "D" * 2000
    long_alarm["changeLog"] = long_alarm["changeLog"] * 40
    long_rule = rule("r-1", "R" * 500)
    long_rule["sources"] = long_rule["sources"] * 30
    server = ViewServer(answer([long_alarm]), answer([]), answer([long_rule]))
    app = view_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_alarms_tab(pilot)
        screen_region = app.screen.region
        for key, kind, keys in (
            ("a", AlarmDetailScreen, "c close · y copy id · Esc back"),
            ("r", RuleDetailScreen, "e enable/disable · y copy id · Esc back"),
        ):
            await pilot.press(key)
            await poll(pilot)
            await pilot.press("enter")
            await until(pilot, lambda kind=kind: isinstance(app.screen, kind))  # type: ignore[misc]
            box = app.screen.query_one(VerticalScroll)
            await until(pilot, lambda box=box: box.max_scroll_y > 0)  # type: ignore[misc]
            assert screen_region.contains_region(box.region), box.region
            assert keys in screen_text(app)
            await pilot.press("pagedown")
            await until(pilot, lambda box=box: box.scroll_y > 0)  # type: ignore[misc]
            await pilot.press("escape")
            await until(pilot, lambda kind=kind: not isinstance(app.screen, kind))  # type: ignore[misc]
        await pilot.press("a")
        await poll(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        dialog = app.screen.query_one("#confirm", Widget)
        assert screen_region.contains_region(dialog.region), dialog.region
        text = screen_text(app)
        assert "W…?" in text
        assert "(y)" in text  # the confirming key is on screen
