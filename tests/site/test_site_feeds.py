"""Every feed parses cleanly with feedparser, links back to built essays, carries the
full text of each essay, and is announced by the pages it belongs to."""

from __future__ import annotations

import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitepages import Essay, Site, iter_pages

pytestmark = pytest.mark.slow

WORD = re.compile(r"\w+")


def words(html: str) -> int:
    return len(WORD.findall(BeautifulSoup(html, "html.parser").get_text(" ")))


def feed_files(site: Site) -> list[str]:
    return sorted(
        site.rel(path) for path in (site.output / "feeds").rglob("*") if path.suffix == ".xml"
    )


def test_every_feed_parses_without_bozo_and_carries_full_essays(
    site: Site, essays: list[Essay]
) -> None:
    essay_words = {}
    for essay in essays:
        body = BeautifulSoup(essay.file.read_text(encoding="utf-8"), "html.parser")
        content = body.select_one(".e-content")
        assert content is not None
        essay_words[essay.url] = words(str(content))
    feeds = feed_files(site)
    assert any(f.endswith(".atom.xml") for f in feeds) and any(
        f.endswith(".rss.xml") for f in feeds
    )
    problems = []
    for rel in feeds:
        parsed = feedparser.parse((site.output / rel).read_bytes())
        if parsed.bozo:
            problems.append(f"{rel}: bozo: {parsed.get('bozo_exception')}")
            continue
        if not parsed.entries:
            problems.append(f"{rel}: no entries")
        for entry in parsed.entries:
            link = entry.get("link", "")
            if link not in essay_words:
                # Plugin feeds (the planet) link elsewhere; essays feeds must link essays.
                if not rel.startswith("feeds/planet"):
                    problems.append(f"{rel}: entry link {link!r} is not a built essay")
                continue
            html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
            if words(html) < 0.95 * essay_words[link]:
                problems.append(
                    f"{rel}: {link} has {words(html)} words, the essay {essay_words[link]}:"
                    " feeds must carry the full text"
                )
    assert not problems, "\n".join(problems)


def test_every_essay_feed_is_announced_on_a_page(site: Site) -> None:
    announced: set[str] = set()
    for _, soup in iter_pages(site):
        announced |= {str(link["href"]) for link in soup.find_all("link", rel="alternate")}
    unannounced = [
        rel
        for rel in feed_files(site)
        if f"{site.base_url}/{rel}" not in announced and not rel.startswith("feeds/planet")
    ]
    assert not unannounced, f"feeds no page links with rel=alternate: {unannounced}"


def test_all_essays_feed_lists_every_essay(site: Site, essays: list[Essay]) -> None:
    parsed = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    assert [entry.link for entry in parsed.entries] == [essay.url for essay in essays]
    assert parsed.feed.title
