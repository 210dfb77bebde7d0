"""The planet's machine-readable files: the combined Atom feed, OPML and health.json.

Built with ElementTree / json so every value is escaped by construction; entry HTML comes
from view.py, sanitized there, and every link was checked by scheme.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime
from hashlib import sha256
from urllib.parse import urlsplit

from planet.health import FeedHealth
from planet.members import Member
from planet.sanitize import safe_url, xml_chars
from planet.settings import PlanetSettings
from planet.view import MemberView, PlanetEntry

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _atom_id(entry: PlanetEntry, settings: PlanetSettings) -> str:
    if entry.entry_id.startswith(("tag:", "urn:")) or safe_url(entry.entry_id):
        return entry.entry_id
    host = urlsplit(settings.site_url).hostname or "localhost"
    digest = sha256(f"{entry.member.slug}\n{entry.entry_id}".encode()).hexdigest()[:32]
    return f"tag:{host},2026:planet/{entry.member.slug}/{digest}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(entries: list[PlanetEntry], settings: PlanetSettings, updated: datetime) -> bytes:
    """The newest entries as one Atom feed; each keeps its original link and author."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", f"{settings.site_name} planet")
    _sub(feed, "subtitle", f"What the members of {settings.site_name} write on their own blogs")
    _sub(feed, "id", settings.url("PLANET_ATOM"))
    _sub(feed, "link", rel="self", href=settings.url("PLANET_ATOM"), type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=settings.url("PLANET"), type="text/html")
    newest = entries[0].instant if entries else updated
    _sub(feed, "updated", newest.isoformat(timespec="seconds"))
    _sub(feed, "generator", "Take It Offline planet")
    for entry in entries[: settings.feed_entries]:
        item = _sub(feed, "entry")
        _sub(item, "title", entry.title)
        _sub(item, "id", _atom_id(entry, settings))
        if entry.link:
            _sub(item, "link", rel="alternate", href=entry.link, type="text/html")
        _sub(item, "published", entry.date_iso)
        _sub(item, "updated", entry.date_iso)
        author = _sub(item, "author")
        _sub(author, "name", entry.author)
        if entry.member.site:
            _sub(author, "uri", entry.member.site)
        source = _sub(item, "source")
        _sub(source, "title", entry.member.name)
        if entry.member.site:
            _sub(source, "link", rel="alternate", href=entry.member.site)
        if entry.body_html:
            _sub(item, "content", entry.body_html, type="html")
        elif entry.excerpt:
            _sub(item, "summary", entry.excerpt, type="text")
    return _serialize(feed)


def opml(members: list[MemberView], settings: PlanetSettings, now: datetime) -> bytes:
    """Every member's feed as an OPML 2.0 subscription list."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = f"{settings.site_name} planet members"
    # RFC 822 as OPML asks; the instant in UTC, which is what "GMT" claims.
    ET.SubElement(head, "dateCreated").text = format_datetime(now.astimezone(UTC), usegmt=True)
    ET.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    for member in members:
        attributes = {"text": member.name, "title": member.name}
        if member.feed:
            attributes.update(type="rss", xmlUrl=member.feed)
        if member.site:
            attributes["htmlUrl"] = member.site
        ET.SubElement(body, "outline", attributes)
    return _serialize(root)


def _serialize(root: ET.Element) -> bytes:
    """The document, indented, with every text and attribute reduced to what XML can hold
    (member names come from contributors, titles from feeds)."""
    for element in root.iter():
        if element.text:
            element.text = xml_chars(element.text)
        for name, value in element.attrib.items():
            element.set(name, xml_chars(value))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def health_json(members: list[Member], health: dict[str, FeedHealth], now: datetime) -> str:
    """Feed health per member, for people and scripts watching the planet."""
    report = {
        "generated": now.isoformat(timespec="seconds"),
        "members": {
            member.slug: {
                "name": member.name,
                "feed": member.feed,
                "source": member.source,
                **health[member.slug].as_json(),
            }
            for member in members
        },
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
