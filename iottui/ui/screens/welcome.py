"""The welcome screen: connect to a server (URL + masked key), or try the built-in demo.

The key is tested with the user-info call; success shows the user's name and license and saves
the profile (0600, through the settings' ``save_profile``); failure shows the exact error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from iottui.api.errors import IoTError
from iottui.ui.settings import NewProfile
from iottui.ui.text import clean
from iottui.ui.widgets.footer import LeanFooter

if TYPE_CHECKING:
    from iottui.api import IoTClient

DEFAULT_URL = "https://api.teamviewer-iot.com"

INTRO = (
    "Welcome to iottui, a keyboard-driven terminal for TeamViewer IoT fleets.\n"
    "Connect with your server's URL and an API key (IoT dashboard → API Key), "
    "or choose 'Try the demo' (ctrl+o) for a simulated fleet."
)


class WelcomeScreen(Screen[None]):
    """First run: no profile yet."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "test", "Test & save", id="welcome.test", priority=True),
        Binding("ctrl+o", "demo", "Try the demo", id="welcome.demo", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.connected: tuple[IoTClient, str, str] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"), Vertical(id="welcome-box"):
            yield Static(Text("iottui", style="bold"), id="welcome-title")
            yield Static(Text(INTRO), id="welcome-intro")
            yield Label("Server URL")
            yield Input(DEFAULT_URL, id="welcome-url")
            yield Label("API key (hidden)")
            yield Input(password=True, placeholder="paste the key", id="welcome-key")
            yield Label("Profile name")
            yield Input("default", id="welcome-profile")
            with Horizontal(id="welcome-buttons"):
                yield Button("Test & save", id="welcome-test", variant="primary")
                yield Button("Open", id="welcome-open", variant="success", disabled=True)
                yield Button("Try the demo", id="welcome-demo")
            yield Static(id="welcome-result")
        yield LeanFooter()

    def on_mount(self) -> None:
        self.query_one("#welcome-key", Input).focus()

    @property
    def result(self) -> Static:
        return self.query_one("#welcome-result", Static)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "welcome-key" or event.input.id == "welcome-profile":
            self.action_test()
        else:
            self.focus_next()

    @on(Button.Pressed, "#welcome-test")
    def action_test(self) -> None:
        url = self.query_one("#welcome-url", Input).value.strip()
        key = self.query_one("#welcome-key", Input).value.strip()
        name = self.query_one("#welcome-profile", Input).value.strip() or "default"
        if not url or not key:
            self.result.update(Text("Enter the server URL and the API key.", style="bold red"))
            return
        self.result.update(Text(f"Testing {clean(url)} …", style="italic"))
        self.test_connection(url, key, name)

    @work(exclusive=True, group="welcome", exit_on_error=False)
    async def test_connection(self, url: str, key: str, name: str) -> None:
        app: Any = self.app
        try:
            make = app.settings.make_client
            if make is None:
                from iottui.api import IoTClient

                client = IoTClient(url, key)
            else:
                client = make(url, key)
        except (IoTError, ValueError) as error:
            self.show_error(error)
            return
        try:
            user = await client.account.user()
        except IoTError as error:
            await client.aclose()
            self.show_error(error)
            return
        text = Text("✓ Signed in as ", style="green")
        text.append(clean(user.display_name), style="bold")
        if user.email:
            text.append(f" <{clean(user.email)}>")
        license_ = user.license
        text.append(f"\nlicense: {clean(license_.type) if license_ else 'none reported'}")
        saver = app.settings.save_profile
        if saver is not None:
            try:
                saver(NewProfile(name, url, key))
                text.append(f"\nsaved as profile {clean(name)!r} (file mode 0600)", style="dim")
            except Exception as error:  # shown, never a traceback
                text.append(f"\nprofile not saved: {clean(error)}", style="bold red")
        self.result.update(text)
        self.connected = (client, name, url)
        button = self.query_one("#welcome-open", Button)
        button.disabled = False
        button.focus()

    def show_error(self, error: Exception) -> None:
        text = Text("✗ ", style="bold red")
        text.append(clean(error), style="red")
        self.result.update(text)

    @on(Button.Pressed, "#welcome-open")
    def _open(self) -> None:
        if self.connected is not None:
            client, name, url = self.connected
            self.app.connect(client, name, url)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#welcome-demo")
    def action_demo(self) -> None:
        app: Any = self.app
        if app.settings.start_demo is None:
            self.result.update(Text("The demo is not available here.", style="red"))
            return
        self.result.update(Text("Starting the demo simulator …", style="italic"))
        self.start_demo()

    @work(exclusive=True, group="welcome", exit_on_error=False)
    async def start_demo(self) -> None:
        app: Any = self.app
        try:
            url, key = await app.settings.start_demo()
            make = app.settings.make_client
            if make is None:
                from iottui.api import IoTClient

                client = IoTClient(url, key)
            else:
                client = make(url, key)
        except Exception as error:  # shown, never a traceback
            self.show_error(error)
            return
        app.connect(client, "demo", url)
