"""Paginated listings: with three essays per page the home page splits into pages that
link to each other and together list every essay once, newest first."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitepages import Essay

from tests.conftest import pelican_build

pytestmark = pytest.mark.slow

SITE = "http://site.test"
PER_PAGE = 3


def test_home_pages_link_to_each_other_and_list_every_essay(
    tmp_path: Path, essays: list[Essay], built_site: tuple[Path, str]
) -> None:
    _, base_url = built_site
    result = pelican_build(
        tmp_path,
        overrides={"SITEURL": SITE, "FEED_DOMAIN": SITE, "DEFAULT_PAGINATION": PER_PAGE},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = math.ceil(len(essays) / PER_PAGE)
    if pages < 2:
        pytest.skip(f"{len(essays)} essays fit on one page of {PER_PAGE}")
    listed: list[str] = []
    for number in range(1, pages + 1):
        rel = "index.html" if number == 1 else f"page/{number}/index.html"
        url = f"{SITE}/" if number == 1 else f"{SITE}/page/{number}/"
        soup = BeautifulSoup((tmp_path / rel).read_text(encoding="utf-8"), "html.parser")
        listed += [str(a["href"]) for a in soup.select(".entry-list .entry-title a")]
        assert soup.find("link", rel="canonical")["href"] == url
        assert f"Page {number} of {pages}" in soup.select_one(".pagination").get_text()
        prev_link = soup.select_one(".pagination a[rel=prev]")
        next_link = soup.select_one(".pagination a[rel=next]")
        expected_prev = (
            None if number == 1 else (f"{SITE}/" if number == 2 else f"{SITE}/page/{number - 1}/")
        )
        expected_next = None if number == pages else f"{SITE}/page/{number + 1}/"
        assert (prev_link["href"] if prev_link else None) == expected_prev
        assert (next_link["href"] if next_link else None) == expected_next
        assert len(soup.find_all("h1")) == 1
    assert listed == [essay.url.replace(base_url, SITE) for essay in essays]
