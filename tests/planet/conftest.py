"""Fixtures for the planet tests: a feed server, member files and settings in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from planet_feedserver import FeedServer

from planet.members import load_members
from planet.settings import PlanetSettings, read_settings
from planet.store import Store
from planet.update import FeedOutcome, update_feeds

# Generous enough for a busy machine; the timeout tests set their own short limits.
FAST = {
    "PLANET_CONNECT_TIMEOUT": 3.0,
    "PLANET_READ_TIMEOUT": 5.0,
    "PLANET_FEED_TIMEOUT": 8.0,
    "PLANET_DEADLINE": 30.0,
    "PLANET_PARSE_WORKERS": 1,
    "PLANET_CONCURRENCY": 8,
}


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


class PlanetWorld:
    """Member files in a temporary folder, a cache beside them, and a way to fetch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.members_dir = root / "members"
        self.members_dir.mkdir()
        self.cache = root / "planet.sqlite"
        self.overrides: dict[str, Any] = {}

    def member(self, slug: str, feed: str, **fields: str) -> None:
        lines = [f"name: {fields.pop('name', slug.title())}", f"feed: {feed}"]
        lines += [f"{key}: {value}" for key, value in fields.items()]
        (self.members_dir / f"{slug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def raw_settings(self) -> dict[str, Any]:
        return {
            "SITENAME": "Test Site",
            "SITEURL": "http://127.0.0.1:9",
            "PATH": str(self.root),
            "PLANET_MEMBER_PATHS": [str(self.members_dir)],
            "PLANET_CACHE_PATH": str(self.cache),
            **FAST,
            **self.overrides,
        }

    def settings(self) -> PlanetSettings:
        return read_settings(self.raw_settings())

    def fetch(self) -> dict[str, FeedOutcome]:
        settings = self.settings()
        members, problems = load_members(settings)
        assert not problems, problems
        with Store(settings.cache_path) as store:
            outcomes = update_feeds(settings, store, members, lambda outcome: None)
        return {outcome.member: outcome for outcome in outcomes}

    def store(self) -> Store:
        return Store(self.cache)


@pytest.fixture
def world(tmp_path: Path) -> PlanetWorld:
    return PlanetWorld(tmp_path)


WorldFactory = Callable[[], PlanetWorld]
