"""Make feed HTML, text and URLs safe to put on our pages.

Allowlist sanitizing with nh3 (ammonia): only the tags and attributes below survive, every
URL attribute is resolved against the entry's address and kept only when its scheme is
http or https (mailto for links). Titles and names become plain text, which templates
escape like any other text.
"""

from __future__ import annotations

import functools
import html
import re
from contextvars import ContextVar
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
        "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite"},
    "ins": {"cite"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TABS_AND_NEWLINES = re.compile(r"[\t\n\r]+")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# Characters XML 1.0 forbids (and HTML calls parse errors): C0 controls but tab, line feed
# and carriage return; lone surrogates; U+FFFE and U+FFFF. One in a feed's title must not
# make the planet's own Atom feed unreadable for every subscriber.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    # Each of them is a control character, a surrogate or a noncharacter, none of which
    # is printable: printable text (most titles and names) needs no search.
    return text if text.isprintable() else _NOT_XML.sub("", text)


# Root-relative paths that urljoin would copy unchanged after the base's origin: no dot
# segment to remove; no parameters, query, fragment, backslash, tab or newline to normalise.
_PLAIN_ROOT_PATH = re.compile(r"/(?![/.])(?![^?#;\\\t\r\n]*/\.)[^?#;\\\t\r\n]*\Z")


@functools.lru_cache(maxsize=512)
def _web_origin(base: str) -> str | None:
    """``scheme://netloc`` of an http(s) base URL as urljoin would write it, else None."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in WEB_SCHEMES or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _join(base: str, relative: str) -> str:
    """``urljoin(base, relative)``, with a shortcut for the most common relative URL."""
    if _PLAIN_ROOT_PATH.match(relative):
        origin = _web_origin(base)
        if origin is not None:
            return origin + relative
    return urljoin(base, relative)


def safe_url(
    value: str | None, base: str | None = None, schemes: frozenset[str] = WEB_SCHEMES
) -> str | None:
    """``value`` made absolute against ``base``; None unless its scheme is in ``schemes``.

    As browsers do, leading and trailing control characters and spaces are dropped and
    tabs and newlines removed anywhere, so ``java\tscript:`` is recognised for what it is.
    """
    if not value:
        return None
    cleaned = value.strip(_C0_AND_SPACE)
    if "\t" in cleaned or "\n" in cleaned or "\r" in cleaned:
        cleaned = _TABS_AND_NEWLINES.sub("", cleaned)
    if not cleaned.isprintable() and _NOT_XML.search(cleaned):
        return None  # control characters inside an address: not a link anyone can follow
    scheme = _SCHEME.match(cleaned)
    if scheme is None:  # relative: only meaningful against a base
        if not base or not cleaned:
            return None
        try:
            cleaned = _join(base, cleaned)
        except ValueError:
            return None
        scheme = _SCHEME.match(cleaned)
        if scheme is None:
            return None
    name = scheme[1].lower()
    if name not in schemes:
        return None
    if name in WEB_SCHEMES:
        try:
            if not urlsplit(cleaned).netloc:
                return None
        except ValueError:
            return None
    return cleaned


def is_http_url(value: str) -> bool:
    """``value`` is, exactly as written, an absolute http(s) address with a host and a
    usable port: what member files must give, and what the fetch asks the network for."""
    if safe_url(value) != value:
        return False
    try:
        urlsplit(value).port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        return False
    return True


# The address the URL attributes of the fragment being cleaned resolve against.
_BASE: ContextVar[str | None] = ContextVar("planet_html_base", default=None)


def _resolve_url(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: URL attributes absolute against _BASE, or dropped."""
    if attribute not in URL_ATTRIBUTES:
        return value
    return safe_url(value, _BASE.get(), LINK_SCHEMES)


# Set on every image a page shows (whatever the feed said): fetched from its host only
# when the reader scrolls near it. One attribute only: nh3 writes the ones it sets in no
# fixed order, and a build must give the same bytes every time.
PAGE_IMAGE_ATTRIBUTES = {"loading": "lazy"}


@functools.cache
def _cleaner(page: bool) -> nh3.Cleaner:
    """The allowlist, built once per process (building it costs more than using it)."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
        attribute_filter=_resolve_url,
        set_tag_attribute_values={"img": dict(PAGE_IMAGE_ATTRIBUTES)} if page else {},
    )


@functools.cache
def _text_cleaner() -> nh3.Cleaner:
    """No tags at all: what is left is text. Dropped with their contents: scripts, styles
    and captions (a photo credit is not the start of a post)."""
    return nh3.Cleaner(
        tags=set(), attributes={}, clean_content_tags={"script", "style", "figcaption"}
    )


def clean_html(fragment: str, base: str | None, *, page: bool = True) -> str:
    """Sanitized HTML with every URL absolute against ``base`` (the entry's address), and
    images as a page loads them (PAGE_IMAGE_ATTRIBUTES) unless ``page`` is False.

    nh3 resolves each URL attribute through _resolve_url as it cleans, so only real
    attributes are touched: text that merely looks like one (a code sample showing
    ``<img src="...">``) stays as written."""
    if not fragment:
        return ""
    token = _BASE.set(base)
    try:
        cleaned = _cleaner(page).clean(fragment)
    finally:
        _BASE.reset(token)
    if page and ('width="' in cleaned or 'height="' in cleaned):
        cleaned = _IMG_TAG.sub(_unless_tracking_pixel, cleaned)
    return xml_chars(cleaned.strip())


# One <img> tag as nh3 writes it: every value in double quotes, any double quote inside a
# value written &quot;, and "<" in text written &lt;. So this matches whole tags and
# nothing else: not text, not a look-alike inside another attribute's value.
_IMG_TAG = re.compile(r'<img(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>')
_TINY = re.compile(r'\s(?:width|height)="[01](?:px)?"')


def _unless_tracking_pixel(tag: re.Match[str]) -> str:
    """Nothing for an image of at most one pixel across and down: a counter that tells the
    blog's platform (Medium, WordPress.com...) who reads the post here."""
    return "" if len(_TINY.findall(tag.group())) == 2 else tag.group()


# Tags that end a run of text (blocks, line breaks, cells): removing them must leave a space,
# or "<p>One.</p><p>Two</p>" reads "One.Two". Inline tags (<b>, <a>...) leave none.
_WORD_BREAK_TAG = re.compile(
    r"<(?=/?(?:address|article|aside|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|"
    r"footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|table|td|th|tr|ul)[\s/>])",
    re.IGNORECASE,
)


def _words(fragment: str) -> list[str]:
    """The visible text of an HTML fragment, entities decoded, split at whitespace."""
    if not fragment:
        return []
    # A space before each such tag: the text cleaner keeps no tag, so what reaches the text
    # is the space, wherever the tag was (inside a comment or script it goes with them).
    spaced = _WORD_BREAK_TAG.sub(" <", fragment) if "<" in fragment else fragment
    return xml_chars(html.unescape(_text_cleaner().clean(spaced))).split()


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed, entities decoded."""
    return " ".join(_words(fragment))


def plain_text(value: str | None, is_html: bool) -> str:
    """A title or name as plain text: markup removed when the feed declared it as HTML
    (feedparser also marks an RSS title that looks like HTML); a title declared as text
    keeps every character ("Using the <template> element"), and templates escape it."""
    if not value:
        return ""
    has_markup = is_html and ("<" in value or "&" in value)
    text = html_to_text(value) if has_markup else value
    # Whitespace collapsed to single spaces, none at either end (str.split's whitespace
    # is the same as the \s of re's str patterns).
    return " ".join(xml_chars(text).split())


# How blogs end a summary they cut themselves (WordPress: "[…]", "[...]").
_CUT_MARKS = frozenset({"[…]", "[...]", "[..]", "…", "..."})


def excerpt(fragment: str, words: int) -> tuple[str, bool]:
    """The first ``words`` words of an HTML fragment as text, and whether it was cut (by
    us, or by the blog, whose own mark of a cut gives way to ours)."""
    parts = _words(fragment)
    cut_by_blog = bool(parts) and parts[-1] in _CUT_MARKS
    if cut_by_blog:
        parts.pop()
    if len(parts) <= words and not cut_by_blog:
        return " ".join(parts), False
    return " ".join(parts[:words]).rstrip(",;:.") + "…", True
