"""The faster paths give exactly what the plain library calls give."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import recurring_ical_events
from icalendar import Event

from contentcheck import ShownPaths, relative_path
from gatherings import ics
from gatherings.load import Loaded, load_folder
from gatherings.model import Gathering
from gatherings.occurrences import Occurrence, expand

CONTENT = Path(__file__).resolve().parents[2] / "content" / "gatherings"
SITE = ics.CalendarSite("https://offline.example", datetime(2026, 11, 22, 12, 0, tzinfo=UTC), 12)

# Long texts with multi-byte characters and escapes near the 75-octet fold, a moved and a
# cancelled occurrence, an exception, an UNTIL rule across a DST change.
AWKWARD = """\
title: "Réunion très longue — café, thé; et \\\\ barres obliques, pour plier la ligne ici"
start: "2027-03-06 19:30"
duration: 2h
timezone: Europe/Paris
venue:
  name: "Café « Le Fil », salle du fond, à côté de l’escalier; entrée par la cour"
  address: {street: "12 rue des Œillets", city: "Paris", country: FR}
  geo: {lat: 48.85, lon: 2.35}
tags: [café, "long tag with ünïcödé and, a comma", third]
summary: "Un résumé plutôt long, avec des virgules, des points-virgules; et des accents çà et là."
repeat:
  freq: weekly
  byday: [SA]
  until: 2027-05-01
  except: [2027-03-20]
  overrides:
    - date: 2027-04-03
      start: "2027-04-04 10:00"
      reason: "Moved to Sunday morning; the room is taken on Saturday."
    - date: 2027-04-17
      status: cancelled
      reason: Nobody can host.
"""

VENUE = "venue: {name: Hall, address: {city: Lisbon, country: PT}}\n"
# All-day and multi-day repeats, a moved multi-day occurrence with its own end, an override
# on an excepted date, every other month across a DST change, a daily run with UNTIL.
MORE = {
    "all-day-monthly": """\
title: Market weekend
start: 2027-01-09
end: 2027-01-10
repeat: {freq: monthly, byday: [2SA], count: 6, except: [2027-03-13],
         overrides: [{date: 2027-02-13, start: 2027-02-20, end: 2027-02-22, reason: Moved}]}
""",
    "override-on-exception": """\
title: Reading hour
start: "2027-03-02 18:00"
duration: 1h
timezone: Europe/Lisbon
repeat: {freq: weekly, byday: [TU], count: 5, except: [2027-03-09],
         overrides: [{date: 2027-03-09, start: "2027-03-10 18:00"}]}
""",
    "every-other-month": """\
title: Walk
start: "2027-01-31 07:30"
end: "2027-01-31 12:00"
timezone: America/New_York
repeat: {freq: monthly, interval: 2, bymonthday: [31], count: 5,
         overrides: [{date: 2027-03-31, start: "2027-03-31 09:00", end: "2027-03-31 13:00",
                      status: tentative}]}
""",
    "daily-until": """\
title: Week of breakfasts
start: "2027-10-28 08:00"
duration: 45m
timezone: Europe/Lisbon
repeat: {freq: daily, until: 2027-11-03, overrides: [{date: 2027-10-31, status: cancelled}]}
""",
}


def gatherings(load_text: Callable[..., tuple[Loaded, str]]) -> list[Gathering]:
    for name, text in MORE.items():
        load_text(text + VENUE, name)
    loaded, _path = load_text(AWKWARD)
    assert not loaded.errors, [str(problem) for problem in loaded.errors]
    return [*loaded.gatherings, *load_folder(CONTENT).gatherings]


def test_serialize_matches_to_ical(load_text: Callable[..., tuple[Loaded, str]]) -> None:
    components = []
    for gathering in gatherings(load_text):
        components += ics.events(gathering, SITE, f"https://offline.example/{gathering.slug}/")
        years = ics.zone_years(gathering)
        if years is not None:
            components.append(ics.Timezone.from_tzid(years[0]))
    long_line = Event()
    long_line.add("summary", "é" * 30 + "\\" + "x" * 100 + ";" * 80)
    components.append(long_line)
    for component in components:
        assert ics.serialize(component) == component.to_ical()


def library_expand(gathering: Gathering) -> list[Occurrence]:
    """The occurrences as recurring-ical-events reads them from the gathering's events."""
    assert gathering.repeat is not None
    overrides = {override.original: override for override in gathering.repeat.overrides}
    found = []
    for component in recurring_ical_events.of(ics.recurrence_calendar(gathering, SITE)).all():
        start, end = component["DTSTART"].dt, component["DTEND"].dt
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
    return sorted(found, key=lambda occurrence: occurrence.key)


def test_expand_matches_recurring_ical_events(
    load_text: Callable[..., tuple[Loaded, str]],
) -> None:
    repeating = [g for g in gatherings(load_text) if g.repeat is not None]
    assert len(repeating) >= 6
    for gathering in repeating:
        expected = library_expand(gathering)
        found = expand(gathering, SITE)
        assert found == expected, gathering.slug
        # Same instants and the same wall times (the zone objects too).
        assert [(o.start.isoformat(), o.end.isoformat()) for o in found] == [
            (o.start.isoformat(), o.end.isoformat()) for o in expected
        ], gathering.slug


def test_shown_paths_match_relative_path(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "nested").mkdir(parents=True)
    (real / "a.yaml").write_text("x")
    (real / "nested" / "b.yaml").write_text("x")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "c.yaml").symlink_to(real / "nested" / "b.yaml")
    shown = ShownPaths()
    paths = [
        tmp_path / "linked" / "a.yaml",
        tmp_path / "linked" / "nested" / "b.yaml",
        real / "c.yaml",
        real / "a.yaml",
        Path("content/gatherings/x.yaml"),
    ]
    for path in paths:
        assert shown(path) == relative_path(path), path
