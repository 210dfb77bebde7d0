"""VTIMEZONEs as yearly rules: the same offsets as the zone database, hour by hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import icalendar
import pytest

from gatherings.vtimezone import transitions, yearly

_NAMES = count()


def _offsets_differ(tzid: str, zone: icalendar.Timezone, first: int, last: int) -> list[str]:
    """The moments of the years where the VTIMEZONE's offset is not the database's: twice
    a day, and every quarter of an hour around each of the database's changes."""
    # Under its own name icalendar would hand back the database's zone: read ours instead
    # (a fresh name each time, since icalendar caches zones by TZID).
    text = zone.to_ical().replace(f"TZID:{tzid}".encode(), f"TZID:X-Test-{next(_NAMES)}".encode())
    ours = icalendar.Timezone.from_ical(text).to_tz()
    database = ZoneInfo(tzid)
    start = datetime(first, 1, 1, tzinfo=UTC)
    moments = [start + timedelta(hours=12 * n) for n in range(2 * 366 * (last - first + 1))]
    for change in transitions(tzid, first, last):
        moments += [change.at + timedelta(minutes=15 * n) for n in range(-12, 13)]
    return [
        moment.isoformat()
        for moment in moments
        if moment.year <= last
        and moment.astimezone(ours).utcoffset() != moment.astimezone(database).utcoffset()
    ]


@pytest.mark.parametrize(
    "tzid",
    [
        "America/New_York",  # second Sunday of March, first of November
        "Europe/Berlin",  # last Sundays, at 01:00 UTC
        "Europe/Dublin",  # summer time is "standard" in the database: DAYLIGHT here
        "Australia/Sydney",  # summer over New Year
        "Australia/Lord_Howe",  # a half-hour change
        "Pacific/Chatham",  # +12:45 / +13:45
        "America/Santiago",  # at midnight
        "Asia/Jerusalem",  # the Friday before the last Sunday
    ],
)
def test_yearly_rules_give_the_database_s_offsets_around_every_change(tzid: str) -> None:
    zone = yearly(tzid, 2026, 2028)
    assert zone is not None
    kinds = sorted(part.name for part in zone.subcomponents)
    assert kinds == ["DAYLIGHT", "STANDARD"]
    assert all("RDATE" not in part and "RRULE" in part for part in zone.subcomponents)
    assert _offsets_differ(tzid, zone, 2026, 2028) == []


def test_new_york_reads_as_outlook_expects() -> None:
    zone = yearly("America/New_York", 2027, 2027)
    assert zone is not None
    text = zone.to_ical().decode()
    for line in (
        "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
        "TZNAME:EDT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT",
        "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
        "TZNAME:EST\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD",
    ):
        assert line in text


@pytest.mark.parametrize(
    "tzid",
    [
        "Asia/Tokyo",  # no summer time: icalendar's single observance is already plain
        "Africa/Casablanca",  # summer time stopped for Ramadan: no yearly rule
        "America/Mexico_City",  # summer time abolished in 2022, inside the years asked
    ],
)
def test_zones_without_a_yearly_pair_are_left_to_icalendar(tzid: str) -> None:
    first = 2021 if tzid == "America/Mexico_City" else 2026
    assert yearly(tzid, first, 2028) is None


@pytest.mark.parametrize(("first", "last"), [(1, 2), (9998, 9999), (2026, 2999)])
def test_spans_too_long_or_at_the_ends_of_the_calendar_are_left_to_icalendar(
    first: int, last: int
) -> None:
    assert yearly("Europe/Berlin", first, last) is None
