"""Small conversions between a gathering's local dates and times and UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def start_utc(value: date | datetime) -> datetime:
    """A sortable instant: an aware datetime in UTC, or midnight UTC for an all-day date."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def end_utc(value: date | datetime) -> datetime:
    """When something ending at ``value`` is over: for an inclusive last day, the next midnight
    (UTC+14 is the last place it ends, so a day later than midnight UTC is safe)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value + timedelta(days=1), time(), tzinfo=UTC) + timedelta(hours=12)
