"""Read what a running Textual app shows, as plain text lines (for assertions, not snapshots)."""

from __future__ import annotations

from typing import Any

from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    """Every line of the current screen as the terminal would show it (text only)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))
