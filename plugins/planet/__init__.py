"""The planet: members' blogs aggregated into one page, one Atom feed and an OPML file.

``invoke fetch`` (commands.py) is the only step that uses the network: it writes a SQLite
cache. The Pelican build (generator.py) reads only that cache. See docs/settings.md for
every ``PLANET_*`` setting and content/members/README.md for the member file format.
"""

from pelican import signals

from planet.generator import get_generators


def register() -> None:
    signals.get_generators.connect(get_generators)
