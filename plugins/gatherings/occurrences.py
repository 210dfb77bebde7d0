"""The dates a gathering takes place on, expanded with recurring-ical-events.

Pages list occurrences, not files: a monthly gathering shows each month, an occurrence
cancelled by an override shows struck through with its reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import recurring_ical_events

from gatherings.ics import CalendarSite, last_date, recurrence_calendar
from gatherings.model import Gathering
from gatherings.parse import MAX_OCCURRENCES
from gatherings.times import end_utc, start_utc


@dataclass(frozen=True)
class Occurrence:
    gathering: Gathering
    start: date | datetime  # aware in the venue's zone, or a date
    end: date | datetime  # aware, or the inclusive last day
    status: str
    reason: str
    moved_from: date | None = None

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def start_utc(self) -> datetime:
        return start_utc(self.start)

    @property
    def end_utc(self) -> datetime:
        return end_utc(self.end)

    @property
    def key(self) -> tuple[str, str]:
        return (self.start_utc.isoformat(), self.gathering.slug)


def expand(gathering: Gathering, site: CalendarSite) -> list[Occurrence]:
    """Every occurrence of ``gathering`` in date order."""
    if gathering.repeat is None:
        return [
            Occurrence(
                gathering, gathering.start, gathering.end, gathering.status, gathering.reason
            )
        ]
    calendar = recurrence_calendar(gathering, site)
    overrides = {override.original: override for override in gathering.repeat.overrides}
    found = []
    # One query over a window that holds every occurrence (rules are bounded: parse refuses
    # more than MAX_OCCURRENCES dates) costs a fraction of .all()'s growing windows.
    first, last = _window(gathering)
    components = recurring_ical_events.of(calendar).between(first, last)
    for component in itertools.islice(components, MAX_OCCURRENCES):
        start = component["DTSTART"].dt
        end = component["DTEND"].dt
        if not isinstance(end, datetime):
            end = end - timedelta(days=1)
        recurrence = component.get("RECURRENCE-ID")
        original = recurrence.dt if recurrence is not None else start
        original_day = original.date() if isinstance(original, datetime) else original
        override = overrides.get(original_day)
        status = override.status if override and override.status else gathering.status
        reason = override.reason if override and override.reason else gathering.reason
        start_day = start.date() if isinstance(start, datetime) else start
        moved = original_day if override and override.start and start_day != original_day else None
        found.append(Occurrence(gathering, start, end, status, reason, moved))
    found.sort(key=lambda occurrence: occurrence.key)
    return found


def _window(gathering: Gathering) -> tuple[date, date]:
    """Days from before the first to after the last occurrence, overrides included."""
    assert gathering.repeat is not None
    days = [_day(gathering.start)]
    for override in gathering.repeat.overrides:
        days.append(override.original)
        days.extend(_day(value) for value in (override.start, override.end) if value is not None)
    # Two days of margin each side: a local day can be a day away in UTC.
    return min(days) - timedelta(days=2), max([*days, last_date(gathering)]) + timedelta(days=2)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
