"""JSON payloads of the commands: ``--payload JSON|-`` and ``--payload-file FILE|-``.

:func:`load_payload` reads one JSON object (refusing NaN, infinities, 41-digit numbers and
deep nesting with a usage error, exit 2); :class:`Fields` reads its keys whatever their case
(``deviceId``, ``device_id``, ``deviceid``), so the API document's payloads and iottui's own
``--json`` output are both accepted. Flags given as well override what the payload says.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from iottui.api.domain import frequency_problems, frequency_unit
from iottui.api.errors import ValidationError
from iottui.api.models import Frequency, Metric
from iottui.commands._parse import make_metric, norm_key, parse_bool, refuse

__all__ = ["Fields", "load_payload", "payload_frequency", "payload_metric"]


def load_payload(
    payload: str | None, payload_file: str | None, *, stdin: TextIO | None = None
) -> Fields | None:
    """The JSON object of ``--payload TEXT|-`` or ``--payload-file PATH|-``, or None."""
    if payload is not None and payload_file is not None:
        raise ValidationError("use either --payload or --payload-file, not both", field="--payload")
    if payload is None and payload_file is None:
        return None
    source = "--payload" if payload is not None else "--payload-file"
    stream = stdin if stdin is not None else sys.stdin
    if payload == "-" or payload_file == "-":
        text = stream.read()
        where = f"{source} (stdin)"
    elif payload is not None:
        text = payload
        where = source
    else:
        assert payload_file is not None
        try:
            text = Path(payload_file).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise ValidationError(
                f"--payload-file: cannot read {payload_file}: {exc.strerror or exc}",
                field="--payload-file",
            ) from None
        where = payload_file
    try:
        data = json.loads(
            text, parse_constant=_no_constant, parse_float=_finite_float, parse_int=_bounded_int
        )
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{where}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            field=source,
        ) from None
    except RecursionError:
        raise ValidationError(
            f"{where}: the JSON is nested too deeply to be a payload", field=source
        ) from None
    except ValueError as exc:  # NaN/Infinity, a float beyond ±1.8e308, a 41-digit integer
        raise ValidationError(f"{where}: {exc}", field=source) from None
    if isinstance(data, dict) and isinstance(data.get("payload"), dict) and "action" in data:
        data = data["payload"]  # a whole request body from the API document
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: the payload must be a JSON object", field=source)
    return Fields(data, where)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in a payload (JSON has no NaN or Infinity)")


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > 40:
        raise ValueError(f"a number with {digits:,} digits is not a value in a payload")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is beyond the range of a number (±1.8e308)")
    return value


class Fields:
    """Read access to a JSON object whose keys may be camelCase, snake_case or lowercase.

    ``deviceId``, ``device_id``, ``deviceid`` and ``device-id`` all name the same field, so
    both the API document's payloads and iottui's own ``--json`` output are accepted.
    """

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self._data = {norm_key(k): v for k, v in data.items()}
        self.where = where

    def __contains__(self, name: str) -> bool:
        return norm_key(name) in self._data

    def raw(self, *names: str) -> Any:
        for name in names:
            key = norm_key(name)
            if key in self._data:
                return self._data[key]
        return None

    def has(self, *names: str) -> bool:
        return any(norm_key(n) in self._data for n in names)

    def _fail(self, name: str, expected: str) -> ValidationError:
        return ValidationError(f"{self.where}: field {name!r} must be {expected}", field=name)

    def text(self, name: str, *aliases: str, required: bool = False) -> str | None:
        value = self.raw(name, *aliases)
        if value is None:
            if required:
                raise ValidationError(f"{self.where}: field {name!r} is required", field=name)
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self._fail(name, "a string")
        return str(value)

    def integer(self, name: str, *aliases: str, required: bool = False) -> int | None:
        value = self.raw(name, *aliases)
        if value is None:
            if required:
                raise ValidationError(f"{self.where}: field {name!r} is required", field=name)
            return None
        if isinstance(value, bool):
            raise self._fail(name, "a whole number")
        try:
            return int(str(value).strip())
        except ValueError:
            raise self._fail(name, "a whole number") from None

    def flag(self, name: str, *aliases: str) -> bool | None:
        value = self.raw(name, *aliases)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int | str):
            return parse_bool(str(value), option=name)
        raise self._fail(name, "true or false")

    def array(self, name: str, *aliases: str) -> list[Any] | None:
        value = self.raw(name, *aliases)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self._fail(name, "a JSON array")
        return value

    def obj(self, name: str, *aliases: str) -> Fields | None:
        value = self.raw(name, *aliases)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self._fail(name, "a JSON object")
        return Fields(value, f"{self.where}: {name}")

    def objects(self, name: str, *aliases: str) -> list[Fields] | None:
        items = self.array(name, *aliases)
        if items is None:
            return None
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self._fail(f"{name}[{i}]", "a JSON object")
            out.append(Fields(item, f"{self.where}: {name}[{i}]"))
        return out

    def ids(self, name: str, *aliases: str) -> list[str] | None:
        items = self.array(name, *aliases)
        if items is None:
            return None
        out = []
        for item in items:
            if isinstance(item, dict) and "id" in item:
                item = item["id"]
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise self._fail(name, "an array of ids")
            out.append(str(item))
        return out


def payload_metric(item: Fields) -> Metric:
    """A metric from a payload (``{"id", "name", "valueType", "valueUnit", "valueAnnotation"}``)."""
    return make_metric(
        item.text("id", "metric_id", required=True) or "",
        item.text("name", required=True) or "",
        item.text("value_type"),
        item.text("value_unit"),
        annotation=item.text("value_annotation"),
        option=item.where,
    )


def payload_frequency(item: Fields) -> Frequency:
    """``{"type": "seconds", "value": 10}`` (the type defaults to seconds)."""
    unit = item.text("type") or "seconds"
    value = item.integer("value", required=True)
    refuse(frequency_problems(unit, value, "frequency"), item.where)
    assert value is not None
    return Frequency(frequency_unit(unit) or unit, value)
