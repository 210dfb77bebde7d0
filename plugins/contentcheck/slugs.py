"""Slugs: the part of a URL (and of feed ids) a file name or a Slug: line becomes.

Gatherings, planet members and essays all ask for the same form: lowercase letters and
digits in runs joined by single hyphens.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return SLUG.match(text) is not None


def slug_suggestion(text: str) -> str:
    """``text`` made into a slug the plain way, for messages ('' when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
