"""Every page stays light and self-contained: HTML plus its stylesheets under 50 KB,
and no request to any host but the site itself."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sitepages import Site, iter_pages

pytestmark = pytest.mark.slow

PAGE_BUDGET_BYTES = 50 * 1024
# Attributes that make the browser fetch something, or that name the page's own URL.
FETCHING = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "input": ("src",),
    "track": ("src",),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")


def stylesheet_urls(soup: BeautifulSoup) -> list[str]:
    return [str(link["href"]) for link in soup.find_all("link", rel="stylesheet")]


def test_every_page_with_its_css_is_under_50_kb(site: Site) -> None:
    over = []
    for rel, soup in iter_pages(site):
        total = (site.output / rel).stat().st_size
        for url in stylesheet_urls(soup):
            css = site.file_for(url)
            assert css is not None, f"{rel}: stylesheet {url} was not built"
            total += css.stat().st_size
        if total >= PAGE_BUDGET_BYTES:
            over.append(f"{rel}: {total} bytes of HTML and CSS (budget {PAGE_BUDGET_BYTES})")
    assert not over, "\n".join(over)


def urls_of(value: str, attribute: str) -> list[str]:
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def test_nothing_is_fetched_from_another_host(site: Site) -> None:
    """Only plain outbound <a> links may name another host."""
    foreign = []
    for rel, soup in iter_pages(site):
        for name, attributes in FETCHING.items():
            for element in soup.find_all(name):
                for attribute in attributes:
                    for url in urls_of(str(element.get(attribute) or ""), attribute):
                        if re.match(r"^(https?:)?//", url) and not site.is_local(url):
                            foreign.append(f"{rel}: <{name} {attribute}={url}>")
        for meta in soup.find_all("meta", content=re.compile(r"^(https?:)?//")):
            if not site.is_local(str(meta["content"])):
                foreign.append(f"{rel}: <meta {meta.get('property') or meta.get('name')}>")
        for element in soup.find_all(style=True):
            foreign += [
                f"{rel}: inline style url({u})"
                for u in CSS_URL.findall(element["style"])
                if re.match(r"^(https?:)?//", u) and not site.is_local(u)
            ]
        for style in soup.find_all("style"):
            foreign += [
                f"{rel}: <style> {u}"
                for u in CSS_URL.findall(style.get_text())
                if re.match(r"^(https?:)?//", u) and not site.is_local(u)
            ]
    for css in site.output.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in CSS_URL.findall(text) + CSS_IMPORT.findall(text):
            if re.match(r"^(https?:)?//", url) and not site.is_local(url):
                foreign.append(f"{site.rel(css)}: {url}")
    assert not foreign, "references to other hosts:\n" + "\n".join(sorted(set(foreign)))


def test_every_internal_link_resolves(site: Site) -> None:
    linked_from: dict[str, list[str]] = {}
    for rel, soup in iter_pages(site):
        for element in soup.find_all(["a", "link", "img", "script", "source"]):
            url = str(element.get("href") or element.get("src") or "").split("#")[0]
            if site.is_local(url) and site.file_for(url) is None:
                linked_from.setdefault(url, []).append(rel)
    broken = [
        f"{url} (from {len(pages)} pages, such as {pages[0]})"
        for url, pages in sorted(linked_from.items())
    ]
    assert not broken, "links to pages that were not built:\n" + "\n".join(broken)
