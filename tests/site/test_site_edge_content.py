"""The theme with awkward but legal content, built from a temporary content folder:
punctuation that needs escaping in attributes and JSON, an essay without tags, and a
site of only two essays (so each has one neighbour)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import pelican_build

pytestmark = pytest.mark.slow

SITE = "http://site.test"
AWKWARD_TITLE = "Coffee & \"cake\" at O'Brien's, then a walk"

ESSAYS = {
    "awkward.md": f"""Title: {AWKWARD_TITLE}
Date: 2026-03-02 10:00
Category: First meetings
Tags: coffee, walks
Summary: A short test essay whose title & summary need *escaping* in attributes.
Author: Ana O'Brien

Some text for the body of the essay, long enough to read.
""",
    "untagged.md": """Title: An essay with no tags
Date: 2026-02-01 09:00
Category: Hosting
Summary: Nothing to tag here.
Author: Ben

Another short body.
""",
}


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("edge")
    content = root / "content"
    (content / "essays").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copytree(Path(__file__).resolve().parents[2] / "content" / "extra", content / "extra")
    for name, text in ESSAYS.items():
        (content / "essays" / name).write_text(text, encoding="utf-8")
    output = root / "output"
    result = pelican_build(
        output,
        overrides={
            "SITEURL": SITE,
            "FEED_DOMAIN": SITE,
            "PATH": str(content),
            "PLUGINS": ["essays", "sitemap", "neighbors"],
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def essay_soup(output: Path, title_fragment: str) -> BeautifulSoup:
    for file in (output / "essays").glob("*/index.html"):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        if soup.h1 and title_fragment in soup.h1.get_text():
            return soup
    raise AssertionError(f"no essay titled like {title_fragment!r}")


def test_titles_survive_attributes_and_json_intact(edge_site: Path) -> None:
    soup = essay_soup(edge_site, "Coffee")
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == AWKWARD_TITLE
    assert soup.find("meta", property="og:title")["content"] == AWKWARD_TITLE
    assert soup.find("meta", attrs={"name": "twitter:title"})["content"] == AWKWARD_TITLE
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == "A short test essay whose title & summary need escaping in attributes."
    script = soup.find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["headline"] == AWKWARD_TITLE
    assert data["author"][0]["name"] == "Ana O'Brien"


def test_an_essay_without_tags_has_no_empty_tag_list(edge_site: Path) -> None:
    soup = essay_soup(edge_site, "no tags")
    assert soup.select(".tag-list") == []
    assert soup.find("meta", property="article:tag") is None


def test_two_essays_point_at_each_other_only(edge_site: Path) -> None:
    newer = essay_soup(edge_site, "Coffee")
    older = essay_soup(edge_site, "no tags")
    assert newer.select_one(".essay-nav a[rel=next]") is None
    assert older.select_one(".essay-nav a[rel=prev]") is None
    newer_url = newer.find("link", rel="canonical")["href"]
    older_url = older.find("link", rel="canonical")["href"]
    assert newer.select_one(".essay-nav a[rel=prev]")["href"] == older_url
    assert older.select_one(".essay-nav a[rel=next]")["href"] == newer_url


def test_home_and_nav_work_without_plugin_pages(edge_site: Path) -> None:
    home = BeautifulSoup((edge_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(home.select(".entry-list .entry")) == 2
    assert home.select(".home-slots section") == [], "no plugin, no slot content"
    assert home.select_one(".pagination") is None
