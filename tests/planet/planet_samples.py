"""Small feed documents for the planet tests, written for them."""

from __future__ import annotations


def rss2(
    items: list[dict[str, str]], title: str = "Sample blog", link: str = "https://blog.example.org/"
) -> bytes:
    parts = []
    for item in items:
        fields = "".join(f"<{key}>{value}</{key}>" for key, value in item.items())
        parts.append(f"<item>{fields}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>{link}</link><description>test</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def atom(entries: list[str], title: str = "Sample Atom") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:feed</id><updated>2026-11-01T00:00:00Z</updated>"
        '<link rel="alternate" href="https://atom.example.org/"/>'
        + "".join(f"<entry>{entry}</entry>" for entry in entries)
        + "</feed>"
    ).encode()


def simple_rss(count: int = 3, prefix: str = "post") -> bytes:
    return rss2(
        [
            {
                "title": f"Post {number}",
                "link": f"https://blog.example.org/{prefix}-{number}",
                "guid": f"https://blog.example.org/{prefix}-{number}",
                "pubDate": f"Mon, {number + 1:02d} Nov 2026 10:00:00 +0000",
                "description": f"Meeting number {number} went well.",
            }
            for number in range(1, count + 1)
        ]
    )
