"""Cache entries to what the planet pages show: deduplicated, filtered, policy applied.

This is where entry HTML is sanitized: the cache holds it as feeds sent it, and only the
entries a page shows are cleaned (sanitize.clean_html), with the allowlist of this build.

Reads only the cache. An entry appears once even when two members' feeds carry it (same
URL-like id, or same link). A member's ``tags`` keep only entries with one of those tags;
the content policy is the stricter of the site's ``PLANET_CONTENT`` and the member's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from planet.members import Member
from planet.sanitize import clean_html, excerpt, safe_url
from planet.settings import CONTENT_POLICIES, PlanetSettings
from planet.store import StoredEntry

MAX_FULL_ENTRY_BYTES = 16_000  # a longer post is shown as an excerpt, keeping pages light
# Past these sizes of HTML as sent, a post cannot come out of the sanitizer short enough to
# show in full, and its first words are in its beginning: neither is worth cleaning whole
# on every build.
MAX_RAW_FULL_BYTES = 4 * MAX_FULL_ENTRY_BYTES
EXCERPT_SOURCE_BYTES = 64_000


@dataclass(frozen=True)
class MemberView:
    slug: str
    name: str
    site: str | None
    feed: str | None  # None for local demo files, which have no public address
    avatar: str | None
    initial: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PlanetEntry:
    """One entry as templates use it; ``body_html`` is sanitized, everything else is text."""

    entry_id: str
    member: MemberView
    title: str
    link: str | None
    author: str
    instant: datetime
    body_html: str  # full content (policy "full"), else ""
    excerpt: str  # plain text (policy "summary"), else ""
    trimmed: bool
    policy: str

    @property
    def date_iso(self) -> str:
        return self.instant.isoformat(timespec="seconds")

    @property
    def date_human(self) -> str:
        return f"{self.instant.day} {self.instant:%B %Y}"


def member_view(member: Member, settings: PlanetSettings) -> MemberView:
    avatar = None
    if member.avatar:
        avatar = safe_url(member.avatar) or f"{settings.site_url}/{member.avatar.lstrip('/')}"
    return MemberView(
        slug=member.slug,
        name=member.name,
        site=safe_url(member.site),
        feed=safe_url(member.feed),
        avatar=avatar,
        initial=member.name[:1].upper(),
        tags=member.tags,
    )


def content_policy(site_policy: str, member_policy: str | None) -> str:
    """The stricter of two policies (full > summary > title)."""
    if member_policy is None:
        return site_policy
    return max(site_policy, member_policy, key=CONTENT_POLICIES.index)


# Ids made to be unique everywhere: a URL with a host, a tag: URI (RFC 4151: an authority
# and a date) or a URN with its namespace. "42" or "post:1" is only unique in its feed.
_GLOBAL_ID = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://[^/\s]+|tag:[^,\s]+,\d{4}|urn:[a-z0-9][a-z0-9-]{0,31}:\S)",
    re.IGNORECASE,
)


def _is_global_id(entry_id: str) -> bool:
    """Whether two members' entries with this id are the same post."""
    return _GLOBAL_ID.match(entry_id) is not None


def _wanted(entry: StoredEntry, member: Member) -> bool:
    if not member.tags:
        return True
    return bool({tag.casefold() for tag in member.tags} & set(entry.tags))


def _to_view(
    entry: StoredEntry, member: Member, view: MemberView, settings: PlanetSettings
) -> PlanetEntry:
    policy = content_policy(settings.content, member.content)
    body_html, text, trimmed = "", "", False
    if policy == "full" and len(entry.content_raw) <= MAX_RAW_FULL_BYTES:
        body_html = clean_html(entry.content_raw, entry.base_url)
        if len(body_html) > MAX_FULL_ENTRY_BYTES:
            body_html = ""
    if policy != "title" and not body_html:
        # excerpt() keeps only text (nh3 drops every tag), which templates escape.
        whole = entry.summary_raw or entry.content_raw
        text, trimmed = excerpt(whole[:EXCERPT_SOURCE_BYTES], settings.excerpt_words)
        trimmed = trimmed or len(whole) > EXCERPT_SOURCE_BYTES
        trimmed = trimmed or bool(entry.summary_raw) or policy == "full"
    return PlanetEntry(
        entry_id=entry.entry_id,
        member=view,
        title=entry.title,
        link=safe_url(entry.link),
        author=entry.author or member.name,
        instant=datetime.fromtimestamp(entry.sort_at, UTC),
        body_html=body_html,
        excerpt=text,
        trimmed=trimmed,
        policy=policy,
    )


def select_entries(
    stored: Iterable[StoredEntry],
    members: list[Member],
    settings: PlanetSettings,
    views: Mapping[str, MemberView] | None = None,
) -> list[PlanetEntry]:
    """The newest ``PLANET_MAX_ENTRIES`` entries of current members, each once.

    ``views``: each member's MemberView by slug, when the caller has made them already."""
    by_slug = {member.slug: member for member in members}
    if views is None:
        views = {member.slug: member_view(member, settings) for member in members}
    seen_ids: set[str] = set()
    seen_links: set[str] = set()
    chosen: list[PlanetEntry] = []
    for entry in stored:
        member = by_slug.get(entry.member)
        if member is None or not _wanted(entry, member):
            continue
        entry_key = (
            entry.entry_id if _is_global_id(entry.entry_id) else f"{entry.member}\n{entry.entry_id}"
        )
        if entry_key in seen_ids or (entry.link and entry.link in seen_links):
            continue
        seen_ids.add(entry_key)
        if entry.link:
            seen_links.add(entry.link)
        chosen.append(_to_view(entry, member, views[member.slug], settings))
        if len(chosen) >= settings.max_entries:
            break
    return chosen


def entry_weight(entry: PlanetEntry) -> int:
    """About how many bytes of HTML the planet template makes of one entry."""
    text = len(entry.body_html) + len(entry.excerpt) + 2 * len(entry.title)
    links = (
        2 * len(entry.link or "") + len(entry.member.site or "") + len(entry.member.avatar or "")
    )
    return text + links + 2 * len(entry.member.name) + len(entry.author) + 750


def paginate(
    entries: list[PlanetEntry], page_size: int, byte_budget: int
) -> list[list[PlanetEntry]]:
    """Pages of at most ``page_size`` entries and about ``byte_budget`` bytes of entry HTML."""
    pages: list[list[PlanetEntry]] = []
    current: list[PlanetEntry] = []
    size = 0
    for entry in entries:
        weight = entry_weight(entry)
        if current and (len(current) >= page_size or size + weight > byte_budget):
            pages.append(current)
            current, size = [], 0
        current.append(entry)
        size += weight
    if current or not pages:
        pages.append(current)
    return pages
