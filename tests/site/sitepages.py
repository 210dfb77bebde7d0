"""What the whole-site tests know about a built site: where its pages are, the URL of
each, and the essays in it with their metadata."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup


@dataclass(frozen=True)
class Site:
    """A built site in ``output`` whose absolute URLs start with ``base_url``."""

    output: Path
    base_url: str

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.output).as_posix()

    def url_for(self, path: Path) -> str:
        """The clean URL a built file is served at."""
        rel = self.rel(path)
        if rel == "index.html":
            return f"{self.base_url}/"
        if rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return f"{self.base_url}/{rel}"

    def file_for(self, url: str) -> Path | None:
        """The built file behind an absolute URL of this site, or None when it is not built."""
        if not self.is_local(url):
            return None
        path = urlsplit(url).path.lstrip("/")
        candidate = self.output / path
        if path == "" or path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def is_local(self, url: str) -> bool:
        return url == self.base_url or url.startswith(self.base_url + "/")

    def soup(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / rel).read_text(encoding="utf-8"), "html.parser")


@dataclass(frozen=True)
class Essay:
    """One built essay page and what its metadata says."""

    url: str
    file: Path
    title: str
    published: datetime
    tags: tuple[str, ...]
    category: str


def meta_content(soup: BeautifulSoup, key: str) -> str | None:
    """The content of <meta property=key> or <meta name=key>."""
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    if tag is None:
        return None
    return str(tag.get("content", ""))


def link_href(soup: BeautifulSoup, rel: str, **attrs: Any) -> list[str]:
    return [str(link["href"]) for link in soup.find_all("link", rel=rel, attrs=attrs)]


def iter_pages(site: Site) -> Iterator[tuple[str, BeautifulSoup]]:
    for file in site.html_files():
        yield site.rel(file), BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
