"""The Pelican side of the planet: read the cache (never the network), write the pages.

``generate_context`` puts ``planet_recent`` (the newest few entries) in the shared context
for the home page; ``generate_output`` writes the paginated planet, its Atom feed, OPML,
health.json and the members page, each at its ``PLANET_*_SAVE_AS``.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from planet.health import FeedHealth, feed_health
from planet.members import Member, load_members
from planet.outputs import atom_feed, health_json, opml
from planet.settings import PlanetSettings, read_settings
from planet.store import FeedState, open_for_reading
from planet.view import MemberView, PlanetEntry, member_view, paginate, select_entries

logger = logging.getLogger(__name__)

PAGE_LIMIT_BYTES = 50_000  # a planet page's HTML plus its stylesheets
PAGE_FRAME_BYTES = 7_000  # header, footer and <head> around the entries
STYLESHEETS = ("main.css", "planet.css")


class PlanetGenerator(Generator):
    """Writes planet/..., members/ from the planet cache."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planet: PlanetSettings = read_settings(self.settings)
        self.members: list[Member] = []
        self.entries: list[PlanetEntry] = []
        self.states: dict[str, FeedState] = {}
        self.health: dict[str, FeedHealth] = {}
        self.views: dict[str, MemberView] = {}

    def generate_context(self) -> None:
        self.members, problems = load_members(self.planet)
        for problem in problems:
            logger.warning("planet: member skipped: %s", problem)
        self.views = {member.slug: member_view(member, self.planet) for member in self.members}
        store = open_for_reading(self.planet.cache_path)
        if store is not None:
            with store:
                self.states = store.feed_states()
                self.entries = select_entries(
                    store.entries_newest_first(), self.members, self.planet, self.views
                )
        now = self.planet.current_time()
        self.health = {
            member.slug: feed_health(
                member, self.states.get(member.slug), now, self.planet.inactive_days
            )
            for member in self.members
        }
        self.context["planet_recent"] = self.entries[: self.planet.recent_entries]
        self.context["PLANET_PAGE_URL_ABS"] = self.planet.url("PLANET")
        self.context["PLANET_ATOM_URL_ABS"] = self.planet.url("PLANET_ATOM")
        self.context["PLANET_MEMBERS_URL_ABS"] = self.planet.url("PLANET_MEMBERS")

    def _links(self) -> dict[str, str]:
        return {
            "planet_url": self.planet.url("PLANET"),
            "planet_atom_url": self.planet.url("PLANET_ATOM"),
            "planet_opml_url": self.planet.url("PLANET_OPML"),
            "planet_health_url": self.planet.url("PLANET_HEALTH"),
            "planet_members_url": self.planet.url("PLANET_MEMBERS"),
            # The page on how to join, linked where the planet has nobody yet ("" for none).
            "planet_join_url": self.planet.url("PLANET_JOIN")
            if self.planet.urls["PLANET_JOIN_URL"]
            else "",
        }

    def _page_url(self, number: int) -> str:
        return (
            self.planet.url("PLANET")
            if number == 1
            else self.planet.url("PLANET_PAGE", number=number)
        )

    def _page_save_as(self, number: int) -> str:
        return (
            self.planet.save_as("PLANET")
            if number == 1
            else self.planet.save_as("PLANET_PAGE", number=number)
        )

    def _entry_budget(self) -> int:
        """Bytes of entry HTML a page may hold so that page and stylesheets stay under 50 KB."""
        css = Path(self.theme) / "static" / "css"
        styles = sum((css / name).stat().st_size for name in STYLESHEETS if (css / name).is_file())
        return max(8_000, PAGE_LIMIT_BYTES - styles - PAGE_FRAME_BYTES)

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        path = Path(self.output_path) / save_as
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        logger.info("Writing %s", path)

    def _copy_avatars(self) -> None:
        """Avatars given as files under content/ are copied to the same place in the output."""
        for member in self.members:
            if not member.avatar or member.avatar.startswith(("http://", "https://")):
                continue
            source = self.planet.content_root / member.avatar
            target = Path(self.output_path) / member.avatar
            if source.is_file() and _differs(source, target):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)

    def generate_output(self, writer: Any) -> None:
        links = self._links()
        views: list[MemberView] = [self.views[member.slug] for member in self.members]
        pages = paginate(self.entries, self.planet.page_size, self._entry_budget())
        template = self.get_template("planet")
        for number, page in enumerate(pages, start=1):
            pagination = {
                "number": number,
                "count": len(pages),
                "previous_url": self._page_url(number - 1) if number > 1 else None,
                "next_url": self._page_url(number + 1) if number < len(pages) else None,
            }
            writer.write_file(
                self._page_save_as(number),
                template,
                self.context,
                url=self._page_url(number),
                canonical_url=self._page_url(number),
                planet_entries=page,
                planet_pagination=pagination,
                planet_members=views,
                page_name="planet",
                **links,
            )
        now = self.planet.current_time()
        self._write_bytes(
            self.planet.save_as("PLANET_ATOM"), atom_feed(self.entries, self.planet, now)
        )
        self._write_bytes(self.planet.save_as("PLANET_OPML"), opml(views, self.planet, now))
        self._write_bytes(
            self.planet.save_as("PLANET_HEALTH"),
            health_json(self.members, self.health, now).encode("utf-8"),
        )
        counts = {member.slug: 0 for member in self.members}
        for entry in self.entries:
            counts[entry.member.slug] += 1
        writer.write_file(
            self.planet.save_as("PLANET_MEMBERS"),
            self.get_template("members"),
            self.context,
            url=self.planet.url("PLANET_MEMBERS"),
            canonical_url=self.planet.url("PLANET_MEMBERS"),
            planet_members=views,
            planet_health=self.health,
            planet_entry_counts=counts,
            planet_inactive_days=self.planet.inactive_days,
            page_name="members",
            **links,
        )
        self._copy_avatars()


def _differs(source: Path, target: Path) -> bool:
    """The copy is missing or is not this version of the file (copy2 keeps the time)."""
    if not target.exists():
        return True
    mine, theirs = source.stat(), target.stat()
    return mine.st_size != theirs.st_size or mine.st_mtime_ns != theirs.st_mtime_ns


def get_generators(pelican: Any) -> type[Generator]:
    return PlanetGenerator
