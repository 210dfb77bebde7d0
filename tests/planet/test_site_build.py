"""Whole-site builds with the planet: demo members, an empty cache, hostile feeds, inactive feeds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from planet_feedserver import FeedServer, Route
from planet_xss import BAD_MARKERS, unsafe_html, xss_rss

from planet.members import load_members
from planet.settings import read_settings
from planet.store import Store
from planet.update import update_feeds
from tests.conftest import ROOT, pelican_build

pytestmark = pytest.mark.slow
SITE = "http://127.0.0.1:9"
DEMO = {"PLANET_MEMBER_PATHS": ["demo/members"], "PLANET_ALLOW_LOCAL_FEEDS": True}


def _fetch(overrides: dict[str, Any]) -> None:
    settings = read_settings(
        {"SITENAME": "Take It Offline", "SITEURL": SITE, "PLANET_PARSE_WORKERS": 1, **overrides}
    )
    members, problems = load_members(settings)
    assert not problems
    with Store(settings.cache_path) as store:
        update_feeds(settings, store, members, lambda outcome: None)


def _build(output: Path, overrides: dict[str, Any]) -> None:
    result = pelican_build(output, overrides={"SITEURL": SITE, "FEED_DOMAIN": SITE, **overrides})
    assert result.returncode == 0, result.stdout + result.stderr


def _planet_list(page: str) -> str:
    start = page.index('<ol class="planet-entries">')
    return page[start : page.index("</ol>", start)]


def test_demo_planet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    overrides = {**DEMO, "PLANET_CACHE_PATH": str(tmp_path / "cache.sqlite")}
    _fetch(overrides)
    output = tmp_path / "out"
    _build(output, overrides)

    page = (output / "planet" / "index.html").read_text()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Take It Offline planet (Atom)" href="{SITE}/planet/atom.xml">'
        in page
    )
    assert f'<link rel="stylesheet" href="{SITE}/theme/css/planet.css">' in page
    assert (
        '<a href="https://bruno.example.net/posts/ride-meetup">A bike ride is a meetup with wheels</a>'
        in page
    )
    assert '<time datetime="2026-11-21T07:30:00+00:00">21 November 2026</time>' in page
    assert "chain lubricant" not in page  # Bruno's tags filter keeps only meetups and community
    assert "Read it on Chiara Benedetti’s blog" in page
    assert "Half the group never finishes the book" not in page  # title-only policy
    assert 'href="https://devraman.example.org/small-rooms">Continue reading on their blog' in page
    assert unsafe_html(_planet_list(page)) == []

    assert f'<link rel="canonical" href="{SITE}/planet/">' in page
    second = (output / "planet" / "page" / "2" / "index.html").read_text()
    assert f'<link rel="canonical" href="{SITE}/planet/page/2/">' in second
    assert f'href="{SITE}/planet/" rel="prev"' in second
    css = sum(
        (ROOT / "theme" / "static" / "css" / name).stat().st_size
        for name in ("main.css", "planet.css")
    )
    for html in [
        output / "planet" / "index.html",
        output / "planet" / "page" / "2" / "index.html",
        output / "members" / "index.html",
    ]:
        assert html.stat().st_size + css < 50_000, html

    atom = feedparser.parse((output / "planet" / "atom.xml").read_bytes())
    assert atom.bozo == 0
    assert len(atom.entries) == 26  # 28 demo entries, two of Bruno's filtered out by tags
    first = atom.entries[0]
    assert {"title", "link", "author", "published"} <= set(first)
    links = {entry.link for entry in atom.entries}
    assert "https://ana.example.org/2026/11/second-dinner/" in links

    opml = ET.fromstring((output / "planet" / "opml.xml").read_bytes())
    names = [outline.get("text") for outline in opml.iter("outline")]
    assert names == ["Ana Okafor", "Bruno Lindqvist", "Chiara Benedetti", "Dev Raman", "Maya Holt"]

    health = json.loads((output / "planet" / "health.json").read_text())
    assert {slug: item["status"] for slug, item in health["members"].items()} == {
        "ana-okafor": "ok",
        "bruno-lindqvist": "ok",
        "chiara-benedetti": "ok",
        "dev-raman": "ok",
        "maya-holt": "ok",
    }
    members = (output / "members" / "index.html").read_text()
    assert members.count('class="card planet-member') == 5
    assert "Only posts tagged meetups, community" in members

    home = (output / "index.html").read_text()
    assert "From members’ blogs" in home or "From members' blogs" in home
    assert "A bike ride is a meetup with wheels" in home


def test_empty_cache_builds_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = tmp_path / "out"
    _build(output, {**DEMO, "PLANET_CACHE_PATH": str(tmp_path / "never-fetched.sqlite")})
    page = (output / "planet" / "index.html").read_text()
    assert "No posts yet: no member’s feed has been read so far." in page
    assert not (tmp_path / "never-fetched.sqlite").exists()  # the build never writes the cache
    health = json.loads((output / "planet" / "health.json").read_text())
    assert health["members"]["ana-okafor"]["status"] == "never fetched"
    atom = feedparser.parse((output / "planet" / "atom.xml").read_bytes())
    assert atom.bozo == 0 and atom.entries == []


def test_a_planet_nobody_has_joined_invites_readers_to_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The production site until the first member file is merged.
    monkeypatch.chdir(ROOT)
    output = tmp_path / "out"
    (tmp_path / "members").mkdir()
    _build(output, {"PLANET_MEMBER_PATHS": [str(tmp_path / "members")]})
    join = f'<a href="{SITE}/join-the-planet/">join the planet</a>'
    planet = (output / "planet" / "index.html").read_text()
    assert "No one’s blog is on the planet yet." in planet and join in planet
    assert "0 members" not in planet
    members = (output / "members" / "index.html").read_text()
    assert "No one has joined yet." in members and join in members
    assert "0 members" not in members
    assert (output / "join-the-planet" / "index.html").is_file()  # the link leads somewhere


@pytest.mark.parametrize("policy", ["full", "summary"])
def test_hostile_feed_never_reaches_the_page_or_the_atom_feed(
    policy: str, tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    members = tmp_path / "members"
    members.mkdir()
    feed_server.routes["/evil.xml"] = Route(body=xss_rss())
    (members / "mallory.yaml").write_text(
        f'name: "Mallory <script>alert(1)</script>"\nfeed: {feed_server.url}/evil.xml\n'
        "site: https://evil.example.org/\navatar: https://evil.example.org/me.png\n"
    )
    overrides = {
        "PLANET_MEMBER_PATHS": [str(members)],
        "PLANET_CACHE_PATH": str(tmp_path / "c.sqlite"),
        "PLANET_CONTENT": policy,
    }
    _fetch(overrides)
    output = tmp_path / "out"
    _build(output, overrides)
    page = (output / "planet" / "index.html").read_text()
    entries = _planet_list(page)
    assert "The safe paragraph stays." in entries
    assert unsafe_html(entries) == []
    for marker in BAD_MARKERS:
        if marker != "alert(":  # the member's name below holds one, escaped as text
            assert marker not in entries.lower(), marker
    assert "Mallory &lt;script&gt;alert(1)&lt;/script&gt;" in entries  # the name is text, escaped
    atom = (output / "planet" / "atom.xml").read_text()
    for marker in (
        "javascript:",
        "vbscript:",
        "data:text",
        "onerror",
        "onclick",
        "onmouseover",
        "xlink:href",
        "<script",
    ):
        assert marker not in atom.lower(), marker
    tree = ET.fromstring(atom)
    ns = "{http://www.w3.org/2005/Atom}"
    contents = [element.text or "" for element in tree.iter(f"{ns}content")]
    assert bool(contents) == (policy == "full")
    assert all(unsafe_html(html) == [] for html in contents)
    entry_links = [
        link.get("href", "")
        for entry in tree.iter(f"{ns}entry")
        for link in entry.iter(f"{ns}link")
    ]
    assert entry_links
    assert all(href.startswith("https://") for href in entry_links)
    assert "Kind words" in [element.text for element in tree.iter(f"{ns}title")]
    members_page = (output / "members" / "index.html").read_text()
    assert "<script>alert(1)" not in members_page
    assert '<img class="planet-avatar" src="https://evil.example.org/me.png"' in members_page
    opml = ET.fromstring((output / "planet" / "opml.xml").read_bytes())
    (outline,) = opml.iter("outline")
    assert outline.get("xmlUrl") == f"{feed_server.url}/evil.xml"
    assert outline.get("text") == "Mallory <script>alert(1)</script>"  # text, escaped in the XML


def test_a_feed_failing_for_a_week_marks_the_member_inactive(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    members = tmp_path / "members"
    members.mkdir()
    feed_server.routes["/down.xml"] = Route(500)
    (members / "quiet.yaml").write_text(f"name: Quiet\nfeed: {feed_server.url}/down.xml\n")
    overrides = {
        "PLANET_MEMBER_PATHS": [str(members)],
        "PLANET_CACHE_PATH": str(tmp_path / "c.sqlite"),
    }
    _fetch(overrides)
    soon = tmp_path / "soon"
    _build(soon, overrides)
    assert "Inactive" not in (soon / "members" / "index.html").read_text()
    later = (datetime.now(UTC) + timedelta(days=8)).isoformat()
    output = tmp_path / "later"
    _build(output, {**overrides, "PLANET_NOW": later})
    members_page = (output / "members" / "index.html").read_text()
    assert '<span class="planet-badge">Inactive</span>' in members_page
    assert "has not answered for over a week." in members_page
    three_days = tmp_path / "three-days"
    _build(three_days, {**overrides, "PLANET_NOW": later, "PLANET_INACTIVE_DAYS": 3})
    assert (
        "has not answered for over 3 days." in (three_days / "members" / "index.html").read_text()
    )
    health = json.loads((output / "planet" / "health.json").read_text())["members"]["quiet"]
    assert health["status"] == "inactive"
    assert health["last_error"] == "HTTP 500 Internal Server Error"


def test_an_avatar_file_changed_under_content_is_copied_again(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from planet.generator import PlanetGenerator

    content, output = tmp_path / "content", tmp_path / "output"
    (content / "avatars").mkdir(parents=True)
    source = content / "avatars" / "ana.png"
    source.write_bytes(b"first picture")
    fake = SimpleNamespace(
        members=[SimpleNamespace(avatar="avatars/ana.png")],
        planet=SimpleNamespace(content_root=content),
        output_path=str(output),
    )
    PlanetGenerator._copy_avatars(fake)  # type: ignore[arg-type]
    assert (output / "avatars" / "ana.png").read_bytes() == b"first picture"
    source.write_bytes(b"a newer, longer picture")
    PlanetGenerator._copy_avatars(fake)  # type: ignore[arg-type]
    assert (output / "avatars" / "ana.png").read_bytes() == b"a newer, longer picture"
