"""Feed bytes to entries: formats, dates, encodings, relative URLs, not-a-feed."""

from __future__ import annotations

import calendar

import pytest
from planet_samples import atom, rss2

from planet.parse import parse_feed
from planet.sanitize import clean_html, excerpt

HEADERS = {"content-type": "application/xml"}
URL = "https://blog.example.org/feed.xml"


def _utc(*fields: int) -> float:
    return float(calendar.timegm((*fields, 0)[:6]))


RSS091 = b"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old school</title><link>https://old.example.org/</link>
<description>d</description><language>en</language>
<item><title>Potluck notes</title><link>https://old.example.org/potluck</link>
<description>We ate well.</description></item></channel></rss>"""

RSS092 = b"""<?xml version="1.0"?>
<rss version="0.92"><channel><title>Ninety-two</title><link>https://n.example.org/</link>
<description>d</description>
<item><title>Choir night</title><link>https://n.example.org/choir</link><description>We sang.</description></item>
</channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.org/"><title>RDF blog</title><link>https://rdf.example.org/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example.org/walk"><title>Canal walk</title><link>https://rdf.example.org/walk</link>
<description>Six of us walked.</description><dc:date>2026-11-03T09:00:00+01:00</dc:date></item>
</rdf:RDF>"""


@pytest.mark.parametrize(
    ("body", "title", "link"),
    [
        (RSS091, "Potluck notes", "https://old.example.org/potluck"),
        (RSS092, "Choir night", "https://n.example.org/choir"),
        (RSS10, "Canal walk", "https://rdf.example.org/walk"),
        (
            rss2([{"title": "Twenty", "link": "https://b.example.org/20"}]),
            "Twenty",
            "https://b.example.org/20",
        ),
        (
            atom(
                ['<title>Atom post</title><link href="https://a.example.org/p"/><id>urn:x:1</id>']
            ),
            "Atom post",
            "https://a.example.org/p",
        ),
    ],
    ids=["rss091", "rss092", "rss10", "rss20", "atom"],
)
def test_every_feed_format(body: bytes, title: str, link: str) -> None:
    parsed = parse_feed(body, HEADERS, URL)
    assert parsed.error is None
    assert [(entry.title, entry.link) for entry in parsed.entries] == [(title, link)]


def test_rss10_date_is_read_in_utc() -> None:
    (entry,) = parse_feed(RSS10, HEADERS, URL).entries
    assert entry.published == _utc(2026, 11, 3, 8, 0)


def test_dates_with_zones_without_zones_missing_and_nonsense() -> None:
    body = atom(
        [
            "<title>zoned</title><id>urn:d:1</id><published>2026-11-05T23:30:00-05:00</published>",
            "<title>naive</title><id>urn:d:2</id><published>2026-11-05T12:00:00</published>",
            "<title>missing</title><id>urn:d:3</id>",
            "<title>nonsense</title><id>urn:d:4</id><published>the day after tomorrow</published>",
            "<title>impossible</title><id>urn:d:5</id><published>2026-02-30T10:00:00Z</published>",
            "<title>ancient</title><id>urn:d:6</id><published>0001-01-01T00:00:00Z</published>",
        ]
    )
    parsed = parse_feed(body, HEADERS, URL)
    dates = {entry.title: entry.published for entry in parsed.entries}
    assert dates["zoned"] == _utc(2026, 11, 6, 4, 30)
    assert dates["naive"] == _utc(2026, 11, 5, 12, 0)  # no zone: read as UTC
    assert dates["missing"] is None
    assert dates["nonsense"] is None
    assert dates["ancient"] is None
    assert "impossible" in dates  # whatever feedparser makes of it, nothing crashes


def test_relative_links_and_images_become_absolute() -> None:
    body = rss2(
        [
            {
                "title": "Relative",
                "link": "/2026/relative",
                "description": '&lt;p&gt;&lt;a href="../about"&gt;about&lt;/a&gt; '
                '&lt;img src="pics/table.jpg" alt="table"&gt;&lt;/p&gt;',
            }
        ]
    )
    (entry,) = parse_feed(body, HEADERS, URL).entries
    assert entry.link == "https://blog.example.org/2026/relative"
    assert entry.base_url == entry.link  # relative URLs in the entry mean what they mean there
    shown = clean_html(entry.content_raw, entry.base_url)  # what view.py puts on the page
    assert 'href="https://blog.example.org/about"' in shown
    assert 'src="https://blog.example.org/2026/pics/table.jpg"' in shown


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (
            '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>Caf\xe9 cr\xe8me</title><link>https://e.example.org/1</link></item>"
            "</channel></rss>".encode("latin-1"),
            {"content-type": "application/xml"},
        ),
        (
            b"\xef\xbb\xbf"
            + '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>Café crème</title><link>https://e.example.org/1</link></item>"
            "</channel></rss>".encode(),
            {"content-type": "application/xml"},
        ),
        (
            # declared utf-8 in the document, really latin-1, and the server says so
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            "<item><title>Caf\xe9 cr\xe8me</title><link>https://e.example.org/1</link></item>"
            "</channel></rss>".encode("latin-1"),
            {"content-type": "application/rss+xml; charset=iso-8859-1"},
        ),
    ],
    ids=["latin1-declared", "utf8-bom", "wrong-declaration"],
)
def test_encodings(body: bytes, headers: dict[str, str]) -> None:
    parsed = parse_feed(body, headers, URL)
    assert parsed.error is None
    assert [entry.title for entry in parsed.entries] == ["Café crème"]


def test_html_page_without_a_feed_link() -> None:
    parsed = parse_feed(
        b"<!DOCTYPE html><html><body>hello</body></html>", {"content-type": "text/html"}, URL
    )
    assert parsed.error == "not a feed: the address returns an HTML page"
    assert parsed.not_a_feed is True


BROKEN = b'<rss version="2.0">\n<channel>\n<title>Fish & chips</title>\n</channel></rss>'


@pytest.mark.parametrize(
    "body",
    [
        BROKEN,
        b'<?xml version="1.0"?>' + BROKEN,
        b'<?xml version="1.0" encoding="utf-8"?>\n' + BROKEN,
        b'<?xml version="1.0"\n    encoding="utf-8"?>\n' + BROKEN,
        b"\xef\xbb\xbf" + BROKEN,
        b"\n\n" + BROKEN,
    ],
    ids=["no-declaration", "declaration", "declaration-own-line", "declaration-two-lines",
         "bom", "blank-lines-first"],
)  # fmt: skip
def test_malformed_xml_names_the_line_as_the_feed_s_author_counts_it(body: bytes) -> None:
    # feedparser adds or rewrites the XML declaration before expat reads the document.
    parsed = parse_feed(body, HEADERS, URL)
    line = body[: body.index(b" & ")].count(b"\n") + 1
    assert parsed.error is not None
    assert parsed.error.startswith(f"malformed XML at line {line}: ")


@pytest.mark.parametrize(
    "headers",
    [{"content-type": "application/feed+json"}, {"content-type": "application/octet-stream"}],
)
def test_a_json_feed_is_reported_as_a_feed_the_planet_cannot_read(
    headers: dict[str, str],
) -> None:
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": []}'
    parsed = parse_feed(body, headers, URL)
    assert parsed.error == (
        "not a feed the planet can read: the address returns JSON (a JSON Feed?); "
        "point feed at the blog's RSS or Atom feed"
    )
    assert parsed.not_a_feed is True


def test_an_html_page_names_the_first_advertised_feed_the_planet_can_read() -> None:
    page = (
        b"<!doctype html><html><head>"
        b'<link rel="alternate" type="application/feed+json" href="/feed.json">'
        b'<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        b"</head><body>hi</body></html>"
    )
    parsed = parse_feed(page, {"content-type": "text/html"}, "https://blog.example.org/")
    assert parsed.advertised_feed == "https://blog.example.org/feed.xml"


def test_an_entry_without_a_title_is_titled_by_the_start_of_its_text() -> None:
    # Microblog feeds (Mastodon's, for one) give items a description and no title.
    body = rss2(
        [
            {
                "link": "https://social.example.org/@ana/1",
                "description": "&lt;p&gt;Coffee with &lt;b&gt;Ana&lt;/b&gt; today! First "
                "time we met in person, after two years of chatting online.&lt;/p&gt;",
            },
            {
                "link": "https://social.example.org/@ana/2",
                "description": "&lt;p&gt;Short.&lt;/p&gt;",
            },
            {"link": "https://social.example.org/@ana/3"},
            {
                "link": "https://social.example.org/@ana/4",
                "description": "&lt;p&gt;Plans: https://wood.example.org/plans/a-shelf-with-a-"
                "very-long-path-that-goes-on-and-on #diy&lt;/p&gt;",
            },
        ]
    )
    titles = [entry.title for entry in parse_feed(body, HEADERS, URL).entries]
    assert titles == [
        "Coffee with Ana today! First time we met in person…",
        "Short.",
        "(untitled)",
        "Plans…",  # the words that fit in 80 characters
    ]


def test_entries_that_share_an_id_are_told_apart_by_their_links() -> None:
    # A generator that gives every item the blog's address as its guid.
    items = [
        {
            "title": f"Post {n}",
            "guid": "https://blog.example.org/",
            "link": f"https://blog.example.org/{n}",
        }
        for n in (1, 2, 3)
    ]
    items.append({"title": "Same again", "guid": "urn:x", "link": "https://blog.example.org/x"})
    items.append({"title": "Same again", "guid": "urn:x", "link": "https://blog.example.org/x"})
    parsed = parse_feed(rss2(items), HEADERS, URL)
    assert [entry.entry_id for entry in parsed.entries] == [
        "https://blog.example.org/1",
        "https://blog.example.org/2",
        "https://blog.example.org/3",
        "urn:x",  # the same post listed twice: one post, stored once
        "urn:x",
    ]
    assert parsed.error is None
    assert parsed.warning == (
        "3 entries share an id (told apart by their links); the feed's ids are broken"
    )


def test_telling_ids_apart_never_takes_an_id_another_entry_keeps() -> None:
    items = [
        {"title": "One", "guid": "g", "link": "https://blog.example.org/1"},
        {"title": "Two", "guid": "g", "link": "https://blog.example.org/2"},
        {
            "title": "Three",
            "guid": "https://blog.example.org/2",
            "link": "https://blog.example.org/3",
        },
    ]
    parsed = parse_feed(rss2(items), HEADERS, URL)
    assert [entry.entry_id for entry in parsed.entries] == [
        "https://blog.example.org/1",
        "g",  # its link is Three's id: kept as it was
        "https://blog.example.org/2",
    ]
    assert parsed.warning == (
        "1 entry shares an id (told apart by their links); the feed's ids are broken"
    )


def test_unique_ids_are_kept_and_bring_no_warning() -> None:
    parsed = parse_feed(
        rss2([{"title": "A", "guid": "urn:a"}, {"title": "B", "guid": "urn:b"}]), HEADERS, URL
    )
    assert [entry.entry_id for entry in parsed.entries] == ["urn:a", "urn:b"]
    assert parsed.warning is None


@pytest.mark.parametrize(
    ("author", "shown"),
    [
        ("<author>jane@example.org (Jane Doe)</author>", "Jane Doe"),
        ("<author>Jane Doe &lt;jane@example.org&gt;</author>", "Jane Doe"),
        ("<author>jane@example.org</author>", ""),
        ("<dc:creator>Jane Doe</dc:creator>", "Jane Doe"),
        ("<dc:creator>@jane@social.example.org</dc:creator>", "@jane@social.example.org"),
        ("<dc:creator>mailto:jane@example.org</dc:creator>", ""),
        # Top-level domains of any length (feedparser's own split expects 2 to 4 letters).
        ("<author>hal@oldhouse.photography</author>", ""),
        ("<author>ada@studio.design (Ada Quill)</author>", "Ada Quill"),
        ("<dc:creator>@ada@mastodon.social</dc:creator>", "@ada@mastodon.social"),
        ("<dc:creator>Unknown</dc:creator>", ""),  # Blogger's placeholder
        ("<author>pat.o'brien@example.org (Pat O'Brien)</author>", "Pat O'Brien"),
        ("<author>jane%lists@example.org</author>", ""),
        ("<author>ana@localhost (Ana)</author>", "Ana"),
        ("<dc:creator>jane&amp;#64;example.org</dc:creator>", ""),  # an entity for the @
        ("<dc:creator>Jane &amp;lt;jane@example.org&amp;gt;</dc:creator>", "Jane"),
        ("<dc:creator>mailto:</dc:creator>", ""),
        ("", ""),
    ],
)
def test_authors_are_shown_by_name_never_by_email_address(author: str, shown: str) -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>B</title><link>https://blog.example.org/</link><description>d"
        f"</description><item><title>T</title><link>https://blog.example.org/1</link>{author}"
        "</item></channel></rss>"
    ).encode()
    assert parse_feed(body, HEADERS, URL).entries[0].author == shown


def test_an_atom_author_is_shown_by_name() -> None:
    body = atom(
        [
            "<id>urn:a</id><title>T</title><updated>2026-11-01T00:00:00Z</updated>"
            "<author><name>Jo</name><email>jo@atom.example.org</email></author>",
            "<id>urn:b</id><title>U</title><updated>2026-11-01T00:00:00Z</updated>"
            "<author><email>jo@atom.example.org</email></author>",
        ]
    )
    assert [entry.author for entry in parse_feed(body, HEADERS, URL).entries] == ["Jo", ""]


def test_entries_of_an_atom_feed_with_an_author_inherit_it() -> None:
    body = atom(
        [
            "<id>urn:a</id><title>T</title><updated>2026-11-01T00:00:00Z</updated>",
            "<id>urn:b</id><title>U</title><updated>2026-11-01T00:00:00Z</updated>"
            "<author><name>Guest Writer</name></author>",
        ]
    ).replace(
        b"<title>Sample Atom</title>",
        b"<title>Sample Atom</title><author><name>Ana</name></author>",
    )
    assert [entry.author for entry in parse_feed(body, HEADERS, URL).entries] == [
        "Ana",
        "Guest Writer",
    ]


def test_an_rss_channel_s_editor_is_not_every_item_s_author() -> None:
    body = rss2([{"title": "T", "link": "https://blog.example.org/1"}]).replace(
        b"<description>test</description>",
        b"<description>test</description><managingEditor>ed@example.org (Ed)</managingEditor>",
    )
    assert parse_feed(body, HEADERS, URL).entries[0].author == ""


def test_a_title_made_from_text_stays_within_80_characters() -> None:
    body = rss2([{"link": "https://blog.example.org/1", "description": "x" * 500}])
    title = parse_feed(body, HEADERS, URL).entries[0].title
    assert len(title) == 80 and title.endswith("…")


def test_only_the_start_of_a_post_is_read_to_title_it() -> None:
    # nh3 takes quadratic time over deep nesting: a hostile post must not hold the parse.
    markup = "&lt;div&gt;" * 3300  # 16,500 characters once decoded
    body = rss2([{"link": "https://blog.example.org/1", "description": markup + "Late words"}])
    assert parse_feed(body, HEADERS, URL).entries[0].title == "(untitled)"


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Five things about &lt;template&gt; tags", "Five things about <template> tags"),
        ("The &lt;script&gt; tag explained", "The <script> tag explained"),
        ("Using &lt;div&gt; vs &lt;span&gt;", "Using <div> vs <span>"),
        ("Why List&lt;T&gt; beats arrays", "Why List<T> beats arrays"),
        ("&lt;b&gt;Bold&lt;/b&gt; move", "Bold move"),
        ('A &lt;a href="/x"&gt;linked&lt;/a&gt; title', "A linked title"),
        ("Tom &amp;amp; Jerry", "Tom & Jerry"),
        ("Fish &amp; chips", "Fish & chips"),
    ],
)
def test_an_rss_title_is_markup_only_when_it_has_what_only_markup_has(
    title: str, shown: str
) -> None:
    body = rss2([{"title": title, "link": "https://blog.example.org/1"}])
    assert parse_feed(body, HEADERS, URL).entries[0].title == shown


def test_a_picture_s_description_in_rss_is_not_taken_for_the_post() -> None:
    # Mastodon: the post in <description>, each picture's alt text in <media:description>,
    # which feedparser files as a content.
    body = (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        b"<channel><title>M</title><link>https://social.example.org/@ana</link>"
        b"<description>d</description><item><link>https://social.example.org/@ana/1</link>"
        b"<description>&lt;p&gt;My new shelf is up!&lt;/p&gt;</description>"
        b'<media:content url="https://social.example.org/a.png" type="image/png">'
        b"<media:description>A pine bookshelf</media:description></media:content>"
        b"</item></channel></rss>"
    )
    (entry,) = parse_feed(body, HEADERS, URL).entries
    assert entry.content_raw == "<p>My new shelf is up!</p>"
    assert entry.title == "My new shelf is up!"
    # A post that is only a photo (Mastodon sends an empty description) is titled by the
    # photo's description.
    photo_only = body.replace(
        b"<description>&lt;p&gt;My new shelf is up!&lt;/p&gt;</description>",
        b"<description></description>",
    )
    (photo,) = parse_feed(photo_only, HEADERS, URL).entries
    assert (photo.title, photo.content_raw) == ("A pine bookshelf", "")


def test_text_a_feed_declares_plain_is_escaped_into_html() -> None:
    body = atom(
        [
            "<id>urn:a</id><title>T</title><updated>2026-11-01T00:00:00Z</updated>"
            "<summary>Compare a&lt;b and b&gt;c;\nthe &lt;style&gt; tag.\n\nA second part.</summary>"
        ]
    )
    (entry,) = parse_feed(body, HEADERS, URL).entries
    assert entry.content_raw == (
        "<p>Compare a&lt;b and b&gt;c;<br>\nthe &lt;style&gt; tag.</p><p>A second part.</p>"
    )
    assert excerpt(entry.content_raw, 20) == (
        "Compare a<b and b>c; the <style> tag. A second part.",
        False,
    )


def test_a_content_alone_is_not_kept_twice_as_a_summary() -> None:
    body = atom(
        [
            "<id>urn:a</id><title>T</title><updated>2026-11-01T00:00:00Z</updated>"
            '<content type="html">&lt;p&gt;All of it.&lt;/p&gt;</content>'
        ]
    )
    (entry,) = parse_feed(body, HEADERS, URL).entries
    assert (entry.summary_raw, entry.content_raw) == ("", "<p>All of it.</p>")


def test_tags_and_ids() -> None:
    body = rss2(
        [
            {
                "title": "Tagged",
                "link": "https://t.example.org/1",
                "guid": "tag-1",
                "category": "Meetups",
            },
            {"title": "No id no link"},
        ]
    )
    tagged, bare = parse_feed(body, HEADERS, URL).entries
    assert tagged.tags == ("meetups",)
    assert tagged.entry_id == "tag-1"
    assert bare.entry_id.startswith("urn:sha256:")
    assert bare.link is None


def test_a_summary_distinct_from_the_content_is_kept() -> None:
    body = atom(
        [
            "<title>x</title><id>urn:s:1</id><summary>Short.</summary>"
            '<content type="html">&lt;p&gt;Long text.&lt;/p&gt;</content>'
        ]
    )
    (entry,) = parse_feed(body, HEADERS, URL).entries
    assert entry.summary_raw == "<p>Short.</p>"  # Atom's default type is text: as HTML
    assert entry.content_raw == "<p>Long text.</p>"


def test_entry_html_is_kept_as_sent_and_the_base_falls_back_to_the_feed() -> None:
    body = atom(
        [
            '<title>No link</title><id>urn:x:1</id><content type="html">&lt;p onclick=x&gt;Hi&lt;/p&gt;</content>'
        ]
    )
    (entry,) = parse_feed(body, HEADERS, URL).entries
    assert entry.content_raw == "<p onclick=x>Hi</p>"  # sanitized only when shown (view.py)
    assert entry.base_url == URL


def test_an_atom_text_title_keeps_what_looks_like_markup() -> None:
    body = atom(
        [
            "<id>urn:a</id><title type='text'>Using the &lt;template&gt; element</title>"
            "<updated>2026-01-02T03:04:05Z</updated>",
            "<id>urn:b</id><title type='html'>An &lt;em&gt;html&lt;/em&gt; title</title>"
            "<updated>2026-01-02T03:04:05Z</updated>",
        ]
    )
    parsed = parse_feed(body, {"content-type": "application/atom+xml"}, URL)
    assert [entry.title for entry in parsed.entries] == [
        "Using the <template> element",
        "An html title",
    ]


def test_a_feed_cut_off_mid_entry_keeps_no_entry_it_could_not_recognise_later() -> None:
    whole = rss2(
        [
            {"title": f"Post {n}", "link": f"https://blog.example.org/{n}", "guid": f"urn:p{n}"}
            for n in range(5)
        ]
    )
    cut = whole[: whole.index(b"<item><title>Post 4") + len(b"<item><title>Post 4")]
    parsed = parse_feed(cut, {"content-type": "application/rss+xml"}, URL)
    assert parsed.error is None and parsed.warning is not None
    assert "1 entries without id or link left out" in parsed.warning
    assert [entry.title for entry in parsed.entries] == [f"Post {n}" for n in range(4)]
