"""The enumerations of the API document.

Every enum here is *open*: a value the document does not list (a newer server) becomes a
pseudo-member named ``UNKNOWN_<value>`` instead of an error, so nothing the server sends is lost
and nothing crashes on it.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any, Self


class OpenIntEnum(IntEnum):
    """An IntEnum that keeps unknown integer values as pseudo-members."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            member = int.__new__(cls, value)
            member._name_ = f"UNKNOWN_{value}"
            member._value_ = value
            return member
        return None

    @property
    def known(self) -> bool:
        """True when the document lists this value."""
        return not self.name.startswith("UNKNOWN_")

    @property
    def label(self) -> str:
        """A human label, e.g. ``"Read/Write"``."""
        return _LABELS.get((type(self).__name__, int(self)), self.name.replace("_", " ").title())


class OpenStrEnum(StrEnum):
    """A StrEnum that keeps unknown string values as pseudo-members (matched case-insensitively)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        for member in cls:
            if member.value.lower() == value.lower():
                return member
        member = str.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member

    @classmethod
    def parse(cls, value: str) -> Self:
        return cls(value)


class Permission(OpenIntEnum):
    """A user's or contact's permission on a group."""

    READ_ONLY = 1
    READ_WRITE = 2
    OWNED = 3
    FULL_ACCESS = 4

    @property
    def can_write(self) -> bool:
        """Whether this permission allows changing the group."""
        return self in (Permission.READ_WRITE, Permission.OWNED, Permission.FULL_ACCESS)

    @property
    def can_share(self) -> bool:
        """Whether this permission allows sharing, unsharing or deleting the group."""
        return self in (Permission.OWNED, Permission.FULL_ACCESS)


class ContactState(OpenIntEnum):
    ONLINE = 0
    BUSY = 1
    AWAY = 2
    OFFLINE = 3


class DeviceState(OpenIntEnum):
    OFFLINE = 1
    ONLINE = 2


class DeviceType(OpenIntEnum):
    NOT_IOT = 1
    IOT = 2


class Severity(OpenIntEnum):
    """Alarm severity; a lower number is more severe."""

    CRITICAL = 1
    MAJOR = 2
    MINOR = 3
    WARNING = 4

    @property
    def short_label(self) -> str:
        """At most four letters, for narrow places: "Crit", "Maj", "Min", "Warn"; a severity
        this client does not know by its number ("S7"), never a cut word ("Majo", "Unkn")."""
        return _SHORT_SEVERITY.get(int(self), f"S{int(self)}")


_SHORT_SEVERITY: dict[int, str] = {1: "Crit", 2: "Maj", 3: "Min", 4: "Warn"}


class AlarmStatus(OpenIntEnum):
    OPEN = 1
    CLOSED = 3


class AlarmType(OpenIntEnum):
    METRIC = 1
    DEVICE_OFFLINE = 2


class RuleType(OpenIntEnum):
    METRIC = 1
    DEVICE_OFFLINE = 2


class RuleState(OpenIntEnum):
    """A rule's ``activeflag``."""

    ACTIVE = 1
    DISABLED = 2


class ChannelType(OpenIntEnum):
    EMAIL = 0
    WEBHOOK = 1


class ChannelState(OpenIntEnum):
    """A channel's ``activeflag``."""

    ACTIVE = 1
    DISABLED = 2
    UNCONFIRMED = 3


class SystemHealthType(OpenIntEnum):
    CPU = 1
    MEMORY = 2
    LOAD = 3


class WidgetType(OpenIntEnum):
    CHART = 1
    NUMBER = 2
    GAUGE = 7
    THERMOMETER = 8
    MAP = 9
    STRING = 10
    STATUS_INDICATOR = 11


class DataPeriod(OpenIntEnum):
    """A widget's data period; :attr:`millis` is its span (0 for live)."""

    LIVE = 1
    MIN_5 = 2
    MIN_15 = 3
    MIN_30 = 4
    HOUR_1 = 5
    HOUR_6 = 6
    HOUR_12 = 7
    DAY_1 = 8
    WEEK_1 = 9
    MONTH_1 = 10

    @property
    def millis(self) -> int:
        return _PERIOD_MS.get(int(self), 0)


class AxisType(OpenIntEnum):
    SINGLE = 1
    MULTIPLE = 2


class ScalingType(OpenIntEnum):
    AUTO = 1
    MANUAL = 2


class TemperatureUnit(OpenIntEnum):
    CELSIUS = 1
    FAHRENHEIT = 2


class Aggregation(OpenStrEnum):
    """Aggregation functions of ``/data`` (AVG is the default)."""

    MIN = "MIN"
    MAX = "MAX"
    AVG = "AVG"
    STDEV = "STDEV"
    COUNT = "COUNT"


class ValueType(OpenStrEnum):
    DOUBLE = "double"
    STRING = "string"
    INTEGER = "integer"
    BOOL = "bool"


_MINUTE = 60_000
_PERIOD_MS: dict[int, int] = {
    1: 0,
    2: 5 * _MINUTE,
    3: 15 * _MINUTE,
    4: 30 * _MINUTE,
    5: 60 * _MINUTE,
    6: 6 * 60 * _MINUTE,
    7: 12 * 60 * _MINUTE,
    8: 24 * 60 * _MINUTE,
    9: 7 * 24 * 60 * _MINUTE,
    10: 30 * 24 * 60 * _MINUTE,
}

_LABELS: dict[tuple[str, int], str] = {
    ("Permission", 1): "Read only",
    ("Permission", 2): "Read/Write",
    ("Permission", 3): "Owned",
    ("Permission", 4): "Full access",
    ("DeviceType", 1): "Not IoT",
    ("DeviceType", 2): "IoT",
    ("AlarmType", 1): "Metric rule",
    ("AlarmType", 2): "Device offline",
    ("RuleType", 1): "Metric threshold",
    ("RuleType", 2): "Device offline",
    ("ChannelType", 0): "Email",
    ("ChannelType", 1): "Webhook",
    ("SystemHealthType", 1): "CPU",
    ("WidgetType", 11): "Status indicator",
    ("DataPeriod", 1): "Live",
    ("DataPeriod", 2): "5 min",
    ("DataPeriod", 3): "15 min",
    ("DataPeriod", 4): "30 min",
    ("DataPeriod", 5): "1 hour",
    ("DataPeriod", 6): "6 hours",
    ("DataPeriod", 7): "12 hours",
    ("DataPeriod", 8): "1 day",
    ("DataPeriod", 9): "1 week",
    ("DataPeriod", 10): "1 month",
    ("TemperatureUnit", 1): "°C",
    ("TemperatureUnit", 2): "°F",
}

#: The common units (``valueUnit``) named in the API document; any of them makes a metric a double.
COMMON_UNITS: tuple[str, ...] = (
    "SI.Temperature.CELSIUS",
    "SI.Pressure.PASCAL",
    "SI.ElectricPotential.VOLT",
    "SI.ElectricCurrent.AMPERE",
    "SI.Power.WATT",
    "SI.Frequency.HERTZ",
    "SI.Length.METER",
    "SI.Velocity.METERS_PER_SECOND",
    "SI.Duration.SECOND",
    "NoSI.Dimensionless.PERCENT",
    "NoSI.Dimensionless.DECIBEL",
)

#: Short display symbols for common units.
UNIT_SYMBOLS: dict[str, str] = {
    "SI.Temperature.CELSIUS": "°C",
    "SI.Pressure.PASCAL": "Pa",
    "SI.ElectricPotential.VOLT": "V",
    "SI.ElectricCurrent.AMPERE": "A",
    "SI.Power.WATT": "W",
    "SI.Frequency.HERTZ": "Hz",
    "SI.Length.METER": "m",
    "SI.Velocity.METERS_PER_SECOND": "m/s",
    "SI.Duration.SECOND": "s",
    "NoSI.Dimensionless.PERCENT": "%",
    "NoSI.Dimensionless.DECIBEL": "dB",
}


def unit_symbol(value_unit: str | None, value_annotation: str | None = None) -> str:
    """The short unit to show beside a value: the custom annotation wins, then the common unit.

    A common unit this table does not know is shown by its last part in lower case when it is
    a code like ``SI.Mass.KILOGRAM`` ("kilogram"); any other unit a server sends (``°C``,
    ``mW``, ``kPa``) is shown as sent: the case of a unit is part of its meaning (mW, MW).
    """
    if value_annotation:
        return value_annotation
    if not value_unit:
        return ""
    known = UNIT_SYMBOLS.get(value_unit)
    if known is not None:
        return known
    prefix, dot, last = value_unit.rpartition(".")
    if dot and prefix and last.isupper():
        return last.lower()
    return value_unit
