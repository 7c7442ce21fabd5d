"""The Account screen: user, license, assignment token (show, copy, regenerate); contacts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from iottui.api.enums import ContactState
from iottui.api.errors import IoTError
from iottui.api.models import User
from iottui.ui.manage.common import clean, error_text
from iottui.ui.manage.confirm import confirm_write
from iottui.ui.manage.screen_base import ManageScreen
from iottui.ui.manage.tables import manage_table
from iottui.ui.registry import CommandContext, command

_STATE_STYLE = {ContactState.ONLINE: "bold", ContactState.OFFLINE: "dim"}


class AccountScreen(ManageScreen):
    """Who you are, your license, the token that assigns devices to you, your contacts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "show_token", "Show token", id="account.token"),
        Binding("c", "copy_token", "Copy token", id="account.copy"),
        # R, not g: g (and G) move to the first (last) row in every list
        Binding("R", "regenerate", "Regenerate token", id="account.regenerate"),
    ]
    screen_title = "Account"
    DEFAULT_CSS = "AccountScreen #user-info, AccountScreen #token { padding: 0 1; }"

    def __init__(self, tab: str = "account") -> None:
        super().__init__()
        self.initial_tab = tab
        self.user: User | None = None
        self.token: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with TabbedContent(initial=self.initial_tab):
            with TabPane("Account", id="account"), VerticalScroll():
                yield Static("", id="user-info")
                yield Static(
                    Text("Assignment token: hidden — t shows it, c copies it, R regenerates it."),
                    id="token",
                )
            with TabPane("Contacts", id="contacts"):
                yield manage_table("contacts-table")
        yield from self.compose_status()

    async def load(self) -> None:
        self.set_status("Loading…")
        self.user = await self.attempt("your account", self.client.account.user(), None)
        contacts = self.read(await self.attempt("contacts", self.client.contacts.list(), ()))
        if self.user is not None:
            self._show_user(self.user)
        rows = [
            (
                str(c.id),
                [
                    Text(clean(c.name)),
                    Text(c.state.label, style=_STATE_STYLE.get(c.state, "")),
                    Text(clean(c.email) or "—"),
                    Text(str(c.id)),
                ],
            )
            for c in contacts
        ]
        self.fill(self.query_one("#contacts-table", DataTable), rows)
        online = sum(1 for c in contacts if c.state == ContactState.ONLINE)
        self.set_status(
            f"{len(contacts)} contact(s), {online} online. t token · c copy · R regenerate"
        )

    def _show_user(self, u: User) -> None:
        info = Text()
        info.append("Name      ", style="bold")
        info.append(f"{clean(u.display_name)}\n")
        info.append("E-mail    ", style="bold")
        info.append(f"{clean(u.email) or '—'}\n")
        info.append("User id   ", style="bold")
        info.append(f"{clean(u.id)}\n")
        info.append("License   ", style="bold")
        lic = u.license
        info.append(f"{clean(lic.type)} (version {lic.version})\n" if lic else "—\n")
        info.append("EULA      ", style="bold")
        info.append("accepted\n" if u.eula_agreement else "not accepted\n")
        self.query_one("#user-info", Static).update(info)

    def _show(self, token: str) -> None:
        self.token = token
        self.query_one("#token", Static).update(
            Text.assemble(
                ("Assignment token: ", "bold"),
                clean(token),
                "\n(c copies it; R regenerates it — the old one stops working)",
            )
        )

    def action_show_token(self) -> None:
        async def fetch() -> None:
            try:
                self._show(await self.client.account.token())
            except IoTError as exc:
                self.set_status(f"Token not loaded: {error_text(exc)}", error=True)

        self.run_worker(fetch(), group="token", exclusive=True, exit_on_error=False)

    def action_copy_token(self) -> None:
        if self.token is None:
            self.app.notify("Show the token first (t).", severity="warning")
            return
        self.app.copy_to_clipboard(self.token)
        self.app.notify("Assignment token copied to the clipboard.")

    def action_regenerate(self) -> None:
        async def regenerate() -> None:
            self._show(await self.client.account.regenerate_token())

        confirm_write(
            self.app,
            "Regenerate the assignment token?",
            Text(
                "A new assignment token replaces the current one. Devices not yet assigned "
                "with the old token must use the new one."
            ),
            what="regenerating the assignment token",
            call=regenerate,
            done="A new assignment token was generated.",
            action="Regenerate",
        )


@command(
    "account",
    "Account…",
    "User, license and the device assignment token",
    operations=("account.user", "account.token", "account.regenerate_token", "contacts.list"),
)
def account_command(ctx: CommandContext) -> None:
    ctx.open(AccountScreen("account"))


@command(
    "contacts",
    "Contacts…",
    "Your contacts and whether they are online",
    operations=("contacts.list", "account.user"),
)
def contacts_command(ctx: CommandContext) -> None:
    ctx.open(AccountScreen("contacts"))
