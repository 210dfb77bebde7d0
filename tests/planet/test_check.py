"""Member file checks: every problem, exactly worded, with file and line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from planet.check import find_problems


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project root in tmp_path (the checker reports paths relative to the working directory)."""
    (tmp_path / "members").mkdir()
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "me.png").write_bytes(b"png")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "demo.xml").write_text("<rss/>")
    previous = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(previous)


def _check(
    project: Path, files: dict[str, str], allow_local: bool | list[str] = False
) -> list[str]:
    for name, text in files.items():
        (project / "members" / name).write_text(text, encoding="utf-8")
    settings = {
        "PATH": "content",
        "PLANET_MEMBER_PATHS": ["members"],
        "PLANET_ALLOW_LOCAL_FEEDS": allow_local,
    }
    return [str(problem) for problem in sorted(find_problems(settings))]


def test_a_valid_member_has_no_problems(project: Path) -> None:
    text = (
        "name: Ana\nfeed: https://ana.example.org/feed.xml\nsite: https://ana.example.org/\n"
        "avatar: images/me.png\ntags: [meetups, walks]\ncontent: summary\n"
    )
    assert _check(project, {"ana.yaml": text}) == []


def test_every_problem_of_every_file_in_one_run(project: Path) -> None:
    problems = _check(
        project,
        {
            "a.yaml": "name: A\nfeed: https://a.example/feed\nwebsite: https://a.example/\nname: Again\n",
            "b.yaml": "site: ftp://b.example/\nfeed: javascript:alert(1)\n",
            "c.yaml": "name: NO\nfeed: feeds/demo.xml\ncontent: everything\ntags: meetups\n",
            "d.yaml": "name: D\nfeed: https://d.example/feed\navatar: images/missing.png\n",
        },
    )
    assert problems == [
        "members/a.yaml:3: website: unknown field; did you mean site?",
        "members/a.yaml:4: name: duplicate key (first on line 1); YAML would silently keep the "
        "last one: keep only one",
        "members/b.yaml:1: name: missing; add a line 'name: ...'",
        "members/b.yaml:1: site: 'ftp://b.example/' is not a web address; write a full http:// or https:// URL",
        "members/b.yaml:2: feed: 'javascript:alert(1)' must be an http:// or https:// address",
        'members/c.yaml:1: name: YAML reads NO as false; put it in quotes: name: "NO"',
        "members/c.yaml:2: feed: 'feeds/demo.xml' is not a web address; write the feed's full http:// "
        "or https:// URL (local files are only allowed when PLANET_ALLOW_LOCAL_FEEDS allows them)",
        "members/c.yaml:3: content: 'everything' is not one of full, summary, title",
        "members/c.yaml:4: tags: must be a list of tags, for example [meetups, walking]",
        "members/d.yaml:3: avatar: no file 'images/missing.png' under content/; give a path relative "
        "to content/ (for example images/avatars/you.png) or an https:// URL",
    ]


def test_local_feeds_when_allowed(project: Path) -> None:
    problems = _check(
        project,
        {
            "ok.yaml": "name: Ok\nfeed: feeds/demo.xml\n",
            "missing.yaml": "name: Missing\nfeed: feeds/nope.xml\n",
            "outside.yaml": "name: Outside\nfeed: ../etc/passwd\n",
            "absolute.yaml": "name: Absolute\nfeed: /etc/passwd\n",
        },
        allow_local=True,
    )
    assert problems == [
        "members/absolute.yaml:2: feed: '/etc/passwd': must be a path inside the project, relative to its root",
        "members/missing.yaml:2: feed: 'feeds/nope.xml': no file at feeds/nope.xml (paths are relative to the project root)",
        "members/outside.yaml:2: feed: '../etc/passwd': must be a path inside the project, relative to its root",
    ]


def test_yaml_syntax_errors_have_a_line(project: Path) -> None:
    problems = _check(
        project,
        {
            "broken.yaml": "name: Broken\nfeed: https://x.example/feed\ntags: [a, b\nsite: https://x.example/\n",
            "list.yaml": "- name: A\n- feed: B\n",
            "empty.yaml": "",
            "tab.yaml": "name: Tab\n\tfeed: https://t.example/\n",
        },
    )
    assert problems[0] == (
        "members/broken.yaml:4: not valid YAML (while parsing a flow sequence did not find "
        "expected ',' or ']'); check indentation, colons and quotes"
    )
    assert problems[1] == "members/empty.yaml:1: the file is empty; write one 'key: value' per line"
    assert (
        problems[2]
        == "members/list.yaml:1: the file must be a mapping of fields, one 'key: value' per line"
    )
    assert problems[3].startswith("members/tab.yaml:2: not valid YAML (")
    assert len(problems) == 4


def test_non_utf8_names_the_line_of_the_bad_byte(project: Path) -> None:
    (project / "members" / "latin.yaml").write_bytes(
        "# Café's member file\nname: Ana\nfeed: https://c.example/\nsite: https://caf\xe9.example/\n".encode(
            "latin-1"
        )
    )
    assert _check(project, {}) == [
        "members/latin.yaml:1: byte 0xe9 is not UTF-8; save the file as UTF-8 "
        "(in most editors: Save with encoding, UTF-8)"
    ]
    (project / "members" / "latin.yaml").write_bytes(
        "name: Ana\nfeed: https://c.example/\nsite: https://caf\xe9.example/\n".encode("latin-1")
    )
    assert _check(project, {}) == [
        "members/latin.yaml:3: byte 0xe9 is not UTF-8; save the file as UTF-8 "
        "(in most editors: Save with encoding, UTF-8)"
    ]


def test_values_yaml_would_turn_into_something_else(project: Path) -> None:
    """Dates and plain numbers are fine as text; true/false words and odd numbers need quotes."""
    problems = _check(
        project,
        {
            "date.yaml": "name: 2027-02-30\nfeed: https://d.example/feed\n",
            "number.yaml": "name: 2026\nfeed: https://n.example/feed\n",
            "yes.yaml": "name: yes\nfeed: https://y.example/feed\ntags: [walks, off]\n",
            "octal.yaml": "name: 0755\nfeed: https://o.example/feed\n",
            "list.yaml": "name: [a, b]\nfeed: https://l.example/feed\ntags: [ok, '', {a: b}]\n",
            "blank.yaml": "name: ''\nfeed:\n",
        },
    )
    assert problems == [
        "members/blank.yaml:1: name: is empty; give it a value",
        "members/blank.yaml:2: feed: is empty; give it a value",
        "members/list.yaml:1: name: must be text, not a list",
        "members/list.yaml:3: tags[1]: is empty; write each tag as text, or remove it",
        "members/list.yaml:3: tags[2]: must be text, not a mapping (key: value lines)",
        'members/octal.yaml:1: name: YAML reads 0755 as the number 493; put it in quotes: name: "0755"',
        'members/yes.yaml:1: name: YAML reads yes as true; put it in quotes: name: "yes"',
        'members/yes.yaml:3: tags[1]: YAML reads off as false; put it in quotes: tags[1]: "off"',
    ]


def test_valid_members_keep_their_values(project: Path) -> None:
    from planet.members import load_members
    from planet.settings import read_settings

    (project / "members" / "n.yaml").write_text(
        "name: 2026\nfeed: https://n.example/feed\ntags: [walks, '42']\ncontent: title\n"
    )
    settings = read_settings({"PATH": "content", "PLANET_MEMBER_PATHS": ["members"]})
    members, problems = load_members(settings)
    assert problems == []
    assert [(m.name, m.feed, m.site, m.avatar, m.tags, m.content) for m in members] == [
        ("2026", "https://n.example/feed", None, None, ("walks", "42"), "title")
    ]


def test_alias_bomb_is_refused_quickly_with_a_short_message(project: Path) -> None:
    import time

    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("name: [" + ", ".join(["*h"] * 9) + "]")
    lines.append("feed: https://bomb.example/feed")
    started = time.perf_counter()
    problems = _check(project, {"bomb.yaml": "\n".join(lines) + "\n"})
    assert time.perf_counter() - started < 2
    assert problems == [
        "members/bomb.yaml:2: aliases (*name) are not supported here; write the value out in full"
    ]


@pytest.mark.parametrize("pure_python", [False, True])
def test_tags_and_merge_keys_are_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, pure_python: bool
) -> None:
    from contentcheck import yamltree

    if pure_python:
        monkeypatch.setattr(yamltree, "_Loader", yamltree._NoAliasLoader)
    problems = _check(
        project,
        {
            "tag.yaml": "name: !!python/object:os.system echo hi\nfeed: https://t.example/feed\n",
            "merge.yaml": "<<: {name: B}\nfeed: https://m.example/feed\n",
            "anchor.yaml": "name: &a Ana\nfeed: https://a.example/feed\n",
        },
    )
    assert problems == [
        "members/merge.yaml:1: merge keys (<<) are not supported; write it out",
        "members/tag.yaml:1: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed "
        "(tags are never run); remove it and write plain text",
    ]


def test_messages_never_repeat_a_huge_value(project: Path) -> None:
    long_value = "x" * 5000
    long_key = "k" * 1000  # YAML allows keys of up to 1024 characters
    problems = _check(
        project,
        {
            "long.yaml": f"name: L\nfeed: {long_value}\nsite: {long_value}\n{long_key}: 1\n",
            "twice.yaml": f"name: T\nfeed: https://t.example/\n{long_key}: 1\n{long_key}: 2\n",
        },
    )
    assert len(problems) == 5
    assert all(len(problem) < 300 for problem in problems), problems


def test_same_slug_in_two_member_folders(project: Path) -> None:
    (project / "more").mkdir()
    (project / "more" / "ana.yaml").write_text("name: Other Ana\nfeed: https://o.example/feed\n")
    (project / "members" / "ana.yaml").write_text("name: Ana\nfeed: https://a.example/feed\n")
    settings = {"PATH": "content", "PLANET_MEMBER_PATHS": ["members", "more"]}
    assert [str(problem) for problem in find_problems(settings)] == [
        "more/ana.yaml: member 'ana' is already defined in members/ana.yaml; rename one of the files"
    ]


def test_the_content_checker_runs_the_planet_check(project: Path) -> None:
    from contentcheck import find_all_problems

    (project / "members" / "typo.yaml").write_text(
        "name: T\nfeed: https://t.example/feed\nsiet: x\n"
    )
    settings = {"PATH": "content", "PLUGINS": ["planet"], "PLANET_MEMBER_PATHS": ["members"]}
    assert [str(problem) for problem in find_all_problems(settings)] == [
        "members/typo.yaml:3: siet: unknown field; did you mean site?"
    ]


def test_avatar_and_site_schemes(project: Path) -> None:
    problems = _check(
        project,
        {
            "x.yaml": "name: X\nfeed: https://x.example/feed\navatar: javascript:alert(1)\n"
            "site: data:text/html,hi\n",
        },
    )
    assert problems == [
        "members/x.yaml:3: avatar: 'javascript:alert(1)' must be an http(s) URL or a file under content",
        "members/x.yaml:4: site: 'data:text/html,hi' is not a web address; write a full http:// or https:// URL",
    ]


def test_a_web_address_urllib_cannot_split_is_reported(project: Path) -> None:
    """An unclosed IPv6 bracket makes urlsplit raise; the value is simply not a web address."""
    problems = _check(
        project,
        {
            "feed.yaml": 'name: F\nfeed: "http://[bad/feed"\n',
            "site.yaml": 'name: S\nfeed: https://s.example/feed\nsite: "http://[x"\n',
            "avatar.yaml": 'name: A\nfeed: https://a.example/feed\navatar: "https://[x/me.png"\n',
        },
    )
    assert problems == [
        "members/avatar.yaml:3: avatar: 'https://[x/me.png' must be an http(s) URL or a file under content",
        "members/feed.yaml:2: feed: 'http://[bad/feed' is not a valid address (check its [ ] brackets)",
        "members/site.yaml:3: site: 'http://[x' is not a valid address (check its [ ] brackets)",
    ]


def test_control_characters_and_impossible_ports_are_named(project: Path) -> None:
    """Addresses that look like web addresses but cannot be used: each says why. A control
    character inside must never make the fetch take the address for a local file."""
    problems = _check(
        project,
        {
            "ctl.yaml": 'name: C\nfeed: "http://127.0.0.1:8765/a\\x01b"\n',
            "port.yaml": "name: P\nfeed: https://a.example:99999/f\n",
        },
    )
    assert problems == [
        "members/ctl.yaml:2: feed: 'http://127.0.0.1:8765/a\\x01b' contains an invisible "
        "control character; type the address again",
        "members/port.yaml:2: feed: 'https://a.example:99999/f' has an impossible port; ports "
        "run from 1 to 65535",
    ]


def test_a_blank_optional_field_is_reported(project: Path) -> None:
    problems = _check(
        project,
        {
            "blank.yaml": 'name: B\nfeed: https://b.example/feed\nsite: ""\navatar: "  "\ncontent: ""\n',
            "null.yaml": "name: N\nfeed: https://n.example/feed\nsite:\n",
            "absent.yaml": "name: A\nfeed: https://a.example/feed\n",
        },
    )
    assert problems == [
        "members/blank.yaml:3: site: is empty; give it a value or remove the line",
        "members/blank.yaml:4: avatar: is empty; give it a value or remove the line",
        "members/blank.yaml:5: content: is empty; give it a value or remove the line",
        "members/null.yaml:3: site: is empty; give it a value or remove the line",
    ]


def test_local_feeds_only_in_the_folders_the_setting_names(project: Path) -> None:
    (project / "demo").mkdir()
    (project / "demo" / "ok.yaml").write_text("name: Demo\nfeed: feeds/demo.xml\n")
    settings = {
        "PATH": "content",
        "PLANET_MEMBER_PATHS": ["members", "demo"],
        "PLANET_ALLOW_LOCAL_FEEDS": ["demo"],
    }
    (project / "members" / "pr.yaml").write_text("name: PR\nfeed: feeds/demo.xml\n")
    assert [str(problem) for problem in sorted(find_problems(settings))] == [
        "members/pr.yaml:2: feed: 'feeds/demo.xml' is not a web address; write the feed's full "
        "http:// or https:// URL (local files are only allowed for member files in demo)"
    ]


def test_a_member_file_name_must_be_a_slug(project: Path) -> None:
    problems = _check(project, {"Ana Okafor.yaml": "name: Ana\nfeed: https://a.example/feed\n"})
    assert problems == [
        "members/Ana Okafor.yaml: file name: 'Ana Okafor' becomes part of the planet's URLs "
        "and feed ids; use lowercase letters, digits and hyphens: ana-okafor.yaml"
    ]


def test_a_member_file_ending_in_upper_case_yaml_is_checked(project: Path) -> None:
    problems = _check(project, {"loud.YAML": "name: Loud\nfeed: ftp://loud.example/\n"})
    assert problems == [
        "members/loud.YAML:2: feed: 'ftp://loud.example/' must be an http:// or https:// address"
    ]


def test_an_avatar_address_must_be_https(project: Path) -> None:
    problems = _check(
        project,
        {"p.yaml": "name: P\nfeed: https://p.example/feed\navatar: http://p.example/me.png\n"},
    )
    assert problems == [
        "members/p.yaml:3: avatar: 'http://p.example/me.png' must be an https:// address: "
        "browsers block or flag http:// pictures on an https:// page"
    ]
