"""Make feed HTML, text and URLs safe to put on our pages.

Allowlist sanitizing with nh3 (ammonia): only the tags and attributes below survive, every
URL attribute is resolved against the entry's address and kept only when its scheme is
http or https (mailto for links). Titles and names become plain text, which templates
escape like any other text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
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
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SPACES = re.compile(r"\s+")


def safe_url(
    value: str | None, base: str | None = None, schemes: frozenset[str] = WEB_SCHEMES
) -> str | None:
    """``value`` made absolute against ``base``; None unless its scheme is in ``schemes``.

    Control characters and whitespace are removed first, as browsers do, so
    ``java\\tscript:`` is recognised for what it is.
    """
    if not value:
        return None
    cleaned = _CONTROL.sub("", value)
    if not cleaned:
        return None
    if base and not urlsplit(cleaned).scheme:
        cleaned = urljoin(base, cleaned)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in WEB_SCHEMES and not parts.netloc:
        return None
    return cleaned


def _attribute_filter(base: str | None) -> Callable[[str, str, str], str | None]:
    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute not in URL_ATTRIBUTES:
            return value
        schemes = LINK_SCHEMES if (element, attribute) == ("a", "href") else WEB_SCHEMES
        return safe_url(html.unescape(value), base, schemes)

    return keep


def clean_html(fragment: str, base: str | None) -> str:
    """Sanitized HTML with every URL absolute against ``base`` (the entry's address)."""
    if not fragment:
        return ""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter(base),
        url_schemes=set(LINK_SCHEMES),
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    ).strip()


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed, entities decoded."""
    if not fragment:
        return ""
    stripped = nh3.clean(fragment, tags=set(), attributes={})
    return _SPACES.sub(" ", html.unescape(stripped)).strip()


def plain_text(value: str | None, is_html: bool) -> str:
    """A title or name as plain text: markup removed when the feed declared it as HTML."""
    if not value:
        return ""
    text = html_to_text(value) if is_html or "<" in value else value
    return _SPACES.sub(" ", text).strip()


def excerpt(fragment: str, words: int) -> tuple[str, bool]:
    """The first ``words`` words of an HTML fragment as text, and whether it was cut."""
    parts = html_to_text(fragment).split(" ")
    if len(parts) <= words:
        return " ".join(parts), False
    return " ".join(parts[:words]).rstrip(",;:.") + "…", True
