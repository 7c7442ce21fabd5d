"""Alarms: list by status and time range, close (operations 24, 25)."""

from __future__ import annotations

from iottui.api.defaults import ALARMS_DEFAULT_WINDOW_MS
from iottui.api.enums import AlarmStatus
from iottui.api.errors import ValidationError
from iottui.api.models import Alarm, AlarmCloseResult
from iottui.api.parse import parse_alarm_close, parse_alarms
from iottui.api.problems import ReadList
from iottui.api.resources.base import Resource, operation, validating
from iottui.api.validate import validate_id


class AlarmsResource(Resource):
    name = "alarms"
    __slots__ = ()

    @operation("alarms.list")
    async def list(
        self,
        status: AlarmStatus = AlarmStatus.OPEN,
        *,
        start: int | None = None,
        end: int | None = None,
    ) -> ReadList[Alarm]:
        """Alarms of a status (1 open, 3 closed) opened in ``[start, end]`` epoch ms (24).

        ``end`` defaults to now (the client's clock), ``start`` to 30 days before ``end``.
        """
        with validating("alarms.list"):
            if not isinstance(status, int) or int(status) < 1:
                raise ValidationError("status must be 1 (open) or 3 (closed)", field="status")
            if end is None:
                end = self._client.clock.now_ms()
            if start is None:
                start = end - ALARMS_DEFAULT_WINDOW_MS
            for field, value in (("start", start), ("end", end)):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValidationError(
                        f"{field} must be epoch milliseconds, got {value!r}", field=field
                    )
            if end < start:
                raise ValidationError("end must not be before start", field="end")
        body = await self._get("alarms.list", {"range": [start, end], "status": int(status)})
        return self._parse_list("alarms.list", body, parse_alarms)

    @operation("alarms.close")
    async def close(self, alarm_id: str) -> AlarmCloseResult:
        """Close an open alarm; returns the changelog entry written (25)."""
        with validating("alarms.close"):
            payload = {"id": str(validate_id(alarm_id, "alarm_id"))}
        body = await self._post("alarms.close", payload)
        return self._parse("alarms.close", body, parse_alarm_close)
