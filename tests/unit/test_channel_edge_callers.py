"""A channel's target and time zone, an edge module's image, startup file and port mapping: the
client, the
CLI and the simulator follow the one rule of :mod:`iottui.api.domain` (``channels``,
``edge``) and refuse with the same words.

Before, each layer had its own: the client took any time zone text and the CLI one without a
zone name, both refused by the simulator with a 400; the CLI took ``x@y`` for an email address;
the simulator took ``a@b.c.`` and refused ``HTTP://host``, which the client took; only the
simulator refused a host port mapped twice.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iottui.api.enums import ChannelType
from iottui.api.errors import ValidationError
from iottui.api.models import PortMapping
from iottui.api.validate import (
    validate_channel_target,
    validate_docker_image,
    validate_port_mappings,
    validate_startup_file,
    validate_timezone,
)
from iottui.commands.channels import _check_target, _check_timezone
from iottui.commands.edgemodules import _ModuleInput
from iottui.sim.errors import SimError
from iottui.sim.handlers.channels import _target, parse_timezone
from iottui.sim.handlers.edgemodules import _container_options, _repository
from iottui.sim.payload import Payload


def _said(call: Callable[[], object]) -> str | None:
    """None when the caller accepts, else the text of its refusal."""
    try:
        call()
    except ValidationError as exc:
        return str(exc)
    except SimError as exc:
        return f"{exc.kind.status} {exc.body()['error']['desc']}"
    return None


def targets(kind: ChannelType, target: str) -> dict[str, str | None]:
    return {
        "client": _said(lambda: validate_channel_target(kind, target)),
        "cli": _said(lambda: _check_target(kind, target)),
        "sim": _said(lambda: _target(int(kind), target)),
    }


def timezones(value: str) -> dict[str, str | None]:
    return {
        "client": _said(lambda: validate_timezone(value)),
        "cli": _said(lambda: _check_timezone(value)),
        "sim": _said(lambda: parse_timezone(value)),
    }


def images(value: str) -> dict[str, str | None]:
    doc = {"dockerImageName": value}
    return {
        "client": _said(lambda: validate_docker_image(value)),
        "sim": _said(lambda: _repository(Payload(doc, ("dockerImageName",)), None)),
    }


def startup_files(value: str) -> dict[str, str | None]:
    return {
        "client": _said(lambda: validate_startup_file(value)),
        "sim": _said(lambda: _container_options({"startupFile": value})),
    }


def port_mappings(pairs: list[tuple[int, int]]) -> dict[str, str | None]:
    args = argparse.Namespace(
        name=None,
        image=None,
        access_type=None,
        startup_file=None,
        no_ports=False,
        ports=[f"{h}:{c}" for h, c in pairs],
    )
    wire = [{"hostPort": h, "containerPort": c} for h, c in pairs]
    return {
        "client": _said(
            lambda: validate_port_mappings(
                [PortMapping(host_port=h, container_port=c) for h, c in pairs]
            )
        ),
        "cli": _said(lambda: _ModuleInput(args, None)),
        "sim": _said(lambda: _container_options({"portMapping": wire})),
    }


def _agree(said: dict[str, str | None], fragment: str | None) -> None:
    if fragment is None:
        assert said == dict.fromkeys(said), said
    else:
        for caller, text in said.items():
            assert text is not None, f"{caller} accepted it"
            assert fragment in text, (caller, text)


EMAIL, WEBHOOK = ChannelType.EMAIL, ChannelType.WEBHOOK


@pytest.mark.parametrize(
    ("kind", "target", "fragment"),
    [
        (EMAIL, "ops@example.com", None),
        (EMAIL, "x@y", "is not an email address"),
        (EMAIL, "a@b.c.", "is not an email address"),
        (EMAIL, "https://hooks.example/x", "is not an email address"),
        (WEBHOOK, "https://hooks.example/x", None),
        (WEBHOOK, "HTTP://hooks.example", None),
        (WEBHOOK, "https:// hooks.example", "is not an http(s) URL"),
        (WEBHOOK, "ftp://hooks.example", "is not an http(s) URL"),
        (WEBHOOK, "ops@example.com", "is not an http(s) URL"),
        (WEBHOOK, "   ", "must not be empty"),
    ],
)
def test_channel_targets(kind: ChannelType, target: str, fragment: str | None) -> None:
    _agree(targets(kind, target), fragment)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("GMT+02:00 Europe/Berlin", None),
        ("GMT+00:00 UTC", None),
        ("GMT-05:00 America/Port-au-Prince", None),
        ("GMT+02:00", "must be like 'GMT+02:00 Europe/Berlin'"),
        ("Europe/Berlin", "must be like 'GMT+02:00 Europe/Berlin'"),
        ("GMT+2 Europe/Berlin", "must be like 'GMT+02:00 Europe/Berlin'"),
    ],
)
def test_time_zones(value: str, fragment: str | None) -> None:
    _agree(timezones(value), fragment)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("my_collector-2", None),
        ("x" * 50, None),
        ("x" * 51, "must be 1 to 50 characters"),
        ("my/collector", "must be 1 to 50 characters"),
        ("collector:latest", "must be 1 to 50 characters"),
        ("0 ", "must be 1 to 50 characters"),  # the simulator trimmed it, the client did not
        (" collector", "must be 1 to 50 characters"),
    ],
)
def test_docker_images(value: str, fragment: str | None) -> None:
    _agree(images(value), fragment)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("/home/service/run.sh", None),
        ("run.sh", None),
        ("/opt/a.b/start.py", None),
        ("/home/service/run", "must name a file with an extension"),
        ("/home/service/.sh", "must name a file with an extension"),
        ("/home//run.sh", "must name a file with an extension"),
        ("/home/service/run.s h", "must name a file with an extension"),
        ("/home/service/", "must name a file with an extension"),
    ],
)
def test_startup_files(value: str, fragment: str | None) -> None:
    _agree(startup_files(value), fragment)


ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@given(st.sampled_from([EMAIL, WEBHOOK]), ANY_TEXT | st.emails() | st.from_regex(r"https?://\w+"))
def test_the_callers_agree_on_any_target(kind: ChannelType, target: str) -> None:
    said = targets(kind, target)
    assert len({text is None for text in said.values()}) == 1, said


@given(ANY_TEXT | st.from_regex(r"GMT[+-]\d\d:\d\d +[A-Za-z_/]+", fullmatch=True))
def test_the_callers_agree_on_any_time_zone(value: str) -> None:
    said = timezones(value)
    assert len({text is None for text in said.values()}) == 1, said


@given(ANY_TEXT | st.from_regex(r"/?[\w./ -]{0,20}\.\w{1,4}", fullmatch=True))
def test_the_callers_agree_on_any_image_and_startup_file(value: str) -> None:
    for said in (images(value), startup_files(value)):
        assert len({text is None for text in said.values()}) == 1, said


@pytest.mark.parametrize(
    ("pairs", "fragment"),
    [
        ([(8080, 80), (8443, 443)], None),
        ([(1, 65535)], None),
        ([(0, 80)], "must be a port 1-65535, got 0"),
        ([(8080, 65536)], "must be a port 1-65535, got 65536"),
        ([(-1, 80)], "must be a port 1-65535, got -1"),
        ([(8080, 80), (8080, 81)], "host port 8080 is mapped twice"),
    ],
)
def test_port_mappings(pairs: list[tuple[int, int]], fragment: str | None) -> None:
    _agree(port_mappings(pairs), fragment)
