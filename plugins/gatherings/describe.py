"""Words and links for people: recurrence in words, local times with their zone
abbreviation, sanitized Markdown, map and add-to-calendar links."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit

import markdown
import nh3

from gatherings.model import Gathering, Repeat

_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
              "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last",
             -2: "second to last", -3: "third to last", -4: "fourth to last",
             -5: "fifth to last"}  # fmt: skip
_UNITS = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}
_ALLOWED_TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "br",
                 "h3", "h4", "abbr", "dl", "dt", "dd", "hr"}  # fmt: skip


def slugify(text: str) -> str:
    """URL-safe name for a tag or city: "Montréal" -> "montreal"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "other"


def recurrence_words(rule: Repeat, start: date | datetime) -> str:
    """For example "every second Saturday, 6 times" or "every week on Tuesday until 1 June 2027"."""
    unit = _UNITS[rule.freq]
    days = []
    for value in rule.byday:
        match = re.match(r"^([+-]?\d)?([A-Z]{2})$", value)
        assert match is not None
        name = _DAY_NAMES[match[2]]
        days.append(f"{_ORDINALS.get(int(match[1]), match[1])} {name}" if match[1] else name)
    every = "every" if rule.interval == 1 else f"every {rule.interval} {unit}s:"
    if days and rule.freq == "monthly" and rule.interval == 1:
        words = f"every {_join(days)} of the month"
    elif days and rule.interval == 1 and rule.freq == "weekly":
        words = f"every {_join(days)}"
    elif days:
        words = f"{every} {unit if rule.interval == 1 else ''} on {_join(days)}".replace("  ", " ")
    elif rule.bymonthday:
        words = f"{every} {unit if rule.interval == 1 else ''} on day {_join([str(d) for d in rule.bymonthday])}".replace(
            "  ", " "
        )
    elif rule.interval == 1:
        words = f"every {unit}"
    else:
        words = f"every {rule.interval} {unit}s"
    words = words.replace(": ", " ").replace(":", "")
    if rule.count is not None:
        words += f", {rule.count} times"
    elif rule.until is not None:
        words += f" until {long_date(rule.until)}"
    return words


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def when_text(start: date | datetime, end: date | datetime) -> str:
    """Dates and times as the venue's clock shows them, with the zone abbreviation."""
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        first = start if not isinstance(start, datetime) else start.date()
        last = end if not isinstance(end, datetime) else end.date()
        if first == last:
            return f"{long_date(first)}, all day"
        return f"{long_date(first)} to {long_date(last)} (all day)"
    zone_name = start.tzname() or ""
    end_zone = end.tzname() or ""
    if start.date() == end.date() and end_zone == zone_name:
        return f"{long_date(start.date())}, {start:%H:%M}–{end:%H:%M} {zone_name}"
    # Across days, the start's zone too when the clocks change in between (CET to CEST).
    opening = f"{long_date(start.date())} {start:%H:%M}"
    if end_zone != zone_name:
        opening += f" {zone_name}"
    return f"{opening} to {long_date(end.date())} {end:%H:%M} {end_zone}"


def markdown_converter() -> markdown.Markdown:
    """A converter to reuse across descriptions (building one is the slow part)."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def markdown_html(text: str, converter: markdown.Markdown | None = None) -> str:
    """Contributor Markdown to safe HTML: no script, no event handlers, http(s)/mailto links."""
    if not text:
        return ""
    converter = converter or markdown_converter()
    return _cleaner().clean(converter.reset().convert(text))


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """Built once: nh3.clean(..., tags=...) would build the same allowlist on every call."""
    return nh3.Cleaner(
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


def osm_link(gathering: Gathering) -> str:
    venue = gathering.venue
    if venue.lat is None or venue.lon is None:
        return ""
    return (
        f"https://www.openstreetmap.org/?mlat={venue.lat}&mlon={venue.lon}"
        f"#map=18/{venue.lat}/{venue.lon}"
    )


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_link(
    title: str, start: date | datetime, end: date | datetime, details: str, where: str
) -> str:
    if isinstance(start, datetime) and isinstance(end, datetime):
        dates = f"{_utc_stamp(start)}/{_utc_stamp(end)}"
    else:
        first = start if not isinstance(start, datetime) else start.date()
        last = end if not isinstance(end, datetime) else end.date()
        dates = f"{first:%Y%m%d}/{last + timedelta(days=1):%Y%m%d}"
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details,
        "location": where,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def outlook_link(
    title: str, start: date | datetime, end: date | datetime, details: str, where: str
) -> str:
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": title,
             "body": details, "location": where}  # fmt: skip
    if isinstance(start, datetime) and isinstance(end, datetime):
        query["startdt"] = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        query["enddt"] = end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        first = start if not isinstance(start, datetime) else start.date()
        last = end if not isinstance(end, datetime) else end.date()
        query["startdt"] = first.isoformat()
        query["enddt"] = (last + timedelta(days=1)).isoformat()
        query["allday"] = "true"
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        query, quote_via=quote
    )


def webcal_link(url: str) -> str:
    parts = urlsplit(url)
    return "webcal://" + url[len(parts.scheme) + 3 :] if parts.scheme else url


def google_subscribe_link(url: str) -> str:
    return "https://calendar.google.com/calendar/render?" + urlencode(
        {"cid": webcal_link(url)}, quote_via=quote
    )
