"""Gatherings: a calendar of in-person gatherings from YAML files in content/gatherings/.

Adds a Generator that reads the files itself and writes the calendar pages, one page and
one .ics per gathering, per-tag and per-city listings with their own .ics, the whole
calendar as .ics and an Atom feed. Settings: every GATHERINGS_* in docs/settings.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pelican import signals

# Pelican imports this package from PLUGIN_PATHS without putting that folder on sys.path;
# our modules import the shared `contentcheck` package that lives beside us.
_PLUGINS_FOLDER = str(Path(__file__).resolve().parent.parent)
if _PLUGINS_FOLDER not in sys.path:
    sys.path.append(_PLUGINS_FOLDER)


def _generators(pelican: Any) -> type:
    from gatherings.generator import GatheringsGenerator

    return GatheringsGenerator


def _start_output(generators: list[Any]) -> None:
    from gatherings.generator import GatheringsGenerator

    for generator in generators:
        if isinstance(generator, GatheringsGenerator):
            generator.start_output()


def register() -> None:
    signals.get_generators.connect(_generators)
    # Every context is complete here: the calendar can be written beside the rest of the site.
    signals.all_generators_finalized.connect(_start_output)
