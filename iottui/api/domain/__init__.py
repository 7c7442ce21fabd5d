"""The API's input rules, in one place: what the client validates, the CLI parses, the forms
check and the simulator enforces.

Each rule is a pure function that returns :class:`Problem` values (``field`` + ``message``),
never raising for user input; callers only present them. No textual, no httpx, no simulator.
Where the layers used to disagree, the module docstring says which rule was kept and why,
following the API document.

- :mod:`.nodeids`: OPC-UA node ids and the ``nodeids`` mapping string.
- :mod:`.metrics`: metric definitions (id, name, value type, common or custom unit).
- :mod:`.frequency`: sensor frequencies.
- :mod:`.names`: names.
- :mod:`.text`: server text made safe for a terminal.
- :mod:`.channels`: a notification channel's target and time zone.
- :mod:`.edge`: an edge module's docker image name and startup file.
- :mod:`.defaults`: defaults of the inputs.
- :mod:`.streak`: the check-count streak shared by the rule engine and the backtest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iottui.api.domain.channels import split_timezone, target_problems, timezone_problems
    from iottui.api.domain.defaults import (
        DEFAULT_CHECKCOUNT,
        DEFAULT_VALUE_TYPE,
        OPCUA_SCRIPT_PATH,
    )
    from iottui.api.domain.edge import (
        PORT_MAX,
        docker_image_problems,
        port_mapping_problems,
        startup_file_problems,
    )
    from iottui.api.domain.frequency import (
        FREQUENCY_UNITS,
        FREQUENCY_VALUE_MAX,
        frequency_problems,
        frequency_seconds,
        frequency_unit,
    )
    from iottui.api.domain.metrics import (
        VALUE_TYPES,
        MetricDef,
        common_unit,
        metric_id_problems,
        metric_problems,
        metrics_problems,
        read_metric,
        read_metrics,
        split_unit,
    )
    from iottui.api.domain.names import NAME_MAX, name_problems, text_problems
    from iottui.api.domain.nodeids import (
        format_nodeids,
        node_id_problems,
        nodeids_problems,
        parse_nodeids,
        read_nodeids,
    )
    from iottui.api.domain.problems import Problem, first, within
    from iottui.api.domain.streak import CHECKCOUNT_MAX, StreakTracker, checkcount_problems
    from iottui.api.domain.text import clean_text, has_surrogate, is_hidden

# The names are imported on first use (PEP 562): ``from iottui.api.domain.text import ...``
# (the command line's output, the UI's first frame) does not import every rule's module.
#: submodule -> the names it exports here.
_MODULES: dict[str, tuple[str, ...]] = {
    "channels": (
        "split_timezone",
        "target_problems",
        "timezone_problems",
    ),
    "defaults": (
        "DEFAULT_CHECKCOUNT",
        "DEFAULT_VALUE_TYPE",
        "OPCUA_SCRIPT_PATH",
    ),
    "edge": (
        "PORT_MAX",
        "docker_image_problems",
        "port_mapping_problems",
        "startup_file_problems",
    ),
    "frequency": (
        "FREQUENCY_UNITS",
        "FREQUENCY_VALUE_MAX",
        "frequency_problems",
        "frequency_seconds",
        "frequency_unit",
    ),
    "metrics": (
        "VALUE_TYPES",
        "MetricDef",
        "common_unit",
        "metric_id_problems",
        "metric_problems",
        "metrics_problems",
        "read_metric",
        "read_metrics",
        "split_unit",
    ),
    "names": (
        "NAME_MAX",
        "name_problems",
        "text_problems",
    ),
    "nodeids": (
        "format_nodeids",
        "node_id_problems",
        "nodeids_problems",
        "parse_nodeids",
        "read_nodeids",
    ),
    "problems": (
        "Problem",
        "first",
        "within",
    ),
    "streak": (
        "CHECKCOUNT_MAX",
        "StreakTracker",
        "checkcount_problems",
    ),
    "text": (
        "clean_text",
        "has_surrogate",
        "is_hidden",
    ),
}
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "CHECKCOUNT_MAX",
    "DEFAULT_CHECKCOUNT",
    "DEFAULT_VALUE_TYPE",
    "FREQUENCY_UNITS",
    "FREQUENCY_VALUE_MAX",
    "NAME_MAX",
    "OPCUA_SCRIPT_PATH",
    "PORT_MAX",
    "VALUE_TYPES",
    "MetricDef",
    "Problem",
    "StreakTracker",
    "checkcount_problems",
    "clean_text",
    "common_unit",
    "docker_image_problems",
    "first",
    "format_nodeids",
    "frequency_problems",
    "frequency_seconds",
    "frequency_unit",
    "has_surrogate",
    "is_hidden",
    "metric_id_problems",
    "metric_problems",
    "metrics_problems",
    "name_problems",
    "node_id_problems",
    "nodeids_problems",
    "parse_nodeids",
    "port_mapping_problems",
    "read_metric",
    "read_metrics",
    "read_nodeids",
    "split_timezone",
    "split_unit",
    "startup_file_problems",
    "target_problems",
    "text_problems",
    "timezone_problems",
    "within",
]
