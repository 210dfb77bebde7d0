"""The .ics files: sound for two parsers and our own lint, DST-stable, reproducible."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from gatherings.ics import CalendarSite, calendar_bytes
from gatherings.load import Loaded, load_folder
from gatherings.model import Gathering
from gatherings.occurrences import expand
from tests.gatherings.icslint import lint

CONTENT = Path(__file__).resolve().parents[2] / "content" / "gatherings"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SITE = CalendarSite("https://offline.example", NOW, 12)


@pytest.fixture(scope="module")
def sample() -> Loaded:
    loaded = load_folder(CONTENT)
    assert not loaded.errors
    return loaded


def by_slug(loaded: Loaded, slug: str) -> Gathering:
    return next(g for g in loaded.gatherings if g.slug == slug)


def whole(loaded: Loaded) -> bytes:
    return calendar_bytes("All", "Everything", loaded.gatherings, SITE, {})


def test_whole_calendar_passes_lint(sample: Loaded) -> None:
    assert lint(whole(sample)) == []


def test_each_gathering_calendar_passes_lint(sample: Loaded) -> None:
    for gathering in sample.gatherings:
        assert lint(calendar_bytes(gathering.title, "", [gathering], SITE, {})) == [], (
            gathering.slug
        )


def test_calendar_properties(sample: Loaded) -> None:
    text = whole(sample).decode()
    for expected in (
        "VERSION:2.0",
        "PRODID:-//Take It Offline//gatherings plugin//EN",
        "NAME:All",
        "X-WR-CALNAME:All",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "UID:2027-01-09-coffee-no-laptops-washington@offline.example",
        "DTSTAMP:20261122T120000Z",
    ):
        assert expected in text


def test_time_zones_are_sorted_and_bounded(sample: Loaded) -> None:
    calendar = icalendar.Calendar.from_ical(whole(sample))
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == sorted(zones)
    assert "America/New_York" in zones and "Asia/Tokyo" in zones
    for timezone in calendar.walk("VTIMEZONE"):
        for part in timezone.subcomponents:
            # Yearly rules start the year before the first gathering's (vtimezone.py).
            assert 2025 <= part["DTSTART"].dt.year <= 2028, timezone["TZID"]


def test_reproducible_bytes(sample: Loaded) -> None:
    again = load_folder(CONTENT)
    assert whole(sample) == whole(again)


def test_monthly_gathering_keeps_local_time_across_dst(sample: Loaded) -> None:
    coffee = by_slug(sample, "2027-01-09-coffee-no-laptops-washington")
    occurrences = expand(coffee, SITE)
    assert {o.start.strftime("%H:%M") for o in occurrences} == {"09:30"}
    offsets = {o.start.utcoffset().total_seconds() / 3600 for o in occurrences}
    assert offsets == {-5.0, -4.0}  # EST before 14 March 2027, EDT after
    days = [o.start.date().isoformat() for o in occurrences]
    assert days == ["2027-01-09", "2027-02-13", "2027-03-13", "2027-04-10", "2027-06-12"]


def test_exception_is_an_exdate_and_skipped(sample: Loaded) -> None:
    text = calendar_bytes(
        "c", "", [by_slug(sample, "2027-01-09-coffee-no-laptops-washington")], SITE, {}
    ).decode()
    assert "EXDATE;TZID=America/New_York:20270508T093000" in text
    assert "RRULE:FREQ=MONTHLY;UNTIL=20270701T035959Z;BYDAY=2SA" in text


def test_cancelled_occurrence_in_ics_and_expansion(sample: Loaded) -> None:
    coffee = by_slug(sample, "2027-01-09-coffee-no-laptops-washington")
    calendar = icalendar.Calendar.from_ical(calendar_bytes("c", "", [coffee], SITE, {}))
    overrides = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert len(overrides) == 1
    assert overrides[0]["STATUS"] == "CANCELLED"
    assert overrides[0]["RECURRENCE-ID"].dt.isoformat() == "2027-04-10T09:30:00-04:00"
    expanded = recurring_ical_events.of(calendar).at((2027, 4))
    assert [str(e["STATUS"]) for e in expanded] == ["CANCELLED"]
    april = [o for o in expand(coffee, SITE) if o.start.month == 4]
    assert april[0].cancelled and "closed" in april[0].reason


def test_three_day_all_day_gathering(sample: Loaded) -> None:
    cabin = by_slug(sample, "2027-02-12-winter-weekend-cabin")
    text = calendar_bytes("c", "", [cabin], SITE, {}).decode()
    assert "DTSTART;VALUE=DATE:20270212" in text
    assert "DTEND;VALUE=DATE:20270215" in text  # exclusive: the day after the last day
    assert "VTIMEZONE" not in text
    [occurrence] = expand(cabin, SITE)
    assert (occurrence.end - occurrence.start).days + 1 == 3


def test_cancelled_gathering_status(sample: Loaded) -> None:
    dinner = by_slug(sample, "2026-12-18-berlin-winter-dinner")
    text = calendar_bytes("c", "", [dinner], SITE, {}).decode()
    assert "STATUS:CANCELLED" in text and "SEQUENCE:1" in text


def test_timed_event_in_another_zone(sample: Loaded) -> None:
    tokyo = by_slug(sample, "2027-01-23-tokyo-kissaten-morning")
    text = calendar_bytes("c", "", [tokyo], SITE, {}).decode()
    assert "DTSTART;TZID=Asia/Tokyo:20270123T100000" in text
    assert "DTEND;TZID=Asia/Tokyo:20270123T120000" in text


def test_lint_catches_what_parsers_accept() -> None:
    broken = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
        b"DTSTART;TZID=Europe/Berlin:20270101T100000\r\nDTEND;TZID=Europe/Berlin:20270101T090000\r\n"
        b"SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    problems = lint(broken)
    assert "TZID Europe/Berlin has no VTIMEZONE" in problems
    assert "VEVENT without UID" in problems
    assert "None: no DTSTAMP" in problems
    assert any("is not after DTSTART" in p for p in problems)


def test_calendar_names_are_escaped_text_whatever_they_hold(sample: Loaded) -> None:
    name = "Coffee, no laptops; a\\b\nsecond line"
    text = calendar_bytes(name, "Plans; more, \\ too", sample.gatherings, SITE, {})
    escaped = "Coffee\\, no laptops\\; a\\\\b\\nsecond line"
    assert f"NAME:{escaped}".encode() in text
    assert f"X-WR-CALNAME:{escaped}".encode() in text
    assert b"X-WR-CALDESC:Plans\\; more\\, \\\\ too" in text
    assert lint(text) == []


def test_a_single_gathering_to_import_names_no_calendar(sample: Loaded) -> None:
    # Outlook makes a new calendar named after X-WR-CALNAME instead of adding the event.
    dinner = by_slug(sample, "2026-12-18-berlin-winter-dinner")
    text = calendar_bytes(dinner.title, "desc", [dinner], SITE, {}, feed=False).decode()
    for absent in ("NAME:", "X-WR-CALNAME", "X-WR-CALDESC", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        assert f"\r\n{absent}" not in text, absent
    assert "METHOD:PUBLISH" in text and "BEGIN:VEVENT" in text
    assert lint(text.encode()) == []


def test_cancelled_gatherings_and_occurrences_say_so_and_leave_the_time_free(
    sample: Loaded,
) -> None:
    # Outlook ignores STATUS:CANCELLED and goes by TRANSP; every client shows the title.
    dinner = by_slug(sample, "2026-12-18-berlin-winter-dinner")
    [event] = icalendar.Calendar.from_ical(calendar_bytes("c", "", [dinner], SITE, {})).walk(
        "VEVENT"
    )
    assert str(event["SUMMARY"]) == f"Cancelled: {dinner.title}"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    coffee = by_slug(sample, "2027-01-09-coffee-no-laptops-washington")
    calendar = icalendar.Calendar.from_ical(calendar_bytes("c", "", [coffee], SITE, {}))
    master, cancelled = calendar.walk("VEVENT")
    assert (str(master["SUMMARY"]), str(master["TRANSP"])) == (coffee.title, "OPAQUE")
    assert str(cancelled["SUMMARY"]) == f"Cancelled: {coffee.title}"
    assert str(cancelled["TRANSP"]) == "TRANSPARENT"


def test_the_location_says_each_part_of_the_address_once(sample: Loaded) -> None:
    walk = by_slug(sample, "2026-10-17-edinburgh-reading-walk")
    [event] = icalendar.Calendar.from_ical(calendar_bytes("c", "", [walk], SITE, {})).walk("VEVENT")
    location = str(event["LOCATION"])
    assert location.count("Regent Road") == 1, location
    assert location.startswith(walk.venue.name)
