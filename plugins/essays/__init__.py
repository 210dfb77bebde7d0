"""Essays: reading time for every essay, and the contributor check for their metadata.

Settings read: ``SITE_READING_WPM`` (words per minute, default 230).
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from pelican import signals
from pelican.contents import Article

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\b\w[\w'’-]*\b")


def word_count(html: str) -> int:
    """Words a reader reads: the text of the HTML, markup removed."""
    return len(_WORD.findall(_TAG.sub(" ", html)))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes, never less than one."""
    return max(1, math.ceil(words / max(1, words_per_minute)))


def _add_reading_time(content: Any) -> None:
    if not isinstance(content, Article):
        return
    wpm = int(content.settings.get("SITE_READING_WPM", 230))
    words = word_count(content._content or "")
    content.word_count = words
    content.reading_minutes = reading_minutes(words, wpm)


def register() -> None:
    signals.content_object_init.connect(_add_reading_time)
