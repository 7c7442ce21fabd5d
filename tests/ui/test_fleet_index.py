"""The fleet index: its devices and sensors are built when first looked up (a big fleet's first
frame shows only its groups), and answer exactly what indexing everything at once did."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from iottui.api.models import Device, Fleet, Group, Sensor
from iottui.ui.fleet_index import FleetIndex

from .test_fleet_cache import fleets


def eager(
    fleet: Fleet,
) -> tuple[dict[int, Device], dict[int, Group], dict[int, tuple[Device, Sensor]]]:
    """The index as it was built before (every device and sensor at once)."""
    devices: dict[int, Device] = {}
    device_group: dict[int, Group] = {}
    sensors: dict[int, tuple[Device, Sensor]] = {}
    for group in fleet.groups:
        for device in group.devices:
            if device.id in devices:
                continue
            devices[device.id] = device
            device_group[device.id] = group
            for sensor in device.sensors:
                sensors.setdefault(sensor.id, (device, sensor))
    return devices, device_group, sensors


@st.composite
def clashing_fleets(draw: st.DrawFn) -> Fleet:
    """Fleets whose distinct devices (and sensors) share ids: a server's data, not ours."""
    fleet = draw(fleets())
    ids = st.integers(0, 3)
    groups = []
    for group in fleet.groups:
        members = []
        for device in group.devices:
            sensors = tuple(dataclasses.replace(s, id=draw(ids)) for s in device.sensors)
            members.append(dataclasses.replace(device, id=draw(ids), sensors=sensors))
        groups.append(dataclasses.replace(group, devices=tuple(members)))
    return dataclasses.replace(fleet, groups=tuple(groups))


@settings(max_examples=80, deadline=None)
@given(st.one_of(fleets(), clashing_fleets()), st.permutations(["sensors", "devices", "groups"]))
def test_the_lazy_index_answers_as_the_eager_one(fleet: Fleet, order: list[str]) -> None:
    index = FleetIndex(fleet)
    devices, device_group, sensors = eager(fleet)
    for part in order:  # whichever is looked up first
        if part == "sensors":
            assert index.sensors == sensors
            assert all(index.sensors[k][0] is v[0] for k, v in sensors.items())
        elif part == "devices":
            assert index.devices == devices
            assert all(index.devices[k] is v for k, v in devices.items())
            assert index.device_group == device_group
        else:
            assert index.groups == {g.id: g for g in fleet.groups}
    assert index.fleet is fleet


def test_devices_and_sensors_wait_until_looked_up() -> None:
    sensor = Sensor(id=5, name="t")
    device = Device(id=1, name="d", sensors=(sensor,))
    index = FleetIndex(Fleet(groups=(Group(id=9, name="g", devices=(device,)),)))
    assert "sensors" not in vars(index)
    assert "_by_device" not in vars(index)
    assert index.groups[9].name == "g"
    assert "_by_device" not in vars(index)  # the groups alone do not build them
    assert index.sensors[5] == (device, sensor)
    assert index.device_group[1].id == 9
