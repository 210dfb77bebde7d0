"""Planet settings: every ``PLANET_*`` default in one place, read into a frozen dataclass.

docs/settings.md documents each of them. A wrong value logs a warning that names the
setting and falls back to the default, so a typo never stops a build.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CONTENT_POLICIES = ("full", "summary", "title")

DEFAULTS: dict[str, Any] = {
    "PLANET_MEMBER_PATHS": ["content/members"],
    "PLANET_ALLOW_LOCAL_FEEDS": False,
    "PLANET_CACHE_PATH": "cache/planet.sqlite",
    "PLANET_CONCURRENCY": 64,
    "PLANET_CONCURRENCY_PER_SERVER": 4,
    "PLANET_PARSE_WORKERS": 0,  # 0: one per CPU
    "PLANET_CONNECT_TIMEOUT": 5.0,
    "PLANET_READ_TIMEOUT": 10.0,
    "PLANET_FEED_TIMEOUT": 20.0,
    "PLANET_DEADLINE": 60.0,
    "PLANET_MAX_BYTES": 5_000_000,
    "PLANET_MAX_DECOMPRESSED_BYTES": 20_000_000,
    "PLANET_MAX_REDIRECTS": 5,
    "PLANET_USER_AGENT": "",
    "PLANET_CONTENT": "summary",
    "PLANET_EXCERPT_WORDS": 60,
    "PLANET_PAGE_SIZE": 20,
    "PLANET_MAX_ENTRIES": 200,
    "PLANET_FEED_ENTRIES": 50,
    "PLANET_RECENT_ENTRIES": 5,
    "PLANET_INACTIVE_DAYS": 7,
    "PLANET_NOW": None,
    "PLANET_URL": "planet/",
    "PLANET_SAVE_AS": "planet/index.html",
    "PLANET_PAGE_URL": "planet/page/{number}/",
    "PLANET_PAGE_SAVE_AS": "planet/page/{number}/index.html",
    "PLANET_ATOM_URL": "planet/atom.xml",
    "PLANET_ATOM_SAVE_AS": "planet/atom.xml",
    "PLANET_OPML_URL": "planet/opml.xml",
    "PLANET_OPML_SAVE_AS": "planet/opml.xml",
    "PLANET_HEALTH_URL": "planet/health.json",
    "PLANET_HEALTH_SAVE_AS": "planet/health.json",
    "PLANET_MEMBERS_URL": "members/",
    "PLANET_MEMBERS_SAVE_AS": "members/index.html",
    "PLANET_JOIN_URL": "join-the-planet/",
}


@dataclass(frozen=True)
class PlanetSettings:
    """The planet's view of Pelican's settings, validated."""

    member_paths: tuple[Path, ...]
    allow_local_feeds: bool
    # Where member files may name a local feed file (relative to the project root);
    # empty: anywhere, when allow_local_feeds is true.
    local_feed_folders: tuple[Path, ...]
    cache_path: Path
    project_root: Path
    content_root: Path
    site_name: str
    site_url: str
    concurrency: int
    concurrency_per_server: int
    parse_workers: int
    connect_timeout: float
    read_timeout: float
    feed_timeout: float
    deadline: float
    max_bytes: int
    max_decompressed_bytes: int
    max_redirects: int
    user_agent: str
    content: str
    excerpt_words: int
    page_size: int
    max_entries: int
    feed_entries: int
    recent_entries: int
    inactive_days: int
    now: datetime | None
    urls: Mapping[str, str]

    def url(self, name: str, **fields: Any) -> str:
        """The absolute URL of one of the planet's pages, e.g. ``url("PLANET_ATOM")``."""
        return f"{self.site_url}/{self.urls[name + '_URL'].format(**fields)}"

    def save_as(self, name: str, **fields: Any) -> str:
        return self.urls[name + "_SAVE_AS"].format(**fields)

    def current_time(self) -> datetime:
        return self.now or datetime.now(UTC)


def _number(settings: Mapping[str, Any], name: str, kind: type, minimum: float) -> Any:
    value = settings.get(name, DEFAULTS[name])
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        logger.warning(
            "planet: %s must be a number of at least %s, not %r; using %s",
            name,
            minimum,
            value,
            DEFAULTS[name],
        )
        value = DEFAULTS[name]
    return kind(value)


def _now(settings: Mapping[str, Any]) -> datetime | None:
    value = settings.get("PLANET_NOW")
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        logger.warning("planet: PLANET_NOW must be an ISO date-time, not %r; ignoring it", value)
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _content_policy(settings: Mapping[str, Any]) -> str:
    value = settings.get("PLANET_CONTENT", DEFAULTS["PLANET_CONTENT"])
    if value not in CONTENT_POLICIES:
        logger.warning(
            "planet: PLANET_CONTENT must be one of %s, not %r; using summary",
            ", ".join(CONTENT_POLICIES),
            value,
        )
        return "summary"
    return str(value)


def default_user_agent(site_name: str, planet_url: str) -> str:
    """Names the site and where its planet is, so a blog's owner can see who fetches."""
    name = "".join(part for part in site_name.title() if part.isalnum()) or "Pelican"
    return f"{name}-Planet/1.0 (+{planet_url})"


def read_settings(settings: Mapping[str, Any]) -> PlanetSettings:
    """Validate the ``PLANET_*`` settings; relative paths are relative to the working directory."""
    root = Path(os.getcwd())
    site_url = str(settings.get("SITEURL") or "").rstrip("/")
    site_name = str(settings.get("SITENAME") or "Pelican")
    paths = settings.get("PLANET_MEMBER_PATHS", DEFAULTS["PLANET_MEMBER_PATHS"])
    if isinstance(paths, str) or not isinstance(paths, list | tuple):
        logger.warning("planet: PLANET_MEMBER_PATHS must be a list of folders, not %r", paths)
        paths = DEFAULTS["PLANET_MEMBER_PATHS"]
    local = settings.get("PLANET_ALLOW_LOCAL_FEEDS", False)
    urls = {
        key: str(settings.get(key, default))
        for key, default in DEFAULTS.items()
        if key.endswith(("_URL", "_SAVE_AS"))
    }
    return PlanetSettings(
        member_paths=tuple(Path(str(path)) for path in paths),
        allow_local_feeds=bool(local),
        local_feed_folders=(
            tuple(Path(str(folder)) for folder in local) if isinstance(local, list | tuple) else ()
        ),
        cache_path=Path(str(settings.get("PLANET_CACHE_PATH", DEFAULTS["PLANET_CACHE_PATH"]))),
        project_root=root,
        content_root=Path(str(settings.get("PATH", "content"))),
        site_name=site_name,
        site_url=site_url,
        concurrency=_number(settings, "PLANET_CONCURRENCY", int, 1),
        concurrency_per_server=_number(settings, "PLANET_CONCURRENCY_PER_SERVER", int, 1),
        parse_workers=_number(settings, "PLANET_PARSE_WORKERS", int, 0),
        connect_timeout=_number(settings, "PLANET_CONNECT_TIMEOUT", float, 0.01),
        read_timeout=_number(settings, "PLANET_READ_TIMEOUT", float, 0.01),
        feed_timeout=_number(settings, "PLANET_FEED_TIMEOUT", float, 0.01),
        deadline=_number(settings, "PLANET_DEADLINE", float, 0.01),
        max_bytes=_number(settings, "PLANET_MAX_BYTES", int, 1024),
        max_decompressed_bytes=_number(settings, "PLANET_MAX_DECOMPRESSED_BYTES", int, 1024),
        max_redirects=_number(settings, "PLANET_MAX_REDIRECTS", int, 0),
        user_agent=str(settings.get("PLANET_USER_AGENT") or "")
        or default_user_agent(site_name, f"{site_url}/{urls['PLANET_URL']}"),
        content=_content_policy(settings),
        excerpt_words=_number(settings, "PLANET_EXCERPT_WORDS", int, 1),
        page_size=_number(settings, "PLANET_PAGE_SIZE", int, 1),
        max_entries=_number(settings, "PLANET_MAX_ENTRIES", int, 1),
        feed_entries=_number(settings, "PLANET_FEED_ENTRIES", int, 1),
        recent_entries=_number(settings, "PLANET_RECENT_ENTRIES", int, 0),
        inactive_days=_number(settings, "PLANET_INACTIVE_DAYS", int, 1),
        now=_now(settings),
        urls=urls,
    )
