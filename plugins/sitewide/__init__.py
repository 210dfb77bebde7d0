"""Site-wide build helpers: work the theme would otherwise repeat on every page or generator.

- ``site_page_links``: (url, title) of every page, for the footer every page shows.
  ``Page.url`` formats its URL setting on each use (about 18 us), and the footer asked for
  it four times on each of thousands of pages.
- Compiled templates are kept in Jinja's bytecode cache under ``CACHE_PATH/jinja/``.
  Pelican gives every generator its own Jinja environment, so ``base.html`` was compiled
  again by each of them, on every build. Jinja keys its cache by template and checks the
  source, but not the options that shape the compiled code (trim_blocks, delimiters,
  extensions...): each combination of options gets a folder of its own, and an
  environment whose options cannot be named reliably (an autoescape function) is left
  alone.

Neither changes a byte of the output; the theme falls back to ``pages`` without this plugin.
(Named ``sitewide``: a plugin called ``site`` would collide with Python's own module.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from pelican import signals

# Environment options that change the code Jinja compiles a template to.
_COMPILE_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string",
    "variable_end_string", "comment_start_string", "comment_end_string",
    "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
    "newline_sequence", "keep_trailing_newline", "optimized", "autoescape",
)  # fmt: skip
_CACHES: dict[Path, FileSystemBytecodeCache] = {}


def compile_options_key(env: Environment) -> str | None:
    """A short name for the options that shape ``env``'s compiled code; None if unnamable."""
    if not isinstance(env.autoescape, bool):
        return None  # a function: two different ones may look alike
    described = [f"{name}={getattr(env, name)!r}" for name in _COMPILE_OPTIONS]
    described.append("extensions=" + ",".join(sorted(env.extensions)))
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


def _share_compiled_templates(generator: Any) -> None:
    env: Environment = generator.env
    key = compile_options_key(env)
    if env.bytecode_cache is not None or key is None:
        return  # a JINJA_ENVIRONMENT setting chose its own cache, or the options are unnamable
    folder = Path(generator.settings["CACHE_PATH"]) / "jinja" / key
    if folder not in _CACHES:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # no cache, same output: templates are compiled as Pelican would
        _CACHES[folder] = FileSystemBytecodeCache(str(folder))
    env.bytecode_cache = _CACHES[folder]


def _share_page_links(generator: Any) -> None:
    generator.context["site_page_links"] = [(page.url, page.title) for page in generator.pages]


def register() -> None:
    signals.generator_init.connect(_share_compiled_templates)
    signals.page_generator_finalized.connect(_share_page_links)
