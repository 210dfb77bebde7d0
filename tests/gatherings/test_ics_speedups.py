"""The faster paths give exactly what the plain library calls give, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import recurring_ical_events
from icalendar import Event

from gatherings import ics
from gatherings.load import Loaded, load_folder
from gatherings.model import Gathering
from gatherings.occurrences import expand

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


def gatherings(load_text: Callable[..., tuple[Loaded, str]]) -> list[Gathering]:
    loaded, _path = load_text(AWKWARD)
    assert not loaded.errors, loaded.errors
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


def test_expand_matches_the_whole_library_expansion(
    load_text: Callable[..., tuple[Loaded, str]],
) -> None:
    repeating = [g for g in gatherings(load_text) if g.repeat is not None]
    assert repeating
    for gathering in repeating:
        calendar = ics.recurrence_calendar(gathering, SITE)
        everything = list(recurring_ical_events.of(calendar).all())
        found = expand(gathering, SITE)
        assert len(found) == len(everything), gathering.slug
        starts = sorted(c["DTSTART"].dt for c in everything)
        assert sorted(o.start for o in found) == starts, gathering.slug
