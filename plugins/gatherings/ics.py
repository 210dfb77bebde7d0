"""iCalendar files built with the icalendar library, byte-for-byte reproducible.

Every gathering becomes one VEVENT (with RRULE/EXDATE when it repeats) plus one VEVENT per
changed occurrence (RECURRENCE-ID). UIDs come from the slug and the site's host; DTSTAMP is
the build's "now" in UTC; VTIMEZONEs cover the years used (as yearly rules where the zone
has them, vtimezone.py) and are sorted by TZID.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Component, Event, Timezone, vDuration, vRecur, vText

from gatherings import vtimezone, zones
from gatherings.model import Gathering, Override
from gatherings.parse import occurrence_dates

PRODID = "-//Take It Offline//gatherings plugin//EN"
_FOLD_LIMIT = 75  # octets: icalendar folds a line once it would reach this many
_ICAL_STATUS = {
    "confirmed": "CONFIRMED",
    "tentative": "TENTATIVE",
    "cancelled": "CANCELLED",
    "postponed": "TENTATIVE",
    "rescheduled": "CONFIRMED",
}


@dataclass(frozen=True)
class CalendarSite:
    """What every calendar needs to know about the site and the build."""

    siteurl: str
    now: datetime
    refresh_hours: int

    @property
    def host(self) -> str:
        return urlsplit(self.siteurl).hostname or "localhost"


def uid(gathering: Gathering, site: CalendarSite) -> str:
    return f"{gathering.slug}@{site.host}"


def last_date(gathering: Gathering) -> date:
    """The last local day the gathering (or its last occurrence) takes place."""
    end = _day(gathering.end)
    if gathering.repeat is None:
        return end
    dates = occurrence_dates(gathering.repeat, gathering.start) or [_day(gathering.start)]
    span = end - _day(gathering.start)
    moved = [_day(value) for o in gathering.repeat.overrides if (value := o.end or o.start)]
    return max([dates[-1] + span, *moved])


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def calendar_bytes(
    name: str,
    description: str,
    gatherings: Iterable[Gathering],
    site: CalendarSite,
    page_url: dict[str, str],
    *,
    feed: bool = True,
) -> bytes:
    """One VCALENDAR with every gathering, serialized (see CalendarWriter.calendar)."""
    return CalendarWriter(site, page_url).calendar(name, description, gatherings, feed=feed)


class CalendarWriter:
    """Serializes calendars for one build, each gathering's VEVENTs and each VTIMEZONE once.

    A site writes every gathering into several calendars (its own, the whole one, its tags'
    and its city's). A calendar is its header, then its components' serializations in
    order, so concatenating cached component bytes gives exactly what
    ``Calendar.to_ical()`` would for the same components.
    """

    def __init__(self, site: CalendarSite, page_url: dict[str, str]) -> None:
        self.site = site
        self.page_url = page_url
        self._events: dict[str, bytes] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}
        self._headers: dict[tuple[str, bool], bytes] = {}
        self._years: dict[str, tuple[str, int, int] | None] = {}

    def _zone_years(self, gathering: Gathering) -> tuple[str, int, int] | None:
        if gathering.slug not in self._years:
            self._years[gathering.slug] = zone_years(gathering)
        return self._years[gathering.slug]

    def calendar(
        self, name: str, description: str, gatherings: Iterable[Gathering], *, feed: bool = True
    ) -> bytes:
        """``feed``: a calendar to subscribe to, with a name, a description and how often to
        refresh it. Otherwise a file to import one gathering from: without them, since
        Outlook makes a new calendar named after a file's X-WR-CALNAME instead of adding
        the event to the reader's own."""
        chosen = sorted(gatherings, key=lambda g: g.slug)
        header = (description, feed)
        if header not in self._headers:
            self._headers[header] = _properties(_shared_header(description, self.site, feed=feed))
        parts = [b"BEGIN:VCALENDAR\r\n", self._headers[header]]
        if feed:
            names = Calendar()
            # vText: escaped like every TEXT value (icalendar leaves NAME's unescaped).
            names.add("name", vText(name))
            names.add("x-wr-calname", vText(name))
            parts.append(_properties(names))
        for key in _zone_keys(chosen, self._zone_years):
            if key not in self._zones:
                self._zones[key] = serialize(_vtimezone(*key))
            parts.append(self._zones[key])
        for gathering in chosen:
            if gathering.slug not in self._events:
                url = self.page_url.get(gathering.slug, "")
                found = events(gathering, self.site, url)
                self._events[gathering.slug] = b"".join(serialize(event) for event in found)
            parts.append(self._events[gathering.slug])
        parts.append(b"END:VCALENDAR\r\n")
        return b"".join(parts)


def serialize(component: Component) -> bytes:
    """Exactly ``component.to_ical()``, faster.

    icalendar folds every line character by character; a line shorter than the 75-octet
    limit comes out of that unchanged, so only longer lines go through the folding.
    """
    return (
        b"\r\n".join(
            encoded if len(encoded := line.encode("utf-8")) < _FOLD_LIMIT else line.to_ical()
            for line in component.content_lines(sorted=True)
            if line
        )
        + b"\r\n"
    )


def _properties(calendar: Calendar) -> bytes:
    """The serialized property lines of a calendar without subcomponents."""
    text = serialize(calendar)
    opening, closing = b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n"
    assert text.startswith(opening) and text.endswith(closing)
    return text[len(opening) : -len(closing)]


def _shared_header(description: str, site: CalendarSite, *, feed: bool = True) -> Calendar:
    """The calendar properties every calendar of the build shares (all but its name);
    a feed's description and refresh interval only for a feed."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if not feed:
        return calendar
    calendar.add("x-wr-caldesc", vText(description))
    calendar.add(
        "refresh-interval", timedelta(hours=site.refresh_hours), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", vDuration(timedelta(hours=site.refresh_hours)))
    return calendar


def zone_years(gathering: Gathering) -> tuple[str, int, int] | None:
    """(TZID, first year, last year) the gathering needs a VTIMEZONE for, if any."""
    if gathering.all_day or not gathering.timezone:
        return None
    first, last = _day(gathering.start).year, last_date(gathering).year
    if gathering.previous_start is not None:
        first = min(first, _day(gathering.previous_start).year)
    return gathering.timezone, first, last


def recurrence_calendar(gathering: Gathering, site: CalendarSite) -> Calendar:
    """Just what recurring-ical-events needs to expand a gathering: times, rule, exceptions,
    overrides and status; no zones (the datetimes carry them), no texts. The tests expand
    this with the library to check ``occurrences.expand``."""
    calendar = Calendar()
    for event in events(gathering, site, "", bare=True):
        calendar.add_component(event)
    return calendar


def _zone_keys(
    gatherings: list[Gathering],
    years_of: Callable[[Gathering], tuple[str, int, int] | None] = zone_years,
) -> list[tuple[str, int, int]]:
    """(TZID, first year, last year) for every zone used, sorted by TZID."""
    years: dict[str, tuple[int, int]] = {}
    for gathering in gatherings:
        needed = years_of(gathering)
        if needed is None:
            continue
        tzid, first, last = needed
        low, high = years.get(tzid, (first, last))
        years[tzid] = (min(low, first), max(high, last))
    return [(tzid, low, high) for tzid, (low, high) in sorted(years.items())]


@functools.lru_cache(maxsize=512)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for the years used: two yearly rules where the zone follows them (see
    vtimezone.py), else icalendar's list of transitions. Cached: building one is slow, and
    calendars only serialize the component, never change it, so one object can sit in many
    calendars."""
    return vtimezone.yearly(tzid, first_year, last_year) or Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def events(
    gathering: Gathering, site: CalendarSite, url: str, *, bare: bool = False
) -> list[Event]:
    """The master VEVENT and one VEVENT per override (``bare``: identity and times only)."""
    master = _base_event(gathering, site, url, gathering.status, bare=bare)
    master.add("dtstart", gathering.start)
    master.add("dtend", _exclusive_end(gathering.end))
    master.add("status", _ICAL_STATUS[gathering.status])
    if gathering.repeat is not None:
        master.add("rrule", _rrule(gathering))
        for day in gathering.repeat.exceptions:
            master.add("exdate", _at(gathering, day))
    found = [master]
    for override in gathering.repeat.overrides if gathering.repeat else ():
        found.append(_override_event(gathering, override, site, url, bare=bare))
    return found


# Said in the title too: Outlook shows a cancelled event like any other (it reads TRANSP,
# not STATUS), and no client shows "postponed" but by the title.
_TITLE_PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}


def _base_event(
    gathering: Gathering, site: CalendarSite, url: str, status: str, *, bare: bool = False
) -> Event:
    event = Event()
    event.add("uid", uid(gathering, site))
    if bare:
        return event
    event.add("dtstamp", site.now.astimezone(UTC))
    event.add("sequence", gathering.sequence)
    event.add("summary", _TITLE_PREFIX.get(status, "") + gathering.title)
    # The summary, why it changed and the page's address; the full Markdown description
    # lives on the page (long texts also make every client and serializer slower).
    text = "\n\n".join(part for part in (gathering.summary, gathering.reason, url) if part)
    if text:
        event.add("description", text)
    event.add("location", location_text(gathering))
    venue = gathering.venue
    if venue.lat is not None and venue.lon is not None:
        event.add("geo", (venue.lat, venue.lon))
    if url:
        event.add("url", url)
    if gathering.tags:
        event.add("categories", list(gathering.tags))
    event.add("class", "PUBLIC")
    # A cancelled gathering leaves the reader's time free.
    event.add("transp", "TRANSPARENT" if status == "cancelled" else "OPAQUE")
    return event


def location_text(gathering: Gathering) -> str:
    """The venue's name and address on one line, each part once: a name that already says
    the street ("Foot of Calton Hill, Regent Road") is not followed by the street again."""
    venue = gathering.venue
    parts: list[str] = []
    said: set[str] = set()
    for part in (venue.name, *venue.address.lines()):
        pieces = {piece.strip().casefold() for piece in part.split(",")}
        if not pieces <= said:
            parts.append(part)
            said |= pieces
    return ", ".join(parts)


def _exclusive_end(value: date | datetime) -> date | datetime:
    """iCalendar ends all-day events on the day after the last one."""
    if isinstance(value, datetime):
        return value
    return value + timedelta(days=1)


def _at(gathering: Gathering, day: date) -> date | datetime:
    """The start of the occurrence on local ``day``."""
    if isinstance(gathering.start, datetime):
        return zones.localize(datetime.combine(day, gathering.start.time()), gathering.timezone)
    return day


def _rrule(gathering: Gathering) -> vRecur:
    assert gathering.repeat is not None
    rule = gathering.repeat
    parts: dict[str, object] = {"FREQ": rule.freq.upper()}
    if rule.interval != 1:
        parts["INTERVAL"] = rule.interval
    if rule.byday:
        parts["BYDAY"] = list(rule.byday)
    if rule.bymonthday:
        parts["BYMONTHDAY"] = list(rule.bymonthday)
    if rule.count is not None:
        parts["COUNT"] = rule.count
    if rule.until is not None:
        if isinstance(gathering.start, datetime):
            # UNTIL is in UTC when DTSTART has a TZID: the end of the local day.
            last = datetime.combine(rule.until + timedelta(days=1), datetime.min.time())
            parts["UNTIL"] = (
                zones.localize(last, gathering.timezone) - timedelta(seconds=1)
            ).astimezone(UTC)
        else:
            parts["UNTIL"] = rule.until
    return vRecur(parts)


def _override_event(
    gathering: Gathering, override: Override, site: CalendarSite, url: str, *, bare: bool = False
) -> Event:
    status = override.status or gathering.status
    event = _base_event(gathering, site, url, status, bare=bare)
    original = _at(gathering, override.original)
    event.add("recurrence-id", original)
    start: date | datetime = original
    if override.start is not None:
        start = override.start
        if isinstance(start, datetime):
            start = zones.localize(start, gathering.timezone)
    duration = _exclusive_end(gathering.end) - gathering.start
    end: date | datetime = start + duration
    if override.end is not None:
        end = override.end
        if isinstance(end, datetime):
            end = zones.localize(end, gathering.timezone)
        else:
            end = end + timedelta(days=1)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("status", _ICAL_STATUS[status])
    if override.reason:
        event["description"] = "\n\n".join(
            p for p in (override.reason, str(event.get("description", ""))) if p
        )
    return event
