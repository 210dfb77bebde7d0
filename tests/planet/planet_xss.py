"""A feed full of script-injection attempts, and a checker for rendered HTML and XML."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

CONTENT_PAYLOADS = [
    "<script>alert('content')</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(2)">js</a>',
    '<a href="JaVaScRiPt:alert(3)">mixed case</a>',
    '<a href="java&#x09;script:alert(4)">tab</a>',
    '<a href=" javascript:alert(5)">space</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(7)">vb</a>',
    '<svg><a xlink:href="javascript:alert(8)"><text>svg link</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:alert(9)"/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="javascript:alert(10)"></object>',
    '<p style="background:url(javascript:alert(11))" onclick="alert(12)">styled</p>',
    '<form action="javascript:alert(13)"><input></form>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDE0KTwvc2NyaXB0Pjwvc3ZnPg==">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)></style></mglyph></table></mtext></math>",
]
TITLE_PAYLOAD = "<script>alert('title')</script>Kind words <img src=x onerror=alert(16)>"
AUTHOR_PAYLOAD = "<b onmouseover=alert(17)>Mallory</b>"


def xss_rss() -> bytes:
    content = "".join(CONTENT_PAYLOADS) + "<p>The safe paragraph stays.</p>"
    items = [
        f"""<item><title>{escape(TITLE_PAYLOAD)}</title>
        <link>https://evil.example.org/post</link><guid>https://evil.example.org/post</guid>
        <author>{escape(AUTHOR_PAYLOAD)}</author>
        <pubDate>Wed, 04 Nov 2026 10:00:00 +0000</pubDate>
        <description>{escape(content)}</description></item>""",
        f"""<item><title>Link payload</title><link>javascript:alert(18)</link>
        <guid isPermaLink="true">javascript:alert(19)</guid>
        <pubDate>Tue, 03 Nov 2026 10:00:00 +0000</pubDate>
        <description>{escape('<a href="vbscript:x">v</a> summary')}</description></item>""",
        f"""<item><title>Data link</title><link>data:text/html,hello</link>
        <pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>
        <description>{escape("<p>A <em>summary</em> <script>alert(20)</script></p>")}</description></item>""",
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Evil &lt;script&gt;alert(21)&lt;/script&gt;</title>"
        "<link>https://evil.example.org/</link><description>x</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


BAD_MARKERS = (
    "alert(",
    "javascript:",
    "vbscript:",
    "data:text",
    "data:image",
    "onerror",
    "onclick",
    "onmouseover",
    "<script",
    "<svg",
    "<iframe",
    "<object",
    "xlink:href",
)


class _UnsafeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "svg", "math", "form", "style"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            is_url = name in ("href", "src", "action", "xlink:href") and value
            if is_url and not value.strip().lower().startswith(("http://", "https://", "mailto:")):
                self.problems.append(f"{tag} {name}={value}")


def unsafe_html(page: str) -> list[str]:
    """Elements, handlers and URLs that must never reach a planet page."""
    finder = _UnsafeFinder()
    finder.feed(page)
    return finder.problems
