"""Helpers shared by the management screens: safe text, error wording, fleet look-ups, writes.

Everything the server sends is shown as plain :class:`rich.text.Text` with control characters
removed, never as markup. Writes go through :func:`run_write`, which words the outcome the same
way everywhere: a server error shows the server's message, a timeout is reported as *unknown*
(the server may or may not have applied it), never as done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from rich.text import Text
from textual.dom import DOMNode

from iottui.api.domain import clean_text
from iottui.api.enums import Permission
from iottui.api.errors import APIError, APITimeoutError, IoTError, ValidationError
from iottui.api.models import Device, Fleet, Group, Metric, Sensor
from iottui.api.problems import HasId, write_refusal
from iottui.ui.messages import DataChanged
from iottui.ui.session import session_of

READ_ONLY_REASON = "Read-only mode: changes are disabled (--read-only or the profile setting)."


def clean(value: object) -> str:
    """Server text on one line: :func:`iottui.api.domain.clean_text` (hidden characters shown
    as escapes, as everywhere), surrounding blanks trimmed."""
    return clean_text(value).strip()


def text(value: object, style: str = "") -> Text:
    """Server text as a rich Text (never markup)."""
    return Text(clean(value), style=style)


def error_text(exc: IoTError) -> str:
    """The message to show for a failed request: the server's own words when it gave some."""
    if isinstance(exc, APIError) and exc.desc:
        return clean(f"{exc.desc} (code {exc.code})" if exc.code else exc.desc)
    return clean(exc.message or str(exc))


def timeout_text(what: str) -> str:
    return (
        f"No answer in time: it is unknown whether {what} was applied. "
        "Reload to check before trying again."
    )


def write_block_reason(node: DOMNode) -> str | None:
    """Why writes are refused right now (read-only mode), or None."""
    return READ_ONLY_REASON if session_of(node).read_only else None


def named(noun: str, name: object) -> str:
    """``Edge module 'Sensor bridge'``: an item in a message (the name as safe text)."""
    return f"{noun} {clean(name)!r}"


def id_refusal(item: HasId[int | str] | None, noun: str) -> str | None:
    """Why ``item`` (a ``noun``: "Group") cannot be written to, having come without an id:
    :func:`iottui.api.problems.write_refusal`'s reason, naming it. None: it can (or no item)."""
    if item is None:
        return None
    return write_refusal(item, named(noun, getattr(item, "name", "")))


def refuse_write(node: DOMNode, item: HasId[int | str] | None = None, what: str = "") -> bool:
    """True, after a notice saying why, when no write may be asked now: read-only mode, or
    ``item`` came without an id (:func:`iottui.api.problems.write_refusal`, whose reason starts
    with ``what``: "Edge module 'x'"). Checked before any request, so none is sent."""
    reason = write_block_reason(node)
    if reason is None and item is not None:
        reason = write_refusal(item, what or "This item")
    if reason is None:
        return False
    node.app.notify(reason, title="Not sent", severity="warning")
    return True


def group_write_reason(group: Group | None, *, share: bool = False) -> str | None:
    """Why the user's permission on ``group`` forbids a change (None if it allows it)."""
    if group is None:
        return None
    perm = group.permission
    if share and not perm.can_share:
        return (
            f"Your permission on {clean(group.name)!r} is {perm.label}: sharing, unsharing and "
            f"deleting need {Permission.OWNED.label} or {Permission.FULL_ACCESS.label}."
        )
    if not share and not perm.can_write:
        return (
            f"Your permission on {clean(group.name)!r} is {perm.label}: changing it needs "
            f"{Permission.READ_WRITE.label} or better."
        )
    return None


async def get_fleet(node: DOMNode) -> Fleet:
    """The session's fleet, or a fresh one if none was loaded yet."""
    session = session_of(node)
    fleet = session.fleet.fleet
    if fleet is not None:
        return fleet
    return await session.api.fleet.get()


def device_label(device: Device) -> str:
    state = "online" if device.online else "offline"
    return f"{clean(device.name)} ({device.id}, {state})"


def metric_label(device: Device, sensor: Sensor, metric: Metric) -> str:
    unit = f" [{clean(metric.unit)}]" if metric.unit else ""
    return f"{clean(device.name)} › {clean(sensor.name)} › {clean(metric.name)}{unit}"


def all_metrics(fleet: Fleet) -> Iterable[tuple[Device, Sensor, Metric]]:
    for device in fleet.devices():
        for sensor in device.sensors:
            for metric in sensor.metrics:
                yield device, sensor, metric


def find_group(fleet: Fleet | None, group_id: int) -> Group | None:
    if fleet is None:
        return None
    return next((g for g in fleet.groups if g.id == group_id), None)


def split_names(value: str) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]`` (comma-separated names, blanks dropped)."""
    return [part.strip() for part in value.split(",") if part.strip()]


def run_write(
    node: DOMNode,
    what: str,
    call: Callable[[], Awaitable[object]],
    *,
    done: str,
    on_success: Callable[[], object] | None = None,
) -> None:
    """Run one write in a worker and report it: done, refused (server's message) or unknown.
    A write that went through (or may have) posts :class:`DataChanged` to the app."""
    app = node.app

    async def job() -> None:
        try:
            await call()
        except APITimeoutError:
            app.notify(timeout_text(what), title="Unknown outcome", severity="warning", timeout=10)
            app.post_message(DataChanged(what))
        except ValidationError as exc:
            app.notify(error_text(exc), title=f"Not sent: {what}", severity="error")
        except IoTError as exc:
            app.notify(error_text(exc), title=f"Failed: {what}", severity="error", timeout=10)
        else:
            app.notify(done, title="Done")
            app.post_message(DataChanged(what))
            if on_success is not None:
                on_success()

    app.run_worker(job(), group="manage-write", exit_on_error=False)
