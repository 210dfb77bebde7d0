"""Words, links and settings: recurrence in words, local times, slugs, "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from gatherings import describe
from gatherings.model import Repeat
from gatherings.settings import build_now


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (Repeat("monthly", byday=("2SA",), count=6), "every second Saturday of the month, 6 times"),
        (Repeat("monthly", byday=("-1FR",), count=3), "every last Friday of the month, 3 times"),
        (
            Repeat("monthly", byday=("-3FR",), count=3),
            "every third to last Friday of the month, 3 times",
        ),
        (
            Repeat("weekly", byday=("TU", "TH"), until=date(2027, 6, 1)),
            "every Tuesday and Thursday until Tuesday 1 June 2027",
        ),
        (Repeat("weekly", interval=2, byday=("MO",), count=4), "every 2 weeks on Monday, 4 times"),
        (Repeat("daily", count=3), "every day, 3 times"),
        (Repeat("yearly", count=2), "every year, 2 times"),
    ],
)
def test_recurrence_in_words(rule: Repeat, words: str) -> None:
    assert describe.recurrence_words(rule, date(2027, 1, 1)) == words


def test_local_time_with_abbreviation() -> None:
    zone = ZoneInfo("Europe/Berlin")
    text = describe.when_text(
        datetime(2027, 7, 3, 19, 0, tzinfo=zone), datetime(2027, 7, 3, 22, 0, tzinfo=zone)
    )
    assert text == "Saturday 3 July 2027, 19:00–22:00 CEST"


def test_across_a_clock_change_both_zones_are_named() -> None:
    zone = ZoneInfo("Europe/Berlin")
    weekend = describe.when_text(
        datetime(2027, 3, 26, 18, 0, tzinfo=zone), datetime(2027, 3, 28, 16, 0, tzinfo=zone)
    )
    assert weekend == "Friday 26 March 2027 18:00 CET to Sunday 28 March 2027 16:00 CEST"
    same = describe.when_text(
        datetime(2027, 3, 12, 18, 0, tzinfo=zone), datetime(2027, 3, 14, 16, 0, tzinfo=zone)
    )
    assert same == "Friday 12 March 2027 18:00 to Sunday 14 March 2027 16:00 CET"


def test_all_day_span() -> None:
    assert (
        describe.when_text(date(2027, 3, 10), date(2027, 3, 12))
        == "Wednesday 10 March 2027 to Friday 12 March 2027 (all day)"
    )
    assert (
        describe.when_text(date(2027, 3, 10), date(2027, 3, 10))
        == "Wednesday 10 March 2027, all day"
    )


def test_slugs_fold_accents() -> None:
    assert describe.slugify("Montréal") == "montreal"
    assert describe.slugify("São Paulo") == "sao-paulo"
    assert describe.slugify("!!!") == "other"


def test_all_day_google_link_uses_exclusive_end() -> None:
    link = describe.google_link("Cabin", date(2027, 2, 12), date(2027, 2, 14), "", "Lillehammer")
    assert parse_qs(urlsplit(link).query)["dates"] == ["20270212/20270215"]


def test_outlook_link_in_utc() -> None:
    zone = ZoneInfo("Asia/Tokyo")
    link = describe.outlook_link(
        "Kissaten",
        datetime(2027, 1, 23, 10, tzinfo=zone),
        datetime(2027, 1, 23, 12, tzinfo=zone),
        "",
        "",
    )
    query = parse_qs(urlsplit(link).query)
    assert query["startdt"] == ["2027-01-23T01:00:00Z"] and query["enddt"] == [
        "2027-01-23T03:00:00Z"
    ]


def test_webcal() -> None:
    assert describe.webcal_link("https://x.example/c.ics") == "webcal://x.example/c.ics"


def test_now_from_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_now({"GATHERINGS_NOW": "2026-11-22T12:00:00Z"}) == datetime(
        2026, 11, 22, 12, tzinfo=UTC
    )
    assert build_now({"GATHERINGS_NOW": "2026-11-22"}) == datetime(2026, 11, 22, tzinfo=UTC)


def test_now_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    assert build_now({}) == datetime.fromtimestamp(1795348800, tz=UTC)


def test_bad_now_setting_falls_back(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795348800")
    assert build_now({"GATHERINGS_NOW": "next tuesday"}) == datetime.fromtimestamp(
        1795348800, tz=UTC
    )
    assert "GATHERINGS_NOW" in caplog.text
