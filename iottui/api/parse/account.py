"""Parsers of the account: the token, the user, contacts and group shares."""

from __future__ import annotations

from typing import Any

from iottui.api.enums import ContactState, Permission
from iottui.api.models import Contact, License, Share, User
from iottui.api.parse.core import (
    _CONTACT_STATES,
    FieldError,
    _bool,
    _each,
    _enum,
    _extra,
    _id_int,
    _kind,
    _lower,
    _obj,
    _opt_int,
    _permission,
    _req_str,
    _str_or,
)

_LICENSE_KEYS = frozenset({"type", "version"})
_USER_KEYS = frozenset({"id", "firstname", "lastname", "email", "license", "eulaagreement"})


def parse_token(value: Any, path: str) -> str:
    """``data`` of the assignment token operations: a string."""
    if type(value) is str:
        return value
    if type(value) is dict:
        return _req_str(_lower(value), "token", path)
    raise FieldError(path, f"expected a string token, got {_kind(value)}")


def parse_user(value: Any, path: str) -> User:
    low = _obj(value, path)
    lic_raw = low.get("license")
    license_: License | None = None
    if lic_raw is not None:
        lpath = f"{path}.license"
        lic = _obj(lic_raw, lpath)
        license_ = License(
            type=_str_or(lic, "type", lpath),
            version=_opt_int(lic, "version", lpath),
            extra=_extra(lic_raw, lic, _LICENSE_KEYS),
        )
    return User(
        id=_req_str(low, "id", path),
        firstname=_str_or(low, "firstname", path),
        lastname=_str_or(low, "lastname", path),
        email=_str_or(low, "email", path),
        license=license_,
        eula_agreement=_bool(low, "eulaagreement", path),
        extra=_extra(value, low, _USER_KEYS),
    )


_CONTACT_KEYS = frozenset({"id", "name", "state", "email"})


def _contact(value: Any, path: str) -> Contact:
    low = _obj(value, path)
    state = _enum(ContactState, _CONTACT_STATES, low, "state", path)
    return Contact(
        id=_id_int(low),
        name=_str_or(low, "name", path),
        state=ContactState.OFFLINE if state is None else state,
        email=_str_or(low, "email", path),
        extra=_extra(value, low, _CONTACT_KEYS),
    )


def parse_contacts(value: Any, path: str) -> list[Contact]:
    return _each(value, path, _contact)


_SHARE_KEYS = frozenset({"name", "permission", "userid", "id"})


def _share(value: Any, path: str) -> Share:
    low = _obj(value, path)
    user_id = _opt_int(low, "userid", path)
    if user_id is None:
        user_id = _opt_int(low, "id", path)
    return Share(
        name=_str_or(low, "name", path),
        permission=_permission(low, "permission", path, Permission.READ_ONLY),
        user_id=user_id,
        extra=_extra(value, low, _SHARE_KEYS),
    )
