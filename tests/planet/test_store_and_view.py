"""The cache and what the pages show: dedupe, dates, order, tag filter, content policy."""

from __future__ import annotations

import calendar
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from planet_feedserver import FeedServer, Route
from planet_samples import atom, rss2

from planet.store import SCHEMA_VERSION, Store, open_for_reading
from planet.view import MemberView, PlanetEntry, content_policy, paginate, select_entries


def _select(world):
    settings = world.settings()
    from planet.members import load_members

    members, _ = load_members(settings)
    with world.store() as store:
        return select_entries(store.entries_newest_first(), members, settings)


def test_duplicates_across_two_members_appear_once(world, feed_server: FeedServer) -> None:
    shared = {
        "title": "Shared post",
        "link": "https://shared.example.org/post",
        "pubDate": "Tue, 03 Nov 2026 10:00:00 +0000",
    }
    feed_server.routes["/a"] = Route(
        body=rss2([{**shared, "guid": "https://shared.example.org/post"}])
    )
    feed_server.routes["/b"] = Route(body=rss2([{**shared, "guid": "another-id"}]))
    feed_server.routes["/c"] = Route(
        body=atom(
            [
                "<title>Same id</title><id>tag:x.example,2026:1</id><link href='https://c.example/1'/>"
                "<updated>2026-11-02T10:00:00Z</updated>",
            ]
        )
    )
    feed_server.routes["/d"] = Route(
        body=atom(
            [
                "<title>Same id again</title><id>tag:x.example,2026:1</id><link href='https://d.example/1'/>"
                "<updated>2026-11-02T10:00:00Z</updated>",
            ]
        )
    )
    for slug in "abcd":
        world.member(slug, f"{feed_server.url}/{slug}")
    world.fetch()
    titles = [entry.title for entry in _select(world)]
    assert titles.count("Shared post") == 1
    assert len([title for title in titles if title.startswith("Same id")]) == 1


@pytest.mark.parametrize("guid", ["1", "post:1", "urn:x", "https://"])
def test_ids_not_made_unique_everywhere_are_only_unique_within_a_feed(
    world, feed_server: FeedServer, guid: str
) -> None:
    for slug in "xy":
        feed_server.routes[f"/{slug}"] = Route(
            body=rss2(
                [{"title": f"Post {slug}", "guid": guid, "link": f"https://{slug}.example/1"}]
            )
        )
        world.member(slug, f"{feed_server.url}/{slug}")
    world.fetch()
    assert sorted(entry.title for entry in _select(world)) == ["Post x", "Post y"]


def test_sorting_by_instant_undated_and_future_entries(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=atom(
            [
                "<title>Late evening in New York</title><id>urn:e:1</id>"
                "<updated>2026-11-05T23:30:00-05:00</updated>",  # 04:30 UTC on the 6th
                "<title>Early morning in Berlin</title><id>urn:e:2</id>"
                "<updated>2026-11-06T02:00:00+01:00</updated>",  # 01:00 UTC on the 6th
                "<title>Undated</title><id>urn:e:3</id>",
                "<title>From the future</title><id>urn:e:4</id><updated>2099-01-01T00:00:00Z</updated>",
            ]
        )
    )
    world.member("times", f"{feed_server.url}/feed")
    world.fetch()
    entries = _select(world)
    by_title = {entry.title: entry for entry in entries}
    assert [entry.title for entry in entries][2:] == [
        "Late evening in New York",
        "Early morning in Berlin",
    ]
    with world.store() as store:
        first_seen = {e.title: e.first_seen for e in store.entries_newest_first()}
    assert by_title["Undated"].instant.timestamp() == pytest.approx(first_seen["Undated"], abs=0.01)
    future = by_title["From the future"].instant.timestamp()
    assert future == pytest.approx(first_seen["From the future"], abs=0.01)


def test_undated_entries_keep_their_first_seen_time(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=rss2([{"title": "No date", "link": "https://u.example/1"}])
    )
    world.member("undated", f"{feed_server.url}/feed")
    world.fetch()
    with world.store() as store:
        first = next(store.entries_newest_first())
    feed_server.routes["/feed"] = Route(
        body=rss2([{"title": "No date, edited", "link": "https://u.example/1"}])
    )
    world.fetch()
    with world.store() as store:
        again = next(store.entries_newest_first())
    assert again.title == "No date, edited"
    assert again.sort_at == first.sort_at == first.first_seen


def test_member_tags_filter_entries(world, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=rss2(
            [
                {"title": "Meetup", "link": "https://t.example/1", "category": "Meetups"},
                {"title": "Gear", "link": "https://t.example/2", "category": "bikes"},
                {"title": "Untagged", "link": "https://t.example/3"},
            ]
        )
    )
    world.member("picky", f"{feed_server.url}/feed", tags="[meetups]")
    world.fetch()
    assert [entry.title for entry in _select(world)] == ["Meetup"]


def test_content_policies(world, feed_server: FeedServer) -> None:
    long_text = " ".join(f"word{number}" for number in range(100))
    for slug in ("full", "titleonly"):
        item = {
            "title": "Long",
            "link": f"https://{slug}.example/1",
            "description": f"&lt;p&gt;{long_text}&lt;/p&gt;",
        }
        feed_server.routes[f"/{slug}"] = Route(body=rss2([item]))
    world.member("full", f"{feed_server.url}/full", content="full")
    world.member("titleonly", f"{feed_server.url}/titleonly", content="title")
    world.overrides = {"PLANET_CONTENT": "full", "PLANET_EXCERPT_WORDS": 10}
    world.fetch()
    by_member = {entry.member.slug: entry for entry in _select(world)}
    assert by_member["full"].body_html.startswith("<p>word0 word1")
    assert by_member["titleonly"].body_html == ""
    assert by_member["titleonly"].excerpt == ""
    world.overrides = {"PLANET_CONTENT": "summary", "PLANET_EXCERPT_WORDS": 10}
    summary = {entry.member.slug: entry for entry in _select(world)}["full"]
    assert summary.body_html == ""
    assert summary.excerpt == "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9…"
    assert summary.trimmed is True


def test_pages_get_sanitized_html_from_a_raw_cache(world, feed_server: FeedServer) -> None:
    hostile = (
        '&lt;p&gt;Hello &lt;a href="/about" onclick="steal()"&gt;about&lt;/a&gt;'
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;"
        '&lt;img src="javascript:alert(2)"&gt;&lt;img src="pics/a.jpg"&gt;'
    )
    item = {"title": "Raw", "link": "https://raw.example/2026/post", "description": hostile}
    feed_server.routes["/feed"] = Route(body=rss2([item]))
    world.member("raw", f"{feed_server.url}/feed", content="full")
    world.overrides = {"PLANET_CONTENT": "full"}
    world.fetch()
    with world.store() as store:
        (stored,) = store.entries_newest_first()
    assert "<script>" in stored.content_raw  # the cache keeps what the feed sent
    (shown,) = _select(world)
    assert shown.body_html == (
        '<p>Hello <a href="https://raw.example/about" rel="nofollow noopener noreferrer ugc">'
        'about</a></p><img loading="lazy">'
        '<img src="https://raw.example/2026/pics/a.jpg" loading="lazy">'
    )
    world.overrides = {"PLANET_CONTENT": "summary"}
    (summary,) = _select(world)
    assert summary.excerpt == "Hello about"


def test_a_huge_post_is_shown_as_an_excerpt_without_cleaning_it_whole(
    world, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planet import view

    huge = "&lt;p&gt;" + " ".join(f"w{n}" for n in range(200_000)) + "&lt;/p&gt;"  # ~1.3 MB
    item = {"title": "Huge", "link": "https://huge.example/1", "description": huge}
    feed_server.routes["/feed"] = Route(body=rss2([item]))
    world.member("huge", f"{feed_server.url}/feed", content="full")
    world.overrides = {"PLANET_CONTENT": "full", "PLANET_EXCERPT_WORDS": 3}
    world.fetch()
    cleaned: list[int] = []
    monkeypatch.setattr(view, "clean_html", lambda html, base: cleaned.append(len(html)) or html)
    (entry,) = _select(world)
    assert cleaned == []  # far past what could be shown in full: not sanitized at all
    assert (entry.body_html, entry.excerpt, entry.trimmed) == ("", "w0 w1 w2…", True)


def test_content_policy_takes_the_stricter() -> None:
    assert content_policy("full", "title") == "title"
    assert content_policy("summary", "full") == "summary"
    assert content_policy("full", None) == "full"


def test_paginate_by_count_and_by_size() -> None:
    assert paginate([], 20, 1000) == [[]]
    small = [_entry("x" * 100) for _ in range(5)]
    assert [len(page) for page in paginate(small, 2, 10**9)] == [2, 2, 1]
    big = [_entry("x" * 5000) for _ in range(5)]
    assert [len(page) for page in paginate(big, 20, 12_000)] == [2, 2, 1]
    assert [len(page) for page in paginate([_entry("x" * 50_000)], 20, 12_000)] == [1]


def _entry(body: str) -> PlanetEntry:
    member = MemberView("m", "M", None, None, None, "M", ())
    when = datetime(2026, 11, 1, tzinfo=UTC)
    return PlanetEntry("id", member, "t", None, "a", when, body, "", False, "full")


def test_missing_and_foreign_caches_read_as_empty(tmp_path: Path) -> None:
    assert open_for_reading(tmp_path / "none.sqlite") is None
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert open_for_reading(newer) is None
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    assert open_for_reading(garbage) is None


def test_cache_is_wal_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with Store(path) as store:
        assert store.feed_states() == {}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_1_cache_is_migrated_and_its_entries_still_show(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE feeds (member TEXT PRIMARY KEY, feed_url TEXT NOT NULL, etag TEXT,
                last_modified TEXT, body_hash TEXT, title TEXT NOT NULL DEFAULT '', link TEXT,
                last_checked REAL, last_success REAL, last_status TEXT, last_error TEXT,
                warning TEXT, consecutive_failures INTEGER NOT NULL DEFAULT 0,
                failing_since REAL, moved_to TEXT, gone INTEGER NOT NULL DEFAULT 0,
                not_a_feed INTEGER NOT NULL DEFAULT 0, advertised_feed TEXT, retry_after REAL);
            CREATE TABLE entries (member TEXT NOT NULL, entry_id TEXT NOT NULL, link TEXT,
                title TEXT NOT NULL, author TEXT NOT NULL, summary_html TEXT NOT NULL,
                content_html TEXT NOT NULL, tags TEXT NOT NULL, published REAL,
                first_seen REAL NOT NULL, sort_at REAL NOT NULL,
                PRIMARY KEY (member, entry_id));
            INSERT INTO entries VALUES ('m', 'urn:1', 'https://m.example/1', 'Kept', 'M', '',
                '<p>Old <a href="https://m.example/x">text</a></p>', '[]', 1.0, 1.0, 1.0);
            PRAGMA user_version = 1;
            """
        )
    db.close()
    expected = ("Kept", '<p>Old <a href="https://m.example/x">text</a></p>', "https://m.example/1")
    # A render before the first fetch after the upgrade reads the old cache as it is.
    with Store(path, read_only=True) as store:
        (entry,) = store.entries_newest_first()
    assert (entry.title, entry.content_raw, entry.base_url) == expected
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1  # reading changed nothing
    db.close()
    with Store(path) as store:  # a fetch migrates it
        (entry,) = store.entries_newest_first()
    assert (entry.title, entry.content_raw, entry.base_url) == expected
    with Store(path, read_only=True) as store:
        assert store.version == SCHEMA_VERSION
        assert [e.entry_id for e in store.entries_newest_first()] == ["urn:1"]


def test_sort_instant_clamps() -> None:
    from planet.store import sort_instant

    now = float(calendar.timegm((2026, 11, 22, 0, 0, 0)))
    assert sort_instant(None, now - 5, now) == now - 5
    assert sort_instant(now + 86400, now, now) == now
    assert sort_instant(now - 86400, now, now) == now - 86400
