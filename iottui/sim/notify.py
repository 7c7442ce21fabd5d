"""Notifications: when an alarm opens or recovers, the channels of the rule's topics are told.

Webhook channels get a real HTTP POST with a JSON description of the event; email channels are
appended to an outbox (a JSON-lines file beside the state file, or a list in memory mode).
Only active channels (``activeflag`` 1) are notified. A failed webhook delivery is retried with
exponential backoff and logged; nothing here ever raises into the server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("iottui.sim.notify")

Doc = dict[str, Any]


@dataclass
class Delivery:
    """One notification to one channel (kept for ``/__sim/notifications``)."""

    channel_id: str
    channel_type: str
    target: str
    event: str
    alarm_id: str
    status: str = "pending"  # pending | delivered | failed
    attempts: int = 0
    error: str | None = None

    def to_dict(self) -> Doc:
        return dict(self.__dict__)


class Notifier:
    """Delivers alarm events to channels."""

    def __init__(
        self,
        outbox_path: Path | None,
        *,
        timeout: float = 5.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.outbox_path = outbox_path
        self.outbox: list[Doc] = []  # memory mode
        self.deliveries: deque[Delivery] = deque(maxlen=1000)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._lock = threading.Lock()

    # --- entry point ------------------------------------------------------------------------

    def notify(self, event: str, alarm: Doc, rule: Doc, channels: list[Doc], now: int) -> None:
        """Send ``event`` ("opened"/"closed") about ``alarm`` to each channel."""
        for channel in channels:
            payload = self._payload(event, alarm, rule, channel, now)
            ctype = "webhook" if channel.get("type") == 1 else "email"
            delivery = Delivery(channel["id"], ctype, channel["target"], event, alarm["id"])
            self.deliveries.append(delivery)
            try:
                if ctype == "email":
                    self._email(delivery, payload)
                else:
                    self._webhook(delivery, payload)
            except Exception as exc:  # never let a channel break the server
                delivery.status = "failed"
                delivery.error = repr(exc)
                log.exception("notification to channel %s failed", channel["id"])

    @staticmethod
    def _payload(event: str, alarm: Doc, rule: Doc, channel: Doc, now: int) -> Doc:
        from iottui.sim.handlers.alarms import render_alarm

        return {
            "event": f"alarm.{event}",
            "timestamp": now,
            "alarm": render_alarm(alarm),
            "rule": {"id": rule["id"], "name": rule["name"]},
            "channel": {"id": channel["id"], "name": channel["name"]},
        }

    # --- email ------------------------------------------------------------------------------

    def _email(self, delivery: Delivery, payload: Doc) -> None:
        alarm = payload["alarm"]
        verb = "opened" if payload["event"] == "alarm.opened" else "recovered"
        message = {
            "to": delivery.target,
            "subject": f"[IoT alarm] {alarm['description']} {verb}",
            "body": json.dumps(payload, sort_keys=True),
            "time": payload["timestamp"],
            "alarmId": alarm["id"],
            "event": payload["event"],
        }
        with self._lock:
            if self.outbox_path is None:
                self.outbox.append(message)
            else:
                with self.outbox_path.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(message, ensure_ascii=False) + "\n")
        delivery.status = "delivered"
        delivery.attempts = 1
        log.info("email to %s queued in the outbox (%s)", delivery.target, payload["event"])

    def read_outbox(self) -> list[Doc]:
        with self._lock:
            if self.outbox_path is None:
                return list(self.outbox)
            if not self.outbox_path.exists():
                return []
            lines = self.outbox_path.read_text(encoding="utf-8").splitlines()
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    # --- webhooks ---------------------------------------------------------------------------

    def _webhook(self, delivery: Delivery, payload: Doc) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            delivery.status = "failed"
            delivery.error = "no event loop"
            log.warning("webhook to channel %s skipped: no event loop", delivery.channel_id)
            return
        task = loop.create_task(self._post(delivery, payload))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, delivery: Delivery, payload: Doc) -> None:
        import httpx  # only when a webhook is sent: ~50 ms of imports (rich included)

        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        delay = self.backoff
        for attempt in range(1, self.retries + 2):
            delivery.attempts = attempt
            try:
                response = await self._client.post(
                    delivery.target,
                    json=payload,
                    headers={"User-Agent": "iottui-sim", "X-IoT-Event": payload["event"]},
                )
                if response.status_code < 300:
                    delivery.status = "delivered"
                    delivery.error = None
                    log.info("webhook %s delivered (%s)", delivery.target, payload["event"])
                    return
                delivery.error = f"HTTP {response.status_code}"
            except (httpx.HTTPError, OSError) as exc:
                delivery.error = f"{type(exc).__name__}: {exc}"
            except asyncio.CancelledError:
                delivery.status = "failed"
                delivery.error = "cancelled"
                raise
            except Exception as exc:  # pragma: no cover - defensive
                delivery.error = repr(exc)
            log.warning(
                "webhook %s attempt %d failed: %s", delivery.target, attempt, delivery.error
            )
            if attempt <= self.retries:
                await asyncio.sleep(delay)
                delay *= 2
        delivery.status = "failed"
        log.error("webhook %s gave up after %d attempts", delivery.target, delivery.attempts)

    async def aclose(self, grace: float = 1.0) -> None:
        """Let pending deliveries finish for ``grace`` seconds, then cancel them."""
        if self._tasks:
            _, pending = await asyncio.wait(list(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None
