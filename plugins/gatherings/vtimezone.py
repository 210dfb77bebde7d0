"""VTIMEZONEs as yearly rules, the form every calendar client reads alike.

icalendar's ``Timezone.from_tzid`` lists each transition of the years asked for (a
DTSTART and RDATEs per observance, after a placeholder observance on 1 January). RFC 5545
allows that, but Outlook on the desktop reads one yearly rule per observance (DTSTART,
RRULE and the offsets; RDATE ignored) and so misplaces summer time in such files. Where a
zone changes its offset by a fixed yearly rule in every year a calendar covers ("the
second Sunday of March at 02:00"), ``yearly`` writes one DAYLIGHT and one STANDARD with
that rule instead, checked against the zone database for every year covered. Zones
without summer time, or whose transitions follow no such rule in those years, get None:
the caller keeps icalendar's list.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STEP = timedelta(hours=6)  # transitions are months apart; each is then found to the second


class Transition(NamedTuple):
    at: datetime  # the first instant (UTC) of the new offset
    before: timedelta  # UTC offset until then
    after: timedelta  # UTC offset from then
    name: str  # the zone's abbreviation from then

    @property
    def local_onset(self) -> datetime:
        """The wall-clock time of the change, read in the old offset (RFC 5545's DTSTART)."""
        return (self.at + self.before).replace(tzinfo=None)


class YearlyRule(NamedTuple):
    month: int
    weekday: int  # 0 Monday ... 6 Sunday
    week: int  # 1-4: the first ... fourth such weekday of the month; -1: the last
    clock: time

    def byday(self) -> str:
        return f"{self.week}{_WEEKDAYS[self.weekday]}"

    def day_in(self, year: int) -> date:
        days = calendar.monthrange(year, self.month)[1]
        if self.week == -1:
            last = date(year, self.month, days)
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.week - 1))


def transitions(tzid: str, first_year: int, last_year: int) -> list[Transition]:
    """Every change of the zone's UTC offset from the start of ``first_year`` to the end of
    ``last_year``, in order."""
    zone = ZoneInfo(tzid)
    found: list[Transition] = []
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        later = moment + _STEP
        after = later.astimezone(zone).utcoffset()
        if after != offset:
            # The first second of the new offset: it lies after low and by high.
            low, high = int(moment.timestamp()), int(later.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if datetime.fromtimestamp(middle, zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            assert offset is not None and after is not None
            at = datetime.fromtimestamp(high, UTC)
            found.append(Transition(at, offset, after, at.astimezone(zone).tzname() or ""))
            offset = after
        moment = later
    return found


def _rule(onsets: list[datetime]) -> YearlyRule | None:
    """The yearly rule all these onsets (one a year) follow, or None."""
    if len({(onset.month, onset.weekday(), onset.time()) for onset in onsets}) != 1:
        return None
    first = onsets[0]
    if all(onset.day + 7 > calendar.monthrange(onset.year, onset.month)[1] for onset in onsets):
        week = -1  # the last such weekday of the month
    else:
        weeks = {(onset.day - 1) // 7 + 1 for onset in onsets}
        if len(weeks) != 1 or max(weeks) > 4:
            return None
        week = weeks.pop()
    return YearlyRule(first.month, first.weekday(), week, first.time())


# Longer spans (a yearly gathering until 2999) cost seconds to check: icalendar's list.
MAX_YEARS = 50


def yearly(tzid: str, first_year: int, last_year: int) -> Timezone | None:
    """A VTIMEZONE of two yearly rules for ``tzid``, right for every day from 1 January of
    ``first_year`` to 31 December of ``last_year``; None where no such pair exists, or the
    span is longer than MAX_YEARS or reaches past what datetime holds."""
    if not 1 < first_year <= last_year < 9999 or last_year - first_year >= MAX_YEARS:
        return None
    changes = transitions(tzid, first_year, last_year)
    forward = [change for change in changes if change.after > change.before]
    back = [change for change in changes if change.after < change.before]
    years = list(range(first_year, last_year + 1))
    if not changes or [c.at.year for c in forward] != years or [c.at.year for c in back] != years:
        return None
    if len({(c.before, c.after, c.name) for c in forward}) != 1:
        return None
    if len({(c.before, c.after, c.name) for c in back}) != 1:
        return None
    parts = []
    for kind, group in ((TimezoneDaylight, forward), (TimezoneStandard, back)):
        onsets = [change.local_onset for change in group]
        rule = _rule(onsets)
        # The rule must give exactly the zone database's onsets, year after year.
        if rule is None or [datetime.combine(rule.day_in(y), rule.clock) for y in years] != onsets:
            return None
        # Each rule starts the year before, so that 1 January of the first year already
        # falls under one of them.
        parts.append(
            (datetime.combine(rule.day_in(first_year - 1), rule.clock), kind, rule, group[0])
        )
    # The offset in force on 1 January of the first year: the later rule's, last year.
    in_force = max(parts, key=lambda part: part[0])[3].after
    new_year = datetime(first_year, 1, 1, tzinfo=UTC)
    if new_year.astimezone(ZoneInfo(tzid)).utcoffset() != in_force:
        return None
    zone = Timezone()
    zone.add("tzid", tzid)
    for onset, kind, rule, change in parts:
        observance = kind()
        observance.add("dtstart", onset)
        observance.add(
            "rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": rule.byday()})
        )
        observance.add("tzoffsetfrom", change.before)
        observance.add("tzoffsetto", change.after)
        observance.add("tzname", change.name)
        zone.add_component(observance)
    return zone
