r"""Exact shortcuts inside feedparser: the same results for fewer instructions.

Parsing is most of a cold fetch's CPU time, and most of parsing is feedparser's own
per-element Python work. Each shortcut here (and in feeddict.py and expat.py) replaces one
of feedparser's module-level helpers with a function or table that gives the same answer
for every input, and is tested against feedparser's own, alone and in whole parses
(tests/planet/test_feedparser_shortcuts.py). ``install()`` puts them all in place;
parse.py calls it on import, so the workers that parse feeds have them. Figures:
callgrind instructions of ``parse.parse_feed`` over one benchmark feed (91 KB, 50
entries), in bench/planet/README.md.

- ``_urljoin``: feedparser joins the current xml:base with every start tag's, and every
  link and id with the base. With no base (we never give feedparser a URL, and few feeds
  set xml:base), ``urllib.parse.urljoin`` returns the address unchanged, and feedparser's
  ``_urifixer`` only removes extra slashes after ``scheme://``: when there are none, the
  answer is the address itself. -5 % for the empty address, -2.4 % more for the others.
- ``_cp1252``: feedparser maps the C1 controls U+0080-U+009F that a Windows-1252 document
  decoded as Latin-1 leaves behind, with ``str.translate`` over a dictionary, for every
  text it stores. ``translate`` raises and swallows a KeyError for every distinct
  character that is not in the table, in every call, and for every character of a text
  that is not all ASCII (one curly quote is enough), since such texts are translated
  character by character. A tuple of code points covering the Basic Multilingual Plane
  gives the same translation (characters past its end raise the same LookupError, which
  leaves them unchanged) with a direct lookup and no exception: -5 % on an ASCII feed,
  and half the time of ``translate`` on other text (2 KB of Cyrillic: 0.29 to 0.13 ms;
  English with curly quotes: 0.24 to 0.11 ms, per call).
- ``RE_XML_PI_ENCODING``: feedparser finds the encoding an XML declaration names with
  ``^<\?.*encoding=['"](.*?)['"].*\?>`` matched against the whole document. Its ``.``
  stops at a line end, so on a feed written on one line (Blogger's are, and the
  benchmark's) the greedy ``.*`` runs to the end of the document and back, twice. A match
  lies on the first line and ends with a ``?>``, so the same pattern matched against the
  first line up to its last ``?>`` finds the same groups (all feedparser reads of it). -6 %
  on a one-line feed, nothing on others.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import feedparser.api
import feedparser.encodings
import feedparser.html
import feedparser.mixin
import feedparser.urls

from planet import feeddict

# "^(scheme://)(/*)(.*?)": _urljoin removes the second group.
_SCHEME_SLASHES: re.Pattern[str] = feedparser.urls._urifixer
_SHIPPED_XML_PARSERS = [
    name for name in feedparser.api.PREFERRED_XML_PARSERS if name != "planet.expat"
]


def urljoin_shortcut(original: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """feedparser's ``_urljoin``, answering at once when there is no base to join with."""

    def _urljoin(base: Any, uri: Any) -> Any:
        if not base and type(uri) is str:
            # urljoin(base, uri) is uri when base is empty; the fixer's sub() changes uri
            # only when it finds slashes after "scheme://" (its second group).
            found = _SCHEME_SLASHES.match(uri)
            if found is None or not found.group(2):
                return uri
        return original(base, uri)

    _urljoin.original = original  # type: ignore[attr-defined]
    return _urljoin


def cp1252_table(mapping: dict[int, str]) -> tuple[int, ...]:
    """``mapping`` (code point -> one character) as a tuple ``str.translate`` reads
    directly, for every code point of the Basic Multilingual Plane: the mapped character's
    code point where there is one, the code point itself elsewhere."""
    table = list(range(0x10000))
    for code, text in mapping.items():
        (table[code],) = map(ord, text)  # one character each, as in feedparser's table
    return tuple(table)


class PiEncodingPattern:
    """Stands in for feedparser's ``RE_XML_PI_ENCODING``: ``match`` finds the same
    groups, reading only the part of the document a match can cover."""

    def __init__(self, original: re.Pattern[bytes]) -> None:
        self.original = original
        self.pattern = original.pattern

    def match(self, data: bytes) -> re.Match[bytes] | None:
        line_end = data.find(b"\n")
        line_end = len(data) if line_end < 0 else line_end
        # The last "?>" of the line, found forwards: find is several times faster than
        # rfind, and the first "?>" usually ends the declaration with none after it.
        last, found = -1, data.find(b"?>", 0, line_end)
        while found >= 0:
            last, found = found, data.find(b"?>", found + 2, line_end)
        return None if last < 0 else self.original.match(data, 0, last + 2)


def install() -> None:
    """Put every shortcut in place (idempotent)."""
    # feedparser's XML driver: expat with buffered text (see expat.py), same output.
    feedparser.api.PREFERRED_XML_PARSERS = ["planet.expat"]
    # FeedParserDict's copies and lookups (see feeddict.py).
    feeddict.install()
    if not hasattr(feedparser.mixin._urljoin, "original"):
        feedparser.mixin._urljoin = urljoin_shortcut(feedparser.mixin._urljoin)
    feedparser.mixin._cp1252 = cp1252_table(feedparser.html._cp1252)
    if not isinstance(feedparser.encodings.RE_XML_PI_ENCODING, PiEncodingPattern):
        feedparser.encodings.RE_XML_PI_ENCODING = PiEncodingPattern(
            feedparser.encodings.RE_XML_PI_ENCODING
        )


def uninstall() -> None:
    """feedparser as shipped (for tests that compare both)."""
    feedparser.api.PREFERRED_XML_PARSERS = list(_SHIPPED_XML_PARSERS)
    feeddict.uninstall()
    feedparser.mixin._urljoin = getattr(
        feedparser.mixin._urljoin, "original", feedparser.mixin._urljoin
    )
    feedparser.mixin._cp1252 = feedparser.html._cp1252
    pattern = feedparser.encodings.RE_XML_PI_ENCODING
    if isinstance(pattern, PiEncodingPattern):
        feedparser.encodings.RE_XML_PI_ENCODING = pattern.original
