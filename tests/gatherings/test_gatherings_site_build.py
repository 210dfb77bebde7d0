"""Whole-site builds with the real content: pages, structured data, reproducibility, and
a build that fails, listing every problem, when a gathering file is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import extruct
import mf2py
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, pelican_build
from tests.gatherings.icslint import lint

pytestmark = pytest.mark.slow

SITEURL = "http://127.0.0.1:8000"
OVERRIDES = {"GATHERINGS_NOW": "2026-11-22T12:00:00Z", "SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gatherings-site")
    result = pelican_build(folder, overrides=OVERRIDES)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def page(output: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((output / relative).read_text(encoding="utf-8"), "html.parser")


def test_every_page_and_calendar_is_written(output: Path) -> None:
    for relative in (
        "calendar/index.html",
        "calendar/past/index.html",
        "calendar/gatherings.ics",
        "calendar/announced.atom.xml",
        "calendar/2027-01-09-coffee-no-laptops-washington/index.html",
        "calendar/2027-01-09-coffee-no-laptops-washington.ics",
        "calendar/tags/coffee/index.html",
        "calendar/tags/coffee.ics",
        "calendar/cities/montreal/index.html",
        "calendar/cities/montreal.ics",
    ):
        assert (output / relative).is_file(), relative


def test_every_ics_in_the_site_passes_lint(output: Path) -> None:
    files = sorted((output / "calendar").rglob("*.ics"))
    assert len(files) > 10
    for file in files:
        assert lint(file.read_bytes()) == [], file


def test_calendar_page_lists_upcoming_by_month(output: Path) -> None:
    soup = page(output, "calendar/index.html")
    months = [h.get_text() for h in soup.select(".gathering-month h2")]
    assert months[:3] == ["December 2026", "January 2027", "February 2027"]
    text = soup.get_text(" ", strip=True)
    assert "Saturday 9 January 2027, 09:30–11:00 EST" in text
    assert "Saturday 12 June 2027, 09:30–11:00 EDT" in text  # same wall time after DST
    assert "Repeats every second Saturday of the month until Wednesday 30 June 2027" in text
    assert "Reading walk up Calton Hill" not in text  # past: in the archive only
    tables = soup.select("table.month-grid__table")
    assert len(tables) == 3 and tables[0].caption.get_text() == "November 2026"
    assert tables[0].select("th[scope=col]")
    assert soup.select_one('a[rel="next"]')["href"] == "#grid-2026-12"


def test_cancelled_is_struck_through_with_reason(output: Path) -> None:
    soup = page(output, "calendar/index.html")
    dinner = next(li for li in soup.select("li.gathering-item") if "Winter dinner" in li.get_text())
    assert "is-cancelled" in dinner["class"]
    assert dinner.select_one("del")
    assert "closed for renovation" in dinner.get_text()
    april = [li for li in soup.select("li.gathering-item") if "10 April 2027" in li.get_text()]
    assert april and april[0].select_one("del") and "Cancelled" in april[0].get_text()
    gathering = page(output, "calendar/2027-01-09-coffee-no-laptops-washington/index.html")
    cancelled = gathering.select("li.gathering-date.is-cancelled")
    assert len(cancelled) == 1 and "10 April 2027" in cancelled[0].get_text()
    # A cancelled gathering's page offers no button that would add it as a live event.
    called_off = page(output, "calendar/2026-12-18-berlin-winter-dinner/index.html")
    actions = called_off.select_one(".calendar-subscribe")
    assert "cancelled" in actions.get_text()
    assert [a.get_text() for a in actions.select("a")] == ["Download .ics"]


def test_all_day_gathering_shows_three_days(output: Path) -> None:
    soup = page(output, "calendar/2027-02-12-winter-weekend-cabin/index.html")
    assert "Friday 12 February 2027 to Sunday 14 February 2027 (all day)" in soup.get_text(" ")
    grid = page(output, "calendar/index.html")
    text = (output / "calendar/index.html").read_text()
    assert text.count('href="http://127.0.0.1:8000/calendar/2027-02-12-winter-weekend-cabin/"') >= 1
    feb = [t for t in grid.select("table") if t.caption.get_text() == "February 2027"]
    assert feb == []  # only three months of grids from November
    data = extruct.extract(soup.decode(), syntaxes=["json-ld"])["json-ld"][0]
    assert (data["startDate"], data["endDate"]) == ("2027-02-12", "2027-02-14")


def test_past_archive(output: Path) -> None:
    soup = page(output, "calendar/past/index.html")
    titles = [a.get_text() for a in soup.select(".gathering-item__title a")]
    assert titles == ["Repair café, and coffee while we wait", "Reading walk up Calton Hill"]
    assert (output / "calendar/2026-10-17-edinburgh-reading-walk/index.html").is_file()


def test_json_ld_event(output: Path) -> None:
    html = (output / "calendar/2027-06-19-montreal-park-picnic/index.html").read_text()
    [data] = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    assert data["@type"] == "Event"
    assert data["startDate"] == "2027-06-19T12:00:00-04:00"
    assert data["previousStartDate"] == "2027-06-12T12:00:00-04:00"
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["location"]["address"]["addressLocality"] == "Montréal"
    assert data["organizer"][0]["name"] == "Camille Example"


def test_h_event(output: Path) -> None:
    url = f"{SITEURL}/calendar/2027-01-23-tokyo-kissaten-morning/"
    html = (output / "calendar/2027-01-23-tokyo-kissaten-morning/index.html").read_text()
    parsed = mf2py.parse(doc=html, url=url)
    [event] = [item for item in parsed["items"] if "h-event" in item["type"]]
    props = event["properties"]
    assert props["name"] == ["Kissaten morning in Kanda"]
    assert props["start"] == ["2027-01-23T10:00:00+0900"]  # mf2py drops the offset's colon
    assert props["end"] == ["2027-01-23T12:00:00+0900"]
    assert props["url"] == [url]
    location = props["location"][0]
    assert "h-card" in location["type"] and location["properties"]["name"] == ["Kissaten Hoshi"]
    address = location["properties"]["adr"][0]["properties"]
    assert address["locality"] == ["Tokyo"] and address["country-name"] == ["JP"]
    assert "url" not in address


def test_gathering_page_links(output: Path) -> None:
    soup = page(output, "calendar/2027-01-09-coffee-no-laptops-washington/index.html")
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert any(
        h.startswith("https://www.openstreetmap.org/?mlat=38.9072&mlon=-77.0369") for h in hrefs
    )
    assert f"{SITEURL}/calendar/2027-01-09-coffee-no-laptops-washington.ics" in hrefs
    google = next(
        h
        for h in hrefs
        if h.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    )
    assert "dates=20270109T143000Z%2F20270109T160000Z" in google
    assert any(h.startswith("https://outlook.live.com/calendar/0/deeplink/compose?") for h in hrefs)
    assert "https://example.org/rsvp/coffee-no-laptops" in hrefs
    assert not soup.select("iframe")
    for tag in soup.select("script[src], link[rel=stylesheet], img[src]"):
        assert (tag.get("src") or tag.get("href")).startswith(SITEURL)


def test_subscribe_links(output: Path) -> None:
    soup = page(output, "calendar/tags/coffee/index.html")
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert "webcal://127.0.0.1:8000/calendar/tags/coffee.ics" in hrefs
    assert (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A8000"
        "%2Fcalendar%2Ftags%2Fcoffee.ics"
    ) in hrefs


def test_home_page_shows_next_gatherings(output: Path) -> None:
    text = (output / "index.html").read_text()
    if "home-gatherings" not in text:
        pytest.skip("the theme's index.html does not include partials/home_gatherings.html yet")
    soup = BeautifulSoup(text, "html.parser")
    items = soup.select(".home-gatherings li")
    assert len(items) == 3 and "Coffee, no laptops" in items[0].get_text()
    assert "Winter dinner" not in soup.select_one(".home-gatherings").get_text()  # cancelled


def test_atom_feed(output: Path) -> None:
    import feedparser

    feed = feedparser.parse((output / "calendar/announced.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].title == "Picnic in Parc La Fontaine (rescheduled)"
    assert feed.entries[0].link == f"{SITEURL}/calendar/2027-06-19-montreal-park-picnic/"


def test_pages_stay_small(output: Path) -> None:
    css = (output / "theme/css/calendar.css").stat().st_size + (
        output / "theme/css/main.css"
    ).stat().st_size
    for file in (output / "calendar").rglob("*.html"):
        assert file.stat().st_size + css < 50_000, file


def test_description_markdown_is_sanitized(tmp_path: Path) -> None:
    from gatherings.describe import markdown_html

    html = markdown_html(
        "Hi <script>alert(1)</script> [x](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> <a href="https://ok.example" onclick="x()">ok</a> **b**'
    )
    assert "<script" not in html and "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert '<a href="https://ok.example" rel="nofollow noopener">ok</a>' in html
    assert "<strong>b</strong>" in html


def test_build_is_reproducible(output: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = pelican_build(again, overrides=OVERRIDES)
    assert result.returncode == 0, result.stderr
    for file in sorted((output / "calendar").rglob("*")):
        if file.is_file():
            twin = again / file.relative_to(output)
            assert twin.read_bytes() == file.read_bytes(), file


def test_bad_gathering_fails_the_build_with_every_problem(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    bad = content / "gatherings" / "broken-one.yaml"
    bad.write_text(
        "title: Broken\nstart: 19:30\ntimezone: US/Pacific\ncanceled: yes\n"
        "venue:\n  name: X\n  address: {city: Oslo, country: NO}\n"
    )
    (content / "gatherings" / "broken-two.yaml").write_bytes(b"title: Caf\xe9\n")
    result = pelican_build(tmp_path / "out", overrides={**OVERRIDES, "PATH": str(content)})
    assert result.returncode != 0
    # Rich wraps long log lines (even inside paths): compare without any whitespace.
    log = "".join((result.stdout + result.stderr).split())
    assert "Traceback" not in log
    assert "4problem(s)ingatheringfiles" in log
    for fragment in (
        "broken-one.yaml:2: start: YAML reads 19:30 as the number 1170",
        "broken-one.yaml:4: canceled: unknown field",
        'broken-one.yaml:7: venue.address.country: YAML reads NO as false; put it in quotes: country: "NO"',
        "broken-two.yaml:1: byte 0xe9 is not UTF-8",
        "broken-one.yaml:3: timezone: 'US/Pacific' is a legacy name; write America/Los_Angeles",
    ):
        assert "".join(fragment.split()) in log, fragment


def test_a_gathering_s_own_file_is_for_importing_and_names_no_calendar(output: Path) -> None:
    single = (output / "calendar" / "2027-01-09-coffee-no-laptops-washington.ics").read_text()
    assert "X-WR-CALNAME" not in single and "REFRESH-INTERVAL" not in single
    feed = (output / "calendar" / "gatherings.ics").read_text()
    assert "X-WR-CALNAME" in feed and "REFRESH-INTERVAL" in feed


def test_a_calendar_whose_gatherings_are_all_long_past_keeps_the_last_one(
    tmp_path: Path,
) -> None:
    # Years later, every tag's and city's gatherings have ended: each subscribed calendar
    # still holds one event (RFC 5545 allows no empty calendar), the one that ended last.
    later = tmp_path / "later"
    result = pelican_build(later, overrides={**OVERRIDES, "GATHERINGS_NOW": "2031-01-01T00:00:00Z"})
    assert result.returncode == 0, result.stdout + result.stderr
    for file in sorted((later / "calendar").rglob("*.ics")):
        text = file.read_bytes()
        assert text.count(b"BEGIN:VEVENT") >= 1, file
        assert lint(text) == [], file
    berlin = (later / "calendar" / "cities" / "berlin.ics").read_text()
    assert "UID:2026-12-18-berlin-winter-dinner@" in berlin  # after the repair café
    assert "UID:2026-11-07-berlin-repair-cafe@" not in berlin
