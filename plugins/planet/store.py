"""The planet's durable cache: SQLite (WAL), one transaction per feed result.

``invoke fetch`` writes it; the Pelican build opens it read-only and never writes. Entries
are never deleted when a feed fails, so a member's last good posts stay on the planet.
Entry HTML is stored as the feed sent it (untrusted); view.py sanitizes what pages show.
The schema version is kept in ``PRAGMA user_version``; older caches are migrated in place.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build reads the cache without importing feedparser
    from planet.parse import ParsedEntry

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    member TEXT PRIMARY KEY,
    feed_url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    title TEXT NOT NULL DEFAULT '',
    link TEXT,
    last_checked REAL,
    last_success REAL,
    last_status TEXT,
    last_error TEXT,
    warning TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    failing_since REAL,
    moved_to TEXT,
    gone INTEGER NOT NULL DEFAULT 0,
    not_a_feed INTEGER NOT NULL DEFAULT 0,
    advertised_feed TEXT,
    retry_after REAL
);
CREATE TABLE IF NOT EXISTS entries (
    member TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    link TEXT,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    summary_raw TEXT NOT NULL,
    content_raw TEXT NOT NULL,
    base_url TEXT,
    tags TEXT NOT NULL,
    published REAL,
    first_seen REAL NOT NULL,
    sort_at REAL NOT NULL,
    PRIMARY KEY (member, entry_id)
);
CREATE INDEX IF NOT EXISTS entries_by_time ON entries (sort_at DESC);
"""
# From each version to the next. Version 1 stored sanitized HTML with absolute URLs: still
# valid input for the sanitizer, and its own base is the entry's link.
MIGRATIONS = {
    1: """
    ALTER TABLE entries RENAME COLUMN summary_html TO summary_raw;
    ALTER TABLE entries RENAME COLUMN content_html TO content_raw;
    ALTER TABLE entries ADD COLUMN base_url TEXT;
    UPDATE entries SET base_url = link;
    """,
}


class CacheError(Exception):
    """The cache file cannot be used (unreadable, or written by a newer version)."""


@dataclass(frozen=True)
class FeedState:
    member: str
    feed_url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    title: str = ""
    link: str | None = None
    last_checked: float | None = None
    last_success: float | None = None
    last_status: str | None = None
    last_error: str | None = None
    warning: str | None = None
    consecutive_failures: int = 0
    failing_since: float | None = None
    moved_to: str | None = None
    gone: bool = False
    not_a_feed: bool = False
    advertised_feed: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class StoredEntry:
    member: str
    entry_id: str
    link: str | None
    title: str
    author: str
    summary_raw: str  # untrusted HTML, as in ParsedEntry
    content_raw: str
    base_url: str | None
    tags: tuple[str, ...]
    published: float | None
    first_seen: float
    sort_at: float  # the instant the planet sorts and shows the entry by


# The columns of StoredEntry, in order, as each readable schema version holds them.
ENTRY_COLUMNS = {
    1: "member, entry_id, link, title, author, summary_html, content_html, link, tags, "
    "published, first_seen, sort_at",
    2: "member, entry_id, link, title, author, summary_raw, content_raw, base_url, tags, "
    "published, first_seen, sort_at",
}
FEED_COLUMNS = tuple(FeedState.__dataclass_fields__)
# Column names come from the dataclass above, never from input.
SELECT_FEEDS = f"SELECT {', '.join(FEED_COLUMNS)} FROM feeds"  # noqa: S608
SAVE_FEED = (
    f"INSERT OR REPLACE INTO feeds ({', '.join(FEED_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join('?' for _ in FEED_COLUMNS)})"
)


def sort_instant(published: float | None, first_seen: float, fetched_at: float) -> float:
    """Undated entries sort at first sight; entries dated in the future at fetch time."""
    if published is None or published > fetched_at:
        return first_seen
    return published


@functools.lru_cache(maxsize=4096)
def _tags_json(tags: tuple[str, ...]) -> str:
    """The tags column: most entries of a feed share their tags, so encode each set once."""
    return json.dumps(tags)


class Store:
    """A connection to the cache; use as a context manager."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if read_only:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            # One user at a time, but possibly from a fetch thread (see update.update_feeds).
            self._db = sqlite3.connect(path, check_same_thread=False)
        try:
            if read_only:
                self.version = self._readable_version()
            else:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
                self.version = SCHEMA_VERSION
        except BaseException:
            self._db.close()
            raise

    def _readable_version(self) -> int:
        """The schema of a cache opened read-only: the build reads older caches as they are
        (a render before the first fetch after an upgrade still shows the planet)."""
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version not in ENTRY_COLUMNS:
            raise CacheError(
                f"{self.path} has schema version {version}, expected {SCHEMA_VERSION}; "
                "run `invoke fetch`"
            )
        return version

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CacheError(f"{self.path} was written by a newer version (schema {version})")
        if version == SCHEMA_VERSION:
            return
        steps = (
            [SCHEMA] if version == 0 else [MIGRATIONS[n] for n in range(version, SCHEMA_VERSION)]
        )
        # One script, one transaction: a migration that fails leaves the old cache as it was.
        script = "\n".join(
            ["BEGIN;", *steps, f"PRAGMA user_version = {SCHEMA_VERSION};", "COMMIT;"]
        )
        try:
            self._db.executescript(script)
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.rollback()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Feeds -----------------------------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        with closing(self._db.execute(SELECT_FEEDS)) as cursor:
            rows = cursor.fetchall()
        states = {}
        for row in rows:
            values = dict(zip(FEED_COLUMNS, row, strict=True))
            values["gone"] = bool(values["gone"])
            values["not_a_feed"] = bool(values["not_a_feed"])
            states[values["member"]] = FeedState(**values)
        return states

    def save_result(
        self, state: FeedState, entries: tuple[ParsedEntry, ...] = (), fetched_at: float = 0.0
    ) -> None:
        """Record one feed's outcome and its entries in a single transaction."""
        values = [getattr(state, name) for name in FEED_COLUMNS]
        with self._db:
            self._db.execute(SAVE_FEED, values)
            self._db.executemany(
                """
                INSERT INTO entries (member, entry_id, link, title, author, summary_raw,
                    content_raw, base_url, tags, published, first_seen, sort_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (member, entry_id) DO UPDATE SET
                    link = excluded.link, title = excluded.title, author = excluded.author,
                    summary_raw = excluded.summary_raw, content_raw = excluded.content_raw,
                    base_url = excluded.base_url, tags = excluded.tags, published = excluded.published,
                    sort_at = CASE
                        WHEN excluded.published IS NULL OR excluded.published > ? THEN entries.first_seen
                        ELSE excluded.published END
                """,
                [
                    (
                        state.member, entry.entry_id, entry.link, entry.title, entry.author,
                        entry.summary_raw, entry.content_raw, entry.base_url,
                        _tags_json(entry.tags),
                        entry.published, fetched_at,
                        sort_instant(entry.published, fetched_at, fetched_at), fetched_at,
                    )
                    for entry in entries
                ],
            )  # fmt: skip

    # Entries ---------------------------------------------------------------------------------

    def entries_newest_first(self) -> Iterator[StoredEntry]:
        """Every entry by descending instant; callers stop reading when they have enough."""
        cursor = self._db.execute(
            f"SELECT {ENTRY_COLUMNS[self.version]} FROM entries"  # noqa: S608 (constants only)
            " ORDER BY sort_at DESC, member, entry_id"
        )
        with closing(cursor):
            for row in cursor:
                yield StoredEntry(
                    member=row[0],
                    entry_id=row[1],
                    link=row[2],
                    title=row[3],
                    author=row[4],
                    summary_raw=row[5],
                    content_raw=row[6],
                    base_url=row[7],
                    tags=tuple(json.loads(row[8])),
                    published=row[9],
                    first_seen=row[10],
                    sort_at=row[11],
                )

    def entry_count(self, member: str) -> int:
        row = self._db.execute(
            "SELECT COUNT(*) FROM entries WHERE member = ?", (member,)
        ).fetchone()
        return int(row[0])


def open_for_reading(path: Path) -> Store | None:
    """The cache opened read-only, or None (with a log line) when there is none yet."""
    if not path.is_file():
        logger.info("planet: no cache at %s yet; run `invoke fetch` to fill the planet", path)
        return None
    try:
        return Store(path, read_only=True)
    except (sqlite3.Error, CacheError) as error:
        logger.warning(
            "planet: cannot read the cache %s (%s); the planet will be empty", path, error
        )
        return None
