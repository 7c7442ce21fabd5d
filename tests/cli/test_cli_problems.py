"""Lists with unreadable items: the rest is printed, one warning per item on stderr, exit 0;
exit 1 with ``--strict``.

Before, one bad item failed the whole command: ``edgemodules list`` on the API document's own
example (an item without an ``id``) exited 1 with ``data[0].id: missing required field``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from iottui import cli
from iottui.api import IoTClient
from iottui.api.resources.groups import GroupsResource
from iottui.config import ConnectionSettings, connection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
ARGS = ("--url", "https://iot.example", "--api-key-env", "PROBLEM_TEST_KEY")


class ListWithProblems(tuple[Any, ...]):
    """What the client's list reads return (PLAN seam 1): the readable items, and
    ``problems`` naming the unreadable ones by path (``str()`` is ``"data[1].id: missing"``)."""

    problems: tuple[str, ...] = ()


def serve(body: dict[str, Any]) -> Callable[[ConnectionSettings], IoTClient]:
    def connect(settings: ConnectionSettings) -> IoTClient:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
        return IoTClient(settings.url, settings.api_key, transport=transport)

    return connect


@pytest.fixture
def groups_with_a_bad_item(monkeypatch: pytest.MonkeyPatch) -> None:
    """``groups list`` reads the document's two groups and reports a third as unreadable."""
    monkeypatch.setenv("PROBLEM_TEST_KEY", "k")
    body = json.loads((FIXTURES / "groups.list.json").read_text())

    read = GroupsResource.list

    async def list_with_problems(self: GroupsResource) -> ListWithProblems:
        items = ListWithProblems(await read(self))
        items.problems = ("data[2].id: missing", "data[3].name: expected a string, got 5")
        return items

    monkeypatch.setattr(GroupsResource, "list", list_with_problems)
    connect = serve(body)
    monkeypatch.setattr(connection, "connect", connect)


@pytest.mark.usefixtures("groups_with_a_bad_item")
@pytest.mark.parametrize("fmt", [(), ("--json",), ("--csv",)])
def test_the_rest_is_printed_with_one_warning_per_item(
    capsys: pytest.CaptureFixture[str], fmt: tuple[str, ...]
) -> None:
    code = cli.main(["groups", "list", *fmt, *ARGS])
    out, err = capsys.readouterr()
    assert code == 0
    assert "edited" in out
    assert "foo" in out
    if fmt == ("--json",):
        assert [g["name"] for g in json.loads(out)] == ["edited", "foo"]
    assert err == (
        "iottui: warning: data[2].id: missing\n"
        "iottui: warning: data[3].name: expected a string, got 5\n"
    )


@pytest.mark.usefixtures("groups_with_a_bad_item")
@pytest.mark.parametrize(
    "argv",
    [["--strict", "groups", "list"], ["groups", "list", "--strict"]],
    ids=["before", "after"],
)
def test_strict_exits_1_after_printing_the_rest(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code = cli.main([*argv, *ARGS])
    out, err = capsys.readouterr()
    assert code == 1
    assert "edited" in out
    assert err.splitlines() == [
        "iottui: warning: data[2].id: missing",
        "iottui: warning: data[3].name: expected a string, got 5",
        "iottui: error: 2 items could not be read (--strict)",
    ]


def test_strict_with_nothing_unreadable_is_exit_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROBLEM_TEST_KEY", "k")
    body = json.loads((FIXTURES / "groups.list.json").read_text())
    monkeypatch.setattr(connection, "connect", serve(body))
    assert cli.main(["groups", "list", "--strict", *ARGS]) == 0
    assert capsys.readouterr().err == ""


def test_strict_is_for_resource_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--strict"]) == 2
    assert "--strict applies to resource commands" in capsys.readouterr().err
    assert cli.main(["--strict", "profile", "list"]) == 2
    assert "--strict cannot be used with `iottui profile`" in capsys.readouterr().err


def test_the_documents_edge_module_without_an_id_and_an_unreadable_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end through the real client and parser: the document's example without an id is
    listed (it only cannot be written to); an item that cannot be read is named."""
    monkeypatch.setenv("PROBLEM_TEST_KEY", "k")
    body = json.loads((FIXTURES / "edgemodules.list.json").read_text())
    good = body["data"][0]
    nameless = copy.deepcopy(good)
    del nameless["id"]
    broken = {**copy.deepcopy(good), "id": "broken", "repository": 5}
    body["data"] = [nameless, broken, good]
    monkeypatch.setattr(connection, "connect", serve(body))
    code = cli.main(["edgemodules", "list", "--json", *ARGS])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [m["id"] for m in json.loads(out)] == ["", good["id"]]
    assert err.count("\n") == 1
    assert err.startswith("iottui: warning: data[1].repository: ")
    code = cli.main(["edgemodules", "list", "--strict", *ARGS])
    out, err = capsys.readouterr()
    assert code == 1
    assert "New Edge Module" in out
    assert err.endswith("iottui: error: 1 item could not be read (--strict)\n")


@pytest.mark.parametrize(("bad", "where"), [("1", "open alarms"), ("3", "closed alarms")])
def test_alarms_watch_names_the_list_of_an_unreadable_item(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, bad: str, where: str
) -> None:
    """Regression: the open and closed lists both number their items from data[0], and the
    watch's warning said only "data[0]" (the TUI names the list: ``ItemProblem.within``)."""
    monkeypatch.setenv("PROBLEM_TEST_KEY", "k")

    def answer(request: httpx.Request) -> httpx.Response:
        data = [42] if request.url.params.get("status") == bad else []
        return httpx.Response(200, json={"data": data, "status": "OK"})

    def connect(settings: ConnectionSettings) -> IoTClient:
        transport = httpx.MockTransport(answer)
        return IoTClient(settings.url, settings.api_key, transport=transport)

    monkeypatch.setattr(connection, "connect", connect)
    code = cli.main(["alarms", "watch", "--strict", "--json", *ARGS])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert len(err) == 2, err
    assert err[0].startswith(f"iottui: warning: alarms watch: {where}: data[0]: "), err
    assert f"could not be read (--strict): {where}: data[0]: " in err[1], err
