"""Fixtures shared by every test folder: building the site into a temporary folder,
serving it on 127.0.0.1, and finding Debian's chromium for browser tests."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def pelican_build(
    output: Path,
    *,
    settings_file: str = "pelicanconf.py",
    overrides: dict[str, Any] | None = None,
    cwd: Path = ROOT,
    arguments: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run Pelican as `make build` does (any logged error fails it) into ``output``.

    ``overrides`` become ``-e KEY=json`` arguments, so tests can change any setting
    (SITEURL, PLANET_CACHE_PATH, GATHERINGS_NOW...) without touching the real files;
    ``arguments`` are more Pelican options (``-D`` for debug messages, say).
    """
    command = [sys.executable, "-m", "contentcheck.strict_build", "-s", settings_file]
    command += ["-o", str(output), *arguments]
    extra = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, **(overrides or {})}
    command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalServer:
    """A static file server for a built site, bound to 127.0.0.1 on a free port."""

    def __init__(self, root: Path, port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real site (content/ as committed, empty planet cache unless the demo is
    configured) built once per session and served on 127.0.0.1.

    Yields ``(output_folder, base_url)``; SITEURL points at the server so every link
    in the pages resolves locally.
    """
    output = tmp_path_factory.mktemp("site")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    result = pelican_build(output, overrides={"SITEURL": base_url, "FEED_DOMAIN": base_url})
    if result.returncode != 0:
        pytest.fail(f"site build failed:\n{result.stdout}\n{result.stderr}")
    with LocalServer(output, port) as server:
        yield output, server.url


def chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return os.environ.get("CHROMIUM_PATH")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Debian chromium driven by Playwright; skips when it is absent."""
    executable = chromium_executable()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests save screenshots (test-artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked fork_first go first (in their order), so that in every pytest-xdist
    worker they run before the browser and server fixtures start threads, which rule out
    forking the process."""
    items.sort(key=lambda item: item.get_closest_marker("fork_first") is None)
