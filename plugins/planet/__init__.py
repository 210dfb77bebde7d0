"""The planet: members' blogs aggregated into one page, one Atom feed and an OPML file.

``invoke fetch`` (commands.py) is the only step that uses the network: it writes a SQLite
cache. The Pelican build (generator.py) reads only that cache. See docs/settings.md for
every ``PLANET_*`` setting and content/members/README.md for the member file format.
"""

import sys
from pathlib import Path

# Pelican imports this package from PLUGIN_PATHS without putting that folder on sys.path;
# our modules import the shared `contentcheck` package that lives beside us.
_PLUGINS_FOLDER = str(Path(__file__).resolve().parent.parent)
if _PLUGINS_FOLDER not in sys.path:
    sys.path.append(_PLUGINS_FOLDER)


def register() -> None:
    # Imported here, not at the top: `invoke fetch` imports this package and must not pay
    # for importing Pelican, which only the build needs.
    from pelican import signals

    from planet.generator import get_generators

    signals.get_generators.connect(get_generators)
