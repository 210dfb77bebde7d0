"""Sanitizing: every injection attempt in content, summary, title, author and links is removed."""

from __future__ import annotations

import random
from urllib.parse import urljoin

import pytest
from planet_samples import rss2
from planet_xss import BAD_MARKERS, CONTENT_PAYLOADS, xss_rss

from planet import sanitize
from planet.parse import parse_feed
from planet.sanitize import _PLAIN_ROOT_PATH, _join, clean_html, excerpt, plain_text, safe_url


@pytest.mark.parametrize("payload", CONTENT_PAYLOADS)
def test_each_content_payload_is_neutralised(payload: str) -> None:
    cleaned = clean_html(payload, "https://blog.example.org/post").lower()
    for marker in BAD_MARKERS:
        assert marker not in cleaned, (payload, cleaned)


def test_whole_feed_of_payloads() -> None:
    parsed = parse_feed(
        xss_rss(), {"content-type": "application/rss+xml"}, "https://evil.example.org/feed"
    )
    first, link_payload, data_link = parsed.entries
    assert first.title == "Kind words"
    assert first.author == "Mallory"
    assert "<p>The safe paragraph stays.</p>" in clean_html(first.content_raw, first.base_url)
    assert link_payload.link is None
    assert data_link.link is None
    assert parsed.title == "Evil"
    for entry in parsed.entries:
        shown = [
            clean_html(html, entry.base_url) for html in (entry.content_raw, entry.summary_raw)
        ]
        text = " ".join([entry.title, entry.author, *shown, entry.link or ""]).lower()
        for marker in BAD_MARKERS:
            assert marker not in text, (marker, text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("/x", "https://base.example/x"),
        ("javascript:alert(1)", None),
        ("  JAVASCRIPT:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,hi", None),
        ("vbscript:x", None),
        ("ftp://a.example/x", None),
        ("http://", None),
        ("", None),
    ],
)
def test_safe_url(value: str, expected: str | None) -> None:
    assert safe_url(value, "https://base.example/") == expected


def test_links_get_rel_nofollow_and_mailto_is_allowed() -> None:
    cleaned = clean_html('<a href="mailto:a@example.org">mail</a>', None)
    assert (
        cleaned == '<a href="mailto:a@example.org" rel="nofollow noopener noreferrer ugc">mail</a>'
    )


def test_plain_text_and_excerpt() -> None:
    assert plain_text("Fish &amp; <b>chips</b>", True) == "Fish & chips"
    assert plain_text("a < b", False) == "a < b"
    assert excerpt("<p>one two three four</p>", 2) == ("one two…", True)
    assert excerpt("<p>one two</p>", 5) == ("one two", False)


def test_the_urljoin_shortcut_joins_exactly_like_urljoin() -> None:
    bases = [
        "http://h.example.org/a/b",
        "HTTPS://Ex.ORG:8080",
        "https://u:p@h/x?y#z",
        "http://h",
        "ftp://h/x",
        "mailto:a@b",
        "http:///x",
        "https://h/a/b/",
        "http://[::1]/x",
        "https://h.example.org/a;p?q",
        "//h/x",
        "http://h/%zz",
    ]
    pieces = ["/", ".", "..", "a", "?", "#", "\\", ";", "%2e", " ", ":", "//", "x.jpg", "\t", "é"]
    rng = random.Random(7)
    shortcuts = 0
    for _ in range(20_000):
        relative = "/" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        base = rng.choice(bases)
        assert _join(base, relative) == urljoin(base, relative), (base, relative)
        shortcuts += bool(_PLAIN_ROOT_PATH.match(relative))
    assert shortcuts > 1000  # the shortcut was really taken


def test_characters_xml_cannot_hold_never_reach_html_text_or_links() -> None:
    assert clean_html("<p>a&#1;b\x02c\ufffe</p>", None) == "<p>abc</p>"
    assert plain_text("T&#1;x", True) == "Tx"
    assert plain_text("A\x01B\tC", False) == "AB C"
    assert excerpt("<p>one&#8;two three</p>", 5) == ("onetwo three", False)
    assert safe_url("https://x.example/a\x01b") is None
    assert safe_url("https://x.example/a\tb") == "https://x.example/ab"  # as browsers read it


def test_code_samples_that_show_markup_are_left_as_written() -> None:
    sample = (
        '<pre><code>&lt;img src="cat.png"&gt; &lt;a href="javascript:void(0)"&gt;</code></pre>'
        '<p>See <a href="/docs">the docs</a> and <img src="pic.png" alt="a picture"></p>'
    )
    cleaned = clean_html(sample, "https://blog.example.org/posts/1")
    assert '&lt;img src="cat.png"&gt; &lt;a href="javascript:void(0)"&gt;' in cleaned
    assert 'href="https://blog.example.org/docs"' in cleaned
    assert 'src="https://blog.example.org/posts/pic.png"' in cleaned


def test_the_fast_paths_give_what_the_patterns_give_for_every_character() -> None:
    """xml_chars skips its search for printable text, plain_text collapses whitespace with
    str.split, safe_url looks for tabs and newlines before removing them: the answers are
    those of the regular expressions they stand in for."""
    import re

    from planet.sanitize import _NOT_XML, xml_chars

    every = "".join(map(chr, range(0x110000)))
    # What the fast paths rest on, for every code point.
    assert re.findall(r"\s", every) == [char for char in every if char.isspace()]
    forbidden = _NOT_XML.findall(every)
    assert len(forbidden) == 29 + 2048 + 2
    assert not any(char.isprintable() for char in forbidden)
    spaces = re.compile(r"\s+")
    samples = [
        every[:0x3000],
        " Two  spaces\u00a0and\u2003others\u3000 ",
        "Title\x0bwith\x1fcontrols\ud800and\uffff",
        "Plain title",
        "ascii\x01control\x7f",
        "",
    ]
    for text in samples:
        assert xml_chars(text) == _NOT_XML.sub("", text)
        assert plain_text(text, False) == spaces.sub(" ", _NOT_XML.sub("", text)).strip()
    c0_and_space = "".join(map(chr, range(0x21)))
    for value in ("https://a.example/x", "https://a.ex\tample/\r\nx", " https://a.example/\x0b"):
        cleaned = re.sub(r"[\t\n\r]+", "", value.strip(c0_and_space))
        assert safe_url(value) == (None if _NOT_XML.search(cleaned) else cleaned), value


URL = "https://blog.example.org/feed.xml"


def test_page_images_load_lazily_whatever_the_feed_says() -> None:
    fragment = '<p><img src="a.jpg" alt="A" loading="eager"></p>'
    assert clean_html(fragment, "https://blog.example.org/post") == (
        '<p><img src="https://blog.example.org/a.jpg" alt="A" loading="lazy"></p>'
    )
    assert clean_html(fragment, "https://blog.example.org/post", page=False) == (
        '<p><img src="https://blog.example.org/a.jpg" alt="A"></p>'
    )


def test_what_pages_add_to_images_never_changes_an_entry_s_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An entry with neither id nor link is identified by a hash of its cleaned text.
    body = rss2([{"title": "Bare", "description": '&lt;img src="a.jpg"&gt;'}])
    before = parse_feed(body, {"content-type": "application/rss+xml"}, URL).entries[0].entry_id
    monkeypatch.setattr(sanitize, "PAGE_IMAGE_ATTRIBUTES", {"loading": "eager"})
    sanitize._cleaner.cache_clear()
    try:
        assert 'loading="eager"' in clean_html('<img src="a.jpg">', URL)
        after = parse_feed(body, {"content-type": "application/rss+xml"}, URL).entries[0].entry_id
    finally:
        sanitize._cleaner.cache_clear()
    assert before.startswith("urn:sha256:")
    assert after == before


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One.</p><p>Two</p>", "One. Two"),
        ("x<br>y<br/>z", "x y z"),
        ("<ul><li>a</li><li>b</li></ul>after", "a b after"),
        ("<h2>Head</h2>Body<TD>cell</TD>", "Head Body cell"),
        ("<p>Coffee with <b>Ana</b> to<em>day</em></p>", "Coffee with Ana today"),  # inline: no gap
        ("<p>a</p><!-- <p>b --><script>c<p>d</script>e", "a e"),
        ("<figure><img src=a.png><figcaption>Photo: Jo</figcaption></figure><p>Text</p>", "Text"),
    ],
)
def test_excerpts_keep_a_space_where_a_block_or_line_break_ends(fragment: str, text: str) -> None:
    assert excerpt(fragment, 50) == (text, False)


@pytest.mark.parametrize(
    ("fragment", "shown"),
    [
        ("<p>Short intro only. [&#8230;]</p>", ("Short intro only…", True)),
        ("<p>Short intro only [...]</p>", ("Short intro only…", True)),
        ("<p>Wait for it …</p>", ("Wait for it…", True)),
        ("<p>Not cut at all.</p>", ("Not cut at all.", False)),
        ("<p>[…]</p>", ("…", True)),
    ],
)
def test_a_summary_the_blog_cut_itself_ends_with_our_mark_alone(
    fragment: str, shown: tuple[str, bool]
) -> None:
    assert excerpt(fragment, 50) == shown


@pytest.mark.parametrize(
    ("fragment", "shown"),
    [
        (
            '<p>Hi<img src="https://stats.example.org/p?x=1" width="1" height="1" alt=""></p>',
            "<p>Hi</p>",
        ),
        ('<img src="https://pixel.example.org/b.gif" width=1 height=1 border=0 />after', "after"),
        ('<img src="t.gif" width="0" height="0">x', "x"),
        (  # one pixel across but tall: a picture (a rule, a spacer) is kept
            '<img src="a.png" width="1" height="300">',
            '<img src="https://blog.example.org/a.png" width="1" height="300" loading="lazy">',
        ),
        (  # look-alikes in an attribute's value and in text stay as they are
            '<a title=\'<img width="1" height="1">\' href="/x">t</a>'
            '<p>&lt;img width="1" height="1"&gt;</p>',
            '<a title="&lt;img width=&quot;1&quot; height=&quot;1&quot;&gt;" '
            'href="https://blog.example.org/x" rel="nofollow noopener noreferrer ugc">t</a>'
            '<p>&lt;img width="1" height="1"&gt;</p>',
        ),
    ],
)
def test_tracking_pixels_never_reach_a_page(fragment: str, shown: str) -> None:
    assert clean_html(fragment, "https://blog.example.org/post") == shown
