"""A fake IoT Cloud behind ``httpx.MockTransport`` that serves generated answers.

Each GET is mapped to its operation through the route table (``/dashboards`` with an ``id``
is ``dashboards.get``); the operation's answers are served in turn, the last one repeating.
Every request is recorded. A POST is a write: the harness runs the app read-only and walks no
form, so a POST reaching the server is itself a failure (recorded, answered ``{"status": "OK"}``).

:func:`save` and :func:`load` write and read a reproducer: the answers of a failing example as
JSON, replayed by ``IOTTUI_UIFUZZ_REPLAY=<file> pytest tests/uifuzz -k replay``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from iottui.api.routes import DEFAULT_PATHS, OPERATIONS

from .answers import Reply

#: GET path -> operation id (``/dashboards`` serves two: the list, and one dashboard by id).
_GET_ROUTES: dict[str, str] = {
    DEFAULT_PATHS[op.route]: op.id
    for op in OPERATIONS
    if op.method == "GET" and op.id != "dashboards.get"
}


class FuzzServer:
    """Serves :class:`Reply` lists per operation id and records what was asked."""

    def __init__(self, answers: dict[str, list[Reply]]) -> None:
        self.answers = answers
        self.served: Counter[str] = Counter()
        self.writes: list[str] = []
        self.unknown: list[str] = []

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def operation(self, request: httpx.Request) -> str | None:
        op_id = _GET_ROUTES.get(request.url.path)
        if op_id == "dashboards.list" and request.url.params.get("id") is not None:
            return "dashboards.get"
        return op_id

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            self.writes.append(f"{request.method} {request.url.path} {request.content[:200]!r}")
            return httpx.Response(200, json={"status": "OK"})
        op_id = self.operation(request)
        if op_id is None:
            self.unknown.append(str(request.url))
            return httpx.Response(404, json={"error": {"code": "404", "desc": "no route"}})
        replies = self.answers[op_id]
        served = replies[min(self.served[op_id], len(replies) - 1)]
        self.served[op_id] += 1
        return httpx.Response(
            served.status, content=served.body, headers={"content-type": "application/json"}
        )


def save(path: Path, answers: dict[str, list[Reply]], size: tuple[int, int]) -> None:
    data: dict[str, Any] = {
        "size": list(size),
        "answers": {op: [r.to_json() for r in replies] for op, replies in answers.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def load(path: Path) -> tuple[dict[str, list[Reply]], tuple[int, int]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    answers = {op: [Reply.from_json(r) for r in replies] for op, replies in data["answers"].items()}
    width, height = data["size"]
    return answers, (int(width), int(height))
