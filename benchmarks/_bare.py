"""The floor of the start benchmarks: a bare Textual app with one ``Static``, run for real
(``App.run``: Textual's driver, in the terminal it was started in) until it is told to quit."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare Textual app")


if __name__ == "__main__":
    Bare().run()
