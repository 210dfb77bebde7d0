"""Checks on the meaning of a gathering: times, zones, recurrence and ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from contentcheck import relative_path
from gatherings.check import find_problems
from gatherings.load import load_folder
from tests.gatherings.samples import VALID

REPEATING = VALID.replace('start: "2027-03-13 09:30"', 'start: "2027-01-09 09:30"').replace(
    'end: "2027-03-13 11:00"', 'end: "11:00"'
)


def messages(loaded: object) -> list[str]:
    return [str(problem) for problem in loaded.errors]  # type: ignore[attr-defined]


def test_end_before_start_is_compared_in_utc(load_text: Callable) -> None:
    # 09:30 in New York is 14:30 UTC; 11:00 on the same day in Berlin would be fine
    # locally but the file's zone makes the end earlier than the start.
    text = VALID.replace('end: "2027-03-13 11:00"', 'end: "2027-03-13 08:00"')
    loaded, path = load_text(text)
    assert messages(loaded) == [
        f"{path}:3: end: 2027-03-13 08:00 is not after start 2027-03-13 09:30 "
        "(compared in UTC: 13:00 vs 14:30); fix the date or time"
    ]


def test_start_in_a_dst_gap(load_text: Callable) -> None:
    text = VALID.replace('start: "2027-03-13 09:30"', 'start: "2027-03-14 02:30"').replace(
        'end: "2027-03-13 11:00"', 'end: "04:00"'
    )
    loaded, path = load_text(text)
    assert messages(loaded) == [
        f"{path}:2: start: 2027-03-14 02:30 does not exist in America/New_York: clocks jump "
        "forward that night; pick a time an hour later or earlier"
    ]


def test_unknown_time_zone_suggests_a_name(load_text: Callable) -> None:
    loaded, path = load_text(VALID.replace("America/New_York", "America/NewYork"))
    assert messages(loaded) == [
        f"{path}:4: timezone: 'America/NewYork' is not a known time zone; did you mean "
        "America/New_York?"
    ]


def test_legacy_time_zone_warns_but_builds(load_text: Callable) -> None:
    loaded, path = load_text(VALID.replace("America/New_York", "US/Eastern"))
    assert messages(loaded) == []
    assert [str(w) for w in loaded.warnings] == [
        f"{path}:4: timezone: 'US/Eastern' is a legacy name; write America/New_York"
    ]
    assert len(loaded.gatherings) == 1


def test_est_is_legacy(load_text: Callable) -> None:
    loaded, _ = load_text(VALID.replace("America/New_York", "EST"))
    assert "legacy name" in str(loaded.warnings[0])


def test_tzdata_link_names_are_valid(load_text: Callable) -> None:
    loaded, _ = load_text(VALID.replace("America/New_York", "Europe/Oslo"))
    assert messages(loaded) == []
    assert list(loaded.warnings) == []


def test_timed_gathering_needs_a_zone(load_text: Callable) -> None:
    loaded, path = load_text(VALID.replace("timezone: America/New_York\n", ""))
    assert messages(loaded) == [
        f"{path}:2: timezone: is required for a gathering with a start time; add e.g. "
        "timezone: Europe/Berlin"
    ]


def test_all_day_needs_no_zone(load_text: Callable) -> None:
    text = VALID.replace('start: "2027-03-13 09:30"', "start: 2027-03-10").replace(
        'end: "2027-03-13 11:00"', "end: 2027-03-12"
    )
    loaded, _ = load_text(text.replace("timezone: America/New_York\n", ""))
    assert messages(loaded) == []
    gathering = loaded.gatherings[0]
    assert gathering.all_day and str(gathering.end) == "2027-03-12"


def test_repeat_without_end(load_text: Callable) -> None:
    loaded, path = load_text(REPEATING + "repeat:\n  freq: monthly\n  byday: [2SA]\n")
    assert messages(loaded) == [
        f"{path}:8: repeat: a repeating gathering needs an end: add until: 2027-06-30 "
        "(last date) or count: 6"
    ]


def test_repeat_with_until_and_count(load_text: Callable) -> None:
    loaded, path = load_text(
        REPEATING + "repeat:\n  freq: monthly\n  byday: [2SA]\n  until: 2027-06-30\n  count: 4\n"
    )
    assert messages(loaded) == [f"{path}:12: repeat: give until or count, not both"]


def test_exception_that_matches_no_occurrence(load_text: Callable) -> None:
    loaded, path = load_text(
        REPEATING
        + 'repeat:\n  freq: monthly\n  byday: [2SA]\n  count: 6\n  except: ["2027-05-09"]\n'
    )
    assert messages(loaded) == [
        f"{path}:12: repeat.except[0]: 2027-05-09 is not a date this gathering repeats on; "
        "remove it or fix the date"
    ]


def test_override_that_matches_no_occurrence(load_text: Callable) -> None:
    loaded, path = load_text(
        REPEATING
        + "repeat:\n  freq: monthly\n  byday: [2SA]\n  count: 6\n"
        + "  overrides:\n    - date: 2027-04-11\n      status: cancelled\n"
    )
    assert messages(loaded) == [
        f"{path}:13: repeat.overrides[0].date: 2027-04-11 is not a date this gathering "
        "repeats on; fix the date"
    ]


def test_start_must_be_the_first_occurrence(load_text: Callable) -> None:
    loaded, path = load_text(
        REPEATING.replace("2027-01-09", "2027-01-08")
        + "repeat:\n  freq: monthly\n  byday: [2SA]\n  count: 3\n"
    )
    assert messages(loaded) == [
        f"{path}:8: repeat: start 2027-01-08 is not one of the dates the rule gives "
        "(first is 2027-01-09); make start the first occurrence"
    ]


def test_bad_weekday(load_text: Callable) -> None:
    loaded, path = load_text(REPEATING + "repeat:\n  freq: monthly\n  byday: [2SAT]\n  count: 3\n")
    assert messages(loaded) == [
        f"{path}:10: repeat.byday[0]: '2SAT' is not a weekday like SA, 2SA (second Saturday) "
        "or -1FR (last Friday)"
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "2027").mkdir()
    (tmp_path / "coffee.yaml").write_text(VALID)
    (tmp_path / "2027" / "coffee.yaml").write_text(VALID)
    loaded = load_folder(tmp_path)
    first, second = (
        relative_path(tmp_path / "2027" / "coffee.yaml"),
        relative_path(tmp_path / "coffee.yaml"),
    )
    assert messages(loaded) == [
        f"{second}: file name: the id 'coffee' is already used by {first}; rename one file "
        "(the file name is the gathering's permanent id)"
    ]
    assert len(loaded.gatherings) == 1


def test_file_name_must_be_a_slug(load_text: Callable) -> None:
    loaded, path = load_text(VALID, name="Coffee Morning")
    assert messages(loaded) == [
        f"{path}: file name: 'Coffee Morning' must be lowercase letters, digits and hyphens "
        "(it becomes the URL), for example coffee-morning.yaml"
    ]


def test_links_must_be_web_addresses(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "rsvp: javascript:alert(1)\n")
    assert messages(loaded) == [
        f"{path}:8: rsvp: 'javascript:alert(1)' must be a web address starting with https://"
    ]


def test_status_typo(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "status: canceled\n")
    assert messages(loaded) == [
        f"{path}:8: status: 'canceled' is not one of confirmed, tentative, cancelled, "
        "postponed, rescheduled; did you mean cancelled?"
    ]


def test_rescheduled_without_previous_start_is_fine(load_text: Callable) -> None:
    loaded, _ = load_text(VALID + "status: rescheduled\n")
    assert messages(loaded) == []


def test_find_problems_reads_the_settings_folder(tmp_path: Path) -> None:
    folder = tmp_path / "gatherings"
    folder.mkdir()
    (folder / "one.yaml").write_text(VALID.replace("America/New_York", "Nowhere/Atall"))
    problems = find_problems({"PATH": str(tmp_path), "GATHERINGS_PATH": "gatherings"})
    assert [p.line for p in problems] == [4]
    assert problems[0].message.startswith("timezone: 'Nowhere/Atall' is not a known time zone")


def test_committed_sample_content_is_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    loaded = load_folder(root / "content" / "gatherings")
    assert messages(loaded) == []
    assert list(loaded.warnings) == []
    assert len(loaded.gatherings) >= 6


def test_a_title_on_several_lines_is_refused_with_how_to_join_them(load_text: Callable) -> None:
    title_line = next(line for line in VALID.splitlines() if line.startswith("title:"))
    text = VALID.replace(title_line, "title: |\n  Coffee\n  no laptops", 1)
    loaded, path = load_text(text)
    line = text.splitlines().index("title: |") + 1
    assert messages(loaded) == [
        f"{path}:{line}: title: must be one line; write it on one line "
        "(or after '>' with no blank line: YAML joins such lines)"
    ]
    escaped = VALID.replace(title_line, 'title: "Coffee\\0 morning"', 1)
    assert messages(load_text(escaped)[0]) == [
        f"{path}:1: title: contains the invisible character U+0000; delete it"
    ]
    folded = VALID.replace(title_line, "title: >\n  Coffee,\n  no laptops", 1)
    assert messages(load_text(folded)[0]) == []
