"""Tasks for building, checking, testing and publishing Take It Offline.

The names Pelican users know from pelican-quickstart are kept (clean build rebuild
regenerate serve reserve preview livereload publish gh_pages); ours sit beside them:
check, test, fetch, render, planet-status. `make X` bootstraps .venv and runs `invoke X`.
"""

from __future__ import annotations

import atexit
import gc
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

from invoke import Context, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

SETTINGS_BASE = "pelicanconf.py"
SETTINGS_PUBLISH = "publishconf.py"
HOST = "127.0.0.1"
PORT = int(os.environ.get("PORT", "8000"))


def load_settings(settings_file: str = SETTINGS_BASE) -> dict[str, Any]:
    from pelican.settings import read_settings

    os.chdir(ROOT)
    return dict(read_settings(settings_file))


def pelican_run(c: Context, *args: str) -> None:
    """Run Pelican; any logged error fails the build (Pelican's own default is exit 0)."""
    command = [sys.executable, "-m", "contentcheck.strict_build", *args]
    env = {
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")])
        )
    }
    c.run(shlex.join(command), pty=False, env=env)


def print_problems(settings: dict[str, Any]) -> bool:
    """Print every content problem as path:line: message; True when there were none."""
    from contentcheck import find_all_problems

    problems = find_all_problems(settings)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(
            f"\n{len(problems)} {noun} found; fix them and run `make check` again.", file=sys.stderr
        )
    return not problems


def require_valid_content(settings_file: str = SETTINGS_BASE) -> None:
    if not print_problems(load_settings(settings_file)):
        sys.exit(1)


@task
def check(c: Context) -> None:
    """Validate essays, members and gatherings; print every problem, exit 1 if any."""
    require_valid_content()
    print("All content is valid.")


def read_settings_file(settings_file: str) -> dict[str, Any]:
    """The UPPER_CASE names a settings file defines, without importing Pelican.

    Enough for the planet's fetch, which reads only its own settings (with their
    defaults) and SITEURL / SITENAME; importing Pelican would double its start-up time.
    """
    import runpy

    os.chdir(ROOT)
    names = runpy.run_path(str(ROOT / settings_file))
    return {name: value for name, value in names.items() if name.isupper()}


@task
def fetch(c: Context, settings: str = SETTINGS_BASE) -> None:
    """Fetch members' feeds into the planet cache (the only step that uses the network)."""
    from planet.commands import fetch_command

    # At exit, with everything closed, the objects left are mostly what the imports
    # (aiohttp, rich, feedparser) made: frozen, the interpreter's shutdown frees them
    # without first searching them for cycles, 0.1 s it would otherwise add to every fetch.
    atexit.register(gc.freeze)
    code = fetch_command(read_settings_file(settings))
    if code:
        sys.exit(code)


@task(name="planet-status")
def planet_status(c: Context) -> None:
    """Print each member feed's health from the planet cache."""
    from planet.commands import status_command

    sys.exit(status_command(load_settings()))


@task
def render(c: Context, settings: str = SETTINGS_BASE) -> None:
    """Check content, then build the site from content and the planet cache, offline."""
    require_valid_content(settings)
    pelican_run(c, "-s", settings)


@task
def clean(c: Context) -> None:
    """Remove generated files."""
    settings = load_settings()
    shutil.rmtree(settings["OUTPUT_PATH"], ignore_errors=True)


@task
def build(c: Context) -> None:
    """Fetch member feeds, then check and render the site into output/."""
    fetch(c)
    render(c)


@task
def rebuild(c: Context) -> None:
    """`build` after emptying output/."""
    clean(c)
    build(c)


@task
def regenerate(c: Context) -> None:
    """Re-render whenever content or the theme changes."""
    require_valid_content()
    pelican_run(c, "-r", "-s", SETTINGS_BASE)


@task
def serve(c: Context) -> None:
    """Serve output/ on http://127.0.0.1:8000/ (PORT=... to change)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class ReusableServer(RootedHTTPServer):
        allow_reuse_address = True

    output = load_settings()["OUTPUT_PATH"]
    server = ReusableServer(output, (HOST, PORT), ComplexHTTPRequestHandler)
    print(f"Serving {output} at http://{HOST}:{PORT}/ (Ctrl-C to stop)", file=sys.stderr)
    server.serve_forever()


@task
def reserve(c: Context) -> None:
    """`build`, then `serve`."""
    build(c)
    serve(c)


@task
def preview(c: Context) -> None:
    """Build the production version (publishconf.py) into output/."""
    require_valid_content(SETTINGS_PUBLISH)
    pelican_run(c, "-s", SETTINGS_PUBLISH)


@task
def livereload(c: Context) -> None:
    """Re-render on change and reload the browser tab."""
    from livereload import Server

    settings = load_settings()

    def cached_build() -> None:
        pelican_run(c, "-s", SETTINGS_BASE, "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true")

    cached_build()
    server = Server()
    for pattern in (
        SETTINGS_BASE,
        "theme/templates/**/*.html",
        "theme/static/**/*",
        "content/**/*",
    ):
        server.watch(pattern, cached_build)
    server.serve(host=HOST, port=PORT, root=settings["OUTPUT_PATH"])


@task
def publish(c: Context) -> None:
    """Fetch feeds and build the production site into output/, ready to upload."""
    fetch(c, settings=SETTINGS_PUBLISH)
    preview(c)
    print(f"Production site built in {load_settings(SETTINGS_PUBLISH)['OUTPUT_PATH']}/")


@task
def gh_pages(c: Context, branch: str = "gh-pages") -> None:
    """Publish the production site to GitHub Pages with ghp-import."""
    publish(c)
    output = load_settings(SETTINGS_PUBLISH)["OUTPUT_PATH"]
    c.run(shlex.join(["ghp-import", "-b", branch, "-m", "Publish site", "-n", output, "-p"]))


@task
def lint(c: Context) -> None:
    """ruff (lint and format) and mypy."""
    python = shlex.quote(sys.executable)
    c.run(f"{python} -m ruff check .")
    c.run(f"{python} -m ruff format --check .")
    c.run(f"{python} -m mypy")


@task(pre=[lint])
def test(c: Context) -> None:
    """Lint, type-check and run every test (browser tests skip without chromium)."""
    c.run(shlex.join([sys.executable, "-m", "pytest", "-n", "auto"]))
