"""``iottui account token|regenerate-token|user``: the account and its assignment token."""

from __future__ import annotations

from iottui.commands._core import Ctx, Resource, SubParsers, done
from iottui.commands._output import safe_text, to_data


async def token(ctx: Ctx) -> int:
    """Print the assignment token."""
    value = await ctx.client.account.token()
    if ctx.out.json:
        ctx.out.emit_json({"token": value})
    else:
        ctx.out.line(safe_text(value))
    return 0


async def regenerate_token(ctx: Ctx) -> int:
    """Regenerate the assignment token and print the new one."""
    ctx.confirm("Regenerate the assignment token (the current token stops working)")
    value = await ctx.client.account.regenerate_token()
    if ctx.out.json:
        return done(ctx, "", token=value)
    ctx.out.line(safe_text(value))
    return 0


async def user(ctx: Ctx) -> int:
    """Print the user and their license."""
    info = await ctx.client.account.user()
    license_text = ""
    if info.license is not None:
        license_text = info.license.type
        if info.license.version is not None:
            license_text += f" (version {info.license.version})"
    ctx.out.record(
        [
            ("id", info.id),
            ("name", info.display_name),
            ("email", info.email),
            ("license", license_text),
            ("eula agreed", info.eula_agreement),
        ],
        data=to_data(info),
    )
    return 0


def register(subparsers: SubParsers) -> None:
    account = Resource(
        subparsers,
        "account",
        help="the account: user info, license, assignment token",
        examples=["iottui account user", "iottui account token --json | jq -r .token"],
    )
    account.leaf(
        "token",
        token,
        operation="account.token",
        help="print the assignment token (used to assign devices to this account)",
        examples=["iottui account token"],
    )
    account.leaf(
        "regenerate-token",
        regenerate_token,
        operation="account.regenerate_token",
        help="regenerate the assignment token; the old token stops working",
        destructive=True,
        examples=["iottui account regenerate-token --yes"],
    )
    account.leaf(
        "user",
        user,
        operation="account.user",
        help="print the user: name, email, license, EULA",
        examples=["iottui account user --json"],
    )
