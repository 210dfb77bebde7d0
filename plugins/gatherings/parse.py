"""One gathering file (bytes) to a validated :class:`Gathering`, or located problems.

Every problem of the file is collected before giving up, so a contributor fixes them all
in one go. Warnings (legacy time zone names) do not stop the gathering from being built.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta

from dateutil import rrule

from contentcheck.slugs import is_slug, slug_suggestion
from contentcheck.yamlfields import Report
from contentcheck.yamltree import Mapping, Node, Scalar, YamlFileError, decode, parse, shown
from gatherings import fields, zones
from gatherings.model import (
    FREQUENCIES,
    STATUSES,
    Address,
    Gathering,
    Organizer,
    Override,
    Repeat,
    Venue,
)

TOP_KEYS = (
    "title", "start", "end", "duration", "timezone", "venue", "status", "reason",
    "previous_start", "sequence", "rsvp", "organizers", "tags", "summary", "description",
    "announced", "repeat",
)  # fmt: skip
VENUE_KEYS = ("name", "address", "geo", "accessibility", "url")
ADDRESS_KEYS = ("street", "city", "region", "postal_code", "country")
GEO_KEYS = ("lat", "lon")
ORGANIZER_KEYS = ("name", "url")
REPEAT_KEYS = ("freq", "interval", "byday", "bymonthday", "until", "count", "except", "overrides")
OVERRIDE_KEYS = ("date", "start", "end", "status", "reason")
MAX_OCCURRENCES = 1000
_BYDAY = re.compile(r"^(?P<n>[+-]?[1-5])?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")
_WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH,
             "FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU}  # fmt: skip
_FREQ = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY,
         "yearly": rrule.YEARLY}  # fmt: skip


def read_gathering(data: bytes, slug: str, report: Report) -> Gathering | None:
    """The gathering in ``data`` or None, with every problem added to ``report``."""
    try:
        root, soft = parse(decode(data))
    except YamlFileError as error:
        report.errors.append(_file_problem(report, error))
        return None
    report.errors.extend(_file_problem(report, problem) for problem in soft)
    if root is None:
        report.error(
            1,
            "file",
            "is empty; write at least title, start and venue (see content/pages/host-a-gathering.md)",
        )
        return None
    if not isinstance(root, Mapping):
        report.error(
            root.line,
            "file",
            f"must be a mapping of fields (title: ..., start: ...), not {fields.kind(root)}; "
            "write one gathering per file",
        )
        return None
    if not is_slug(slug):
        report.error(
            None,
            "file name",
            f"{shown(slug)!r} must be lowercase letters, digits and hyphens (it becomes the URL), "
            f"for example {shown(slug_suggestion(slug)) or 'coffee-morning'}.yaml",
        )
    return _gathering(root, slug, report)


def _file_problem(report: Report, error: YamlFileError) -> fields.Problem:
    return fields.Problem(report.path, error.line, error.message)


def _gathering(root: Mapping, slug: str, report: Report) -> Gathering | None:
    errors_before = len(report.errors)
    fields.known_keys(report, root, "", TOP_KEYS)
    title = fields.text(report, root.get("title"), "title", required=True, one_line=True)
    status = fields.choice(report, root.get("status"), "status", STATUSES, "confirmed")
    timezone = _timezone(report, root)
    start, end = _start_end(report, root, timezone)
    previous = fields.date_or_time(report, root.get("previous_start"), "previous_start")
    if isinstance(previous, datetime) and timezone and zones.in_gap(previous, timezone):
        report.error(
            root.line_of("previous_start"),
            "previous_start",
            f"{previous:%Y-%m-%d %H:%M} does not exist in {timezone}: clocks jump forward "
            "that night; write the time as it was announced",
        )
        previous = None
    venue = _venue(report, root.get("venue"))
    organizers = _organizers(report, root.get("organizers"))
    tags = _tags(report, root.get("tags"))
    repeat = None
    if not fields.is_empty(root.get("repeat")):
        repeat = _repeat(report, root.get("repeat"), start, timezone, root.line_of("repeat"))
    gathering_fields = {
        "rsvp": fields.web_address(report, root.get("rsvp"), "rsvp"),
        "summary": fields.text(report, root.get("summary"), "summary"),
        "description": fields.text(report, root.get("description"), "description"),
        "reason": fields.text(report, root.get("reason"), "reason"),
        "sequence": fields.whole_number(report, root.get("sequence"), "sequence") or 0,
        "announced": fields.calendar_date(report, root.get("announced"), "announced"),
    }
    if len(report.errors) > errors_before or start is None or end is None or venue is None:
        return None
    return Gathering(
        slug=slug,
        source=report.path,
        title=title,
        start=_aware(start, timezone),
        end=_aware(end, timezone),
        timezone=timezone,
        venue=venue,
        status=status,
        previous_start=_aware(previous, timezone) if previous else None,
        organizers=organizers,
        tags=tags,
        repeat=repeat,
        **gathering_fields,  # type: ignore[arg-type]
    )


def _aware(value: date | datetime, timezone: str) -> date | datetime:
    if isinstance(value, datetime) and timezone:
        return zones.localize(value, timezone)
    return value


def _timezone(report: Report, root: Mapping) -> str:
    node = root.get("timezone")
    name = fields.text(report, node, "timezone")
    if not name:
        return ""
    assert node is not None
    if not zones.is_known(name):
        report.error(
            node.line,
            "timezone",
            f"{shown(name)!r} is not a known time zone; {zones.suggestion(name)}",
        )
        return ""
    replacement = zones.legacy_replacement(name)
    if replacement is not None:
        fix = f"write {replacement}" if replacement else "use the Area/City name"
        report.warn(node.line, "timezone", f"{shown(name)!r} is a legacy name; {fix}")
    return name


def _start_end(
    report: Report, root: Mapping, timezone: str
) -> tuple[date | datetime | None, date | datetime | None]:
    start_node = root.get("start")
    if fields.is_empty(start_node):
        report.error(
            start_node.line if start_node else None, "start", 'is required, like "2027-03-13 19:30"'
        )
        return None, None
    start = fields.date_or_time(report, start_node, "start")
    if start is None:
        return None, None
    assert start_node is not None
    day = start.date() if isinstance(start, datetime) else start
    end_node, duration_node = root.get("end"), root.get("duration")
    if not fields.is_empty(end_node) and not fields.is_empty(duration_node):
        assert duration_node is not None
        report.error(duration_node.line, "duration", "give end or duration, not both")
        return None, None
    end = fields.date_or_time(report, end_node, "end", same_day=day)
    minutes = fields.duration_minutes(report, duration_node, "duration")
    if not isinstance(start, datetime):
        return start, _all_day_end(report, start, end, minutes, end_node)
    if not timezone:
        if fields.is_empty(root.get("timezone")):
            report.error(
                start_node.line,
                "timezone",
                "is required for a gathering with a start time; add e.g. timezone: Europe/Berlin",
            )
        return None, None
    if zones.in_gap(start, timezone):
        report.error(
            start_node.line,
            "start",
            f"{start:%Y-%m-%d %H:%M} does not exist in {timezone}: clocks jump forward that "
            "night; pick a time an hour later or earlier",
        )
        return None, None
    if zones.in_fold(start, timezone):
        report.warn(
            start_node.line,
            "start",
            f"{start:%Y-%m-%d %H:%M} happens twice in {timezone} (clocks go back that "
            "night); the first one counts: pick another time if you mean the second",
        )
    if minutes is not None:
        end = zones.after(start, timezone, timedelta(minutes=minutes))
    elif end is None:
        if fields.is_empty(end_node) and fields.is_empty(duration_node):
            report.error(start_node.line, "end", 'is required: add end: "HH:MM" or duration: 90m')
        return None, None
    elif not isinstance(end, datetime):
        assert end_node is not None
        report.error(end_node.line, "end", "must have a time, like the start has")
        return None, None
    elif zones.in_gap(end, timezone):
        assert end_node is not None
        report.error(end_node.line, "end", f"{end:%Y-%m-%d %H:%M} does not exist in {timezone}")
        return None, None
    start_utc = zones.localize(start, timezone).astimezone(UTC)
    end_utc = zones.localize(end, timezone).astimezone(UTC)
    if end_utc <= start_utc:
        line = end_node.line if end_node is not None else start_node.line
        report.error(
            line,
            "end",
            f"{end:%Y-%m-%d %H:%M} is not after start {start:%Y-%m-%d %H:%M} "
            f"(compared in UTC: {end_utc:%H:%M} vs {start_utc:%H:%M}); fix the date or time",
        )
        return None, None
    return start, end


def _all_day_end(
    report: Report,
    start: date,
    end: date | datetime | None,
    minutes: int | None,
    end_node: Node | None,
) -> date | None:
    if minutes is not None:
        days = max(1, minutes // 1440)
        return start + timedelta(days=days - 1)
    if end is None:
        return start
    if isinstance(end, datetime):
        assert end_node is not None
        report.error(
            end_node.line,
            "end",
            "an all-day gathering ends on a date (the last day), without a time",
        )
        return None
    if end < start:
        assert end_node is not None
        report.error(end_node.line, "end", f"last day {end} is before the first day {start}")
        return None
    return end


def _venue(report: Report, node: Node | None) -> Venue | None:
    venue = fields.mapping(report, node, "venue", required=True)
    if venue is None:
        return None
    fields.known_keys(report, venue, "venue.", VENUE_KEYS)
    name = fields.text(
        report, venue.get("name"), "venue.name", required=True, parent_line=venue.line
    )
    address_map = fields.mapping(
        report, venue.get("address"), "venue.address", required=True, parent_line=venue.line
    )
    if address_map is None:
        if venue.get("address") is None:
            report.errors[-1] = fields.Problem(
                report.path,
                venue.line,
                "venue.address: is required, with at least city: and country:",
            )
        return None
    fields.known_keys(report, address_map, "venue.address.", ADDRESS_KEYS)
    values = {
        key: fields.text(
            report,
            address_map.get(key),
            f"venue.address.{key}",
            required=key in ("city", "country"),
        )
        for key in ADDRESS_KEYS
    }
    country = values["country"]
    if country and not re.fullmatch(r"[A-Za-z]{2}", country):
        report.error(
            address_map.line_of("country"),
            "venue.address.country",
            f"{shown(country)!r} must be the two-letter country code (ISO 3166), like DE, "
            'GB, US or "NO" (in quotes: YAML reads NO as false)',
        )
    values["country"] = country.upper()
    lat = lon = None
    geo = fields.mapping(report, venue.get("geo"), "venue.geo")
    if geo is not None:
        fields.known_keys(report, geo, "venue.geo.", GEO_KEYS)
        lat = fields.decimal(report, geo.get("lat"), "venue.geo.lat", -90, 90)
        lon = fields.decimal(report, geo.get("lon"), "venue.geo.lon", -180, 180)
        if (lat is None) != (lon is None):
            report.error(geo.line, "venue.geo", "needs both lat: and lon:")
    return Venue(
        name=name,
        address=Address(**values),
        lat=lat,
        lon=lon,
        accessibility=fields.text(report, venue.get("accessibility"), "venue.accessibility"),
        url=fields.web_address(report, venue.get("url"), "venue.url"),
    )


def _organizers(report: Report, node: Node | None) -> tuple[Organizer, ...]:
    found = []
    for index, item in enumerate(fields.items(node)):
        field = f"organizers[{index}]"
        if isinstance(item, Scalar):
            name = fields.text(report, item, field)
            if name:
                found.append(Organizer(name=name))
            continue
        person = fields.mapping(report, item, field)
        if person is None:
            continue
        fields.known_keys(report, person, f"{field}.", ORGANIZER_KEYS)
        name = fields.text(
            report, person.get("name"), f"{field}.name", required=True, parent_line=person.line
        )
        url = fields.web_address(report, person.get("url"), f"{field}.url")
        if name:
            found.append(Organizer(name=name, url=url))
    return tuple(found)


def _tags(report: Report, node: Node | None) -> tuple[str, ...]:
    tags: list[str] = []
    for index, item in enumerate(fields.items(node)):
        tag = fields.text(report, item, f"tags[{index}]")
        if "," in tag and isinstance(node, Scalar):  # tags: coffee, walking (not a list)
            report.error(
                item.line,
                f"tags[{index}]",
                f"{shown(tag)!r} looks like several tags; write a list: "
                f"[{', '.join(part.strip() for part in tag.split(',') if part.strip())}]",
            )
        elif tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _repeat(
    report: Report,
    node: Node | None,
    start: date | datetime | None,
    timezone: str,
    key_line: int,
) -> Repeat | None:
    """The repeat rule; its dates are checked against exceptions only when start is valid."""
    repeat = fields.mapping(report, node, "repeat")
    if repeat is None:
        return None
    fields.known_keys(report, repeat, "repeat.", REPEAT_KEYS)
    before = len(report.errors)
    freq_node = repeat.get("freq")
    if fields.is_empty(freq_node):
        report.error(key_line, "repeat.freq", "is required: daily, weekly, monthly or yearly")
    freq = fields.choice(report, freq_node, "repeat.freq", FREQUENCIES, "weekly")
    interval = (
        fields.whole_number(report, repeat.get("interval"), "repeat.interval", minimum=1) or 1
    )
    byday: list[str] = []
    for index, item in enumerate(fields.items(repeat.get("byday"))):
        value = fields.text(report, item, f"repeat.byday[{index}]").upper()
        if value and not _BYDAY.match(value):
            report.error(
                item.line,
                f"repeat.byday[{index}]",
                f"{shown(value)!r} is not a weekday like SA, 2SA (second Saturday) or -1FR (last Friday)",
            )
        elif value:
            numbered = _BYDAY.match(value)["n"]  # type: ignore[index]
            if numbered and freq in ("daily", "weekly"):
                report.error(
                    item.line,
                    f"repeat.byday[{index}]",
                    f"{value} (a numbered weekday) only works with freq: monthly or yearly; "
                    f"write {value.lstrip('+-0123456789')} for every one",
                )
            else:
                byday.append(value)
    bymonthday = []
    for index, item in enumerate(fields.items(repeat.get("bymonthday"))):
        month_day = fields.whole_number(report, item, f"repeat.bymonthday[{index}]", minimum=1)
        if month_day is not None:
            bymonthday.append(month_day)
    until = fields.calendar_date(report, repeat.get("until"), "repeat.until")
    count = fields.whole_number(report, repeat.get("count"), "repeat.count", minimum=1)
    if until is None and count is None and len(report.errors) == before:
        report.error(
            key_line,
            "repeat",
            "a repeating gathering needs an end: add until: 2027-06-30 (last date) or count: 6",
        )
    if until is not None and count is not None:
        report.error(repeat.get("count").line, "repeat", "give until or count, not both")  # type: ignore[union-attr]
    exceptions = [
        fields.calendar_date(report, item, f"repeat.except[{index}]")
        for index, item in enumerate(fields.items(repeat.get("except")))
    ]
    overrides = _overrides(report, repeat.get("overrides"))
    if len(report.errors) > before or start is None:
        return None
    day = start.date() if isinstance(start, datetime) else start
    if until is not None and until < day:
        report.error(repeat.get("until").line, "repeat.until", f"{until} is before start {day}")  # type: ignore[union-attr]
        return None
    rule = Repeat(
        freq=freq,
        interval=interval,
        byday=tuple(byday),
        bymonthday=tuple(bymonthday),
        until=until,
        count=count,
        exceptions=tuple(sorted(day for day in exceptions if day is not None)),
        overrides=overrides,
    )
    dates = occurrence_dates(rule, start)
    if dates is None:
        report.error(key_line, "repeat", f"gives more than {MAX_OCCURRENCES} dates; end it sooner")
        return None
    if not dates:
        report.error(key_line, "repeat", "gives no date at all; check freq, byday and until")
        return None
    if day not in dates:
        report.error(
            key_line,
            "repeat",
            f"start {day} is not one of the dates the rule gives (first is {dates[0]}); "
            "make start the first occurrence",
        )
        return None
    if not set(dates) - set(rule.exceptions):
        listed = fields.items(repeat.get("except"))
        report.error(
            listed[0].line if listed else key_line,
            "repeat.except",
            "leaves no date at all: every date the rule gives is an exception; remove the "
            "repeat or some exceptions (to call the gathering off, set status: cancelled)",
        )
        return None
    _check_matches(report, repeat, rule, set(dates), timezone, start, key_line)
    return rule


def _overrides(report: Report, node: Node | None) -> tuple[Override, ...]:
    found = []
    for index, item in enumerate(fields.items(node)):
        field = f"repeat.overrides[{index}]"
        entry = fields.mapping(report, item, field)
        if entry is None:
            continue
        fields.known_keys(report, entry, f"{field}.", OVERRIDE_KEYS)
        original = fields.calendar_date(report, entry.get("date"), f"{field}.date")
        if original is None:
            if entry.get("date") is None:
                report.error(entry.line, f"{field}.date", "is required: the date the rule gives")
            continue
        new_start = fields.date_or_time(
            report, entry.get("start"), f"{field}.start", same_day=original
        )
        end_day = new_start.date() if isinstance(new_start, datetime) else original
        new_end = fields.date_or_time(report, entry.get("end"), f"{field}.end", same_day=end_day)
        found.append(
            Override(
                original=original,
                line=entry.line,
                start=new_start,
                end=new_end,
                status=fields.choice(report, entry.get("status"), f"{field}.status", STATUSES, ""),
                reason=fields.text(report, entry.get("reason"), f"{field}.reason"),
            )
        )
    return tuple(found)


def _check_matches(
    report: Report,
    repeat: Mapping,
    rule: Repeat,
    dates: set[date],
    timezone: str,
    start: date | datetime,
    key_line: int,
) -> None:
    listed = list(fields.items(repeat.get("except")))
    for index, day in enumerate(rule.exceptions):
        if day not in dates:
            line = listed[index].line if index < len(listed) else key_line
            report.error(
                line,
                f"repeat.except[{index}]",
                f"{day} is not a date this gathering repeats on; remove it or fix the date",
            )
    seen: dict[date, int] = {}
    for index, override in enumerate(rule.overrides):
        field = f"repeat.overrides[{index}]"
        if override.original in seen:
            report.error(
                override.line,
                f"{field}.date",
                f"{override.original} is already overridden (overrides[{seen[override.original]}]); "
                "keep one override per date",
            )
        seen.setdefault(override.original, index)
        _check_override_times(report, override, field, start)
        if override.original not in dates:
            report.error(
                override.line,
                f"repeat.overrides[{index}].date",
                f"{override.original} is not a date this gathering repeats on; fix the date",
            )
        for key, value in (("start", override.start), ("end", override.end)):
            if isinstance(value, datetime) and timezone and zones.in_gap(value, timezone):
                report.error(
                    override.line,
                    f"repeat.overrides[{index}].{key}",
                    f"{value:%Y-%m-%d %H:%M} does not exist in {timezone}",
                )
    if isinstance(start, datetime) and timezone:
        for day in sorted(dates):
            wall = datetime.combine(day, start.time())
            if zones.in_gap(wall, timezone):
                report.error(
                    key_line,
                    "repeat",
                    f"the occurrence on {day} at {start:%H:%M} does not exist in {timezone} "
                    "(clocks jump forward); add it to except: or move the start time",
                )


def _check_override_times(
    report: Report, override: Override, field: str, start: date | datetime
) -> None:
    """An override's start and end are of the gathering's kind, and in order."""
    timed = isinstance(start, datetime)
    for key, value in (("start", override.start), ("end", override.end)):
        if value is None or isinstance(value, datetime) == timed:
            continue
        wanted = (
            'a date and time, like "2027-03-20 19:00" (or a time alone)'
            if timed
            else ('a date, like "2027-03-21": the gathering lasts all day')
        )
        report.error(override.line, f"{field}.{key}", f"must be {wanted}")
        return
    if override.end is None:
        return
    begins: date | datetime = (
        override.start
        if override.start is not None
        else (
            datetime.combine(override.original, start.time())
            if isinstance(start, datetime)
            else override.original
        )
    )
    if override.end < begins or (timed and override.end == begins):
        report.error(
            override.line,
            f"{field}.end",
            f"{override.end} is not after the start ({begins}); check the times",
        )


def occurrence_dates(rule: Repeat, start: date | datetime) -> list[date] | None:
    """The local dates the rule gives (exceptions included), or None past MAX_OCCURRENCES."""
    naive = (
        start.replace(tzinfo=None)
        if isinstance(start, datetime)
        else datetime.combine(start, datetime.min.time())
    )
    weekdays = []
    for value in rule.byday:
        match = _BYDAY.match(value)
        assert match is not None
        weekday = _WEEKDAYS[match["day"]]
        weekdays.append(weekday(int(match["n"])) if match["n"] else weekday)
    until = datetime.combine(rule.until, datetime.max.time()) if rule.until else None
    recurrence = rrule.rrule(
        _FREQ[rule.freq],
        dtstart=naive,
        interval=rule.interval,
        byweekday=weekdays or None,
        bymonthday=rule.bymonthday or None,
        until=until,
        count=rule.count,
    )
    dates = [moment.date() for moment in itertools.islice(recurrence, MAX_OCCURRENCES + 1)]
    return None if len(dates) > MAX_OCCURRENCES else dates
