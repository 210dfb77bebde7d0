"""schema.org Event JSON-LD for a gathering's page, safe to put inside a <script> element."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from gatherings.model import Gathering
from gatherings.occurrences import Occurrence

_STATUS = {
    "confirmed": "EventScheduled",
    "tentative": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
}


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def event_data(occurrence: Occurrence, url: str) -> dict[str, Any]:
    gathering: Gathering = occurrence.gathering
    venue = gathering.venue
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.address.street,
        "addressLocality": venue.address.city,
        "addressRegion": venue.address.region,
        "postalCode": venue.address.postal_code,
        "addressCountry": venue.address.country,
    }
    place: dict[str, Any] = {
        "@type": "Place",
        "name": venue.name,
        "address": {key: value for key, value in address.items() if value},
    }
    if venue.lat is not None and venue.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": gathering.title,
        "url": url,
        "startDate": _iso(occurrence.start),
        "endDate": _iso(occurrence.end),
        "eventStatus": "https://schema.org/" + _STATUS[occurrence.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
    }
    if gathering.summary:
        data["description"] = gathering.summary
    if gathering.organizers:
        data["organizer"] = [
            {"@type": "Person", "name": person.name, **({"url": person.url} if person.url else {})}
            for person in gathering.organizers
        ]
    if gathering.previous_start is not None and occurrence.status == "rescheduled":
        data["previousStartDate"] = _iso(gathering.previous_start)
    return data


def script_text(data: dict[str, Any]) -> str:
    """JSON that cannot close its <script> element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
