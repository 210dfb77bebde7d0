"""The validated shape of a gathering, as frozen dataclasses built by ``parse``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

STATUSES = ("confirmed", "tentative", "cancelled", "postponed", "rescheduled")
FREQUENCIES = ("daily", "weekly", "monthly", "yearly")


@dataclass(frozen=True)
class Address:
    city: str
    country: str
    street: str = ""
    region: str = ""
    postal_code: str = ""

    def lines(self) -> tuple[str, ...]:
        """The address as a person writes it, one part per line."""
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        if self.region:
            locality = f"{locality}, {self.region}"
        return tuple(part for part in (self.street, locality, self.country) if part)


@dataclass(frozen=True)
class Venue:
    name: str
    address: Address
    lat: float | None = None
    lon: float | None = None
    accessibility: str = ""
    url: str = ""


@dataclass(frozen=True)
class Organizer:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Override:
    """One occurrence of a repeating gathering that differs: moved, cancelled, annotated."""

    original: date  # the local date the rule would have given
    line: int
    start: datetime | date | None = None
    end: datetime | date | None = None
    status: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Repeat:
    freq: str
    interval: int = 1
    byday: tuple[str, ...] = ()
    bymonthday: tuple[int, ...] = ()
    until: date | None = None
    count: int | None = None
    exceptions: tuple[date, ...] = ()
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class Gathering:
    """One gathering file, validated. Timed gatherings have aware datetimes in ``timezone``;
    all-day ones have dates, ``end`` being the inclusive last day."""

    slug: str
    source: str
    title: str
    start: datetime | date
    end: datetime | date
    timezone: str
    venue: Venue
    status: str = "confirmed"
    reason: str = ""
    previous_start: datetime | date | None = None
    sequence: int = 0
    rsvp: str = ""
    organizers: tuple[Organizer, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    description: str = ""
    announced: date | None = None
    repeat: Repeat | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"
