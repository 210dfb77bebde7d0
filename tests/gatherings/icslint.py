"""Checks on a generated .ics that parsers do not make, plus two parsers' opinions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
from ical.calendar_stream import IcsCalendarStream


def lint(data: bytes) -> list[str]:
    """Every problem found in ``data``; empty when the file is sound."""
    found: list[str] = []
    calendar = icalendar.Calendar.from_ical(data)
    for component in calendar.walk():
        for error in getattr(component, "errors", []):
            found.append(f"icalendar: {component.name}: {error}")
    for name in ("VERSION", "PRODID"):
        if name not in calendar:
            found.append(f"calendar has no {name}")
    try:
        IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    except Exception as error:  # the strict parser's verdict, whatever its kind
        found.append(f"ical: {error}")
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for line in data.decode("utf-8").splitlines():
        if ";TZID=" in line:
            tzid = line.split(";TZID=", 1)[1].split(":", 1)[0].split(";", 1)[0]
            if tzid not in zones:
                found.append(f"TZID {tzid} has no VTIMEZONE")
    for event in calendar.walk("VEVENT"):
        uid = event.get("UID")
        if not uid:
            found.append("VEVENT without UID")
        stamp = event.get("DTSTAMP")
        if stamp is None:
            found.append(f"{uid}: no DTSTAMP")
        elif not isinstance(stamp.dt, datetime) or stamp.dt.utcoffset() != timedelta(0):
            found.append(f"{uid}: DTSTAMP is not in UTC")
        start, end = event.get("DTSTART"), event.get("DTEND")
        if start is None or end is None:
            found.append(f"{uid}: DTSTART and DTEND are both needed")
        elif _instant(end.dt) <= _instant(start.dt):
            found.append(f"{uid}: DTEND {end.dt} is not after DTSTART {start.dt}")
    return found


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)
