"""Edge modules: the docker image's name and the container's startup file.

The rules, one for all layers (the client, the forms and the simulator each had a copy; the
startup file rules disagreed: the client took ``run.s h``, the simulator ``a//run.sh`` was
refused only there, the form refused any blank):

- a docker image name is 1 to 50 characters of ``A-Z a-z 0-9 _ -`` (the API document);
- a startup file is a path of non-empty parts (``/home/service/run.sh``, ``run.sh``) whose
  file name has a name and a letters-and-digits extension, without blanks or NUL characters;
- a port mapping maps a host port to a container port, each a whole number 1-65535, and no
  host port twice (the simulator refused a host port mapped twice; the client sent it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from iottui.api.domain.problems import Problem

#: The highest port number.
PORT_MAX = 65535

_IMAGE_RE = re.compile(r"[A-Za-z0-9_-]{1,50}")
_STARTUP_RE = re.compile(r"/?(?:[^/\s\0]+/)*[^/\s\0]+\.[A-Za-z0-9]+")


def docker_image_problems(value: object, field: str = "docker_image_name") -> list[Problem]:
    if not isinstance(value, str) or _IMAGE_RE.fullmatch(value) is None:
        return [Problem(field, f"{value!r} must be 1 to 50 characters of A-Z, a-z, 0-9, _ and -")]
    return []


def startup_file_problems(value: object, field: str = "startup_file") -> list[Problem]:
    if not isinstance(value, str) or _STARTUP_RE.fullmatch(value) is None:
        return [
            Problem(
                field,
                f"{value!r} must name a file with an extension, like /home/service/run.sh",
            )
        ]
    return []


def port_problems(value: object, field: str) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= PORT_MAX:
        return [Problem(field, f"must be a port 1-{PORT_MAX}, got {value!r}")]
    return []


def port_mapping_problems(
    mappings: Sequence[tuple[object, object]], field: str = "portMapping"
) -> list[Problem]:
    """What is wrong with (host port, container port) pairs: each port, and a host port
    mapped twice. Fields are the wire's: ``portMapping[1].hostPort``."""
    problems: list[Problem] = []
    hosts: set[object] = set()
    for i, (host, container) in enumerate(mappings):
        problems += port_problems(host, f"{field}[{i}].hostPort")
        problems += port_problems(container, f"{field}[{i}].containerPort")
        if host in hosts:
            problems.append(Problem(f"{field}[{i}].hostPort", f"host port {host} is mapped twice"))
        hosts.add(host)
    return problems
