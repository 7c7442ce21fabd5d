"""The fleet cache: structure round trip, never a value or an alarm, bad files ignored."""

from __future__ import annotations

import gc
import json
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iottui.api.enums import DeviceState, DeviceType, Permission, Severity
from iottui.api.models import Device, Fleet, Frequency, Group, Metric, Sensor
from iottui.config import ConnectionSettings
from iottui.ui.fleet_cache import (
    CACHE_FORMAT,
    CACHE_VERSION,
    CACHED_STATE,
    FleetCache,
    cache_for,
    cache_identity,
    fleet_structure,
)
from iottui.ui.fleet_cache_format import TABLES

IDENTITY = cache_identity("prod", "https://iot.example", {})
#: Text that must never reach the cache file: the live values of a fleet.
MARK = "LIVE-VALUE-7f3a"

TEXT = st.text(max_size=12)  # any Unicode: surrogates, controls, bidi, markup
OPT = st.one_of(st.none(), TEXT)
SEVERITY = st.one_of(st.none(), st.sampled_from(list(Severity)))

metrics = st.builds(
    Metric,
    id=TEXT,
    name=TEXT,
    value_type=st.sampled_from(["double", "string", "integer", ""]),
    value_unit=OPT,
    value_annotation=OPT,
    alarm=SEVERITY,
    extra=st.just(MappingProxyType({"lastValue": MARK})),
)
sensors = st.builds(
    Sensor,
    id=st.integers(-(2**63), 2**63),
    name=TEXT,
    provisioned_sensor_id=st.just(MARK),
    script_path=st.just(MARK),
    metrics_count=st.integers(0, 10**6),
    frequency=st.just(Frequency("minutes", 5)),
    metrics=st.lists(metrics, max_size=3).map(tuple),
    nodeids=st.just(MARK),
)
devices = st.builds(
    Device,
    id=st.integers(0, 10**12),  # duplicates are data: small ranges are drawn often too
    name=TEXT,
    buddy_id=st.integers(0, 10**6),
    device_type=st.sampled_from([DeviceType.IOT, DeviceType.NOT_IOT, DeviceType(7)]),
    state=st.sampled_from([DeviceState.ONLINE, DeviceState.OFFLINE]),
    description=st.just(MARK),
    version=st.just(MARK),
    alarm=SEVERITY,
    sensors_count=st.integers(0, 100),
    metrics_count=st.integers(0, 1000),
    is_monitoring_enabled=st.booleans(),
    sensors=st.lists(sensors, max_size=3).map(tuple),
)


@st.composite
def fleets(draw: st.DrawFn) -> Fleet:
    """Groups over a pool of devices: a device may be in several groups (the same object)."""
    pool = draw(st.lists(devices, max_size=6))
    groups = []
    for _ in range(draw(st.integers(0, 4))):
        members = draw(st.lists(st.sampled_from(pool), max_size=5)) if pool else []
        groups.append(
            Group(
                id=draw(st.integers(-5, 10**9)),
                name=draw(TEXT),
                permission=draw(st.sampled_from([Permission.OWNED, Permission(9)])),
                owner=draw(st.integers(0, 9)),
                devices=tuple(members),
            )
        )
    return Fleet(groups=tuple(groups), timestamp=draw(st.integers(0, 2**42)))


def shape(fleet: Fleet) -> list[Any]:
    """What the cache promises to keep: names, ids, units, types, counts, membership."""
    return [
        (
            g.id,
            g.name,
            int(g.permission),
            [
                (
                    d.id,
                    d.name,
                    int(d.device_type),
                    d.sensors_count,
                    d.metrics_count,
                    [
                        (
                            s.id,
                            s.name,
                            s.metrics_count,
                            [
                                (
                                    m.id,
                                    m.name,
                                    m.value_type,
                                    m.value_unit,
                                    m.value_annotation,
                                    m.unit,
                                )
                                for m in s.metrics
                            ],
                        )
                        for s in d.sensors
                    ],
                )
                for d in g.devices
            ],
        )
        for g in fleet.groups
    ]


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """A load freezes what is alive: the worker's other tests run with the collector as they
    found it."""
    yield
    gc.unfreeze()


def cache_in(directory: Path, identity: str = IDENTITY) -> FleetCache:
    return FleetCache.named("prod", identity, directory)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fleets())
def test_round_trip_keeps_the_structure(tmp_path: Path, fleet: Fleet) -> None:
    cache = cache_in(tmp_path)
    cache.clear()
    assert cache.save(fleet, 1_733_320_920.5)
    loaded = cache_in(tmp_path).load()
    assert loaded is not None
    assert loaded.saved_at == 1_733_320_920.5
    assert shape(loaded.fleet) == shape(fleet)
    # a device in two groups is one object again (Fleet.devices() dedups by id as before)
    assert [d.id for d in loaded.fleet.devices()] == [d.id for d in fleet.devices()]


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fleets())
def test_the_cache_never_carries_values_states_or_alarms(tmp_path: Path, fleet: Fleet) -> None:
    cache = cache_in(tmp_path)
    cache.clear()
    cache.save(fleet, 0.0)
    raw = cache.path.read_bytes()
    assert MARK.encode() not in raw
    doc = json.loads(raw)
    assert set(doc) == {"format", "version", "identity", "digest", "saved_at", "strings", *TABLES}
    loaded = cache_in(tmp_path).load()
    assert loaded is not None
    for group in loaded.fleet.groups:
        assert group.alarm is None
        assert (group.shared_with, group.contacts, group.owner) == ((), (), None)
        for device in group.devices:
            assert int(device.state) == CACHED_STATE
            assert not device.online
            assert not device.state.known  # neither online nor offline
            assert device.alarm is None
            assert (device.description, device.version, device.buddy_id) == ("", "", None)
            assert not device.extra
            assert not device.system_health_types
            for sensor in device.sensors:
                assert (sensor.alarm, sensor.frequency) == (None, None)
                assert (sensor.script_path, sensor.nodeids) == ("", None)
                for metric in sensor.metrics:
                    assert metric.alarm is None
                    assert not metric.extra


def test_saved_atomically_with_mode_0600_and_skipped_when_unchanged(tmp_path: Path) -> None:
    directory = tmp_path / "new" / "cache"
    fleet = Fleet(groups=(Group(1, "g", devices=(Device(5, "d"),)),))
    cache = cache_in(directory)
    assert cache.save(fleet, 1.0)
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert os.listdir(directory) == [cache.path.name]  # no temporary file left
    # values changed, structure not: nothing written, the file's time says it was seen again
    written = cache.path.read_bytes()
    online = Fleet(groups=(Group(1, "g", devices=(Device(5, "d", state=DeviceState.ONLINE),)),))
    assert not cache.save(online, 2.0)
    assert cache.path.read_bytes() == written
    reopened = cache_in(directory)
    loaded = reopened.load()
    assert loaded is not None
    assert loaded.saved_at == 2.0
    assert not reopened.save(online, 3.0)  # the loaded file's structure is known too
    renamed = Fleet(groups=(Group(1, "g2", devices=(Device(5, "d"),)),))
    assert reopened.save(renamed, 4.0)
    again = cache_in(directory).load()
    assert again is not None
    assert (again.saved_at, again.fleet.groups[0].name) == (4.0, "g2")


def test_a_write_that_fails_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = FleetCache.named("prod", IDENTITY, blocker / "cache")
    with caplog.at_level(logging.WARNING, "iottui.fleet_cache"):
        assert not cache.save(Fleet(), 1.0)
    assert "not written" in caplog.text


def test_names_become_safe_file_names(tmp_path: Path) -> None:
    assert FleetCache.named("../../etc/x y", IDENTITY, tmp_path).path == (
        tmp_path / "fleet-______etc_x_y.json"
    )
    assert FleetCache.named("", IDENTITY, tmp_path).path.name == "fleet-default.json"


def test_identity_is_a_digest_that_never_holds_its_parts() -> None:
    identity = cache_identity("prod", "https://iot.example", "secret-api-key")
    assert len(identity) == 64
    assert "secret" not in identity
    assert identity != cache_identity("prod", "https://other.example", "secret-api-key")


def valid_document(tmp_path: Path) -> dict[str, Any]:
    fleet = Fleet(
        groups=(
            Group(
                1,
                "g",
                devices=(Device(5, "d", sensors=(Sensor(7, "s", metrics=(Metric("m", "t"),)),)),),
            ),
        )
    )
    cache = cache_in(tmp_path)
    cache.save(fleet, 1.0)
    doc: dict[str, Any] = json.loads(cache.path.read_bytes())
    return doc


def ignored(tmp_path: Path, raw: bytes, caplog: pytest.LogCaptureFixture) -> None:
    cache = cache_in(tmp_path)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_bytes(raw)
    caplog.clear()
    with caplog.at_level(logging.WARNING, "iottui.fleet_cache"):
        assert cache.load() is None
    assert len(caplog.records) == 1
    assert "ignored" in caplog.records[0].getMessage()


def column(table: str, name: str, values: Any) -> dict[str, Any]:
    """A change to the valid document: one column of one table replaced."""
    return {"table": (table, name, values)}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"version": CACHE_VERSION + 1}, "another version"),
        ({"version": 0}, "another version"),
        # version 2's layout: a JSON text per device
        ({"version": 2, "devices": ['[5, "d", 2, 0, 0, []]']}, "another version"),
        ({"format": "something.else"}, "not a fleet cache"),
        ({"identity": cache_identity("other")}, "another profile"),
        ({"saved_at": "yesterday"}, "no save time"),
        ({"strings": ["m", 5]}, "strings are not a list of texts"),
        ({"strings": "m"}, "strings are not a list of texts"),
        ({"groups": [[1, "g", 0, [0]]]}, "no table 'groups'"),
        ({"sensors": {"id": [7]}}, "sensors.name is not a column"),
        (column("metrics", "name", ["t"]), "malformed (TypeError)"),  # a position, not a text
        (column("lists", "size", [1.0]), "malformed (ValueError)"),
        (column("sensors", "id", ["7"]), "sensors.id is not a column of integers"),
        (column("devices", "id", [5.0]), "devices.id is not a column of integers"),
        (column("devices", "name", []), "devices's columns differ in length"),
        (column("metrics", "name", [0]), "a metric's text out of range"),  # None: not a text
        (column("metrics", "unit", [-1]), "a metric's unit out of range"),
        (column("sensors", "name", [99]), "a sensor's name out of range"),
        (column("lists", "metric", [0, 0]), "lists do not add up"),
        (column("lists", "size", [-1]), "lists do not add up"),
        (column("sensors", "list", [1]), "a sensor's metrics out of range"),
        (column("devices", "size", [2]), "devices' sensors do not add up"),
        (column("groups", "device", [3]), "a group's device out of range"),
        (column("groups", "size", [0]), "groups' devices do not add up"),
    ],
)
def test_an_old_foreign_or_damaged_file_is_ignored_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, change: dict[str, Any], reason: str
) -> None:
    doc = valid_document(tmp_path)
    if "table" in change:
        table, name, values = change.pop("table")
        doc[table][name] = values
    doc.update(change)
    ignored(tmp_path, json.dumps(doc).encode(), caplog)
    assert reason in caplog.text


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"\xff\xfe garbage", b"[]", b"null", b"[" * 100_000, b'{"format": 1}'],
    ids=["empty", "cut", "not-utf8", "list", "null", "deep", "other-format"],
)
def test_corrupt_bytes_are_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, raw: bytes
) -> None:
    ignored(tmp_path, raw, caplog)


def test_a_truncated_file_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    valid_document(tmp_path)
    raw = cache_in(tmp_path).path.read_bytes()
    ignored(tmp_path, raw[: len(raw) // 2], caplog)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


#: Tables of the right shape with arbitrary small integers: they pass the type checks and
#: reach the checks of references, sizes and lengths.
COLUMNS = st.fixed_dictionaries(
    {
        table: st.fixed_dictionaries(
            {name: st.lists(st.integers(-2, 6), max_size=5) for name in names}
        )
        for table, names in TABLES.items()
    }
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    strings=st.one_of(st.lists(TEXT, max_size=7), JSON),
    tables=st.one_of(COLUMNS, st.dictionaries(st.sampled_from(list(TABLES)), JSON)),
    raw=st.binary(max_size=64),
)
def test_any_content_loads_or_is_ignored_never_raises(
    tmp_path: Path, strings: Any, tables: dict[str, Any], raw: bytes
) -> None:
    cache = cache_in(tmp_path)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": CACHE_FORMAT, "version": CACHE_VERSION, "identity": IDENTITY}
    header |= {"digest": "x", "saved_at": 1.0}
    for content in (json.dumps({**header, "strings": strings, **tables}).encode(), raw):
        cache.path.write_bytes(content)
        loaded = cache.load()
        if loaded is not None:  # then it is a well-formed fleet
            assert all(isinstance(g, Group) for g in loaded.fleet.groups)
            for group in loaded.fleet.groups:
                assert isinstance(group.name, str)
                for device in group.devices:
                    assert isinstance(device.name, str)
                    for sensor in device.sensors:
                        assert isinstance(sensor.name, str)
                        for metric in sensor.metrics:
                            assert all(isinstance(t, str) for t in (metric.id, metric.name))
            assert shape(loaded.fleet) is not None


def test_structure_lists_a_shared_device_once(tmp_path: Path) -> None:
    shared = Device(5, "d")
    fleet = Fleet(groups=(Group(1, "a", devices=(shared,)), Group(2, "b", devices=(shared,))))
    tables = fleet_structure(fleet)
    assert tables["devices"]["id"] == [5]
    assert tables["groups"]["size"] == [1, 1]
    assert tables["groups"]["device"] == [0, 0]


def test_repeated_texts_metrics_and_metric_lists_are_stored_and_loaded_once(
    tmp_path: Path,
) -> None:
    """A big fleet repeats its units, types, sensor names and whole sensors' metrics: each
    is one object once loaded (the memory of a 10,000-device start)."""

    def cpu(sensor_id: int) -> Sensor:
        metrics = (
            Metric("user", "User CPU", "double", "NoSI.Dimensionless.PERCENT"),
            Metric(f"hex{sensor_id}", "Load", "double", "NoSI.Dimensionless.PERCENT", "%"),
        )
        return Sensor(sensor_id, "CPU", metrics_count=2, metrics=metrics)

    devices = tuple(
        Device(n, f"device {n}", sensors=(cpu(n * 10), cpu(n * 10 + 1))) for n in (1, 2)
    )
    fleet = Fleet(groups=(Group(1, "g", devices=devices),))
    tables = fleet_structure(fleet)
    assert len(tables["metrics"]["id"]) == 5  # "user" once, four "hex" ones
    assert len(tables["lists"]["size"]) == 4  # every sensor's list differs by its "hex" metric
    assert tables["strings"].count("NoSI.Dimensionless.PERCENT") == 1
    cache = cache_in(tmp_path)
    cache.save(fleet, 1.0)
    loaded = cache_in(tmp_path).load()
    assert loaded is not None
    assert shape(loaded.fleet) == shape(fleet)
    sensors = [s for d in loaded.fleet.groups[0].devices for s in d.sensors]
    users = {id(s.metrics[0]) for s in sensors}
    assert len(users) == 1  # the same metric: one object
    assert len({id(s.name) for s in sensors}) == 1
    assert len({id(s.metrics[1].value_unit) for s in sensors}) == 1
    same = Fleet(groups=(Group(1, "g", devices=(Device(1, "a", sensors=(cpu(1), cpu(1))),)),))
    cache.save(same, 2.0)
    again = cache_in(tmp_path).load()
    assert again is not None
    first, second = again.fleet.groups[0].devices[0].sensors
    assert first.metrics is second.metrics  # one list of metrics, shared


def test_cache_for_a_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    prod = ConnectionSettings(url="https://iot.example", api_key="key-1", profile_name="prod")
    cache = cache_for(prod)
    assert cache is not None
    assert cache.path == tmp_path / "iottui" / "fleet-prod.json"
    assert cache_for(replace(prod, fleet_cache=False)) is None
    # another server, key, version or routes under the same name: another identity
    others = [
        replace(prod, url="https://other.example"),
        replace(prod, api_key="key-2"),
        replace(prod, version="2.1.0"),
        replace(prod, paths={"fleet": "/v2/devices"}),
    ]
    identities = {cache.identity} | {c.identity for c in map(cache_for, others) if c}
    assert len(identities) == 5
    adhoc = cache_for(replace(prod, profile_name=None))
    assert adhoc is not None
    assert adhoc.path.name.startswith("fleet-url-")
    demo = cache_for(replace(prod, url="http://127.0.0.1:1234"), demo=(1, 1000))
    assert demo is not None
    assert demo.path.name == "fleet-demo-seed1-1000dev.json"
    again = cache_for(replace(prod, url="http://127.0.0.1:999", api_key="k"), demo=(1, 1000))
    assert again is not None
    assert again.identity == demo.identity
    cache.save(Fleet(groups=(Group(1, "g"),)), 1.0)
    assert b"key-1" not in cache.path.read_bytes()


def test_a_loaded_fleet_is_left_out_of_the_collectors_passes(tmp_path: Path) -> None:
    """Its ~125,000 objects (10,000 devices) were walked by three passes before the server's
    fleet came, on the UI thread; frozen, none: the next collect_and_freeze unfreezes them."""
    metric = Metric("m", "t")
    fleet = Fleet(
        groups=(
            Group(1, "g", devices=(Device(5, "d", sensors=(Sensor(7, "s", metrics=(metric,)),)),)),
        )
    )
    cache_in(tmp_path).save(fleet, 1.0)
    gc.unfreeze()
    loaded = cache_in(tmp_path).load()
    assert loaded is not None
    device = loaded.fleet.groups[0].devices[0]
    models = (loaded.fleet, device, device.sensors[0], device.sensors[0].metrics[0])
    assert gc.get_freeze_count() > 0
    assert not any(o is m for o in gc.get_objects() for m in models)  # in no generation
    gc.unfreeze()
    tracked = {id(o) for o in gc.get_objects()}
    assert all(id(m) in tracked for m in models)
