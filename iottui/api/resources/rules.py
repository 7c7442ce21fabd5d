"""Rules: create, delete, list, update, enable, disable (operations 20-23)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iottui.api.conditions import ConditionError, parse_metric_condition
from iottui.api.enums import RuleState, RuleType
from iottui.api.errors import ValidationError
from iottui.api.models import Created, Rule, RuleSource, Threshold
from iottui.api.parse import parse_created, parse_rules
from iottui.api.problems import ReadList
from iottui.api.resources.base import (
    Resource,
    operation,
    source_body,
    threshold_body,
    validating,
)
from iottui.api.validate import (
    validate_id,
    validate_name,
    validate_rule_sources,
    validate_thresholds,
)


def _rule_type(value: RuleType | int) -> RuleType:
    if isinstance(value, bool) or not isinstance(value, int) or int(value) not in (1, 2):
        raise ValidationError(
            f"rule_type must be 1 (metric values) or 2 (device offline), got {value!r}",
            field="rule_type",
        )
    return RuleType(int(value))


def _infer_type(
    sources: Sequence[RuleSource] | None, thresholds: Sequence[Threshold] | None
) -> RuleType:
    """The type of a rule being updated when the caller does not say."""
    for src in sources or ():
        if src.metric_id is not None:
            return RuleType.METRIC
        if src.device_id is not None:
            return RuleType.DEVICE_OFFLINE
    for th in thresholds or ():
        try:
            parse_metric_condition(th.condition)
        except ConditionError:
            return RuleType.DEVICE_OFFLINE
        return RuleType.METRIC
    return RuleType.METRIC


class RulesResource(Resource):
    name = "rules"
    __slots__ = ()

    @operation("rules.create")
    async def create(
        self,
        name: str,
        rule_type: RuleType,
        *,
        sources: Sequence[RuleSource],
        thresholds: Sequence[Threshold],
    ) -> Created:
        """Create a metric rule (``metric>=60``) or a device-offline rule (``"22"`` min) (20)."""
        with validating("rules.create"):
            rtype = _rule_type(rule_type)
            payload = {
                "name": validate_name(name),
                "ruleType": int(rtype),
                "sources": [source_body(s) for s in validate_rule_sources(rtype, sources)],
                "thresholds": [threshold_body(t) for t in validate_thresholds(rtype, thresholds)],
            }
        body = await self._post("rules.create", payload)
        return self._parse("rules.create", body, parse_created)

    @operation("rules.delete")
    async def delete(self, rule_ids: Sequence[str]) -> None:
        """Delete one or more rules in one request (21)."""
        with validating("rules.delete"):
            if isinstance(rule_ids, str):
                rule_ids = [rule_ids]
            ids = [str(validate_id(r, f"rule_ids[{i}]")) for i, r in enumerate(rule_ids)]
            if not ids:
                raise ValidationError("rule_ids must not be empty", field="rule_ids")
        await self._post("rules.delete", {"id": ids})

    @operation("rules.list")
    async def list(self) -> ReadList[Rule]:
        """Every rule with its sources and thresholds (22)."""
        body = await self._get("rules.list")
        return self._parse_list("rules.list", body, parse_rules)

    @operation("rules.update")
    async def update(
        self,
        rule_id: str,
        *,
        name: str | None = None,
        active: bool | None = None,
        sources: Sequence[RuleSource] | None = None,
        thresholds: Sequence[Threshold] | None = None,
        rule_type: RuleType | None = None,
    ) -> None:
        """Rename, enable/disable, or replace the sources or thresholds of a rule (23).

        ``rule_type`` (optional) lets the client check the new sources and conditions against
        the rule's type; without it the type is inferred from them.
        """
        with validating("rules.update"):
            payload: dict[str, Any] = {"id": str(validate_id(rule_id, "rule_id"))}
            if name is not None:
                payload["name"] = validate_name(name)
            if active is not None:
                payload["activeflag"] = int(RuleState.ACTIVE if active else RuleState.DISABLED)
            rtype = (
                _rule_type(rule_type) if rule_type is not None else _infer_type(sources, thresholds)
            )
            if sources is not None:
                payload["sources"] = [source_body(s) for s in validate_rule_sources(rtype, sources)]
            if thresholds is not None:
                payload["thresholds"] = [
                    threshold_body(t) for t in validate_thresholds(rtype, thresholds)
                ]
            if len(payload) == 1:
                raise ValidationError("nothing to update", field="name")
        await self._post("rules.update", payload)

    @operation("rules.update")
    async def enable(self, rule_id: str) -> None:
        """Activate a rule (update with ``activeflag`` 1)."""
        await self.update(rule_id, active=True)

    @operation("rules.update")
    async def disable(self, rule_id: str) -> None:
        """Disable a rule (update with ``activeflag`` 2)."""
        await self.update(rule_id, active=False)
