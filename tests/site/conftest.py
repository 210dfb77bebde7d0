"""Fixtures for the whole-site tests: the site built once per test session (the
`built_site` fixture of tests/conftest.py), the settings it was built with, and its
essays, newest first."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sitepages import Essay, Site, meta_content

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site(built_site: tuple[Path, str]) -> Site:
    output, base_url = built_site
    return Site(output, base_url)


@pytest.fixture(scope="session")
def settings() -> dict[str, Any]:
    from pelican.settings import read_settings

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        return dict(read_settings("pelicanconf.py"))
    finally:
        os.chdir(previous)


@pytest.fixture(scope="session")
def essays(site: Site, settings: dict[str, Any]) -> list[Essay]:
    """Every built essay page, newest first, read from its own Open Graph metadata."""
    archive = site.output / settings["ARCHIVES_SAVE_AS"]
    found = []
    for file in sorted((site.output / "essays").glob("*/index.html")):
        if file == archive:
            continue
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        published = meta_content(soup, "article:published_time")
        assert published, f"{site.rel(file)}: no article:published_time meta"
        found.append(
            Essay(
                url=site.url_for(file),
                file=file,
                title=soup.h1.get_text(" ", strip=True) if soup.h1 else "",
                published=datetime.fromisoformat(published),
                tags=tuple(
                    str(tag["content"])
                    for tag in soup.find_all("meta", attrs={"property": "article:tag"})
                ),
                category=meta_content(soup, "article:section") or "",
            )
        )
    assert found, "the build produced no essays"
    return sorted(found, key=lambda essay: essay.published, reverse=True)
