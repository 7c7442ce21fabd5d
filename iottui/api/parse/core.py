"""Entry points (decoding, ``data`` unwrapping, error paths) and the primitive helpers every
resource parser uses: case-insensitive objects, tolerant ints, strings, booleans and enums.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, TypeVar, cast

from iottui.api.enums import (
    AlarmStatus,
    AlarmType,
    AxisType,
    ChannelState,
    ChannelType,
    ContactState,
    DataPeriod,
    DeviceState,
    DeviceType,
    OpenIntEnum,
    Permission,
    RuleState,
    RuleType,
    ScalingType,
    Severity,
    SystemHealthType,
    TemperatureUnit,
    WidgetType,
)
from iottui.api.errors import ResponseFormatError
from iottui.api.problems import NO_ID, NO_STR_ID, ItemProblem, ReadList
from iottui.gcpause import gc_paused

T = TypeVar("T")
E = TypeVar("E", bound=OpenIntEnum)

_MISSING: Any = object()
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class FieldError(Exception):
    """Internal: a field at ``path`` is missing or mistyped. Re-raised as ResponseFormatError."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


#: Where the parse running in this context puts the items it skips (None: raise instead).
_PROBLEMS: ContextVar[list[ItemProblem] | None] = ContextVar("iottui_parse_problems", default=None)


@contextmanager
def collecting_problems() -> Iterator[list[ItemProblem]]:
    """Parse tolerantly inside the block: unreadable items are skipped and listed here.

    :func:`parse_data` (every client read) does this; outside such a block a parser raises
    on the first unreadable item (useful where any flaw is an error: request round trips).
    """
    problems: list[ItemProblem] = []
    token = _PROBLEMS.set(problems)
    try:
        yield problems
    finally:
        _PROBLEMS.reset(token)


def _skip(exc: FieldError) -> None:
    """Record an unreadable item (inside :func:`collecting_problems`), else re-raise."""
    sink = _PROBLEMS.get()
    if sink is None:
        raise exc
    sink.append(ItemProblem(_display_path(exc.path), exc.message))


# --- entry points ---------------------------------------------------------------------------


#: Bodies at least this big are decoded with the cyclic garbage collector paused.
GC_PAUSE_BYTES = 512 * 1024


def decode_json(operation: str, content: bytes) -> Any:
    """Decode a response body; a non-JSON or truncated body is a ResponseFormatError."""
    try:
        if len(content) >= GC_PAUSE_BYTES:
            with gc_paused():
                return json.loads(content)
        return json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: nesting deeper than the decoder's recursion limit.
        size = len(content)
        raise ResponseFormatError(
            f"response body is not valid JSON ({size} bytes; truncated or not JSON: "
            f"{type(exc).__name__} at position {getattr(exc, 'pos', '?')})",
            operation=operation,
        ) from None


def parse_data(
    operation: str,
    body: Any,
    parser: Callable[[Any, str], T],
    *,
    required: bool = True,
) -> T:
    """Apply ``parser`` to ``body["data"]`` (case-insensitive key), naming ``operation`` on error.

    The parse is tolerant (:func:`collecting_problems`): a list comes back as a
    :class:`~iottui.api.problems.ReadList` of its readable items with the unreadable ones in
    ``problems``; a single object with a ``problems`` field (Fleet, Dashboard) gets them
    there. Only an answer that is unreadable as a whole (not an object, ``data`` of the wrong
    kind, a single object that cannot be read) raises ResponseFormatError.

    Args:
        operation: The operation id for error messages (``"fleet.get"``).
        body: The decoded JSON body.
        parser: ``parser(value, path)`` where ``path`` is ``"data"``.
        required: When False, a missing ``data`` is passed to the parser as ``None``.
    """
    # Models are immutable and acyclic: pausing the cyclic GC while building thousands of them
    # saves it from scanning the fresh objects again and again (half the cost of a big fleet).
    try:
        with gc_paused():
            if type(body) is not dict:
                raise FieldError("(body)", f"expected a JSON object, got {_kind(body)}")
            data = body.get("data", _MISSING)
            if data is _MISSING:
                data = _lower(body).get("data")
            if data is None and required:
                raise FieldError("data", "missing required field")
            with collecting_problems() as problems:
                result = parser(data, "data")
            return _with_problems(result, problems)
    except FieldError as exc:
        field = _display_path(exc.path)
        raise ResponseFormatError(
            f"{field}: {exc.message}", operation=operation, field=field
        ) from None


def parse_list(operation: str, body: Any, parser: Callable[[Any, str], list[T]]) -> ReadList[T]:
    """:func:`parse_data` for a list answer, typed: the readable items and their problems."""
    result: Any = parse_data(operation, body, parser)
    return cast(ReadList[T], result)


def _with_problems(result: T, problems: list[ItemProblem]) -> T:
    """``result`` carrying ``problems``: a ReadList for a list, the field of a model."""
    if type(result) is list:
        return cast(T, ReadList(cast(list[Any], result), problems))
    if not problems:
        return result
    if (
        dataclasses.is_dataclass(result)
        and not isinstance(result, type)
        and any(f.name == "problems" for f in dataclasses.fields(result))
    ):
        return cast(T, dataclasses.replace(result, problems=tuple(problems)))
    # Nowhere to put them (a model without nested lists): the answer is unreadable as a whole.
    first = problems[0]
    raise FieldError(first.path, first.message)


#: The document's spelling of keys, to show paths the way the server's docs write them.
_DISPLAY_NAMES: dict[str, str] = {
    name.lower(): name
    for name in [
        "buddyId",
        "deviceType",
        "sensorsCount",
        "metricsCount",
        "isMonitoringEnabled",
        "systemHealthTypes",
        "provisionedSensorId",
        "scriptPath",
        "systemHealthType",
        "sensorType",
        "isPluginSensor",
        "valueType",
        "valueUnit",
        "valueAnnotation",
        "sharedWith",
        "userId",
        "tvId",
        "ruleType",
        "activeflag",
        "metricId",
        "thingId",
        "deviceId",
        "deviceName",
        "sensorName",
        "metricName",
        "topicIds",
        "newTopics",
        "changeLog",
        "closeTime",
        "prevVal",
        "currentVal",
        "openTime",
        "sourceKey",
        "consCheck",
        "offlineDuration",
        "timeZoneId",
        "topicInfos",
        "dataPeriod",
        "refreshInterval",
        "axisType",
        "scalingType",
        "minValue",
        "maxValue",
        "positionX",
        "positionY",
        "widgetId",
        "sensorId",
        "deviceCount",
        "hostPort",
        "containerPort",
        "startupFile",
        "portMapping",
        "containerOptions",
        "accessType",
        "dockerImageName",
        "edgeModuleId",
        "moduleName",
        "deviceConfigurationIds",
        "deviceIds",
        "groupIds",
    ]
}


def _display_path(path: str) -> str:
    """``data[0].devices[1].sensorscount`` -> ``data[0].devices[1].sensorsCount``."""
    parts = []
    for part in path.split("."):
        name, bracket, rest = part.partition("[")
        parts.append(_DISPLAY_NAMES.get(name, name) + bracket + rest)
    return ".".join(parts)


def body_timestamp(body: Any) -> int | None:
    """The optional top-level ``timestamp`` of a success body."""
    if type(body) is not dict:
        return None
    value = body.get("timestamp")
    if value is None:
        value = _lower(body).get("timestamp")
    return _to_int(value) if value is not None else None


# --- primitive helpers ----------------------------------------------------------------------


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _lower(d: dict[str, Any]) -> dict[str, Any]:
    return {k.lower(): v for k, v in d.items()}


def _obj(value: Any, path: str) -> dict[str, Any]:
    """The object at ``path`` with lower-cased keys."""
    if type(value) is not dict:
        raise FieldError(path, f"expected an object, got {_kind(value)}")
    return {k.lower(): v for k, v in value.items()}


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if type(value) is not list:
        raise FieldError(path, f"expected an array, got {_kind(value)}")
    return value


def _each(value: Any, path: str, parse: Callable[[Any, str], T]) -> list[T]:
    """``parse(item, "path[i]")`` for each readable item of an array (absent: none).

    An item ``parse`` cannot read is skipped and recorded (:func:`_skip`); duplicates are kept.
    A value that is not an array at all raises: see :func:`_nested` for a list inside an item.
    """
    out: list[T] = []
    append = out.append
    for i, item in enumerate(_list(value, path)):
        try:
            append(parse(item, f"{path}[{i}]"))
        except FieldError as exc:
            _skip(exc)
    return out


def _nested(value: Any, path: str, parse: Callable[[Any, str], T]) -> tuple[T, ...]:
    """A list inside an item (a group's contacts): its readable items, as a tuple.

    A value that is not an array is recorded and read as empty, so the item that holds it
    is kept.
    """
    try:
        return tuple(_each(value, path, parse))
    except FieldError as exc:
        _skip(exc)
        return ()


def _extra(raw: dict[str, Any], low: dict[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    if low.keys() <= known:
        return _EMPTY
    return MappingProxyType({k: v for k, v in raw.items() if k.lower() not in known})


#: Counts arrive as short strings ("7"); reading them through a dict is cheaper than int().
_SMALL_INTS: dict[str, int] = {str(i): i for i in range(1000)}


def _to_int(value: Any) -> int | None:
    """An int from an int, an integral float or a decimal string; None if it is none of those."""
    t = type(value)
    if t is int:
        return int(value)
    if t is str:
        small = _SMALL_INTS.get(value)
        if small is not None:
            return small
        text = value.strip()
        if text.isdecimal() or (text[:1] in "+-" and text[1:].isdecimal() and len(text) > 1):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    if t is float and value.is_integer():
        return int(value)
    return None


def _req_int(low: dict[str, Any], key: str, path: str) -> int:
    value = low.get(key)
    if type(value) is int:
        return value
    if value is None:
        raise FieldError(f"{path}.{key}", "missing required field")
    number = _to_int(value)
    if number is None:
        raise FieldError(f"{path}.{key}", f"expected an integer, got {_kind(value)} {value!r}")
    return number


def _id_int(low: dict[str, Any], key: str = "id") -> int:
    """An integer id; :data:`~iottui.api.problems.NO_ID` when missing or unreadable.

    The item is kept either way (see :mod:`iottui.api.problems`): only writes need the id.
    """
    value = low.get(key)
    if type(value) is int:
        return int(value)
    number = _to_int(value) if value is not None else None
    return NO_ID if number is None else number


def _id_str(low: dict[str, Any], key: str = "id") -> str:
    """A string id (numbers as text); :data:`~iottui.api.problems.NO_STR_ID` when missing."""
    value = low.get(key)
    if type(value) is str:
        return value
    if type(value) is int or type(value) is float:
        return str(value)
    return NO_STR_ID


def _opt_int(low: dict[str, Any], key: str, path: str, default: int | None = None) -> int | None:
    value = low.get(key)
    if value is None:
        return default
    if type(value) is int:
        return value
    number = _to_int(value)
    if number is None:
        if value == "":
            return default
        raise FieldError(f"{path}.{key}", f"expected an integer, got {_kind(value)} {value!r}")
    return number


def _int_or(low: dict[str, Any], key: str, path: str, default: int) -> int:
    value = _opt_int(low, key, path, default)
    return default if value is None else value


def _req_str(low: dict[str, Any], key: str, path: str) -> str:
    value = low.get(key)
    if type(value) is str:
        return value
    if value is None:
        raise FieldError(f"{path}.{key}", "missing required field")
    if type(value) is int or type(value) is float:
        return str(value)
    raise FieldError(f"{path}.{key}", f"expected a string, got {_kind(value)}")


def _opt_str(low: dict[str, Any], key: str, path: str, default: str | None = None) -> str | None:
    value = low.get(key)
    if value is None:
        return default
    if type(value) is str:
        return value
    if type(value) is int or type(value) is float:
        return str(value)
    raise FieldError(f"{path}.{key}", f"expected a string, got {_kind(value)}")


def _str_or(low: dict[str, Any], key: str, path: str, default: str = "") -> str:
    value = _opt_str(low, key, path, default)
    return default if value is None else value


_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def _bool(low: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
    value = low.get(key)
    if value is None:
        return default
    if value is True or value is False:
        return value
    if type(value) is int:
        return value != 0
    if type(value) is str:
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return default  # odd text ("maybe"): read as the default, not rejected
    raise FieldError(f"{path}.{key}", f"expected a boolean, got {_kind(value)} {value!r}")


def _str_tuple(value: Any, path: str) -> tuple[str, ...]:
    """A list of ids: strings, numbers or ``{"id": ...}`` objects; others skipped and named.

    A value that is not an array is named too, and reads as no ids.
    """
    try:
        items = _list(value, path)
    except FieldError as exc:
        _skip(exc)
        return ()
    out: list[str] = []
    for i, item in enumerate(items):
        if type(item) is str:
            out.append(item)
        elif type(item) is int:
            out.append(str(item))
        elif type(item) is dict:
            # Some lists carry {"id": ...} objects instead of bare ids.
            try:
                out.append(_req_str(_lower(item), "id", f"{path}[{i}]"))
            except FieldError as exc:
                _skip(exc)
        else:
            _skip(FieldError(f"{path}[{i}]", f"expected an id, got {_kind(item)}"))
    return tuple(out)


def _enum_cache(cls: type[E]) -> dict[int, E]:
    return {int(member): member for member in cls}


_PERMISSIONS = _enum_cache(Permission)
_CONTACT_STATES = _enum_cache(ContactState)
_DEVICE_STATES = _enum_cache(DeviceState)
_DEVICE_TYPES = _enum_cache(DeviceType)
_SEVERITIES = _enum_cache(Severity)
_ALARM_STATUSES = _enum_cache(AlarmStatus)
_ALARM_TYPES = _enum_cache(AlarmType)
_RULE_TYPES = _enum_cache(RuleType)
_RULE_STATES = _enum_cache(RuleState)
_CHANNEL_TYPES = _enum_cache(ChannelType)
_CHANNEL_STATES = _enum_cache(ChannelState)
_HEALTH_TYPES = _enum_cache(SystemHealthType)
_WIDGET_TYPES = _enum_cache(WidgetType)
_DATA_PERIODS = _enum_cache(DataPeriod)
_AXIS_TYPES = _enum_cache(AxisType)
_SCALING_TYPES = _enum_cache(ScalingType)
_TEMPERATURE_UNITS = _enum_cache(TemperatureUnit)


def _enum(cls: type[E], cache: dict[int, E], low: dict[str, Any], key: str, path: str) -> E | None:
    value = low.get(key)
    if value is None or value == "":
        return None
    if type(value) is int:
        member = cache.get(value)
        return member if member is not None else cls(value)
    number = _to_int(value)
    if number is None:
        if type(value) is str:
            # A name ("Critical") is read; unknown text is odd, not unreadable: no value.
            return cls.__members__.get(value.strip().upper().replace(" ", "_"))
        raise FieldError(f"{path}.{key}", f"expected an integer code, got {_kind(value)} {value!r}")
    member = cache.get(number)
    return member if member is not None else cls(number)


def _req_enum(cls: type[E], cache: dict[int, E], low: dict[str, Any], key: str, path: str) -> E:
    member = _enum(cls, cache, low, key, path)
    if member is None:
        value = low.get(key)
        if value is None or value == "":
            raise FieldError(f"{path}.{key}", "missing required field")
        raise FieldError(f"{path}.{key}", f"expected an integer code, got {_kind(value)} {value!r}")
    return member


_PERMISSION_WORDS: dict[str, Permission] = {
    "full": Permission.FULL_ACCESS,
    "fullaccess": Permission.FULL_ACCESS,
    "full access": Permission.FULL_ACCESS,
    "full_access": Permission.FULL_ACCESS,
    "owned": Permission.OWNED,
    "owner": Permission.OWNED,
    "read": Permission.READ_ONLY,
    "readonly": Permission.READ_ONLY,
    "read only": Permission.READ_ONLY,
    "read_only": Permission.READ_ONLY,
    "readwrite": Permission.READ_WRITE,
    "read/write": Permission.READ_WRITE,
    "read_write": Permission.READ_WRITE,
    "write": Permission.READ_WRITE,
}


def _permission(low: dict[str, Any], key: str, path: str, default: Permission) -> Permission:
    value = low.get(key)
    if type(value) is str:
        word = _PERMISSION_WORDS.get(value.strip().lower())
        if word is not None:
            return word
    member = _enum(Permission, _PERMISSIONS, low, key, path)
    return default if member is None else member
