"""Time zone names: which are known, which are legacy, and wall times that do not exist."""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from datetime import UTC, datetime, timedelta

# Legacy names from tzdata's "backward" file that people still type, with today's name.
_CANONICAL = {
    "US/Pacific": "America/Los_Angeles",
    "US/Mountain": "America/Denver",
    "US/Central": "America/Chicago",
    "US/Eastern": "America/New_York",
    "US/Alaska": "America/Anchorage",
    "US/Hawaii": "Pacific/Honolulu",
    "US/Arizona": "America/Phoenix",
    "Canada/Pacific": "America/Vancouver",
    "Canada/Eastern": "America/Toronto",
    "EST": "America/New_York (or America/Panama for no daylight saving)",
    "MST": "America/Denver (or America/Phoenix for no daylight saving)",
    "HST": "Pacific/Honolulu",
    "EST5EDT": "America/New_York",
    "CST6CDT": "America/Chicago",
    "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles",
    "CET": "Europe/Paris or Europe/Berlin",
    "EET": "Europe/Athens",
    "WET": "Europe/Lisbon",
    "GB": "Europe/London",
    "Japan": "Asia/Tokyo",
    "Singapore": "Asia/Singapore",
    "Eire": "Europe/Dublin",
    "NZ": "Pacific/Auckland",
    "PRC": "Asia/Shanghai",
    "ROK": "Asia/Seoul",
    "Hongkong": "Asia/Hong_Kong",
    "Turkey": "Europe/Istanbul",
    "Poland": "Europe/Warsaw",
    "Portugal": "Europe/Lisbon",
    "Israel": "Asia/Jerusalem",
    "Iceland": "Atlantic/Reykjavik",
}
_LEGACY_PREFIXES = ("US/", "Canada/", "Brazil/", "Mexico/", "Chile/", "Etc/", "SystemV/")
_FINE_WITHOUT_AREA = ("UTC",)


@functools.cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_known(name: str) -> bool:
    return name in known_zones()


def legacy_replacement(name: str) -> str | None:
    """For a legacy name, what to write instead ("" when we know it is legacy but not the fix)."""
    if name in _CANONICAL:
        return _CANONICAL[name]
    if name.startswith(_LEGACY_PREFIXES) or ("/" not in name and name not in _FINE_WITHOUT_AREA):
        return ""
    return None


def suggestion(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(known_zones()), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    return "use an IANA name such as Europe/Berlin or America/New_York"


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def localize(wall: datetime, name: str) -> datetime:
    """The aware datetime for a naive wall time in zone ``name``."""
    return wall.replace(tzinfo=zone(name))


def after(wall: datetime, name: str, elapsed: timedelta) -> datetime:
    """The naive wall time ``elapsed`` after ``wall`` in zone ``name``, counted in real
    time: three hours from 01:00 on a spring-forward night end at 05:00, not 04:00."""
    aware = localize(wall, name)
    return (aware.astimezone(UTC) + elapsed).astimezone(aware.tzinfo).replace(tzinfo=None)


def in_fold(wall: datetime, name: str) -> bool:
    """True when ``wall`` happens twice in zone ``name`` (clocks go back that night)."""
    first = localize(wall, name)
    return first.utcoffset() != first.replace(fold=1).utcoffset()


def in_gap(wall: datetime, name: str) -> bool:
    """True when clocks skip ``wall`` in zone ``name`` (a spring-forward hour)."""
    aware = localize(wall, name)
    back = aware.astimezone(UTC).astimezone(aware.tzinfo)
    return back.replace(tzinfo=None) != wall
