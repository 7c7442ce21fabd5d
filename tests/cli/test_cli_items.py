"""The command line against a server whose answers our simulator would never give.

A tiny loopback HTTP server (the standard library's, in a thread) answers every GET with a
fixed body: the API document's own examples, which reuse ids and leave ids out.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from iottui import cli

KEY_ENV = "IOTTUI_TEST_ITEMS_KEY"

#: The document's Get Edge Modules example (an item with no id), then a complete module.
EDGEMODULES: dict[str, Any] = {
    "data": [
        {"name": "New Edge Module"},
        {
            "id": "5d4ac2eed4f99c207961a162",
            "name": "Complete module",
            "repository": {"accessType": "public", "dockerImageName": "myImageName"},
        },
        "not an edge module",
    ],
    "status": "OK",
}


class _Answer(BaseHTTPRequestHandler):
    body: ClassVar[bytes] = b"{}"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv(KEY_ENV, "items-test-key-0123456789")
    servers: list[ThreadingHTTPServer] = []

    def start(body: dict[str, Any]) -> str:
        handler = type("Answer", (_Answer,), {"body": json.dumps(body).encode()})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_edgemodules_list_prints_the_rest_of_the_documents_example(
    serve: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``data[0].id: missing required field``, exit 1, nothing listed."""
    url = serve(EDGEMODULES)
    code = cli.main(["edgemodules", "list", "--url", url, "--api-key-env", KEY_ENV])
    out = capsys.readouterr().out
    assert code == 0
    assert "Complete module" in out
    assert "New Edge Module" in out  # shown, without an id
    code = cli.main(["edgemodules", "list", "--json", "--url", url, "--api-key-env", KEY_ENV])
    listed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [m["name"] for m in listed] == ["New Edge Module", "Complete module"]


def test_alarms_with_the_same_id_are_all_listed(
    serve: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    alarm = {
        "id": "5ea165ef-3d66-407c-82b5-15062a35d89d",
        "severity": 1,
        "status": 1,
        "type": 1,
        "opentime": 1587635695000,
        "description": "first",
    }
    body = {"data": [alarm, {**alarm, "description": "second"}], "status": "OK"}
    url = serve(body)
    argv = ["alarms", "list", "--json", "--url", url, "--api-key-env", KEY_ENV]
    code = cli.main(argv)
    listed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [a["description"] for a in listed] == ["first", "second"]
