"""The planet's Atom feed and OPML stay well-formed XML whatever feeds and member files hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from planet.outputs import atom_feed, opml
from planet.settings import read_settings
from planet.view import MemberView, PlanetEntry

WHEN = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_control_characters_from_a_member_file_or_a_feed_do_not_break_the_xml() -> None:
    settings = read_settings({"SITENAME": "Site\x0b", "SITEURL": "https://offline.example"})
    member = MemberView(
        "m", "Ann\x01 Example", "https://ann.example/", "https://ann.example/feed", None, "A", ()
    )
    # PlanetEntry text normally comes through sanitize.py; this one did not.
    entry = PlanetEntry(
        "urn:x:1", member, "Title\x02", "https://ann.example/1", "Ann\x03", WHEN,
        "<p>Body\x04</p>", "", False, "full",
    )  # fmt: skip
    atom = ET.fromstring(atom_feed([entry], settings, WHEN))
    ns = "{http://www.w3.org/2005/Atom}"
    assert [e.text for e in atom.iter(f"{ns}title")] == ["Site planet", "Title", "Ann Example"]
    assert [e.text for e in atom.iter(f"{ns}content")] == ["<p>Body</p>"]
    outline = ET.fromstring(opml([member], settings, WHEN)).find("body/outline")
    assert outline is not None
    assert outline.get("text") == "Ann Example"
    assert outline.get("xmlUrl") == "https://ann.example/feed"


def test_opml_date_created_is_the_instant_in_gmt() -> None:
    from datetime import timedelta, timezone

    settings = read_settings({"SITENAME": "Site", "SITEURL": "https://offline.example"})
    nine_pm_in_tokyo = datetime(2026, 11, 22, 21, 0, tzinfo=timezone(timedelta(hours=9)))
    head = ET.fromstring(opml([], settings, nine_pm_in_tokyo)).find("head/dateCreated")
    assert head is not None and head.text == "Sun, 22 Nov 2026 12:00:00 GMT"
