"""The XML driver feedparser uses here: expat, handing over text in whole runs.

feedparser reads XML through ``xml.sax``'s expat driver. Expat reports character data in
pieces, cut at every entity reference and line end, so one entity-escaped HTML description
of 2 KB reaches feedparser as hundreds of callbacks, each with its own dictionary lookups
there: a third of feedparser's time on ordinary feeds. Expat's ``buffer_text`` joins
adjacent pieces before calling back, so feedparser gets the same text in far fewer calls.

feedparser asks ``xml.sax.make_parser`` for a driver from the module names in
``feedparser.api.PREFERRED_XML_PARSERS``; parse.py puts this module there. Everything else
is the standard driver: the same expat, and feedparser still turns external entities off.
"""

from __future__ import annotations

from typing import Any
from xml.sax.expatreader import ExpatParser

TEXT_BUFFER_BYTES = 1 << 16


class BufferedExpatParser(ExpatParser):
    """``ExpatParser`` whose expat joins adjacent character data before each callback."""

    def reset(self) -> None:
        super().reset()
        parser: Any = self._parser  # type: ignore[attr-defined]
        parser.buffer_text = True
        parser.buffer_size = TEXT_BUFFER_BYTES


def create_parser(*args: Any, **kwargs: Any) -> BufferedExpatParser:
    """The entry point ``xml.sax.make_parser`` calls on a driver module."""
    return BufferedExpatParser(*args, **kwargs)
