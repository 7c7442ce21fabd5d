"""What a start imports at run time: the config and CLI core stay light, the first frame lean.

Which package may import which is the layer contract in ``pyproject.toml``, checked by
``lint-imports`` (CI, ``make lint``). These tests cover what it cannot: what is *loaded* when
(lazy imports are allowed by the contract but must stay lazy).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def imported_after(code: str) -> list[str]:
    """Module names in sys.modules after running ``code`` in a fresh interpreter."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("code", "forbidden"),
    [
        ("import iottui.config", ("textual", "iottui.ui", "iottui.sim", "argparse")),
        # `iottui info` / `profile` must not pay for the TUI or the simulator.
        ("from iottui.cli import main; main(['info'])", ("textual", "iottui.ui", "iottui.sim")),
        # `iottui` (the TUI) parses its options without the resource commands, whose parsers
        # import the API's models and every command (issue 12: ~100 ms before the first frame)
        (
            "from iottui.cli import dispatch\n"
            "dispatch.cmd_tui = lambda error, args: print(args.tui_demo)\n"
            "dispatch.main(['--demo', '--devices', '100', '--refresh', '2'])",
            ("iottui.commands", "iottui.api.models", "iottui.api.parse", "iottui.cli.profiles"),
        ),
        # What the first frame needs: charts (plotext) and the management and dashboard
        # features are imported later (first metric shown / shortly after the first fleet).
        (
            "import iottui.ui.launch, iottui.ui.app, iottui.ui.screens.main",
            (
                "plotext",
                "textual_plotext",
                "iottui.ui.manage",
                "iottui.ui.dashboards",
                "iottui.api.models",  # issue 12: the first frame shows no model
                "iottui.api.parse",
                # the tabs' views and the actions menu: imported as the tabs mount
                "iottui.ui.views.detail",
                "iottui.ui.views.alarms",
                "iottui.ui.views.rules",
                "iottui.ui.views.chart_panel",
                "iottui.ui.screens.actions_menu",
                "textual.widgets._tabbed_content",
                # the browser and the : line: mounted right after the first frame, which
                # shows neither (an empty pane, hidden lines)
                "iottui.ui.views.fleet_browser",
                "iottui.ui.widgets.fleet_tree",
                "iottui.ui.views.command_line",
                "textual.widgets._data_table",  # compat lists its private names lazily
                "iottui.ui.widgets.footer",  # mounted after it too, with its keys
                # the commands (the palette's provider and the registry: the keys and the
                # palette act once the tabs are there) and the alarm notifier
                "iottui.ui.commands",
                "iottui.ui.registry",
                "iottui.ui.notify",
                # the API's input rules: the first frame takes one (text), not every module
                "iottui.api.domain.metrics",
                "iottui.api.domain.nodeids",
                "iottui.api.domain.channels",
            ),
        ),
        # Paint first (issue 12): the app's own modules, its messages, fleet index, session
        # and fleet cache, import neither the client nor the models nor the parsers.
        (
            "import iottui.ui.launch, iottui.ui.app, iottui.ui.fleet_cache",
            (
                "httpx",
                "iottui.api.client",
                "iottui.api.resources",
                "iottui.api.models",
                "iottui.api.parse",
                "iottui.ui.manage",
                "iottui.ui.dashboards",
            ),
        ),
        # Paint first: the app as the launcher builds it when it has a cached fleet to draw,
        # and its main screen, before the first frame: the client and httpx are imported by
        # the app once that frame is drawn.
        (
            "import os; os.environ['K'] = 'k'\n"
            "from iottui.config import TuiOptions, load_config, resolve_connection\n"
            "from iottui.ui.fleet_cache import cache_for\n"
            "options = TuiOptions(url='http://127.0.0.1:9', api_key_env='K')\n"
            "cache = cache_for(resolve_connection(options, load_config()))\n"
            "cache.path.parent.mkdir(parents=True, exist_ok=True)\n"
            "cache.path.write_text('{}')\n"
            "from iottui.ui.launch import prepare_app\n"
            "app, _ = prepare_app(options)\n"
            "import iottui.ui.screens.main",
            ("httpx", "iottui.api.client", "iottui.api.resources"),
        ),
    ],
    ids=["config", "cli-info", "cli-tui", "tui-start", "tui-app-lean", "tui-paint-first"],
)
def test_layers(code: str, forbidden: tuple[str, ...]) -> None:
    modules = imported_after(code)
    leaked = [m for m in modules if m.split(".")[0] in forbidden or m.startswith(forbidden)]
    assert leaked == []


def test_without_a_cached_fleet_the_client_is_built_while_the_ui_loads() -> None:
    """No fleet to draw before the server's: the network is the critical path, so the client
    is built in a thread from the launcher on (it imports httpx while Textual is imported), and
    asks for the fleet there (that the app takes that answer: tests/ui/test_fleet_prefetch)."""
    modules = imported_after(
        "import os; os.environ['K'] = 'k'\n"
        "from iottui.config import TuiOptions\n"
        "from iottui.ui.launch import prepare_app\n"
        "app, _ = prepare_app(TuiOptions(url='http://127.0.0.1:9', api_key_env='K'))\n"
        "client = app.session.client\n"
        "assert client is not None and client.base_url == 'http://127.0.0.1:9', client"
    )
    assert "httpx" in modules
    assert "iottui.api.client" in modules


def test_the_cached_fleet_needs_only_the_fleets_models() -> None:
    """The start from the fleet cache builds the fleet's models only (the other resources'
    some forty dataclasses are built when a feature first uses one)."""
    modules = imported_after(
        "from iottui.api.models import Device, Fleet, Group, Metric, Sensor\n"
        "from iottui.ui.fleet_cache import FleetCache, cache_identity\n"
        "import tempfile\n"
        "from pathlib import Path\n"
        "cache = FleetCache(Path(tempfile.mkdtemp()) / 'f.json', cache_identity('t'))\n"
        "metric = Metric(id='temp', name='Temperature')\n"
        "device = Device(id=1, name='d', sensors=(Sensor(id=2, name='s', metrics=(metric,)),))\n"
        "assert cache.save(Fleet(groups=(Group(id=3, name='g', devices=(device,)),)), 1.0)\n"
        "loaded = cache.load()\n"
        "assert loaded is not None and loaded.fleet.groups[0].devices[0].name == 'd'"
    )
    assert "iottui.api.models.fleet" in modules
    assert "iottui.api.models.resources" not in modules
    assert "iottui.api.parse" not in modules


def test_the_start_leaves_its_long_lived_heap_out_of_the_collectors_passes() -> None:
    """What the start's imports built (Textual, the UI: tens of thousands of objects that live
    as long as the process) is frozen, and the collector runs again afterwards."""
    imported_after(
        "import gc, os; os.environ['K'] = 'k'\n"
        "from iottui.config import TuiOptions\n"
        "from iottui.ui.launch import prepare_app\n"
        "app, _ = prepare_app(TuiOptions(url='http://127.0.0.1:9', api_key_env='K'))\n"
        "assert gc.isenabled()\n"
        "assert gc.get_freeze_count() > 20_000, gc.get_freeze_count()"
    )
