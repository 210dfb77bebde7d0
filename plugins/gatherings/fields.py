"""Gathering fields: dates, times and durations, plus the shared YAML field helpers.

Scalars arrive as their source text (see ``contentcheck.yamltree``), so YAML 1.1 never
decides that ``NO`` is false or ``19:30`` is 1170: these functions notice when a contributor
would have been surprised and say how to write the value instead. The helpers every content
type uses (text, web addresses, lists, mappings, choices) live in ``contentcheck.yamlfields``
and are re-exported here, so ``fields.text`` and ``fields.calendar_date`` read alike.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from contentcheck import Problem, yamlfields
from contentcheck.yamlfields import (
    MAX_DIGITS,
    Report,
    choice,
    decimal,
    is_empty,
    items,
    kind,
    mapping,
    shown,
    text,
    web_address,
    whole_number,
)
from contentcheck.yamltree import Mapping, Node, Scalar

__all__ = [
    "Problem", "Report", "calendar_date", "choice", "date_or_time", "decimal",
    "duration_minutes", "is_empty", "items", "kind", "known_keys", "mapping", "text",
    "web_address", "whole_number",
]  # fmt: skip

_DATE_TIME = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
_TIME = re.compile(r"^(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?$")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
_DURATION = re.compile(r"^(?:(?P<d>\d+)\s*d)?\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?$")


def _cancel_hint(key: str) -> str | None:
    if key.lower() in ("canceled", "cancelled", "cancel"):
        return "to cancel a gathering, write status: cancelled (and reason: why)"
    return None


def known_keys(report: Report, node: Mapping, prefix: str, allowed: tuple[str, ...]) -> None:
    """Report every key that is not in ``allowed``, suggesting the closest allowed one."""
    yamlfields.known_keys(report, node, prefix, allowed, _cancel_hint)


# Gatherings happen within these years; dates far outside are typos (and dates near
# 9999 overflow the arithmetic that repeats and ends need).
FIRST_YEAR, LAST_YEAR = 1970, 2999
# The longest a gathering may last (a festival of a fortnight fits).
MAX_DURATION_DAYS = 31


def _date_or_none(report: Report, node: Scalar, field: str, y: str, m: str, d: str) -> date | None:
    if not FIRST_YEAR <= int(y) <= LAST_YEAR:
        report.error(
            node.line,
            field,
            f"{shown(node.text)} is out of range: write a year between {FIRST_YEAR} and "
            f"{LAST_YEAR}",
        )
        return None
    try:
        return date(int(y), int(m), int(d))
    except ValueError as error:
        report.error(
            node.line,
            field,
            f"{node.text} is not a date in the calendar ({error}); check the day and month",
        )
        return None


def calendar_date(report: Report, node: Node | None, field: str) -> date | None:
    """A YYYY-MM-DD date, quoted or not."""
    if is_empty(node):
        return None
    assert node is not None
    if isinstance(node, Scalar):
        match = _DATE_TIME.match(node.text.strip())
        if match and match["H"] is None:
            return _date_or_none(report, node, field, match["y"], match["m"], match["d"])
    report.error(node.line, field, f'must be a date like "2027-03-13", not {kind(node)}')
    return None


def date_or_time(
    report: Report,
    node: Node | None,
    field: str,
    *,
    same_day: date | None = None,
) -> date | datetime | None:
    """A local date (all-day) or a naive local date-time.

    ``same_day``: when given, a time alone ("11:00") means that time on that day.
    """
    if is_empty(node):
        return None
    assert node is not None
    example = '"2027-03-13 19:30"'
    if not isinstance(node, Scalar):
        report.error(
            node.line, field, f"must be a date or date and time like {example}, not {kind(node)}"
        )
        return None
    raw = node.text.strip()
    time_only = _TIME.match(raw)
    if node.plain and node.yaml_type in ("int", "float") and time_only and same_day is not None:
        report.error(
            node.line,
            field,
            f"YAML reads {raw} as the number {node.yaml_value()}; put the time in quotes: "
            f'{field.rsplit(".", 1)[-1]}: "{raw}"',
        )
        return None
    if node.plain and node.yaml_type in ("int", "float") and time_only:
        report.error(
            node.line,
            field,
            f"YAML reads {raw} as the number {node.yaml_value()}; write the date and time in "
            f"quotes, like {field.rsplit('.', 1)[-1]}: {example}",
        )
        return None
    if time_only:
        if same_day is not None:
            return _combine(report, node, field, same_day, time_only)
        report.error(node.line, field, f"{shown(raw)!r} has no date; write it like {example}")
        return None
    if _OFFSET.search(raw) and len(raw) > 10:
        report.error(
            node.line,
            field,
            f"{shown(raw)!r} has a UTC offset; write the local wall time ({example}) and set timezone",
        )
        return None
    match = _DATE_TIME.match(raw)
    if not match:
        report.error(
            node.line,
            field,
            f'{shown(raw)!r} is not a date ({example[:11]}") or date and time ({example})',
        )
        return None
    day = _date_or_none(report, node, field, match["y"], match["m"], match["d"])
    if day is None or match["H"] is None:
        return day
    return _combine(report, node, field, day, match)


def _combine(
    report: Report, node: Scalar, field: str, day: date, match: re.Match[str]
) -> datetime | None:
    try:
        clock = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError:
        report.error(
            node.line, field, f"{shown(node.text.strip())!r} is not a time of day (00:00 to 23:59)"
        )
        return None
    return datetime.combine(day, clock)


def duration_minutes(report: Report, node: Node | None, field: str) -> int | None:
    """A duration such as 90m, 2h, 1h30m or 3d, in minutes."""
    if is_empty(node):
        return None
    assert node is not None
    raw = node.text.strip() if isinstance(node, Scalar) else ""
    match = _DURATION.match(raw) if raw else None
    if not match or not any(match.groupdict().values()):
        report.error(
            node.line, field, f"must be a duration like 90m, 2h or 1h30m, not {kind(node)}"
        )
        return None
    if any(len(part.lstrip("0")) > MAX_DIGITS for part in match.groupdict().values() if part):
        # int() refuses numbers of more than 4300 digits; no duration needs more than 9.
        report.error(
            node.line, field, f"is too large; write at most {MAX_DIGITS} digits, like 90m or 2h"
        )
        return None
    minutes = int(match["d"] or 0) * 1440 + int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes <= 0:
        report.error(node.line, field, "must be longer than zero minutes")
        return None
    if minutes > MAX_DURATION_DAYS * 1440:
        report.error(
            node.line,
            field,
            f"is longer than {MAX_DURATION_DAYS} days; check the number and the unit (90m, 2h, 3d)",
        )
        return None
    return minutes
