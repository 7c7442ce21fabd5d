"""No module of the terminal UI is over 400 lines (issue 11: a house a newcomer can live in;
the main screen was one 1,235-line class over four modules)."""

from __future__ import annotations

from pathlib import Path

import iottui.ui

#: The most lines a module in ``iottui/ui`` may have.
MOST_LINES = 400


def test_no_ui_module_exceeds_400_lines() -> None:
    package = Path(iottui.ui.__file__).parent
    sizes = {
        str(path.relative_to(package)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(package.rglob("*.py"))
    }
    assert sizes, "no modules found"
    over = {name: lines for name, lines in sizes.items() if lines > MOST_LINES}
    assert over == {}, f"over {MOST_LINES} lines: {over}"
