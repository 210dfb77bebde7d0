"""Inputs a bug hunt found crashing the build or passing the check with wrong results:
each now gets a located message, and none reaches the pages or the .ics files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from tests.gatherings.samples import VALID

WEEKLY = VALID + "repeat:\n  freq: weekly\n  count: 3\n"
ALL_DAY = """\
title: Test gathering
start: "2027-03-13"
venue:
  name: Test Cafe
  address: {city: Washington, country: US}
"""


def messages(text: str, load_text: Callable) -> list[str]:
    loaded, path = load_text(text)
    assert not loaded.gatherings
    return [str(problem).removeprefix(f"{path}:") for problem in loaded.errors]


def test_every_date_excepted(load_text: Callable) -> None:
    text = VALID + "repeat: {freq: weekly, count: 2, except: [2027-03-13, 2027-03-20]}\n"
    assert messages(text, load_text) == [
        "8: repeat.except: leaves no date at all: every date the rule gives is an exception; "
        "remove the repeat or some exceptions (to call the gathering off, set status: cancelled)"
    ]


def test_a_timed_override_on_an_all_day_gathering(load_text: Callable) -> None:
    text = ALL_DAY + (
        "repeat:\n  freq: weekly\n  count: 3\n  overrides:\n"
        '    - date: 2027-03-20\n      start: "2027-03-21 14:00"\n'
    )
    assert messages(text, load_text) == [
        '10: repeat.overrides[0].start: must be a date, like "2027-03-21": the gathering '
        "lasts all day"
    ]


def test_a_date_only_override_on_a_timed_gathering(load_text: Callable) -> None:
    text = WEEKLY + '  overrides:\n    - date: 2027-03-20\n      start: "2027-03-21"\n'
    assert messages(text, load_text) == [
        '12: repeat.overrides[0].start: must be a date and time, like "2027-03-20 19:00" '
        "(or a time alone)"
    ]


def test_an_override_ending_before_it_starts(load_text: Callable) -> None:
    text = WEEKLY + (
        '  overrides:\n    - date: 2027-03-20\n      start: "14:00"\n      end: "13:00"\n'
    )
    assert messages(text, load_text) == [
        "12: repeat.overrides[0].end: 2027-03-20 13:00:00 is not after the start "
        "(2027-03-20 14:00:00); check the times"
    ]


def test_the_same_date_overridden_twice(load_text: Callable) -> None:
    text = WEEKLY + (
        "  overrides:\n    - date: 2027-03-20\n      status: cancelled\n"
        "    - date: 2027-03-20\n      reason: moved\n"
    )
    assert messages(text, load_text) == [
        "14: repeat.overrides[1].date: 2027-03-20 is already overridden (overrides[0]); "
        "keep one override per date"
    ]


@pytest.mark.parametrize("freq", ["weekly", "daily"])
def test_a_numbered_weekday_needs_a_monthly_or_yearly_rule(load_text: Callable, freq: str) -> None:
    text = VALID + f"repeat: {{freq: {freq}, byday: [2SA], count: 3}}\n"
    assert messages(text, load_text) == [
        "8: repeat.byday[0]: 2SA (a numbered weekday) only works with freq: monthly or "
        "yearly; write SA for every one"
    ]


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_years_far_away_are_refused(load_text: Callable, year: str) -> None:
    text = ALL_DAY.replace('start: "2027-03-13"', f'start: "{year}-12-31"')
    assert messages(text, load_text) == [
        f"2: start: {year}-12-31 is out of range: write a year between 1970 and 2999"
    ]


def test_a_huge_duration_is_refused(load_text: Callable) -> None:
    text = VALID.replace('end: "2027-03-13 11:00"', "duration: 999999999d")
    assert messages(text, load_text) == [
        "3: duration: is longer than 31 days; check the number and the unit (90m, 2h, 3d)"
    ]


def test_an_unforeseen_error_is_reported_against_the_file(
    load_text: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gatherings import load

    def broken(*arguments: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(load, "read_gathering", broken)
    assert messages(VALID, load_text) == [
        " file: could not be read (OverflowError: date value out of range); check its dates "
        "and times, and report this message if they look right"
    ]


@pytest.mark.parametrize("character", ["\x00", "\x07"])
def test_a_control_character_names_its_line(load_text: Callable, character: str) -> None:
    text = VALID.replace("name: Test Cafe", f"name: Test{character}Cafe")
    assert messages(text, load_text) == [
        f"6: contains the invisible character U+{ord(character):04X}, which YAML does "
        "not allow; delete it (retyping the line removes it)"
    ]


def test_a_missing_name_in_an_organizer_or_venue_names_its_line(load_text: Callable) -> None:
    text = VALID.replace("  name: Test Cafe\n", "") + 'organizers:\n  - url: "https://k.example"\n'
    assert messages(text, load_text) == [
        "6: venue.name: is required",
        "8: organizers[0].name: is required",
    ]


@pytest.mark.parametrize(
    ("duration", "end", "minutes"), [("3h", "05:00", 180), ("90m", "03:30", 90)]
)
def test_a_duration_is_real_time_across_a_clock_change(
    load_text: Callable, duration: str, end: str, minutes: int
) -> None:
    text = (
        VALID.replace('start: "2027-03-13 09:30"', 'start: "2027-03-28 01:00"')
        .replace('end: "2027-03-13 11:00"', f"duration: {duration}")
        .replace("America/New_York", "Europe/Berlin")
    )
    loaded, _ = load_text(text)
    assert [str(problem) for problem in loaded.errors] == []
    [gathering] = loaded.gatherings
    assert gathering.end.strftime("%H:%M") == end
    elapsed = gathering.end.astimezone(UTC) - gathering.start.astimezone(UTC)
    assert elapsed == timedelta(minutes=minutes)


def test_a_file_ending_in_upper_case_yaml_is_read_not_ignored(tmp_path: Path) -> None:
    from gatherings.load import load_folder

    (tmp_path / "shouting.YAML").write_text(VALID, encoding="utf-8")
    loaded = load_folder(tmp_path)
    assert [gathering.slug for gathering in loaded.gatherings] == ["shouting"]


def test_comma_separated_tags_written_as_one_value(load_text: Callable) -> None:
    assert messages(VALID + "tags: coffee, walking\n", load_text) == [
        "8: tags[0]: 'coffee, walking' looks like several tags; write a list: [coffee, walking]"
    ]


def test_a_country_name_instead_of_its_code(load_text: Callable) -> None:
    text = VALID.replace("country: US", "country: Norway")
    assert messages(text, load_text) == [
        "7: venue.address.country: 'Norway' must be the two-letter country code (ISO 3166), "
        'like DE, GB, US or "NO" (in quotes: YAML reads NO as false)'
    ]


def test_a_web_address_with_a_space(load_text: Callable) -> None:
    text = VALID + 'rsvp: "https://example.org/sign up"\n'
    assert messages(text, load_text) == [
        "8: rsvp: 'https://example.org/sign up' must be a web address starting with https://"
    ]


def test_a_start_that_happens_twice_gets_a_warning(load_text: Callable) -> None:
    text = (
        VALID.replace('start: "2027-03-13 09:30"', 'start: "2027-10-31 02:30"')
        .replace('end: "2027-03-13 11:00"', "duration: 2h")
        .replace("America/New_York", "Europe/Berlin")
    )
    loaded, path = load_text(text)
    assert loaded.errors == () and len(loaded.gatherings) == 1
    assert [str(problem) for problem in loaded.warnings] == [
        f"{path}:2: start: 2027-10-31 02:30 happens twice in Europe/Berlin (clocks go back "
        "that night); the first one counts: pick another time if you mean the second"
    ]


def test_an_override_end_or_previous_start_in_a_clock_change_gap(load_text: Callable) -> None:
    berlin = VALID.replace("America/New_York", "Europe/Berlin")
    override = (
        berlin.replace('start: "2027-03-13 09:30"', 'start: "2027-03-21 01:00"').replace(
            'end: "2027-03-13 11:00"', 'end: "2027-03-21 01:30"'
        )
        + 'repeat:\n  freq: weekly\n  count: 3\n  overrides:\n    - date: 2027-03-28\n      end: "02:30"\n'
    )
    assert messages(override, load_text) == [
        "12: repeat.overrides[0].end: 2027-03-28 02:30 does not exist in Europe/Berlin"
    ]
    moved = berlin + 'previous_start: "2027-03-28 02:30"\n'
    assert messages(moved, load_text) == [
        "8: previous_start: 2027-03-28 02:30 does not exist in Europe/Berlin: clocks jump "
        "forward that night; write the time as it was announced"
    ]
