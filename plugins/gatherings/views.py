"""Template data: occurrences shaped for pages, month groups and accessible month grids."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gatherings import describe
from gatherings.model import Gathering
from gatherings.occurrences import Occurrence

WEEKDAY_NAMES = tuple((name[:3], name) for name in calendar.day_name)


@dataclass(frozen=True)
class Item:
    """One occurrence as a list shows it."""

    title: str
    url: str
    slug: str
    when: str
    city: str
    country: str
    venue: str
    status: str
    reason: str
    cancelled: bool
    recurrence: str
    summary: str
    start_iso: str
    end_iso: str
    end_utc_iso: str
    local_day: date
    all_day: bool
    moved_from: str = ""


@dataclass(frozen=True)
class Cell:
    day: date
    in_month: bool
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class MonthGrid:
    anchor: str
    label: str
    weeks: tuple[tuple[Cell, ...], ...]
    previous: str = ""
    next: str = ""
    weekday_names: tuple[tuple[str, str], ...] = WEEKDAY_NAMES


def _local_day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def item(occurrence: Occurrence, url: str) -> Item:
    gathering: Gathering = occurrence.gathering
    rule = gathering.repeat
    return Item(
        title=gathering.title,
        url=url,
        slug=gathering.slug,
        when=describe.when_text(occurrence.start, occurrence.end),
        city=gathering.venue.address.city,
        country=gathering.venue.address.country,
        venue=gathering.venue.name,
        status=occurrence.status,
        reason=occurrence.reason,
        cancelled=occurrence.cancelled,
        recurrence=describe.recurrence_words(rule, gathering.start) if rule else "",
        summary=gathering.summary,
        start_iso=occurrence.start.isoformat(),
        end_iso=occurrence.end.isoformat(),
        end_utc_iso=occurrence.end_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        local_day=_local_day(occurrence.start),
        all_day=not isinstance(occurrence.start, datetime),
        moved_from=describe.long_date(occurrence.moved_from) if occurrence.moved_from else "",
    )


def by_month(items: Iterable[Item]) -> list[tuple[str, str, list[Item]]]:
    """(anchor, "March 2027", items) in the order given."""
    groups: dict[str, tuple[str, list[Item]]] = {}
    for entry in items:
        anchor = f"month-{entry.local_day:%Y-%m}"
        groups.setdefault(anchor, (f"{entry.local_day:%B %Y}", []))[1].append(entry)
    return [(anchor, label, entries) for anchor, (label, entries) in groups.items()]


def month_grids(
    first: date, months: int, occurrences: list[Occurrence], item_of: Callable[[Occurrence], Item]
) -> list[MonthGrid]:
    """``months`` grids starting with the month of ``first``; each day lists what happens."""
    per_day: dict[date, list[Item]] = {}
    for occurrence in occurrences:
        entry = item_of(occurrence)
        day, last = _local_day(occurrence.start), _local_day(occurrence.end)
        while day <= last:
            per_day.setdefault(day, []).append(entry)
            day += timedelta(days=1)
    year, month = first.year, first.month
    keys = []
    for _ in range(months):
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    grids = []
    for index, (year, month) in enumerate(keys):
        weeks = tuple(
            tuple(Cell(day, day.month == month, tuple(per_day.get(day, ()))) for day in week)
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        )
        grids.append(
            MonthGrid(
                anchor=f"grid-{year:04d}-{month:02d}",
                label=f"{date(year, month, 1):%B %Y}",
                weeks=weeks,
                previous=f"grid-{keys[index - 1][0]:04d}-{keys[index - 1][1]:02d}" if index else "",
                next=f"grid-{keys[index + 1][0]:04d}-{keys[index + 1][1]:02d}"
                if index + 1 < len(keys)
                else "",
            )
        )
    return grids
