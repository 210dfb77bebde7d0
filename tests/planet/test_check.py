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


def _check(project: Path, files: dict[str, str], allow_local: bool = False) -> list[str]:
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
        "members/a.yaml:3: website: unknown field (a typo?); use one of name, feed, site, avatar, tags, content",
        "members/a.yaml:4: name: given twice (first on line 1); keep one",
        "members/b.yaml:1: name: missing; add a line 'name: ...'",
        "members/b.yaml:1: site: 'ftp://b.example/' is not a web address; write a full http:// or https:// URL",
        "members/b.yaml:2: feed: 'javascript:alert(1)' must be an http:// or https:// address",
        "members/c.yaml:1: name: must be text; YAML read False (bool), put the value in quotes",
        "members/c.yaml:2: feed: 'feeds/demo.xml' is not a web address; write the feed's full http:// "
        "or https:// URL (local files are only allowed when PLANET_ALLOW_LOCAL_FEEDS is true)",
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
    assert (
        problems[0] == "members/broken.yaml:4: YAML syntax error: did not find expected ',' or ']'"
    )
    assert problems[1] == "members/empty.yaml:1: the file is empty; write one 'key: value' per line"
    assert (
        problems[2]
        == "members/list.yaml:1: the file must be a mapping of fields, one 'key: value' per line"
    )
    assert problems[3].startswith("members/tab.yaml:2: YAML syntax error: ")
    assert len(problems) == 4


def test_unreadable_value_and_non_utf8(project: Path) -> None:
    (project / "members" / "latin.yaml").write_bytes(
        "name: Caf\xe9\nfeed: https://c.example/\n".encode("latin-1")
    )
    problems = _check(project, {"date.yaml": "name: 2027-02-30\nfeed: https://d.example/feed\n"})
    assert problems == [
        "members/date.yaml:1: name: cannot read the value: day is out of range for month",
        "members/latin.yaml: not UTF-8 text (invalid continuation byte); save it as UTF-8",
    ]


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
        "members/typo.yaml:3: siet: unknown field (a typo?); use one of name, feed, site, avatar, tags, content"
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
