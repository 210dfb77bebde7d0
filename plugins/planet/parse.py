"""Feed bytes to entries: the CPU-bound step, run in worker processes.

feedparser only ever receives bytes and the response headers (never a URL or a path) with
its own sanitizer and URI resolution off. Titles, names and links are made safe here (plain
text; http(s) URLs only; authors by name, never by email address), and an entry without a
title is titled by its first words. Entry HTML is kept as the feed sent it (text a feed
declares plain escaped into HTML), with the address its
relative URLs resolve against: view.py sanitizes (nh3, see sanitize.py) only what a page
shows, at every build, so a tightened allowlist applies to everything already cached and a
fetch does not spend its time cleaning thousands of entries no page will show. An HTML
page where a feed should be is reported as "not a feed", naming the feed the page
advertises; so is JSON (feedparser reads RSS and Atom only). Line numbers in messages about
malformed XML are the document's own. Nothing here touches the network or the cache.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import html
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from typing import Any, NamedTuple

import feedparser
import feedparser.encodings

from planet import shortcuts
from planet.sanitize import clean_html, excerpt, plain_text, safe_url

logger = logging.getLogger(__name__)

# Exact shortcuts inside feedparser (same results, fewer instructions): see shortcuts.py.
shortcuts.install()

# bozo exceptions that do not mean the document is broken.
HARMLESS_BOZO = (
    feedparser.CharacterEncodingOverride,
    feedparser.NonXMLContentType,
)
# The feeds a page may advertise that the planet can read (not JSON Feed: feedparser
# reads XML only).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
# An entry with no title (a microblog post) is titled by its first words: this many at
# most, in this many characters at most.
UNTITLED_TITLE_WORDS = 10
UNTITLED_TITLE_CHARS = 80  # the "…" included
# The most of an entry's HTML read to title it, or to identify it by its text.
TEXT_SOURCE_CHARS = 16_000
EARLIEST = calendar.timegm((1990, 1, 1, 0, 0, 0))
LATEST = calendar.timegm((2200, 1, 1, 0, 0, 0))


class ParsedEntry(NamedTuple):
    """One entry as parsed. A named tuple rather than a frozen dataclass: a feed makes
    dozens, and building one costs a third (1.3 against 3.8 us), unpickling in the fetch
    process half."""

    entry_id: str
    link: str | None
    title: str
    author: str
    # Untrusted HTML exactly as the feed sent it: never put on a page without
    # sanitize.clean_html (view.py does that). base_url is what its relative URLs mean.
    summary_raw: str  # a summary distinct from the content, else ""
    content_raw: str  # the content, or the summary when the feed has no content
    base_url: str | None
    tags: tuple[str, ...]
    published: float | None  # seconds since the epoch, UTC; None when undated or nonsense


@dataclass(frozen=True)
class ParsedFeed:
    error: str | None  # None when the document is a feed we could read
    title: str
    link: str | None
    entries: tuple[ParsedEntry, ...]
    warning: str | None = None
    not_a_feed: bool = False
    advertised_feed: str | None = None


class _AlternateLinks(HTMLParser):
    """Collects ``<link rel="alternate" type="...rss/atom..." href>`` from an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        found = {name: (value or "") for name, value in attrs}
        rels = found.get("rel", "").lower().split()
        kind = found.get("type", "").lower()
        if "alternate" in rels and kind in FEED_TYPES and found.get("href"):
            self.hrefs.append(found["href"])


def advertised_feed(page: bytes, base: str | None) -> str | None:
    """The first feed an HTML page advertises, absolute, or None."""
    finder = _AlternateLinks()
    try:
        finder.feed(page[:500_000].decode("utf-8", "replace"))
        finder.close()
    except (ValueError, AssertionError):
        pass
    for href in finder.hrefs:
        url = safe_url(href, base)
        if url:
            return url
    return None


def _looks_like_html(body: bytes, headers: Mapping[str, str]) -> bool:
    kind = headers.get("content-type", "").lower()
    head = body[:2048].lstrip().lower()
    return ("html" in kind and "xml" not in kind) or head.startswith((b"<!doctype html", b"<html"))


def _looks_like_json(body: bytes, headers: Mapping[str, str]) -> bool:
    kind = headers.get("content-type", "").lower()
    return "json" in kind or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BYTE_ORDER_MARKS = (
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF16_LE,
)


def _lines_feedparser_added(body: bytes, encoding: str) -> int:
    """How many lines feedparser's XML declaration adds before the document (negative when
    it takes some away): expat's line numbers count them, the feed's author does not.
    feedparser puts a declaration of its own, on a line of its own, before a document that
    has none, and replaces one that spans several lines with one that does not."""
    for mark in _BYTE_ORDER_MARKS:
        if body.startswith(mark):
            body = body[len(mark) :]
            break
    try:
        head = body[:4096].decode(encoding or "utf-8", "replace")
    except LookupError:
        return 0
    declaration = feedparser.encodings.RE_XML_DECLARATION.search(head)
    return 1 if declaration is None else -declaration.group().count("\n")


def _timestamp(entry: dict[str, Any]) -> float | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # not FeedParserDict.get, which maps missing keys
        if not value:
            continue
        try:
            instant = float(calendar.timegm(value))
        except (TypeError, ValueError, OverflowError):
            continue
        if EARLIEST <= instant <= LATEST:
            return instant
    return None


# What only markup has: an end tag, a start tag with an attribute, a self-closing tag, or
# an entity. An RSS title with none of them is text, "<template>" and "List<T>" included.
_MARKUP = re.compile(
    r"</[a-z][\w:-]*\s*>|<[a-z][\w:-]*\s[^<>]*=|<[a-z][\w:-]*\s*/>|&#?\w+;", re.IGNORECASE
)


def _title_is_html(entry: dict[str, Any], key: str, declared: bool) -> bool:
    """Whether the title holds markup: as the feed declares it (Atom's type="text" is text,
    "<template>" and all), or, in RSS, which declares nothing, when it has what only markup
    has (feedparser's own guess, or _MARKUP)."""
    detail = dict.get(entry, f"{key}_detail") or {}
    if "html" in str(detail.get("type", "")):
        return True
    if declared:
        return False
    value = str(dict.get(entry, key) or "")
    return ("<" in value or "&" in value) and _MARKUP.search(value) is not None


def _is_markup(detail: Any) -> bool:
    kind = str(dict.get(detail, "type") or "text/html") if isinstance(detail, dict) else "html"
    return "html" in kind or "xml" in kind


def _as_html(detail: Any, value: str) -> str:
    """``value`` as HTML: text a feed declares plain (Atom's default type, media
    descriptions) is escaped, its blank lines made paragraph breaks and its line ends <br>."""
    if _is_markup(detail):
        return value
    paragraphs = (part.strip() for part in _BLANK_LINES.split(value))
    return "".join(
        "<p>" + html.escape(part).replace("\n", "<br>\n") + "</p>" for part in paragraphs if part
    )


_BLANK_LINES = re.compile(r"\n[ \t\r]*\n")


def _main_content(contents: Any, declared: bool) -> Any:
    """The entry's content among feedparser's: the first in HTML or XHTML. Plain text only
    in Atom, which declares it; in RSS a plain-text content is a picture's description
    (feedparser files <media:description> there), not the post."""
    for item in contents:
        if _is_markup(item):
            return item
    return contents[0] if declared and contents else None


def _entry(
    raw: dict[str, Any], feed_base: str | None, declared: bool, feed_author: str
) -> ParsedEntry:
    # dict.get skips FeedParserDict's key aliasing, which costs more than the lookups.
    get = partial(dict.get, raw)
    link = safe_url(get("link"), feed_base)
    title = plain_text(get("title"), _title_is_html(raw, "title", declared))
    detail = _main_content(get("content") or (), declared)
    content_value = str(dict.get(detail, "value") or "") if detail is not None else ""
    summary_value = str(get("summary") or "")
    content = _as_html(detail, content_value)
    summary = _as_html(get("summary_detail"), summary_value)
    # Relative URLs in the text resolve against the entry's link. Not against the xml:base
    # feedparser reports: with no base around the entries (we give it none), it carries one
    # entry's xml:base over to the entries after it.
    base = link or feed_base
    terms = set()
    for tag in get("tags") or ():
        term = str(dict.get(tag, "term") or "").strip().casefold()
        if term:
            terms.add(term)
    tags = tuple(sorted(terms))
    raw_id = str(get("id") or "").strip()
    # With neither id nor link (rare), the id hashes the sanitized text, as it always has
    # (without what only pages add, so that a change there never changes an id).
    entry_id = (
        raw_id
        or link
        or _fallback_id(
            title, clean_html((content or summary)[:TEXT_SOURCE_CHARS], base, page=False)
        )
    )
    return ParsedEntry(
        entry_id=entry_id[:2000],
        link=link,
        title=title or _title_from_text(content or summary or _picture_text(get("content"))),
        author=author_name(get("author")) or feed_author,
        # feedparser copies the content into the summary when a feed has only one.
        summary_raw=summary if content and summary and summary_value != content_value else "",
        content_raw=content or summary,
        base_url=base,
        tags=tags,
        published=_timestamp(raw),
    )


_NAME = re.compile(r"\w")  # a name has at least one letter or digit
# An address, not a fediverse handle (@ana@social.example.org): nothing joined before it.
# The local part takes every character RFC 5322 allows unquoted; the domain needs no dot
# ("ana@localhost").
_ADDRESS_CHARS = r"\w.!#$%&'*+/=?^`{|}~"  # and "-", last in each class below
_EMAIL_ADDRESS = re.compile(
    rf"(?<![{_ADDRESS_CHARS}@-])(?:mailto:)?[{_ADDRESS_CHARS}-]+@[\w-]+(?:\.[\w-]+)*",
    re.IGNORECASE,
)
# What an address leaves once removed: brackets with nothing in them, a bare "mailto:".
_ADDRESS_LEFTOVERS = re.compile(r"\(\s*\)|<\s*>|\[\s*\]|\bmailto:", re.IGNORECASE)
# Names that say there is none: Blogger's, for a profile without one.
_PLACEHOLDER_NAMES = frozenset({"unknown"})


def author_name(value: Any) -> str:
    """An author as a feed wrote it, by name only. Feeds often give an email address with
    the name (RSS's <author> is meant to be one: "ana@example.org (Ana Okafor)"; feedparser
    writes Atom's as "Ana Okafor (ana@example.org)"): the planet never republishes an
    address, so it is removed, and an author known only by address is left out (pages show
    the member instead)."""
    if not value:
        return ""
    # Entities first: "jane&#64;example.org" is an address too.
    text = _ADDRESS_LEFTOVERS.sub(" ", _EMAIL_ADDRESS.sub(" ", html.unescape(str(value))))
    name = plain_text(text, True).strip(" ,;:")
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1].strip()
    if not _NAME.search(name) or name.casefold() in _PLACEHOLDER_NAMES:
        return ""
    return name


def _picture_text(contents: Any) -> str:
    """A picture's description (an RSS media:description, which feedparser files as a
    plain-text content): what a post that is only a photo can be titled by."""
    for item in contents or ():
        if not _is_markup(item) and dict.get(item, "value"):
            return _as_html(item, str(dict.get(item, "value")))
    return ""


def _title_from_text(fragment: str) -> str:
    """A title for an entry that has none, as microblog posts (Mastodon's, for one) have:
    the start of its text."""
    # The start is enough, and nh3 takes quadratic time over deeply nested tags: a hostile
    # post must not hold the parse.
    text, cut = excerpt(fragment[:TEXT_SOURCE_CHARS], UNTITLED_TITLE_WORDS)
    if len(text) > UNTITLED_TITLE_CHARS:  # long words: a link written out, say
        text = text[: UNTITLED_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:.…")
        cut = True
    return (text + "…" if cut and not text.endswith("…") else text) or "(untitled)"


def _ids_told_apart(entries: list[ParsedEntry]) -> tuple[list[ParsedEntry], int]:
    """Entries whose id other entries of the feed have with other links, identified by
    their links instead, and how many. Some generators give every item the same guid (the
    blog's address, say): kept as they are, the feed's posts would be stored as one. An
    entry listed twice (same id, same link) is left as it is: it is one post."""
    if len({entry.entry_id for entry in entries}) == len(entries):
        return entries, 0  # every id once: the usual case
    links: dict[str, set[str | None]] = {}
    for entry in entries:
        links.setdefault(entry.entry_id, set()).add(entry.link)
    broken = {entry_id for entry_id, seen in links.items() if len(seen) > 1}
    kept = links.keys() - broken  # ids that still name one post each: never taken over
    told_apart = [
        entry._replace(entry_id=entry.link)
        if entry.entry_id in broken and entry.link and entry.link not in kept
        else entry
        for entry in entries
    ]
    return told_apart, sum(
        1 for old, new in zip(entries, told_apart, strict=True) if old is not new
    )


def _fallback_id(title: str, content: str) -> str:
    digest = hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:32]
    return f"urn:sha256:{digest}"


def _bozo_message(result: dict[str, Any], body: bytes) -> str:
    error = result["bozo_exception"]
    line = getattr(error, "getLineNumber", None)
    message = getattr(error, "getMessage", None)
    if callable(line) and callable(message):
        added = _lines_feedparser_added(body, str(result.get("encoding") or ""))
        return f"malformed XML at line {max(1, line() - added)}: {message()}"
    return f"malformed feed: {error}"


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse one feed document. Never raises: problems come back in ``error``."""
    try:
        return _parse(body, {key.lower(): value for key, value in headers.items()}, url)
    except Exception as error:  # a worker boundary: one bad feed must not stop the others
        logger.debug("planet: parsing %s failed", url, exc_info=True)
        return ParsedFeed(
            f"could not parse the feed: {type(error).__name__}: {error}", "", None, ()
        )


def _parse(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
    web_url = url if safe_url(url) else None
    result = feedparser.parse(
        body,
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    feed = result.get("feed", {})
    real_error = result.get("bozo") and not isinstance(result.get("bozo_exception"), HARMLESS_BOZO)
    if not result.get("version"):
        if _looks_like_html(body, headers):
            found = advertised_feed(body, web_url)
            hint = f"; the page advertises the feed {found}" if found else ""
            return ParsedFeed(
                f"not a feed: the address returns an HTML page{hint}",
                "",
                None,
                (),
                not_a_feed=True,
                advertised_feed=found,
            )
        if _looks_like_json(body, headers):
            return ParsedFeed(
                "not a feed the planet can read: the address returns JSON (a JSON Feed?); "
                "point feed at the blog's RSS or Atom feed",
                "",
                None,
                (),
                not_a_feed=True,
            )
        if real_error:
            return ParsedFeed(_bozo_message(result, body), "", None, ())
        return ParsedFeed(
            "not a feed: the document is neither RSS nor Atom", "", None, (), not_a_feed=True
        )
    warning = None
    if real_error:
        if not result.get("entries"):
            return ParsedFeed(_bozo_message(result, body), "", None, ())
        warning = _bozo_message(result, body) + " (read leniently)"
    declared = str(result.get("version", "")).startswith("atom")  # Atom types its text
    feed_link = safe_url(feed.get("link"), web_url)
    feed_base = web_url or feed_link
    # Atom: the feed's author wrote the entries that name none. (RSS's channel-level
    # <managingEditor> is an editor, not the author of every item.)
    feed_author = author_name(feed.get("author")) if declared else ""
    entries = []
    unrecognisable = 0
    for raw in result.get("entries", []):
        if warning and not dict.get(raw, "id") and not dict.get(raw, "link"):
            # Read leniently from a broken document (often one cut off mid-entry), an entry
            # with neither id nor link could never be matched with itself once the feed is
            # whole again, and would stay on the planet for good: it is left out.
            unrecognisable += 1
            continue
        try:
            entries.append(_entry(raw, feed_base, declared, feed_author))
        except (TypeError, ValueError, AttributeError, KeyError) as error:
            logger.warning("planet: %s: skipped an entry that could not be read: %s", url, error)
    if unrecognisable:
        warning = f"{warning}; {unrecognisable} entries without id or link left out"
    entries, shared = _ids_told_apart(entries)
    if shared:
        entries_share = "entry shares" if shared == 1 else "entries share"
        note = (
            f"{shared} {entries_share} an id (told apart by their links); the feed's ids are broken"
        )
        warning = f"{warning}; {note}" if warning else note
    return ParsedFeed(
        error=None,
        title=plain_text(feed.get("title"), _title_is_html(feed, "title", declared)),
        link=feed_link,
        entries=tuple(entries),
        warning=warning,
    )
