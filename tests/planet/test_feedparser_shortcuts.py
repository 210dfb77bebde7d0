"""feedparser reads feeds through our buffered expat driver, copies and reads its
dictionaries through feeddict.py and answers with shortcuts.py's helpers, and none of it
changes any result."""

from __future__ import annotations

import copy
import html
import re
import warnings
import xml.sax
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import feedparser.api
import feedparser.encodings
import feedparser.html
import feedparser.mixin
import feedparser.urls
import pytest
from planet_samples import atom, rss2, simple_rss
from planet_xss import xss_rss

from planet import feeddict, shortcuts
from planet.expat import TEXT_BUFFER_BYTES, BufferedExpatParser
from planet.parse import parse_feed

HEADERS = {"content-type": "application/rss+xml"}
URL = "https://blog.example.org/feed.xml"
DEMO_FEEDS = Path(__file__).resolve().parents[2] / "demo" / "feeds"

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


def _feedparser_result(body: bytes) -> dict[str, object]:
    result = feedparser.parse(body, response_headers=HEADERS, sanitize_html=False)
    if "bozo_exception" in result:  # exceptions compare by identity: compare the text
        result["bozo_exception"] = repr(result["bozo_exception"])
    return dict(result)


def _assert_same_parse_without(
    body: bytes, uninstall: Callable[[], None], install: Callable[[], None]
) -> None:
    """feedparser's result, and ours, are the same with the shortcuts and without them."""
    fast, ours = _feedparser_result(body), parse_feed(body, HEADERS, URL)
    uninstall()
    try:
        assert _feedparser_result(body) == fast
        assert parse_feed(body, HEADERS, URL) == ours
    finally:
        install()


@pytest.mark.parametrize("body", SAMPLES)
def test_feeddict_methods_give_the_same_parse_as_feedparser_s_own(body: bytes) -> None:
    _assert_same_parse_without(body, feeddict.uninstall, feeddict.install)


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
    original = feedparser.urls._urljoin
    shortcut = shortcuts.urljoin_shortcut(original)
    uris = [
        "",
        "/a",
        "../y",
        "https://b.example/",
        "https://b.example//double",
        "https:///three",
        "HTTP:////b.example/x",
        "//host.example/x",
        "mailto:someone@example.org",
        "javascript:alert(1)",
        "tag:blog.example.org,2026:post-1",
        "  https://padded.example/ ",
        "http://[::1/broken",
        "x+y.z-w://odd.example//",
    ]
    for base in ("", None, "https://a.example/x/", "https://a.example//x/"):
        for uri in uris:
            assert shortcut(base, uri) == original(base, uri), (base, uri)


def test_cp1252_table_translates_as_feedparser_s_dictionary() -> None:
    mapping = feedparser.html._cp1252
    table = shortcuts.cp1252_table(mapping)
    texts = [
        "",
        "plain ASCII text",
        "".join(chr(code) for code in range(0x300)),  # C0, ASCII, C1, Latin-1, beyond
        "smart \x93quotes\x94 and \x85 \x80 \x81 \x8d \x9f from Windows-1252",
        "caf\u00e9 \u2014 \u201cquoted\u201d \U0001f375 \ud800",
        "".join(chr(code) for code in range(0x10000)),  # the whole plane, surrogates too
        "\x93astral\x94 \U0001f375\U0010ffff \u041f\u0440\u0438\u0432\u0435\u0442",
    ]
    for text in texts:
        assert text.translate(table) == text.translate(mapping), text
    assert "\x80\x93".translate(table) == "\u20ac\u201c"


def test_pi_encoding_pattern_finds_what_feedparser_s_regex_finds() -> None:
    import random

    original = feedparser.encodings.RE_XML_PI_ENCODING.original  # type: ignore[attr-defined]
    fast = shortcuts.PiEncodingPattern(original)
    documents = [
        b"",
        b"<?xml version='1.0' encoding='utf-8'?><rss/>",
        b'<?xml version="1.0" encoding="iso-8859-1"?>\n<rss/>',
        b"<?xml version='1.0'?><rss/>",
        b"<?xml encoding='a'?> then encoding='b' and ?> on the same line",
        b"<?xml encoding='a'?>\nencoding='b' ?> on the next line",
        b"<?xml encoding='a' no end",
        b"<rss><?xml encoding='a'?></rss>",
        b"\n<?xml encoding='a'?>",
        b"<?xml encoding=\"a'?>",
    ]
    pieces = [b"<?", b"xml", b" ", b"encoding=", b"'", b'"', b"utf-8", b"?>", b"\n", b"?", b">"]
    pick = random.Random(20261202)
    documents += [
        b"".join(pick.choice(pieces) for _ in range(pick.randrange(1, 14))) for _ in range(20_000)
    ]
    for document in documents:
        expected, found = original.match(document), fast.match(document)
        assert (found and found.groups()) == (expected and expected.groups()), document


# Namespaces decide the tags feedparser makes of element names (which expat.py remembers).
NAMESPACED = [
    b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
    xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>NS</title>
    <link>https://ns.example/</link><atom:link rel="self" href="https://ns.example/feed"/>
    <itunes:author>Ana</itunes:author><item><title>One</title><dc:creator>Ana O.</dc:creator>
    <content:encoded>&lt;p&gt;Full&lt;/p&gt;</content:encoded><media:thumbnail
    url="https://ns.example/t.jpg"/><guid isPermaLink="false">urn:1</guid><dc:date>
    2026-01-02T03:04:05Z</dc:date></item><item xmlns:dc="urn:not-dublin-core"><title>Two
    </title><dc:creator>not a creator</dc:creator><Title>Upper</Title></item><item>
    <dc:creator>Dublin again</dc:creator></item></channel></rss>""",
    b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel
    rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link>
    </channel><item rdf:about="https://rdf.example/1"><title>R1</title><link>
    https://rdf.example/1</link><dc:date>2026-01-02T03:04:05Z</dc:date></item></rdf:RDF>""",
    b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>X</title>
    <id>urn:x</id><updated>2026-01-02T03:04:05Z</updated><entry><id>urn:e1</id><title>E
    </title><updated>2026-01-02T03:04:05Z</updated><content type="xhtml"><div
    xmlns="http://www.w3.org/1999/xhtml"><p>a <em>b</em> <strong>c</strong></p><math
    xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math><svg
    xmlns="http://www.w3.org/2000/svg"><g/></svg><p>after</p><div
    xmlns:m="http://www.w3.org/1998/Math/MathML"><m:math><m:mi>y</m:mi></m:math><m:math>
    <m:mi>z</m:mi></m:math></div></div></content></entry>
    <entry xmlns:x="urn:x" xmlns:xlink="http://www.w3.org/1999/xlink"><id>urn:e2</id>
    <x:note>noted</x:note><title>E2</title></entry></feed>""",
    b"""<?xml version="1.0"?><rss version="2.0" xmlns="http://backend.userland.com/rss2">
    <channel><title>Userland</title><item><title>U</title><link>https://u.example/</link>
    </item></channel></rss>""",
    # A prefix declared for the default namespace changes the tag of the elements after it.
    b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Q</title><item
    xmlns="urn:q"><title>In q</title><foo>one</foo><p:foo xmlns:p="urn:q">two</p:foo><foo>
    three</foo><title>again</title></item></channel></rss>""",
    # Attributes feedparser takes for namespace declarations (expat does not): "Xmlns",
    # and "xmlns" in a namespace. They re-point a prefix without any declaration.
    b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="urn:weird" xmlns:q="urn:q"><channel>
    <title>t</title><item><dc:foo>one</dc:foo></item><item><title
    Xmlns="http://purl.org/dc/elements/1.1/">x</title><dc:foo>two</dc:foo></item><item><title
    q:xmlns="urn:weird">y</title><dc:foo>three</dc:foo></item></channel></rss>""",
    b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="urn:weird">
    <title>t</title><entry><id>1</id><dc:foo>one</dc:foo></entry><entry><id>2</id><title
    Xmlns="http://purl.org/dc/elements/1.1/">x</title><dc:foo>two</dc:foo></entry></feed>""",
]


def _every_sample() -> list[bytes]:
    cp1252 = (
        "<?xml version='1.0' encoding='windows-1252'?><rss version='2.0'><channel>"
        "<title>Caf\u00e9 \u201cquotes\u201d</title><item><title>\u2018One\u2019 \u2014 "
        "\u20ac5</title><description>&lt;p&gt;\u201cTea\u201d \u2026&lt;/p&gt;</description>"
        "</item></channel></rss>"
    ).encode("cp1252")
    # Declared Latin-1 but written in Windows-1252: the C1 characters feedparser maps.
    mislabelled = cp1252.replace(b"windows-1252", b"iso-8859-1")
    # On one line, feedparser takes the last "encoding=" before a "?>" on that line for
    # the declared encoding, even inside an entry: the shortcut must find the same.
    one_line = (
        b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        b"<item><title>Caf\xc3\xa9</title><description><![CDATA[<?php echo 'encoding=\"latin-1\"';"
        b" ?>]]></description></item></channel></rss>"
    )
    return [
        *SAMPLES,
        *NAMESPACED,
        cp1252,
        mislabelled,
        one_line,
        *(path.read_bytes() for path in sorted(DEMO_FEEDS.glob("*.xml"))),
    ]


@pytest.mark.parametrize("body", _every_sample())
def test_all_shortcuts_together_give_feedparser_s_own_result(body: bytes) -> None:
    _assert_same_parse_without(body, shortcuts.uninstall, shortcuts.install)


def test_uninstall_gives_feedparser_as_shipped_and_install_takes_it_back() -> None:
    shortcuts.uninstall()
    try:
        assert feedparser.mixin._cp1252 is feedparser.html._cp1252
        assert feedparser.mixin._urljoin is feedparser.urls._urljoin
        assert isinstance(feedparser.encodings.RE_XML_PI_ENCODING, re.Pattern)
        assert "planet.expat" not in feedparser.api.PREFERRED_XML_PARSERS
        assert not isinstance(
            xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS), BufferedExpatParser
        )
    finally:
        shortcuts.install()
    assert isinstance(feedparser.mixin._cp1252, tuple)
    assert isinstance(feedparser.encodings.RE_XML_PI_ENCODING, shortcuts.PiEncodingPattern)
    assert feedparser.mixin._urljoin.original is feedparser.urls._urljoin  # type: ignore[attr-defined]
    assert isinstance(
        xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS), BufferedExpatParser
    )


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
