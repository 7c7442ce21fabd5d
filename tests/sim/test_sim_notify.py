"""Notifications: webhooks are really POSTed to a local receiver; emails go to the outbox."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from iottui.api import ChannelType, IoTClient, RuleType, Severity
from iottui.api.models import RuleSource, Threshold
from iottui.sim.runner import SimServer
from tests.sim.conftest import advance, make_config, raw


class Receiver:
    """A tiny HTTP server on 127.0.0.1 that records POSTed JSON (optionally failing first)."""

    def __init__(self, fail_first: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.attempts = 0
        self.fail_first = fail_first
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                outer.attempts += 1
                if outer.attempts <= outer.fail_first:
                    self.send_response(503)
                    self.end_headers()
                    return
                outer.received.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.received

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


async def _always_rule(client: IoTClient, topic_id: str, name: str = "Always") -> str:
    fleet = await client.fleet.get()
    sensor = next(
        s
        for d in fleet.devices()
        if d.online
        for s in d.sensors
        if s.metrics and s.metrics[0].value_type == "double"
    )
    rule = await client.rules.create(
        name,
        RuleType.METRIC,
        sources=[RuleSource(metric_id=sensor.metrics[0].id, thing_id=sensor.id)],
        thresholds=[Threshold("metric>-1e9", Severity.MAJOR, topic_ids=(topic_id,))],
    )
    return str(rule.id)


async def test_webhook_gets_open_and_recovery_events(
    client: IoTClient, server: SimServer, receiver: Receiver
) -> None:
    topic = await client.topics.create("Hooks")
    await client.channels.create(
        "Local hook",
        ChannelType.WEBHOOK,
        receiver.url,
        timezone_id="GMT+00:00 Europe/London",
        topic_ids=[str(topic.id)],
    )
    rule_id = await _always_rule(client, str(topic.id))
    advance(server, 5 * 60_000)
    events = receiver.wait_for(1)
    assert len(events) == 1
    event = events[0]
    assert event["event"] == "alarm.opened"
    assert event["rule"] == {"id": rule_id, "name": "Always"}
    assert event["alarm"]["status"] == "1"
    assert event["alarm"]["source"]["id"] == rule_id
    # make it recover: a condition no sample can meet
    await client.rules.update(
        rule_id, thresholds=[Threshold("metric<-1e9", Severity.MAJOR, topic_ids=(str(topic.id),))]
    )
    # updating the rule closes its alarm (by the system); new episodes notify again
    await client.rules.update(
        rule_id, thresholds=[Threshold("metric>-1e9", Severity.MAJOR, topic_ids=(str(topic.id),))]
    )
    advance(server, 5 * 60_000)
    events = receiver.wait_for(2)
    assert [e["event"] for e in events] == ["alarm.opened", "alarm.opened"]
    deliveries = server.context.notifier.deliveries
    # The receiver records a call before it answers: the sender marks it delivered just after.
    for _ in range(200):
        if not any(d.status == "pending" for d in deliveries):
            break
        await asyncio.sleep(0.05)
    assert all(d.status == "delivered" for d in deliveries)


async def test_recovery_is_notified(
    client: IoTClient, server: SimServer, receiver: Receiver
) -> None:
    topic = await client.topics.create("Flapping")
    await client.channels.create(
        "Hook",
        ChannelType.WEBHOOK,
        receiver.url,
        timezone_id="GMT+00:00 Europe/London",
        topic_ids=[str(topic.id)],
    )
    world = server.context.world
    device, sensor = next(
        (d, s)
        for d, s in world.sensors.values()
        if world.is_online(d)
        and s["metrics"][0].get("valueType") == "double"
        and world.sample_times(d, s, world.now(), world.now() + 3_600_000)
    )
    metric = sensor["metrics"][0]
    values = sorted(
        float(world.value(sensor, metric, t))
        for t in world.sample_times(device, sensor, world.now() + 1, world.now() + 3_600_000)
    )
    median = values[len(values) // 2]
    await client.rules.create(
        "Flap",
        RuleType.METRIC,
        sources=[RuleSource(metric_id=metric["id"], thing_id=sensor["id"])],
        thresholds=[Threshold(f"metric>={median}", Severity.MINOR, topic_ids=(str(topic.id),))],
    )
    advance(server, 3_600_000)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        kinds = {e["event"] for e in receiver.received}
        if kinds == {"alarm.opened", "alarm.closed"}:
            break
        await asyncio.sleep(0.05)
    assert {e["event"] for e in receiver.received} == {"alarm.opened", "alarm.closed"}
    closed = next(e for e in receiver.received if e["event"] == "alarm.closed")
    assert closed["alarm"]["changeLog"][-1]["currentVal"] == "Closed By System"


async def test_email_goes_to_the_outbox_file(tmp_path: Path) -> None:
    config = make_config(state_path=tmp_path / "state.sqlite")
    with SimServer(config) as server:
        async with IoTClient(server.url, server.api_key, max_retries=0) as client:
            topic = await client.topics.create("Mail")
            await client.channels.create(
                "Mail me",
                ChannelType.EMAIL,
                "me@example.com",
                timezone_id="GMT+01:00 Europe/Berlin",
                topic_ids=[str(topic.id)],
            )
            await _always_rule(client, str(topic.id), "Mail rule")
            advance(server, 5 * 60_000)
            with raw(server) as http:
                outbox = http.get("/__sim/outbox").json()["data"]
    assert config.outbox_path is not None
    lines = config.outbox_path.read_text().splitlines()
    assert len(lines) == len(outbox) >= 1
    mail = json.loads(lines[0])
    assert mail["to"] == "me@example.com"
    assert "Mail rule" in mail["subject"]
    assert json.loads(mail["body"])["event"] == "alarm.opened"


async def test_memory_outbox_and_inactive_channels(client: IoTClient, server: SimServer) -> None:
    topic = await client.topics.create("Quiet")
    await client.channels.create(
        "Active",
        ChannelType.EMAIL,
        "a@example.com",
        timezone_id="GMT+01:00 Europe/Berlin",
        topic_ids=[str(topic.id)],
    )
    off = await client.channels.create(
        "Off",
        ChannelType.EMAIL,
        "off@example.com",
        timezone_id="GMT+01:00 Europe/Berlin",
        topic_ids=[str(topic.id)],
    )
    await client.channels.update(str(off.id), name="Off", target="off@example.com", active=False)
    await _always_rule(client, str(topic.id))
    advance(server, 5 * 60_000)
    outbox = server.context.notifier.read_outbox()
    assert [m["to"] for m in outbox] == ["a@example.com"]


async def test_failed_webhooks_are_retried_and_logged(
    client: IoTClient, server: SimServer, caplog: pytest.LogCaptureFixture
) -> None:
    flaky = Receiver(fail_first=1)
    dead_port = Receiver()
    dead_url = dead_port.url
    dead_port.close()  # nothing listens there any more
    try:
        topic = await client.topics.create("Retry")
        for name, url in (("Flaky", flaky.url), ("Dead", dead_url)):
            await client.channels.create(
                name,
                ChannelType.WEBHOOK,
                url,
                timezone_id="GMT+00:00 Europe/London",
                topic_ids=[str(topic.id)],
            )
        with caplog.at_level(logging.WARNING, logger="iottui.sim.notify"):
            await _always_rule(client, str(topic.id))
            advance(server, 5 * 60_000)
            assert len(flaky.wait_for(1)) == 1
            deliveries = server.context.notifier.deliveries
            for _ in range(200):
                if not any(d.status == "pending" for d in deliveries):
                    break
                await asyncio.sleep(0.05)
        by_target = {d.target: d for d in deliveries}
        assert by_target[flaky.url].status == "delivered"
        assert by_target[flaky.url].attempts == 2
        assert by_target[dead_url].status == "failed"
        assert by_target[dead_url].attempts == 3  # first try + 2 retries
        assert any("attempt" in r.getMessage() for r in caplog.records)
        assert any("gave up" in r.getMessage() for r in caplog.records)
        with raw(server) as http:
            assert http.get("/__sim/health").json()["status"] == "OK"
            listed = http.get("/__sim/notifications").json()["data"]
        assert {d["status"] for d in listed} == {"delivered", "failed"}
    finally:
        flaky.close()
