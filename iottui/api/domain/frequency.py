"""Sensor frequencies: ``{"type": "seconds" | "minutes", "value": <whole number>}``.

The rule, one for all layers: the unit is ``seconds`` or ``minutes`` (the document: "Number of
minutes or seconds"; the client and the simulator also took ``hours``, the CLI and the form did
not — ``hours`` is not in the document, so it is refused everywhere), matched without regard to
case; the value is a whole number from 1 (the document: "more than or equal to 1 second"; its
update section's "0" would mean a sensor that never waits) to :data:`FREQUENCY_VALUE_MAX`.
"""

from __future__ import annotations

from iottui.api.domain.problems import Problem

#: Seconds per frequency unit, in the document's spelling.
FREQUENCY_UNITS: dict[str, int] = {"seconds": 1, "minutes": 60}
#: The largest value in either unit (the simulator's bound: a day of seconds).
FREQUENCY_VALUE_MAX = 86_400


def frequency_unit(value: object) -> str | None:
    """The unit in the document's spelling (``"Seconds"`` -> ``"seconds"``), None if unknown."""
    if not isinstance(value, str):
        return None
    unit = value.strip().lower()
    return unit if unit in FREQUENCY_UNITS else None


def frequency_problems(unit: object, value: object, field: str = "frequency") -> list[Problem]:
    """What is wrong with a frequency's unit and value (nothing: an empty list)."""
    out: list[Problem] = []
    if frequency_unit(unit) is None:
        out.append(Problem(f"{field}.type", f"must be seconds or minutes, got {_show(unit)}"))
    if isinstance(value, bool) or not isinstance(value, int):
        out.append(Problem(f"{field}.value", f"must be a whole number, got {_show(value)}"))
    elif not 1 <= value <= FREQUENCY_VALUE_MAX:
        out.append(
            Problem(f"{field}.value", f"must be from 1 to {FREQUENCY_VALUE_MAX}, got {value}")
        )
    return out


def frequency_seconds(unit: str, value: int) -> int:
    """The frequency's length in seconds (for a unit :func:`frequency_unit` knows)."""
    return FREQUENCY_UNITS[unit.strip().lower()] * value


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
