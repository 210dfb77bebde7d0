"""The Pelican generator: gathering files in, calendar pages, .ics files and a feed out.

``generate_context`` loads and validates every file (each problem logged as an error, so a
``--fatal errors`` build fails after listing them all) and shares ``gatherings_upcoming``
for the home page. ``generate_output`` writes every page named by a GATHERINGS_*_SAVE_AS.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from feedgenerator import Atom1Feed
from pelican.generators import Generator
from pelican.writers import Writer

from gatherings import describe, ics, jsonld, views
from gatherings.background import BackgroundOutput, ForkedJob
from gatherings.load import Loaded, load
from gatherings.model import Gathering
from gatherings.occurrences import Occurrence, expand
from gatherings.settings import build_now, int_setting, setting

logger = logging.getLogger(__name__)


class GatheringsGenerator(Generator):
    """Reads content/gatherings/*.yaml itself (Pelican's readers ignore YAML)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Generators are made before any reads its content: start reading ours now, in a
        # second process, while Pelican reads the essays (background.py).
        self._loading: ForkedJob[Loaded] | None = None
        self._background: BackgroundOutput | None = None  # see start_output
        if setting(self.settings, "GATHERINGS_BACKGROUND_OUTPUT"):
            settings = self.settings
            self._loading = ForkedJob.start(lambda: load(settings), "reading the gathering files")

    def generate_context(self) -> None:
        with _collector_paused():
            self._generate_context()

    def _load(self) -> Loaded:
        job, self._loading = self._loading, None
        if job is not None:
            outcome = job.finish()
            if outcome.succeeded and outcome.value is not None:
                return outcome.value
            logger.debug("gatherings: reading in a second process failed (%s)", outcome.detail)
        return load(self.settings)  # here, so any failure shows as it always did

    def _generate_context(self) -> None:
        loaded = self._load()
        for warning in loaded.warnings:
            logger.warning("gatherings: %s", warning)
        if loaded.errors:
            # One record listing all of them: --fatal errors stops at the first error record.
            logger.error(
                "gatherings: %d problem(s) in gathering files; fix them and build again:\n%s",
                len(loaded.errors),
                "\n".join(str(problem) for problem in loaded.errors),
            )
        self.now = build_now(self.settings)
        self.siteurl = str(self.settings.get("SITEURL") or "")
        self.site = ics.CalendarSite(
            self.siteurl, self.now, int_setting(self.settings, "GATHERINGS_REFRESH_HOURS")
        )
        self.gatherings: tuple[Gathering, ...] = loaded.gatherings
        self._items: dict[int, views.Item] = {}  # by id() of an occurrence of this build
        self.markdown = describe.markdown_converter()
        self.occurrences: dict[str, list[Occurrence]] = {
            gathering.slug: expand(gathering, self.site) for gathering in self.gatherings
        }
        everything = sorted(
            (o for found in self.occurrences.values() for o in found), key=lambda o: o.key
        )
        self.upcoming = [o for o in everything if o.end_utc >= self.now]
        self.past = [o for o in reversed(everything) if o.end_utc < self.now]
        count = int_setting(self.settings, "GATHERINGS_HOME_COUNT")
        shared = {
            # The home page shows what people can go to: cancelled dates stay on the calendar.
            "gatherings_upcoming": [self._item(o) for o in self.upcoming if not o.cancelled][
                :count
            ],
            "gatherings_calendar_url": self.url("GATHERINGS_INDEX_URL"),
            "gatherings_feed_url": self.url("GATHERINGS_FEED_URL"),
            "gatherings_ics_url": self.url("GATHERINGS_ICS_URL"),
        }
        self.context.update(shared)

    # --- URLs -----------------------------------------------------------------------------

    def url(self, name: str, **values: str) -> str:
        pattern = str(setting(self.settings, name))
        return f"{self.siteurl}/{pattern.format(**values)}"

    def save_as(self, name: str, **values: str) -> str:
        return str(setting(self.settings, name) or "").format(**values)

    def page_url(self, gathering: Gathering) -> str:
        return self.url("GATHERINGS_ITEM_URL", slug=gathering.slug)

    def _item(self, occurrence: Occurrence) -> views.Item:
        found = self._items.get(id(occurrence))
        if found is None:
            found = views.item(occurrence, self.page_url(occurrence.gathering))
            self._items[id(occurrence)] = found
        return found

    def _subscribe(self, ics_url: str) -> dict[str, str]:
        return {
            "ics": ics_url,
            "webcal": describe.webcal_link(ics_url),
            "google": describe.google_subscribe_link(ics_url),
        }

    # --- output ---------------------------------------------------------------------------

    def start_output(self) -> None:
        """Begin writing the calendar in a child process (background.py), if allowed here.

        Called when every generator has built its context; Pelican then writes the rest
        of the site while the child writes ours, and ``generate_output`` waits for it.
        The child sees the context as it is then, before Pelican rewrites intersite links
        in articles' summaries: calendar templates must not show other content's text.
        """
        if not setting(self.settings, "GATHERINGS_BACKGROUND_OUTPUT"):
            return
        writer = Writer(self.output_path, settings=self.settings)
        self._background = BackgroundOutput.start(lambda: self.generate_output(writer))

    def generate_output(self, writer: Any) -> None:
        background, self._background = self._background, None
        if background is not None and self._finished_in_background(background):
            return
        with _collector_paused():
            self._generate_output(writer)

    def _finished_in_background(self, background: BackgroundOutput) -> bool:
        """Wait for the child; False when it failed and the work must be done here."""
        outcome = background.finish()
        if outcome.reported:  # a real problem (a broken template...): the child said which
            logger.error(
                "gatherings: the calendar was not written (%s); the message above says why",
                outcome.detail,
            )
            return True
        if not outcome.succeeded or outcome.value is None:  # the process itself failed
            logger.warning(
                "gatherings: the process writing the calendar failed (%s); writing it here",
                outcome.detail,
            )
            return False
        both = sorted(background.written_here.intersection(outcome.value))
        for path in both:
            logger.warning(
                "gatherings: %s was written by the calendar and by another part of the site; "
                "change one of their *_SAVE_AS settings",
                path,
            )
        return True

    def _generate_output(self, writer: Any) -> None:
        page_urls = {g.slug: self.page_url(g) for g in self.gatherings}
        name = str(setting(self.settings, "GATHERINGS_CALENDAR_NAME") or "") or (
            f"{self.settings.get('SITENAME', 'Site')} gatherings"
        )
        self.calendars = ics.CalendarWriter(self.site, page_urls)
        kept = self._recent(self.gatherings)
        self._write_ics("GATHERINGS_ICS_SAVE_AS", {}, name, kept, page_urls)
        self._write_index(writer)
        self._write_past(writer)
        for gathering in self.gatherings:
            self._write_gathering(writer, gathering, page_urls)
        self._write_groups(writer, page_urls, name)
        self._write_feed()

    def _recent(self, gatherings: Iterable[Gathering]) -> list[Gathering]:
        """Gatherings still to come or ended within GATHERINGS_ICS_PAST_DAYS; when none
        is, the one that ended last, so that a calendar someone subscribed to keeps at
        least one event (RFC 5545 allows none fewer)."""
        horizon = self.now - timedelta(days=int_setting(self.settings, "GATHERINGS_ICS_PAST_DAYS"))
        chosen = list(gatherings)
        recent = [g for g in chosen if self.occurrences[g.slug][-1].end_utc >= horizon]
        if recent or not chosen:
            return recent
        return [max(chosen, key=lambda g: self.occurrences[g.slug][-1].end_utc)]

    def _render(self, writer: Any, save_as: str, template: str, **extra: Any) -> None:
        if not save_as:
            return
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=False,
            override_output=True,
            url=save_as,
            gatherings_now=self.now,
            **extra,
        )

    def _write_file(self, save_as: str, data: bytes) -> None:
        if not save_as:
            return
        path = os.path.join(self.output_path, save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)

    def _write_ics(
        self,
        setting_name: str,
        values: dict[str, str],
        name: str,
        gatherings: Iterable[Gathering],
        page_urls: dict[str, str],
        *,
        feed: bool = True,
    ) -> None:
        """``feed``: a calendar to subscribe to; False for one gathering's file, to import."""
        save_as = self.save_as(setting_name, **values)
        if save_as:
            description = f"Gatherings from {self.siteurl}"
            data = self.calendars.calendar(name, description, gatherings, feed=feed)
            self._write_file(save_as, data)

    def _write_index(self, writer: Any) -> None:
        items = [self._item(o) for o in self.upcoming]
        first = self.now.date()
        grids = views.month_grids(
            first,
            int_setting(self.settings, "GATHERINGS_GRID_MONTHS"),
            self.upcoming,
            self._item,
        )
        self._render(
            writer,
            self.save_as("GATHERINGS_INDEX_SAVE_AS"),
            "calendar",
            gatherings_months=views.by_month(items),
            gatherings_grids=grids,
            gatherings_subscribe=self._subscribe(self.url("GATHERINGS_ICS_URL")),
            gatherings_past_url=self.url("GATHERINGS_PAST_URL"),
            gatherings_tags=self._groups(lambda g: g.tags, "GATHERINGS_TAG_URL"),
            gatherings_cities=self._groups(
                lambda g: (g.venue.address.city,), "GATHERINGS_CITY_URL"
            ),
        )

    def _write_past(self, writer: Any) -> None:
        items = [self._item(o) for o in self.past]
        self._render(
            writer,
            self.save_as("GATHERINGS_PAST_SAVE_AS"),
            "calendar_past",
            gatherings_months=views.by_month(items),
        )

    def _write_gathering(
        self, writer: Any, gathering: Gathering, page_urls: dict[str, str]
    ) -> None:
        values = {"slug": gathering.slug}
        self._write_ics(
            "GATHERINGS_ITEM_ICS_SAVE_AS",
            values,
            gathering.title,
            [gathering],
            page_urls,
            feed=False,
        )
        occurrences = self.occurrences[gathering.slug]
        upcoming = [o for o in occurrences if o.end_utc >= self.now]
        featured = upcoming[0] if upcoming else occurrences[-1]
        url = page_urls[gathering.slug]
        details = f"{gathering.summary}\n\n{url}".strip()
        where = ics.location_text(gathering)
        self._render(
            writer,
            self.save_as("GATHERINGS_ITEM_SAVE_AS", **values),
            "gathering",
            gathering=gathering,
            gathering_item=self._item(featured),
            gathering_url=url,
            gathering_upcoming=[self._item(o) for o in upcoming],
            gathering_past=[self._item(o) for o in reversed(occurrences) if o.end_utc < self.now],
            gathering_description=describe.markdown_html(gathering.description, self.markdown),
            gathering_map=describe.osm_link(gathering),
            gathering_jsonld=jsonld.script_text(jsonld.event_data(featured, url)),
            gathering_links={
                "ics": self.url("GATHERINGS_ITEM_ICS_URL", **values),
                "google": describe.google_link(
                    gathering.title, featured.start, featured.end, details, where
                ),
                "outlook": describe.outlook_link(
                    gathering.title, featured.start, featured.end, details, where
                ),
            },
            gathering_tags=[
                (tag, self.url("GATHERINGS_TAG_URL", slug=describe.slugify(tag)))
                for tag in gathering.tags
            ],
            gathering_city_url=self.url(
                "GATHERINGS_CITY_URL", slug=describe.slugify(gathering.venue.address.city)
            ),
            gatherings_calendar_url=self.url("GATHERINGS_INDEX_URL"),
        )

    def _groups(self, keys: Any, url_setting: str) -> list[tuple[str, str, int]]:
        counts: dict[str, int] = {}
        for gathering in self.gatherings:
            for key in keys(gathering):
                counts[key] = counts.get(key, 0) + 1
        return [
            (key, self.url(url_setting, slug=describe.slugify(key)), counts[key])
            for key in sorted(counts, key=str.lower)
        ]

    def _write_groups(self, writer: Any, page_urls: dict[str, str], site_name: str) -> None:
        groups: dict[tuple[str, str], tuple[str, list[Gathering]]] = {}
        keys_of: dict[str, list[tuple[str, str]]] = {}
        for gathering in self.gatherings:
            keys = [("TAG", describe.slugify(tag), tag) for tag in gathering.tags]
            city = gathering.venue.address.city
            keys.append(("CITY", describe.slugify(city), city))
            for kind, slug, label in keys:
                mine = keys_of.setdefault(gathering.slug, [])
                if (kind, slug) not in mine:  # "Coffee" and "coffee" are one tag
                    groups.setdefault((kind, slug), (label, []))[1].append(gathering)
                    mine.append((kind, slug))
        upcoming: dict[tuple[str, str], list[views.Item]] = {}
        past: dict[tuple[str, str], list[views.Item]] = {}
        for chosen, found in ((self.upcoming, upcoming), (self.past, past)):
            for occurrence in chosen:
                for key in keys_of.get(occurrence.gathering.slug, ()):
                    found.setdefault(key, []).append(self._item(occurrence))
        for (kind, slug), (label, members) in sorted(groups.items()):
            values = {"slug": slug}
            heading = f"Tagged {label}" if kind == "TAG" else f"In {label}"
            self._write_ics(
                f"GATHERINGS_{kind}_ICS_SAVE_AS", values, f"{site_name}: {label}",
                self._recent(members), page_urls,
            )  # fmt: skip
            self._render(
                writer,
                self.save_as(f"GATHERINGS_{kind}_SAVE_AS", **values),
                "calendar_list",
                gatherings_heading=heading,
                gatherings_months=views.by_month(upcoming.get((kind, slug), [])),
                gatherings_past_items=past.get((kind, slug), []),
                gatherings_subscribe=self._subscribe(
                    self.url(f"GATHERINGS_{kind}_ICS_URL", **values)
                ),
                gatherings_calendar_url=self.url("GATHERINGS_INDEX_URL"),
            )

    def _write_feed(self) -> None:
        save_as = self.save_as("GATHERINGS_FEED_SAVE_AS")
        if not save_as:
            return
        feed = Atom1Feed(
            title=f"{self.settings.get('SITENAME', '')}: gatherings announced",
            link=self.url("GATHERINGS_INDEX_URL"),
            feed_url=self.url("GATHERINGS_FEED_URL"),
            description="New gatherings as they are announced.",
        )

        def announced(gathering: Gathering) -> datetime:
            day = gathering.announced or self.occurrences[gathering.slug][0].start_utc.date()
            return datetime(day.year, day.month, day.day, tzinfo=self.now.tzinfo)

        chosen = sorted(self.gatherings, key=lambda g: (announced(g), g.slug), reverse=True)
        for gathering in chosen[: int_setting(self.settings, "GATHERINGS_FEED_MAX_ITEMS")]:
            first = self.occurrences[gathering.slug][0]
            when = describe.when_text(first.start, first.end)
            status = "" if gathering.status == "confirmed" else f" ({gathering.status})"
            feed.add_item(
                title=f"{gathering.title}{status}",
                link=self.page_url(gathering),
                unique_id=self.page_url(gathering),
                description=f"<p>{_escape(when)}, {_escape(gathering.venue.address.city)}</p>"
                + (f"<p>{_escape(gathering.summary)}</p>" if gathering.summary else ""),
                pubdate=announced(gathering),
                updateddate=announced(gathering),
            )
        self._write_file(save_as, feed.writeString("utf-8").encode("utf-8"))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while we build many small, acyclic objects.

    By the time plugins run, Pelican holds every article in memory; each automatic full
    collection walks all of it, which made our work take about twice as long.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)
