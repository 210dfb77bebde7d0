"""feedparser reads feeds through our buffered expat driver and copies and reads its
dictionaries through feeddict.py, and none of it changes any result."""

from __future__ import annotations

import copy
import html
import warnings
import xml.sax
from typing import ClassVar

import feedparser.api
import pytest
from planet_samples import atom, rss2, simple_rss
from planet_xss import xss_rss

from planet import feeddict
from planet.expat import TEXT_BUFFER_BYTES, BufferedExpatParser
from planet.parse import parse_feed

HEADERS = {"content-type": "application/rss+xml"}
URL = "https://blog.example.org/feed.xml"

ESCAPED_HTML = "".join(
    f"&lt;p&gt;Paragraph {n} with &amp;amp; an &lt;a href=&quot;/p/{n}&quot;&gt;inner link"
    f"&lt;/a&gt; &#169; and a line\nbreak.&lt;/p&gt;"
    for n in range(1500)
)  # longer than the text buffer, so expat must still hand it over in several pieces
SAMPLES = [
    simple_rss(5),
    xss_rss(),
    atom(
        [
            "<entry><id>urn:a</id><title type='html'>A &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; title"
            "</title><updated>2026-01-02T03:04:05Z</updated><content type='xhtml'><div "
            "xmlns='http://www.w3.org/1999/xhtml'><p>x &lt; y &amp; <em>z</em></p></div>"
            "</content></entry>"
        ]
    ),
    rss2(
        [
            {
                "title": "Long",
                "link": "https://blog.example.org/long",
                "description": ESCAPED_HTML,
                "pubDate": "Mon, 02 Nov 2026 10:00:00 GMT",
            }
        ]
    ),
    # xml:base on the feed and on an entry: feedparser joins them at every start tag.
    b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' "
    b"xml:base='https://blog.example.org/'><title>Based</title><id>urn:f</id>"
    b"<updated>2026-01-02T03:04:05Z</updated><entry xml:base='posts/'><id>urn:e</id>"
    b"<title>E</title><updated>2026-01-02T03:04:05Z</updated><link href='one'/>"
    b"<content type='html'>&lt;a href='two'&gt;x&lt;/a&gt;</content></entry></feed>",
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</title><item><title>a"
    b"</title><description>one &amp; two</descr></item></channel></rss>",
]


def test_feedparser_uses_the_buffered_driver() -> None:
    parser = xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS)
    assert isinstance(parser, BufferedExpatParser)
    assert len(html.unescape(ESCAPED_HTML)) > TEXT_BUFFER_BYTES


@pytest.mark.parametrize("body", SAMPLES)
def test_buffered_text_gives_the_same_result_as_the_standard_driver(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffered = parse_feed(body, HEADERS, URL)
    monkeypatch.setattr(feedparser.api, "PREFERRED_XML_PARSERS", [])
    standard = parse_feed(body, HEADERS, URL)
    assert buffered == standard
    assert buffered.error is None or "malformed" in buffered.error


def test_feedparser_dict_deep_copy_is_a_real_deep_copy() -> None:
    from feedparser.util import FeedParserDict

    assert "__deepcopy__" in vars(FeedParserDict)  # installed by planet.parse
    inner = FeedParserDict(term="tea")
    original = FeedParserDict(type="text/html", tags=[inner], base="https://a.example/")
    original.extra = ["state"]
    duplicate = copy.deepcopy(original)
    assert duplicate == original and type(duplicate) is FeedParserDict
    assert duplicate["tags"][0] is not inner and type(duplicate["tags"][0]) is FeedParserDict
    assert duplicate.extra == ["state"] and duplicate.extra is not original.extra
    duplicate["tags"][0]["term"] = "coffee"
    assert inner["term"] == "tea"
    cycle = FeedParserDict(name="loop")
    cycle["self"] = cycle
    copied = copy.deepcopy(cycle)
    assert copied["self"] is copied and copied is not cycle


@pytest.mark.parametrize("body", SAMPLES)
def test_feeddict_methods_give_the_same_parse_as_feedparser_s_own(body: bytes) -> None:
    def parsed() -> dict[str, object]:
        result = feedparser.parse(body, response_headers=HEADERS, sanitize_html=False)
        if "bozo_exception" in result:  # exceptions compare by identity: compare the text
            result["bozo_exception"] = repr(result["bozo_exception"])
        return dict(result)

    fast, ours = parsed(), parse_feed(body, HEADERS, URL)
    feeddict.uninstall()
    try:
        assert parsed() == fast
        assert parse_feed(body, HEADERS, URL) == ours
    finally:
        feeddict.install()


def test_fast_lookups_answer_as_feedparser_s_own() -> None:
    from feedparser.util import FeedParserDict

    class Renamed(FeedParserDict):  # a subclass keeps the original path
        keymap: ClassVar[dict[str, object]] = {**FeedParserDict.keymap, "headline": "title"}

    links = [
        FeedParserDict(rel="enclosure", href="https://a.example/a.mp3", type="audio/mpeg"),
        FeedParserDict(rel="license", href="https://a.example/licence"),
    ]
    fields = {
        "title": "A title",
        "summary": "<p>text</p>",
        "published": "2026-11-02",
        "published_parsed": (2026, 11, 2, 0, 0, 0, 0, 306, 0),
        "tags": [FeedParserDict(term="tea")],
        "links": links,
        "rights": "CC",
    }
    keys = sorted(
        {*feeddict.SPECIAL_KEYS, "title", "summary", "rights", "headline", "type", "missing"}
    )

    def answers(entry: FeedParserDict) -> dict[str, object]:
        found: dict[str, object] = {}
        for key in keys:
            try:
                item: object = entry[key]
            except KeyError:
                item = "KeyError"
            found[key] = (item, entry.get(key, "default"), key in entry)
        return found

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # updated -> published, on purpose
        fast = [answers(FeedParserDict(fields)), answers(Renamed(fields))]
        feeddict.uninstall()
        try:
            stock = [answers(FeedParserDict(fields)), answers(Renamed(fields))]
        finally:
            feeddict.install()
    assert fast == stock
    assert fast[1]["headline"][0] == "A title" and fast[0]["headline"][0] == "KeyError"


def test_urljoin_shortcut_answers_as_feedparser_s_own() -> None:
    import feedparser.urls

    from planet.parse import urljoin_shortcut

    original = feedparser.urls._urljoin
    shortcut = urljoin_shortcut(original)
    pairs = [
        ("", ""),
        (None, ""),
        ("", "/a"),
        ("https://a.example/x/", ""),
        ("https://a.example/x/", "../y"),
        ("", "https://b.example/"),
        ("https://a.example/", "javascript:alert(1)"),
    ]
    for base, uri in pairs:
        assert shortcut(base, uri) == original(base, uri), (base, uri)


@pytest.mark.parametrize("body", SAMPLES)
def test_urljoin_shortcut_gives_the_same_parse(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import feedparser.mixin

    assert hasattr(feedparser.mixin._urljoin, "original")  # installed by planet.parse
    ours = parse_feed(body, HEADERS, URL)
    monkeypatch.setattr(feedparser.mixin, "_urljoin", feedparser.mixin._urljoin.original)
    assert parse_feed(body, HEADERS, URL) == ours


def test_fast_stores_land_where_feedparser_s_own_do() -> None:
    from feedparser.util import FeedParserDict

    keys = sorted({*feeddict.SPECIAL_KEYS, "title", "type", "value"})

    def stored() -> list[dict[str, object]]:
        found = []
        for key in keys:
            entry = FeedParserDict()
            entry[key] = "v"
            entry.setdefault(f"{key}_detail", "w")
            found.append(dict(entry))
        return found

    fast = stored()
    feeddict.uninstall()
    try:
        stock = stored()
    finally:
        feeddict.install()
    assert fast == stock
    assert {"summary": "v", "summary_detail": "w"} in fast  # "description" is stored as summary
