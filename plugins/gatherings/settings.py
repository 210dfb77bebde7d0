"""Settings of the gatherings plugin: defaults, and the one place "now" comes from.

Every ``GATHERINGS_*`` setting is documented in docs/settings.md. A page the plugin writes
has a ``GATHERINGS_<PAGE>_SAVE_AS`` / ``GATHERINGS_<PAGE>_URL`` pair; an empty SAVE_AS turns
that page off.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

logger = logging.getLogger(__name__)

DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {
        "GATHERINGS_PATH": "gatherings",
        "GATHERINGS_NOW": None,
        "GATHERINGS_CALENDAR_NAME": None,
        "GATHERINGS_HOME_COUNT": 3,
        "GATHERINGS_GRID_MONTHS": 3,
        "GATHERINGS_ICS_PAST_DAYS": 180,
        "GATHERINGS_REFRESH_HOURS": 12,
        "GATHERINGS_FEED_MAX_ITEMS": 50,
        "GATHERINGS_BACKGROUND_OUTPUT": True,
        "GATHERINGS_INDEX_URL": "calendar/",
        "GATHERINGS_INDEX_SAVE_AS": "calendar/index.html",
        "GATHERINGS_PAST_URL": "calendar/past/",
        "GATHERINGS_PAST_SAVE_AS": "calendar/past/index.html",
        "GATHERINGS_ITEM_URL": "calendar/{slug}/",
        "GATHERINGS_ITEM_SAVE_AS": "calendar/{slug}/index.html",
        "GATHERINGS_ITEM_ICS_URL": "calendar/{slug}.ics",
        "GATHERINGS_ITEM_ICS_SAVE_AS": "calendar/{slug}.ics",
        "GATHERINGS_ICS_URL": "calendar/gatherings.ics",
        "GATHERINGS_ICS_SAVE_AS": "calendar/gatherings.ics",
        "GATHERINGS_TAG_URL": "calendar/tags/{slug}/",
        "GATHERINGS_TAG_SAVE_AS": "calendar/tags/{slug}/index.html",
        "GATHERINGS_TAG_ICS_URL": "calendar/tags/{slug}.ics",
        "GATHERINGS_TAG_ICS_SAVE_AS": "calendar/tags/{slug}.ics",
        "GATHERINGS_CITY_URL": "calendar/cities/{slug}/",
        "GATHERINGS_CITY_SAVE_AS": "calendar/cities/{slug}/index.html",
        "GATHERINGS_CITY_ICS_URL": "calendar/cities/{slug}.ics",
        "GATHERINGS_CITY_ICS_SAVE_AS": "calendar/cities/{slug}.ics",
        "GATHERINGS_FEED_URL": "calendar/announced.atom.xml",
        "GATHERINGS_FEED_SAVE_AS": "calendar/announced.atom.xml",
    }
)


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """The value of a GATHERINGS_* setting, falling back to its default."""
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def int_setting(settings: Mapping[str, Any], name: str) -> int:
    """An integer setting; a wrong value is logged (naming the setting) and the default used."""
    value = setting(settings, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        logger.warning(
            "gatherings: %s must be a whole number >= 0, not %r; using %s",
            name,
            value,
            DEFAULTS[name],
        )
        return int(DEFAULTS[name])
    return value


def content_folder(settings: Mapping[str, Any]) -> str:
    """Where the gathering files live: GATHERINGS_PATH inside PATH (or absolute)."""
    base = str(settings.get("PATH") or "content")
    return os.path.join(base, str(setting(settings, "GATHERINGS_PATH")))


def build_now(settings: Mapping[str, Any]) -> datetime:
    """The build's "now", in UTC: GATHERINGS_NOW, else SOURCE_DATE_EPOCH, else the clock.

    GATHERINGS_NOW takes an ISO 8601 date or date-time (UTC when no offset is given) or a
    Unix timestamp. One place, so tests and reproducible builds can pin it.
    """
    configured = settings.get("GATHERINGS_NOW")
    if configured not in (None, ""):
        parsed = _parse_now(configured)
        if parsed is not None:
            return parsed
        logger.warning(
            "gatherings: GATHERINGS_NOW must be an ISO date-time like "
            '"2026-11-22T12:00:00Z" or a Unix timestamp, not %r; using the clock',
            configured,
        )
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if epoch.isdigit():
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        logger.warning("gatherings: SOURCE_DATE_EPOCH=%r is not a whole number; ignored", epoch)
    return datetime.fromtimestamp(int(time.time()), tz=UTC)


def _parse_now(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(int(value), tz=UTC)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return datetime.fromtimestamp(int(text), tz=UTC)
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
