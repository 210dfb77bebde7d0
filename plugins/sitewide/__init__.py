"""Site-wide build helpers: work the theme would otherwise repeat on every page or generator.

- ``site_page_links``: (url, title) of every page, for the footer every page shows.
  ``Page.url`` formats its URL setting on each use (about 18 us), and the footer asked for
  it four times on each of thousands of pages.
- Compiled templates are kept in Jinja's bytecode cache (in the user's temporary folder,
  keyed by template name and source checksum). Pelican gives every generator its own Jinja
  environment, so ``base.html`` was compiled again by each of them, on every build.

Neither changes a byte of the output; the theme falls back to ``pages`` without this plugin.
(Named ``sitewide``: a plugin called ``site`` would collide with Python's own module.)
"""

from __future__ import annotations

from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import signals

_COMPILED_TEMPLATES = FileSystemBytecodeCache()


def _share_compiled_templates(generator: Any) -> None:
    if generator.env.bytecode_cache is None:  # a JINJA_ENVIRONMENT setting may choose its own
        generator.env.bytecode_cache = _COMPILED_TEMPLATES


def _share_page_links(generator: Any) -> None:
    generator.context["site_page_links"] = [(page.url, page.title) for page in generator.pages]


def register() -> None:
    signals.generator_init.connect(_share_compiled_templates)
    signals.page_generator_finalized.connect(_share_page_links)
