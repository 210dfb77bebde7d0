"""The pages that matter, from a real build of the committed content: home, essays,
the archive, tags, categories, authors, the 404 page, the sitemap and robots.txt."""

from __future__ import annotations

import re
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

import extruct
import mf2py
import pytest
from sitepages import Essay, Site, iter_pages, link_href, meta_content

pytestmark = pytest.mark.slow

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def entry_links(site: Site, rel: str) -> list[str]:
    """The essay links of a listing page, in the order shown."""
    soup = site.soup(rel)
    return [str(a["href"]) for a in soup.select(".entry-list .entry-title a")]


def test_home_lists_the_latest_essays_newest_first(
    site: Site, essays: list[Essay], settings: dict[str, Any]
) -> None:
    per_page = settings["DEFAULT_PAGINATION"] or len(essays)
    assert entry_links(site, "index.html") == [essay.url for essay in essays[:per_page]]
    home = site.soup("index.html")
    summaries = home.select(".entry-list .entry-summary")
    assert len(summaries) == min(per_page, len(essays)), "every listed essay shows its summary"
    assert all(summary.get_text(strip=True) for summary in summaries)
    assert home.h1 is not None and settings["SITE_TAGLINE"] in home.h1.get_text()


def test_archive_lists_every_essay_newest_first(
    site: Site, essays: list[Essay], settings: dict[str, Any]
) -> None:
    assert entry_links(site, settings["ARCHIVES_SAVE_AS"]) == [essay.url for essay in essays]


def test_every_essay_page_carries_its_metadata(
    site: Site, essays: list[Essay], settings: dict[str, Any]
) -> None:
    problems: list[str] = []
    for index, essay in enumerate(essays):
        soup = site.soup(site.rel(essay.file))
        name = site.rel(essay.file)

        def expect(condition: bool, what: str, name: str = name) -> None:
            if not condition:
                problems.append(f"{name}: {what}")

        expect(bool(essay.title), "has an <h1> title")
        expect(soup.title is not None and essay.title in soup.title.get_text(), "<title>")
        expect(link_href(soup, "canonical") == [essay.url], "canonical URL is its own URL")
        expect(meta_content(soup, "og:url") == essay.url, "og:url")
        expect(meta_content(soup, "og:type") == "article", "og:type article")
        expect(meta_content(soup, "og:title") == essay.title, "og:title is the essay title")
        expect(bool(meta_content(soup, "og:description")), "og:description")
        expect(meta_content(soup, "twitter:card") in {"summary", "summary_large_image"}, "card")
        image = meta_content(soup, "og:image")
        expect(image is not None and site.file_for(image) is not None, "og:image is built")
        description = meta_content(soup, "description")
        expect(bool(description) and "<" not in (description or ""), "plain meta description")

        atom = link_href(soup, "alternate", type="application/atom+xml")
        rss = link_href(soup, "alternate", type="application/rss+xml")
        expect(f"{site.base_url}/{settings['FEED_ALL_ATOM']}" in atom, "Atom autodiscovery")
        expect(f"{site.base_url}/{settings['FEED_ALL_RSS']}" in rss, "RSS autodiscovery")

        author_links = soup.select(".essay-header .meta a[href*='/authors/']")
        expect(len(author_links) >= 1, "links its author")
        for link in author_links:
            expect(site.file_for(str(link["href"])) is not None, f"author page {link['href']}")

        time = soup.select_one(".essay-header time[datetime]")
        expect(time is not None, "a <time datetime> for its date")
        if time is not None:
            expect(datetime.fromisoformat(str(time["datetime"])) == essay.published, "date")
        meta_text = " ".join(p.get_text(" ") for p in soup.select(".essay-header .meta"))
        expect(re.search(r"\b\d+ min read\b", meta_text) is not None, "reading time")

        tag_links = soup.select(".essay-footer .tag-list a[rel=tag]")
        expect(sorted(a.get_text(strip=True) for a in tag_links) == sorted(essay.tags), "tags")
        for link in tag_links:
            expect(site.file_for(str(link["href"])) is not None, f"tag page {link['href']}")
        category = soup.select_one(".essay-header .eyebrow a")
        expect(category is not None and category.get_text(strip=True) == essay.category, "cat")

        older = essays[index + 1] if index + 1 < len(essays) else None
        newer = essays[index - 1] if index > 0 else None
        prev_link = soup.select_one(".essay-nav a[rel=prev]")
        next_link = soup.select_one(".essay-nav a[rel=next]")
        expect(
            (prev_link["href"] if prev_link else None) == (older.url if older else None),
            f"rel=prev points at the older essay {older.url if older else None}",
        )
        expect(
            (next_link["href"] if next_link else None) == (newer.url if newer else None),
            f"rel=next points at the newer essay {newer.url if newer else None}",
        )
        expect(len(soup.find_all("h1")) == 1, "exactly one <h1>")
    assert not problems, "\n".join(problems)


def test_essay_is_an_h_entry(site: Site, essays: list[Essay]) -> None:
    essay = essays[0]
    parsed = mf2py.parse(doc=essay.file.read_text(encoding="utf-8"), url=essay.url)
    entries = [item for item in parsed["items"] if "h-entry" in item["type"]]
    assert len(entries) == 1
    properties = entries[0]["properties"]
    assert properties["name"] == [essay.title]
    assert properties["url"] == [essay.url]
    assert datetime.fromisoformat(properties["published"][0]) == essay.published
    assert properties["author"], "the author is marked up"
    assert len(properties["content"][0]["value"]) > 1000, "the full text is the e-content"


def test_essay_has_blogposting_structured_data(site: Site, essays: list[Essay]) -> None:
    essay = essays[0]
    data = extruct.extract(
        essay.file.read_text(encoding="utf-8"), base_url=essay.url, syntaxes=["json-ld"]
    )["json-ld"]
    posts = [item for item in data if item.get("@type") == "BlogPosting"]
    assert len(posts) == 1
    post = posts[0]
    assert post["headline"] == essay.title
    assert post["url"] == essay.url
    assert datetime.fromisoformat(post["datePublished"]) == essay.published
    assert post["author"] and all(a["@type"] == "Person" and a["name"] for a in post["author"])
    assert all(site.file_for(a["url"]) for a in post["author"])


def test_tag_pages_list_exactly_their_essays_and_offer_their_feeds(
    site: Site, essays: list[Essay], settings: dict[str, Any]
) -> None:
    tagged: dict[str, list[str]] = {}
    for essay in essays:
        for tag in essay.tags:
            tagged.setdefault(tag, []).append(essay.url)
    index = site.soup(settings["TAGS_SAVE_AS"])
    # Each link reads "<name><span class=tag-count>N</span>": the name is its first text.
    links = {str(a.contents[0]).strip(): str(a["href"]) for a in index.select(".tag-list a")}
    assert set(links) == set(tagged)
    problems = []
    for tag, urls in tagged.items():
        file = site.file_for(links[tag])
        if file is None:
            problems.append(f"tag {tag!r}: page {links[tag]} was not built")
            continue
        listed = entry_links(site, site.rel(file))
        if listed != urls:
            problems.append(f"tag {tag!r} lists {listed}, expected {urls}")
        soup = site.soup(site.rel(file))
        feeds = link_href(soup, "alternate")
        tag_feeds = [href for href in feeds if "/tags/" in href]
        if len(tag_feeds) != 2 or any(site.file_for(href) is None for href in tag_feeds):
            problems.append(f"tag {tag!r}: its Atom and RSS feeds are not both linked: {feeds}")
    assert not problems, "\n".join(problems)


def test_category_pages_list_exactly_their_essays(
    site: Site, essays: list[Essay], settings: dict[str, Any]
) -> None:
    by_category: dict[str, list[str]] = {}
    for essay in essays:
        by_category.setdefault(essay.category, []).append(essay.url)
    index = site.soup(settings["CATEGORIES_SAVE_AS"])
    links = {a.get_text(strip=True): str(a["href"]) for a in index.select(".entry-title a")}
    assert set(links) == set(by_category)
    for category, urls in by_category.items():
        file = site.file_for(links[category])
        assert file is not None, f"category page for {category!r} was not built"
        assert entry_links(site, site.rel(file)) == urls
        feeds = [
            h for h in link_href(site.soup(site.rel(file)), "alternate") if "/categories/" in h
        ]
        assert len(feeds) == 2 and all(site.file_for(h) for h in feeds), feeds


def test_authors_index_links_every_author_page(site: Site, settings: dict[str, Any]) -> None:
    index = site.soup(settings["AUTHORS_SAVE_AS"])
    linked = {str(a["href"]) for a in index.select(".entry-title a")}
    built = {site.url_for(file) for file in (site.output / "authors").glob("*/index.html")}
    assert linked == built and linked


def test_navigation_marks_the_current_section(
    site: Site, essays: list[Essay], settings: dict[str, Any]
) -> None:
    essays_path = settings["ARCHIVES_URL"]
    archive = site.soup(settings["ARCHIVES_SAVE_AS"])
    current = archive.select(".site-nav a[aria-current]")
    assert [(a["href"], a["aria-current"]) for a in current] == [
        (f"{site.base_url}/{essays_path}", "page")
    ]
    essay = site.soup(site.rel(essays[0].file))
    assert [a["href"] for a in essay.select(".site-nav a[aria-current]")] == [
        f"{site.base_url}/{essays_path}"
    ]
    labels = [a.get_text(strip=True) for a in archive.select(".site-nav a")]
    assert labels == [label for label, _ in settings["SITE_NAV"]]


def test_every_page_is_accessible_in_structure(site: Site) -> None:
    """Landmarks, skip link first, one <h1>, headings without skipped levels, alt text."""
    problems = []
    for rel, soup in iter_pages(site):
        first_link = soup.body.find("a") if soup.body else None
        if first_link is None or first_link.get("href") != "#main" or soup.find(id="main") is None:
            problems.append(f"{rel}: the first link is not a skip link to #main")
        for landmark in ("header", "nav", "main", "footer"):
            if soup.find(landmark) is None:
                problems.append(f"{rel}: no <{landmark}> landmark")
        if len(soup.find_all("h1")) != 1:
            problems.append(f"{rel}: {len(soup.find_all('h1'))} <h1> elements, expected 1")
        level = 0
        for heading in soup.find_all(re.compile(r"^h[1-6]$")):
            new_level = int(heading.name[1])
            if new_level > level + 1 and heading.find_parent("footer") is None:
                problems.append(
                    f"{rel}: <{heading.name}> {heading.get_text(strip=True)!r} skips a level"
                )
            level = new_level
        for image in soup.find_all("img"):
            if not image.has_attr("alt"):
                problems.append(f"{rel}: <img src={image.get('src')}> has no alt attribute")
        if soup.html is None or not soup.html.get("lang"):
            problems.append(f"{rel}: <html> has no lang")
    assert not problems, "\n".join(problems)


def test_404_page_helps_the_reader_home_and_is_not_indexed(site: Site) -> None:
    soup = site.soup("404.html")
    assert soup.h1 is not None and "find" in soup.h1.get_text().lower()
    assert meta_content(soup, "robots") == "noindex"
    assert link_href(soup, "canonical") == []
    assert f"{site.base_url}/" in [a["href"] for a in soup.select("main a")]


def test_sitemap_lists_every_essay_and_page_with_absolute_urls(
    site: Site, essays: list[Essay]
) -> None:
    tree = ET.parse(site.output / "sitemap.xml")
    locations = [loc.text or "" for loc in tree.getroot().findall("sm:url/sm:loc", SITEMAP_NS)]
    assert all(site.is_local(url) for url in locations), locations
    assert {essay.url for essay in essays} <= set(locations)
    pages = [
        site.url_for(site.output / rel)
        for rel, soup in iter_pages(site)
        if soup.select_one("article.page")
    ]
    assert pages, "no content page (article.page) was built"
    assert set(pages) <= set(locations), set(pages) - set(locations)
    assert f"{site.base_url}/404.html" not in locations, "the 404 page is not for indexing"
    missing = [url for url in locations if site.file_for(url) is None]
    assert not missing, f"the sitemap lists pages that were not built: {missing}"


def test_robots_txt_points_at_the_sitemap(site: Site) -> None:
    with urllib.request.urlopen(f"{site.base_url}/robots.txt", timeout=10) as response:
        robots = response.read().decode()
    assert re.search(r"(?m)^User-agent: \*$", robots)
    assert robots.endswith("\n")
    sitemaps = re.findall(r"(?m)^Sitemap: (\S+)$", robots)
    assert sitemaps == [f"{site.base_url}/sitemap.xml"]
    with urllib.request.urlopen(sitemaps[0], timeout=10) as response:
        assert response.status == 200
