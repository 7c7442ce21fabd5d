"""Safe text for anything that came from the server.

Nothing the server sends is ever interpreted as Rich markup or as a terminal escape sequence:
names go through :func:`clean` (control characters, ESC, OSC, bidi overrides become visible
``\\xNN`` / ``\\uNNNN`` escapes) and are wrapped in :class:`rich.text.Text`, never parsed.
This module also formats values, ages and severities the same way everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from iottui.api.domain import clean_text
from iottui.api.enums import Severity

if TYPE_CHECKING:  # annotations only: the first frame does not import the models
    from iottui.api.models import Device, Value

#: Severity colours as the vendor documents them (Warning yellow, Minor dark yellow, Major
#: orange, Critical red). They carry meaning, so they are the same in every theme.
SEVERITY_STYLES: dict[int, str] = {
    Severity.CRITICAL: "bold red",
    Severity.MAJOR: "dark_orange",
    Severity.MINOR: "yellow4",
    Severity.WARNING: "yellow",
}
SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.CRITICAL,
    Severity.MAJOR,
    Severity.MINOR,
    Severity.WARNING,
)
ONLINE_STYLE = "green"
OFFLINE_STYLE = "dim"


def device_state(device: Device) -> Text:
    """A device's state: ``online``, ``offline``, or ``–`` when not known (the fleet cache's
    devices, shown until the server answers; a state the API document does not list)."""
    if device.online:
        return Text("online", style=ONLINE_STYLE)
    return Text("offline" if device.state.known else "–", style=OFFLINE_STYLE)


def online_count(devices: Iterable[Device]) -> int | None:
    """How many of ``devices`` are online; None when none of their states is known."""
    online = known = 0
    for device in devices:
        online += device.online
        known += device.state.known
    return online if known else None


_SPARK = "▁▂▃▄▅▆▇█"


def clean(value: object) -> str:
    """A server string made safe to show: :func:`iottui.api.domain.clean_text`."""
    return clean_text(value)


def safe(value: object, style: str = "") -> Text:
    """A :class:`Text` of a server value, never parsed as markup."""
    return Text(clean(value), style=style)


def join(parts: Iterable[Text | str], sep: str = " ") -> Text:
    """Join texts; plain ``str`` parts are *our* literals (never server data)."""
    return Text(sep).join(Text(p) if isinstance(p, str) else p for p in parts)


def severity_text(severity: Severity | None, *, short: bool = False) -> Text:
    if severity is None:
        return Text("")
    label = severity.short_label if short else severity.label
    return Text(label, style=SEVERITY_STYLES.get(int(severity), "bold"))


def severity_dot(severity: Severity | None) -> Text:
    if severity is None:
        return Text("")
    return Text("●", style=SEVERITY_STYLES.get(int(severity), "bold"))


def format_value(value: Value, unit: str = "") -> str:
    """A sample for display: numbers trimmed to a sensible precision, strings cleaned."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            text = str(value)
        elif value == int(value) and abs(value) < 1e15:
            text = str(int(value))
        elif abs(value) < 0.01 or abs(value) >= 1e15:
            text = _sci(value, 2)  # two decimals would read as 0.00; no 30-digit numbers
        else:
            text = f"{value:.2f}" if abs(value) < 1000 else f"{value:.1f}"
    else:
        number = to_float(value)
        text = format_value(number) if number is not None else clean(value)
    return f"{text} {clean(unit)}".rstrip() if unit else text


_SI = ("", "k", "M", "G", "T", "P", "E", "Z", "Y")


def value_forms(value: Value, unit: str = "") -> list[str]:
    """The ways to show a sample, most precise first, each whole and with its unit: as
    :func:`format_value` shows it, then a number scaled by an SI prefix (``101k hPa``,
    ``2.21k MB``) or, tiny, in scientific notation, then shorter still. A table picks the first
    that fits its column (:func:`fit_value`): a number is never cut."""
    unit_text = f" {clean(unit)}" if unit else ""
    forms = [format_value(value, unit)]
    number = None if isinstance(value, bool) else to_float(value)
    if number is None or number == 0:
        return forms
    size = abs(number)
    power = int(math.log10(size) // 3)
    shorter: list[str] = []
    if 0.01 <= size < 1000 and number != int(number):
        shorter += [f"{number:.1f}", f"{number:.0f}"]  # fewer decimals
    if 1 <= power < len(_SI):
        scaled = number / 1000**power
        shorter += [f"{scaled:.3g}{_SI[power]}", f"{scaled:.0f}{_SI[power]}"]
    if size >= 1e6 or size < 0.01:
        shorter += [_sci(number, 2), _sci(number, 1), _sci(number, 0)]
    for text in shorter:
        form = text + unit_text
        if len(form) < len(forms[-1]):
            forms.append(form)
    return forms


def _sci(number: float, digits: int) -> str:
    """``1.23e30``, ``-4.5e-7``: scientific notation without a plus sign or leading zeros."""
    mantissa, exponent = f"{number:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def fit_value(value: Value, unit: str, width: int) -> str:
    """The most precise of :func:`value_forms` that fits ``width`` cells (else the shortest);
    cells, not characters: a unit may be written in wide characters (``米/秒``)."""
    forms = value_forms(value, unit)
    return next((f for f in forms if cell_len(f) <= width), min(forms, key=cell_len))


def to_float(value: object) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def plural(count: int, noun: str) -> str:
    """``1 sensor``, ``5 sensors``: a count that cannot be misread as a duration."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_age(then_ms: int | None, now_ms: int) -> str:
    """``12s``, ``5m``, ``3h``, ``2d`` (how long ago); ``–`` when unknown."""
    if then_ms is None:
        return "–"
    seconds = max(0, (now_ms - then_ms) // 1000)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def format_time(ms: int | None, *, date: bool = False) -> str:
    """A UTC wall-clock time of an epoch-ms timestamp (UTC so snapshots do not depend on TZ)."""
    if ms is None:
        return "–"
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if date else "%H:%M:%S")


def sparkline(values: Sequence[float], width: int = 16) -> str:
    """A block-character sparkline of the last ``width`` samples (bucketed by max)."""
    if not values:
        return ""
    data = list(values)
    if len(data) > width:
        size = len(data) / width
        data = [
            max(data[int(i * size) : max(int((i + 1) * size), int(i * size) + 1)])
            for i in range(width)
        ]
    low, high = min(data), max(data)
    span = high - low
    if span <= 0:
        return _SPARK[3] * len(data)
    top = len(_SPARK) - 1
    return "".join(_SPARK[round((v - low) / span * top)] for v in data)
