"""The parser's fast paths: their objects are the models' own, and they agree with the slow paths.

The fleet's Metric, Sensor and Device objects are built by ``fast_metric``/``fast_sensor``/
``fast_device`` (a slotted twin re-classed into the model) instead of the frozen dataclass
``__init__``. These tests pin that nothing of the result tells the two apart, and that the
fast paths of :mod:`iottui.api.parse` give what the tolerant slow paths give on the same input.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import inspect
import pickle
import sys
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iottui.api.enums import DeviceState, DeviceType, Severity, SystemHealthType
from iottui.api.models import (
    Device,
    Frequency,
    Metric,
    Sensor,
    fast_device,
    fast_metric,
    fast_sensor,
)
from iottui.api.parse import FieldError
from iottui.api.parse.fleet import (
    _DEVICE_CANON,
    _SENSOR_CANON,
    _device,
    _device_fast,
    _device_slow,
    _metric,
    _metric_slow,
    _sensor,
    _sensor_fast,
    _sensor_slow,
)

from .conftest import load_response


class FrozenMap(Mapping[str, Any]):
    """A hashable mapping, so that hashes of whole models can be compared."""

    def __init__(self, **items: Any) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))


FREQUENCY = Frequency("minutes", 5)
METRIC_ARGS: list[tuple[Any, ...]] = [
    ("m1", "Temperature", "double", "SI.Temperature.CELSIUS", None, None, MappingProxyType({})),
    ("m2", "", "string", None, "rpm", Severity.CRITICAL, MappingProxyType({"Odd": [1]})),
    ("m3", "x", "double", None, None, Severity(42), FrozenMap(a=1)),
]
SENSOR_ARGS: list[tuple[Any, ...]] = [
    (
        7,
        "CPU",
        "abc",
        "",
        SystemHealthType.CPU,
        None,
        False,
        3,
        FREQUENCY,
        (Metric("m", "n"),),
        None,
        MappingProxyType({}),
    ),
    (8, "s", None, "/x.py", None, 4, True, 0, None, (), "'ns=1;s=A' a", FrozenMap(k="v")),
]
DEVICE_ARGS: list[tuple[Any, ...]] = [
    (
        1,
        "d",
        9,
        DeviceType.IOT,
        DeviceState.ONLINE,
        "desc",
        "1.0",
        Severity.MAJOR,
        1,
        3,
        True,
        MappingProxyType({"CPU": True}),
        (Sensor(7, "CPU"),),
        MappingProxyType({}),
    ),
    (2, "e", None, DeviceType(99), DeviceState.OFFLINE, "", "", None, 0, 0, False,
     FrozenMap(), (), FrozenMap(z=0)),
]  # fmt: skip

CASES: list[tuple[type[Any], Callable[..., Any], tuple[Any, ...]]] = [
    *[(Metric, fast_metric, args) for args in METRIC_ARGS],
    *[(Sensor, fast_sensor, args) for args in SENSOR_ARGS],
    *[(Device, fast_device, args) for args in DEVICE_ARGS],
]


@pytest.mark.parametrize(
    ("model", "fast"), [(Metric, fast_metric), (Sensor, fast_sensor), (Device, fast_device)]
)
def test_fast_constructors_take_every_field_in_order(
    model: type[Any], fast: Callable[..., Any]
) -> None:
    names = [p.name for p in inspect.signature(fast).parameters.values()]
    assert names == [f.name for f in dataclasses.fields(model)]
    assert all(
        p.default is inspect.Parameter.empty for p in inspect.signature(fast).parameters.values()
    )


@pytest.mark.parametrize(("model", "fast", "args"), CASES)
def test_fast_objects_are_the_models_own(
    model: type[Any], fast: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    slow, quick = model(*args), fast(*args)
    assert type(quick) is model
    assert quick.__class__ is model
    assert isinstance(quick, model)
    assert quick == slow
    assert slow == quick
    assert (quick != slow) is False
    assert repr(quick) == repr(slow)
    assert dataclasses.replace(quick) == slow
    assert copy.copy(quick) == slow
    try:
        pickled: bytes | None = pickle.dumps(slow)
    except TypeError:  # a MappingProxyType field cannot be pickled
        pickled = None
    if pickled is None:
        with pytest.raises(TypeError):
            pickle.dumps(quick)
    else:
        assert pickle.dumps(quick) == pickled
        assert pickle.loads(pickled) == quick
    assert sys.getsizeof(quick) == sys.getsizeof(slow)
    assert not hasattr(quick, "__dict__")
    assert gc.is_tracked(quick) == gc.is_tracked(slow)
    for name in model.__slots__:
        assert getattr(quick, name) is getattr(slow, name)
    # Properties and methods are the model's.
    for attr in ("unit", "alarm", "is_opcua", "online"):
        if hasattr(slow, attr):
            assert getattr(quick, attr) == getattr(slow, attr)


@pytest.mark.parametrize(("model", "fast", "args"), CASES)
def test_fast_objects_hash_like_the_models(
    model: type[Any], fast: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    slow, quick = model(*args), fast(*args)
    try:
        expected: int | None = hash(slow)
    except TypeError:  # a MappingProxyType field: the model itself is unhashable
        expected = None
    if expected is None:
        with pytest.raises(TypeError):
            hash(quick)
    else:
        assert hash(quick) == expected
        assert {slow: 1}[quick] == 1


@pytest.mark.parametrize(("model", "fast", "args"), CASES)
def test_fast_objects_are_frozen(
    model: type[Any], fast: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    quick = fast(*args)
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.id = 123
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.name = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del quick.name
    # An unknown name fails as on the model (TypeError from the slotted dataclass on 3.11).
    errors: list[type[BaseException]] = []
    for obj in (model(*args), quick):
        with pytest.raises((AttributeError, TypeError)) as info:
            obj.not_a_field = 1
        errors.append(type(info.value))
    assert errors[0] is errors[1]
    assert quick == model(*args)


def test_parsed_fleet_models_are_the_models_own() -> None:
    from .test_parse_quirks import parse_fleet_body

    fleet = parse_fleet_body(load_response("fleet.get"))
    devices = list(fleet.devices())
    assert devices
    for device in devices:
        assert type(device) is Device
        rebuilt = Device(*(getattr(device, f.name) for f in dataclasses.fields(Device)))
        assert rebuilt == device
        assert repr(rebuilt) == repr(device)
        for sensor in device.sensors:
            assert type(sensor) is Sensor
            for metric in sensor.metrics:
                assert type(metric) is Metric
                with pytest.raises(dataclasses.FrozenInstanceError):
                    metric.name = "x"  # type: ignore[misc]


# --- fast and slow paths agree ---------------------------------------------------------------

#: Values a server might put in any field: right, quirky and wrong types.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=6),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.sampled_from([1.0, 2.5, -0.0, 1e20, "", " ", "1", " 2 ", "3", "7", "x", "true", "0"]),
    st.sampled_from(["minutes", "seconds", "hours", "NoSI.Dimensionless.PERCENT", "double"]),
    st.text(max_size=6),
    st.just([]),
    st.just({}),
)


def _object(
    draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]], extras: list[str]
) -> dict[str, Any]:
    """An object with a random subset of ``fields``.

    Half the objects are clean (documented keys, well-typed values: the fast paths' input);
    the others have odd values, recased keys and unknown keys mixed in.
    """
    clean = draw(st.booleans())
    out: dict[str, Any] = {}
    for key, good in fields.items():
        if not draw(st.booleans()) and draw(st.booleans()):
            continue  # a quarter of the fields are missing
        if clean:
            out[key] = draw(good)
            continue
        value = draw(st.one_of(ODD_VALUES, good))
        out[draw(st.sampled_from([key, key.lower(), key.upper()]))] = value
    if not clean:
        for key in extras:
            if draw(st.booleans()):
                out[key] = draw(ODD_VALUES)
    return out


TEXT = st.sampled_from(["a", "CPU", "temp", "", "Ünïcode"])
OPT_TEXT = st.one_of(st.none(), TEXT)


@st.composite
def metrics(draw: st.DrawFn) -> dict[str, Any]:
    return _object(
        draw,
        {
            "id": TEXT,
            "name": TEXT,
            "valueType": st.sampled_from(["double", "string"]),
            "valueUnit": OPT_TEXT,
            "valueAnnotation": OPT_TEXT,
            "alarm": st.one_of(st.none(), st.integers(1, 4), st.sampled_from(["1", "3"])),
        },
        ["severity", "Extra"],
    )


@st.composite
def sensors(draw: st.DrawFn) -> dict[str, Any]:
    frequency = st.one_of(
        st.none(),
        st.fixed_dictionaries(
            {"type": st.sampled_from(["minutes", "seconds"]), "value": st.integers(0, 9)}
        ),
        st.fixed_dictionaries({"value": st.one_of(st.integers(0, 9), st.just("5"))}),
    )
    return _object(
        draw,
        {
            "id": st.integers(0, 10**6),
            "name": TEXT,
            "provisionedSensorId": OPT_TEXT,
            "scriptPath": TEXT,
            "systemHealthType": st.one_of(st.none(), st.integers(1, 3), st.just("2")),
            "sensorType": st.one_of(st.none(), st.integers(0, 3)),
            "isPluginSensor": st.booleans(),
            "metricsCount": st.one_of(st.integers(0, 5), st.sampled_from(["3", "12"])),
            "frequency": frequency,
            "metrics": st.one_of(st.none(), st.lists(metrics(), max_size=3)),
            "nodeids": OPT_TEXT,
            "params": st.one_of(
                st.none(), st.just({}), st.fixed_dictionaries({"nodeids": OPT_TEXT})
            ),
        },
        ["Other"],
    )


@st.composite
def devices(draw: st.DrawFn) -> dict[str, Any]:
    return _object(
        draw,
        {
            "id": st.integers(0, 10**10),
            "buddyId": st.one_of(st.none(), st.integers(0, 10**6)),
            "name": TEXT,
            "deviceType": st.one_of(st.integers(1, 2), st.just("2")),
            "state": st.one_of(st.integers(1, 2), st.just("2")),
            "description": TEXT,
            "version": TEXT,
            "alarm": st.one_of(st.none(), st.integers(1, 4)),
            "sensorsCount": st.one_of(st.integers(0, 5), st.just("5")),
            "metricsCount": st.one_of(st.integers(0, 20), st.just("12")),
            "isMonitoringEnabled": st.booleans(),
            "systemHealthTypes": st.one_of(
                st.none(), st.dictionaries(TEXT, st.booleans(), max_size=3)
            ),
            "sensors": st.one_of(st.none(), st.lists(sensors(), max_size=3)),
        },
        ["Unknown"],
    )


def _outcome(build: Callable[[], Any]) -> tuple[str, Any]:
    """What a parser did: ("ok", model) or ("error", the field's path and message)."""
    try:
        return "ok", build()
    except FieldError as exc:
        return "error", (exc.path, exc.message)


@settings(max_examples=300, deadline=None)
@given(metrics())
def test_metric_fast_path_agrees_with_the_slow_path(value: dict[str, Any]) -> None:
    fast = _outcome(lambda: _metric(value, "p", 0))
    assert fast == _outcome(lambda: _metric_slow(value, "p[0]"))
    if fast[0] == "ok":
        assert type(fast[1]) is Metric


@settings(max_examples=300, deadline=None)
@given(sensors())
def test_sensor_fast_path_agrees_with_the_slow_path(value: dict[str, Any]) -> None:
    slow = _outcome(lambda: _sensor_slow(value, "p[0]"))
    assert _outcome(lambda: _sensor(value, "p", 0)) == slow
    if not value.keys() <= _SENSOR_CANON:
        return  # only documented keys are offered to the fast path
    fast_only = _outcome(lambda: _sensor_fast(value, "p", 0))
    if fast_only != ("ok", None):  # None: it declined, and the slow path decides
        assert fast_only == slow


@settings(max_examples=200, deadline=None)
@given(devices())
def test_device_fast_path_agrees_with_the_slow_path(value: dict[str, Any]) -> None:
    slow = _outcome(lambda: _device_slow(value, "p"))
    assert _outcome(lambda: _device(value, "p")) == slow
    if not value.keys() <= _DEVICE_CANON:
        return
    fast_only = _outcome(lambda: _device_fast(value, "p"))
    if fast_only != ("ok", None):
        assert fast_only == slow


def test_fast_paths_are_taken_for_documented_input() -> None:
    """The agreement tests above mean something only if the fast paths accept real input."""
    body = load_response("fleet.get")
    taken = 0
    for group in body["data"]:
        for device in group["devices"]:
            built = _device_fast(device, "p")
            if built is not None:
                taken += 1
                assert built == _device_slow(device, "p")
    assert taken > 0


@pytest.mark.parametrize(
    ("device", "field"),
    [
        ({"id": 1, "deviceType": []}, "data[0].devices[0].deviceType"),
        ({"id": 1, "state": {}}, "data[0].devices[0].state"),
        ({"id": 1, "alarm": [1]}, "data[0].devices[0].alarm"),
        ({"id": 1, "deviceType": True}, "data[0].devices[0].deviceType"),
        (
            {"id": 1, "sensors": [{"id": 2, "systemHealthType": {}}]},
            "data[0].devices[0].sensors[0].systemHealthType",
        ),
        (
            {"id": 1, "sensors": [{"id": 2, "metrics": [{"id": "a", "alarm": []}]}]},
            "data[0].devices[0].sensors[0].metrics[0].alarm",
        ),
        (
            {"id": 1, "sensors": [{"id": 2, "metrics": [{"id": "a", "alarm": False}]}]},
            "data[0].devices[0].sensors[0].metrics[0].alarm",
        ),
    ],
)
def test_odd_enum_values_are_named_problems_on_the_fast_paths(
    device: dict[str, Any], field: str
) -> None:
    """Regression: the fast paths looked enum codes up by the raw value, so a list or object
    there raised TypeError (unhashable) instead of naming the field, and ``true`` as a
    device type read as the code 1. Now the unreadable item is skipped and named by path;
    the group holding it is kept."""
    from .test_parse_quirks import fleet_body, parse_fleet_body

    fleet = parse_fleet_body(fleet_body(device))
    assert [group.id for group in fleet.groups] == [1]
    assert [problem.path for problem in fleet.problems] == [field]
