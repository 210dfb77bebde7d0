"""YAML that would surprise a contributor gets a located message that says how to fix it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.gatherings.samples import VALID


def messages(loaded: object) -> list[str]:
    return [str(problem) for problem in loaded.errors]  # type: ignore[attr-defined]


def test_valid_file_has_no_problem(load_text: Callable) -> None:
    loaded, _ = load_text(VALID)
    assert messages(loaded) == []
    assert len(loaded.gatherings) == 1


def test_sexagesimal_time_is_explained(load_text: Callable) -> None:
    loaded, path = load_text(VALID.replace('start: "2027-03-13 09:30"', "start: 19:30"))
    assert messages(loaded) == [
        f"{path}:2: start: YAML reads 19:30 as the number 1170; write the date and time in "
        'quotes, like start: "2027-03-13 19:30"'
    ]


def test_end_time_alone_must_be_quoted(load_text: Callable) -> None:
    loaded, path = load_text(VALID.replace('end: "2027-03-13 11:00"', "end: 18:30"))
    assert messages(loaded) == [
        f'{path}:3: end: YAML reads 18:30 as the number 1110; put the time in quotes: end: "18:30"'
    ]


def test_quoted_end_time_means_same_day(load_text: Callable) -> None:
    loaded, _ = load_text(VALID.replace('end: "2027-03-13 11:00"', 'end: "11:00"'))
    assert messages(loaded) == []
    assert loaded.gatherings[0].end.isoformat() == "2027-03-13T11:00:00-05:00"


def test_norway_country_code_is_not_false(load_text: Callable) -> None:
    loaded, path = load_text(VALID.replace("country: US", "country: NO"))
    assert messages(loaded) == [
        f'{path}:7: venue.address.country: YAML reads NO as false; put it in quotes: country: "NO"'
    ]


def test_octal_looking_postal_code(load_text: Callable) -> None:
    loaded, path = load_text(
        VALID.replace("city: Washington,", "city: Washington, postal_code: 01234,")
    )
    assert messages(loaded) == [
        f"{path}:7: venue.address.postal_code: YAML reads 01234 as the number 668; "
        'put it in quotes: postal_code: "01234"'
    ]


def test_unquoted_dates_are_read_as_written(load_text: Callable) -> None:
    text = VALID.replace('start: "2027-03-13 09:30"', "start: 2027-03-13 09:30").replace(
        'end: "2027-03-13 11:00"', "end: 2027-03-13T11:00"
    )
    loaded, _ = load_text(text)
    assert messages(loaded) == []
    assert loaded.gatherings[0].start.isoformat() == "2027-03-13T09:30:00-05:00"


def test_impossible_date_has_a_line(load_text: Callable) -> None:
    loaded, path = load_text(
        VALID.replace('start: "2027-03-13 09:30"', "start: 2027-02-30 09:30").replace(
            'end: "2027-03-13 11:00"', 'end: "12:00"'
        )
    )
    assert messages(loaded) == [
        f"{path}:2: start: 2027-02-30 09:30 is not a date in the calendar "
        "(day is out of range for month); check the day and month"
    ]


def test_duplicate_keys_are_reported_not_overwritten(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "title: Second title\n")
    assert messages(loaded) == [
        f"{path}:8: title: duplicate key (first on line 1); YAML would silently keep the last "
        "one: keep only one"
    ]


def test_unknown_key_suggests_status_cancelled(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "canceled: true\n")
    assert messages(loaded) == [
        f"{path}:8: canceled: unknown field; to cancel a gathering, write status: cancelled "
        "(and reason: why)"
    ]


def test_unknown_key_suggests_closest(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "summray: One line\n")
    assert messages(loaded) == [f"{path}:8: summray: unknown field; did you mean summary?"]


def test_python_tag_is_refused_and_never_run(load_text: Callable, tmp_path) -> None:
    marker = tmp_path / "ran"
    loaded, path = load_text(
        VALID + f"summary: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    assert messages(loaded) == [
        f"{path}:8: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed "
        "(tags are never run); remove it and write plain text"
    ]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(load_text: Callable) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 10):
        lines.append(f"{chr(97 + index)}: &{chr(97 + index)} [*{chr(96 + index)}]")
    loaded, path = load_text("\n".join(lines) + "\n")
    assert messages(loaded) == [
        f"{path}:2: aliases (*name) are not supported here; write the value out in full"
    ]


def test_non_utf8_bytes_name_the_line(load_text: Callable) -> None:
    data = VALID.replace("Test Cafe", "Caf\u00e9").encode("latin-1")
    loaded, path = load_text(data)
    assert messages(loaded) == [
        f"{path}:6: byte 0xe9 is not UTF-8; save the file as UTF-8 (in most editors: Save "
        "with encoding, UTF-8)"
    ]


def test_list_at_top_level(load_text: Callable) -> None:
    loaded, path = load_text("- title: One\n- title: Two\n")
    assert messages(loaded) == [
        f"{path}:1: file: must be a mapping of fields (title: ..., start: ...), not a list; "
        "write one gathering per file"
    ]


def test_list_where_venue_mapping_belongs(load_text: Callable) -> None:
    text = VALID.replace(
        "venue:\n  name: Test Cafe\n  address: {city: Washington, country: US}\n",
        "venue:\n  - Test Cafe\n  - Washington\n",
    )
    loaded, path = load_text(text)
    assert messages(loaded) == [
        f"{path}:6: venue: must be a mapping of key: value lines (indented below venue:), "
        "not a list"
    ]


def test_syntax_error_has_line(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "tags: [coffee,\n")
    [problem] = loaded.errors
    assert problem.line == 9
    assert str(problem).startswith(f"{path}:9: not valid YAML (")


def test_empty_file(load_text: Callable) -> None:
    loaded, path = load_text("")
    assert messages(loaded) == [
        f"{path}:1: file: is empty; write at least title, start and venue "
        "(see content/pages/host-a-gathering.md)"
    ]


@pytest.mark.parametrize("missing", ["title", "start"])
def test_required_fields(load_text: Callable, missing: str) -> None:
    text = "\n".join(line for line in VALID.splitlines() if not line.startswith(missing))
    loaded, path = load_text(text + "\n")
    assert any(
        str(p).startswith(f"{path}") and f"{missing}: is required" in str(p) for p in loaded.errors
    )


def test_every_problem_of_a_file_in_one_run(load_text: Callable) -> None:
    text = (
        "title: Many mistakes\nstart: 19:30\ntimezone: Mars/Olympus\ncanceled: yes\n"
        "venue:\n  name: X\n  address: {city: Oslo, country: NO}\n"
        "repeat:\n  freq: weekly\n  except: [2027-02-30]\n"
    )
    loaded, _ = load_text(text)
    lines = sorted(problem.line for problem in loaded.errors)
    assert lines == [2, 3, 4, 7, 8, 10]
    assert loaded.gatherings == ()


def test_pure_python_loader_gives_the_same_messages(
    load_text: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contentcheck import yamltree

    monkeypatch.setattr(yamltree, "_Loader", yamltree._NoAliasLoader)
    loaded, path = load_text(VALID.replace("country: US", "country: NO") + "a: &x [1]\nb: *x\n")
    # The alias stops reading the file, so it is the only message.
    assert messages(loaded) == [
        f"{path}:9: aliases (*name) are not supported here; write the value out in full"
    ]


@pytest.mark.parametrize("pure_python", [False, True])
def test_merge_key_is_refused_by_name(
    load_text: Callable, monkeypatch: pytest.MonkeyPatch, pure_python: bool
) -> None:
    from contentcheck import yamltree

    if pure_python:
        monkeypatch.setattr(yamltree, "_Loader", yamltree._NoAliasLoader)
    loaded, path = load_text(VALID + "<<: {summary: Hi}\n")
    assert messages(loaded) == [f"{path}:8: merge keys (<<) are not supported; write it out"]


def test_a_huge_value_is_not_repeated_in_full(load_text: Callable) -> None:
    loaded, path = load_text(VALID + "rsvp: " + "x" * 5000 + "\n")
    assert messages(loaded) == [
        f"{path}:8: rsvp: '{'x' * 79}…' must be a web address starting with https://"
    ]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("sequence: {digits}", "sequence"),
        ("repeat: {{freq: weekly, interval: {digits}, count: 2}}", "repeat.interval"),
        ("repeat: {{freq: weekly, count: {digits}}}", "repeat.count"),
        ("repeat: {{freq: monthly, count: 2, bymonthday: [{digits}]}}", "repeat.bymonthday[0]"),
    ],
)
def test_a_number_too_long_for_python_is_reported(
    load_text: Callable, line: str, field: str
) -> None:
    """int() refuses more than 4300 digits; more than 9 is already too large."""
    loaded, path = load_text(VALID + line.format(digits="1" * 5000) + "\n")
    assert messages(loaded) == [
        f"{path}:8: {field}: is too large; write a whole number of at most 9 digits"
    ]
    loaded, _ = load_text(VALID + line.format(digits="0000000013") + "\n")
    assert messages(loaded) == []


def test_a_duration_too_long_for_python_is_reported(load_text: Callable) -> None:
    text = VALID.replace('end: "2027-03-13 11:00"', "duration: " + "1" * 5000 + "m")
    loaded, path = load_text(text)
    assert messages(loaded)[0] == (
        f"{path}:3: duration: is too large; write at most 9 digits, like 90m or 2h"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'start: "2027-03-13 09:30"',
            'start: "{x}"',
            "2: start: '{cut}' is not a date (\"2027-03-13\") or date and time "
            '("2027-03-13 19:30")',
        ),
        (
            'start: "2027-03-13 09:30"',
            'start: "2027-03-13 09:30{x}+01:00"',
            "2: start: '2027-03-13 09:30{cut_after_date}' has a UTC offset; write the local "
            'wall time ("2027-03-13 19:30") and set timezone',
        ),
        (
            "timezone: America/New_York",
            'timezone: "{y}"',
            "4: timezone: '{cut_y}' is not a known time zone; use an IANA name such as "
            "Europe/Berlin or America/New_York",
        ),
    ],
)
def test_gathering_messages_never_repeat_a_huge_value(
    load_text: Callable, old: str, new: str, expected: str
) -> None:
    x, y = "x" * 5000, "Y" * 5000
    loaded, path = load_text(VALID.replace(old, new.format(x=x, y=y)))
    cut_after_date = ("2027-03-13 09:30" + x)[:79][len("2027-03-13 09:30") :] + "…"
    assert messages(loaded) == [
        f"{path}:"
        + expected.format(cut="x" * 79 + "…", cut_y="Y" * 79 + "…", cut_after_date=cut_after_date)
    ]


def test_a_huge_weekday_is_not_repeated_in_full(load_text: Callable) -> None:
    loaded, path = load_text(
        VALID + 'repeat: {freq: weekly, count: 2, byday: ["' + "Z" * 5000 + '"]}\n'
    )
    assert messages(loaded) == [
        f"{path}:8: repeat.byday[0]: '{'Z' * 79}…' is not a weekday like SA, 2SA (second "
        "Saturday) or -1FR (last Friday)"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: " + "[" * 60_000 + "]" * 60_000 + "\n", 1),  # overflowed libyaml's stack
        ("title: " + "{a: " * 2_000 + "x" + "}" * 2_000 + "\n", 1),
        ("- " * 100 + "x\n", 1),
        ("a:\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(1, 80)) + "  v\n", 65),
    ],
    ids=["flow lists", "flow mappings", "block lists", "block mappings"],
)
@pytest.mark.parametrize("pure_python", [False, True])
def test_nesting_too_deep_is_refused_with_a_line(
    load_text: Callable, monkeypatch: pytest.MonkeyPatch, text: str, line: int, pure_python: bool
) -> None:
    from contentcheck import yamltree

    if pure_python:
        monkeypatch.setattr(yamltree, "_Loader", yamltree._NoAliasLoader)
    loaded, path = load_text(text)
    assert messages(loaded) == [
        f"{path}:{line}: lists and mappings nested more than {yamltree.MAX_DEPTH} levels deep; "
        "a content file needs only a few levels"
    ]


def test_a_few_levels_of_nesting_are_fine() -> None:
    from contentcheck import yamltree

    tree, problems = yamltree.parse("a:\n  b: [1, [2, {c: [3]}]]\n  d:\n    - e: f\n")
    assert tree is not None and problems == []
