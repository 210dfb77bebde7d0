"""The calendar written in a forked child beside the rest of the site (background.py):
the same files as when written in the main process, the sitemap still lists every page,
and a failure in the child fails the build with a message."""

from __future__ import annotations

import gc
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from gatherings import background
from gatherings.background import ForkedJob, can_fork
from tests.conftest import ROOT, pelican_build

# These tests fork this process (or check when it may): see tests/conftest.py.
pytestmark = pytest.mark.fork_first

SITEURL = "http://127.0.0.1:8000"
OVERRIDES = {"GATHERINGS_NOW": "2026-11-22T12:00:00Z", "SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _log(text: str) -> str:
    """Rich wraps the main process's lines around a file:line column: drop both."""
    return "".join(re.sub(r"\S+\.py:\d+", "", text).split())


def _sitemap_urls(folder: Path) -> list[str]:
    return sorted(re.findall(r"<loc>([^<]+)</loc>", (folder / "sitemap.xml").read_text()))


@pytest.mark.slow
def test_child_writes_the_same_calendar_and_the_sitemap_sees_it(tmp_path: Path) -> None:
    forked = pelican_build(tmp_path / "forked", overrides=OVERRIDES, arguments=("-D",))
    assert forked.returncode == 0, forked.stdout + forked.stderr
    log = _log(forked.stdout + forked.stderr)
    assert "gatherings:writingthecalendarinprocess" in log  # the children did run
    assert "gatherings:readingthegatheringfilesinprocess" in log
    alone = pelican_build(
        tmp_path / "alone", overrides={**OVERRIDES, "GATHERINGS_BACKGROUND_OUTPUT": False}
    )
    assert alone.returncode == 0, alone.stdout + alone.stderr
    ours = _files(tmp_path / "forked" / "calendar")
    assert len(ours) > 20 and ours == _files(tmp_path / "alone" / "calendar")
    urls = _sitemap_urls(tmp_path / "forked")
    assert urls == _sitemap_urls(tmp_path / "alone")
    assert f"{SITEURL}/calendar/2027-01-09-coffee-no-laptops-washington/" in urls
    assert f"{SITEURL}/calendar/tags/coffee/" in urls


@pytest.mark.slow
def test_a_failure_in_the_child_fails_the_build(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    page = theme / "templates" / "gathering.html"
    page.write_text(page.read_text() + '{% include "no-such-part.html" %}')
    result = pelican_build(tmp_path / "out", overrides={**OVERRIDES, "THEME": str(theme)})
    assert result.returncode != 0
    log = _log(result.stdout + result.stderr)
    assert "writingthecalendarfailed:TemplateNotFound:no-such-part.html" in log
    assert "thecalendarwasnotwritten(exitstatus1);themessageabovesayswhy" in log
    assert log.index("TemplateNotFound") < log.index("exitstatus1")  # the cause first
    assert "Traceback" not in log


def test_no_fork_while_an_unknown_thread_runs() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait, name="someone-else", daemon=True)
    other.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        other.join()


def test_rich_spinner_thread_does_not_prevent_a_fork() -> None:
    from rich.console import Console

    if any(t is not threading.current_thread() for t in threading.enumerate()):
        pytest.skip("another thread already runs in this test process (pytest-xdist)")
    console = Console(file=open("/dev/null", "w"))  # noqa: SIM115 - closed below
    try:
        with console.status("working"):
            assert can_fork()
    finally:
        console.file.close()


def _fork_or_skip() -> None:
    if not can_fork():
        pytest.skip("another thread runs in this test process: no fork here")


def test_forked_job_returns_the_value_of_its_work() -> None:
    _fork_or_skip()
    job = ForkedJob.start(lambda: {"answer": [42, "forty-two"]}, "answering")
    assert job is not None and job.pid != os.getpid()
    outcome = job.finish()
    assert outcome.succeeded and outcome.value == {"answer": [42, "forty-two"]}


def test_forked_job_failure_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fork_or_skip()

    def broken() -> int:
        raise ValueError("no such gathering")

    log = tmp_path / "log.txt"
    with log.open("w") as stream:  # where the build's log would go
        monkeypatch.setattr(background, "_log_descriptor", stream.fileno)
        job = ForkedJob.start(broken, "failing on purpose")
        assert job is not None
        outcome = job.finish()
    assert (outcome.succeeded, outcome.value, outcome.detail) == (False, None, "exit status 1")
    assert outcome.reported
    assert log.read_text() == (
        "ERROR    gatherings: failing on purpose failed: ValueError: no such gathering\n"
    )


def test_forked_job_returns_results_larger_than_a_pipe_buffer() -> None:
    _fork_or_skip()
    job = ForkedJob.start(lambda: "x" * 1_000_000, "writing a lot")
    assert job is not None
    assert job.finish().value == "x" * 1_000_000


def test_interrupted_child_exits_quietly_and_never_returns_here() -> None:
    _fork_or_skip()

    def interrupted() -> None:
        raise KeyboardInterrupt

    job = ForkedJob.start(interrupted, "interrupted")
    assert job is not None  # in the child, start() never returns: os._exit ends it
    outcome = job.finish()
    assert outcome.detail == "exit status 130" and not outcome.reported


def test_abandoned_child_is_stopped_and_reaped() -> None:
    _fork_or_skip()
    job = ForkedJob.start(lambda: time.sleep(60), "waiting for ever")
    assert job is not None
    pid = job.pid
    del job  # a build that failed before finish(): the job is dropped
    gc.collect()
    with pytest.raises(ChildProcessError):  # already killed and reaped
        os.waitpid(pid, os.WNOHANG)


KILLER_PLUGIN = """
import os, signal
from pelican import signals

MAIN = os.getpid()

def _die_in_a_child(path, context=None):
    if os.getpid() != MAIN and "/calendar/" in str(path):
        os.kill(os.getpid(), signal.SIGKILL)

def register():
    signals.content_written.connect(_die_in_a_child)
"""


@pytest.mark.slow
def test_a_child_that_dies_is_replaced_by_the_main_process(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "killer.py").write_text(KILLER_PLUGIN)
    from pelican.settings import read_settings

    ours = read_settings(str(ROOT / "pelicanconf.py"))
    overrides = {
        **OVERRIDES,
        "PLUGIN_PATHS": [str(ROOT / "plugins"), str(plugins)],
        "PLUGINS": [*ours["PLUGINS"], "killer"],
    }
    result = pelican_build(tmp_path / "out", overrides=overrides)
    assert result.returncode == 0, result.stdout + result.stderr
    log = _log(result.stdout + result.stderr)
    assert "theprocesswritingthecalendarfailed(killedbysignal9);writingithere" in log
    alone = pelican_build(
        tmp_path / "alone", overrides={**OVERRIDES, "GATHERINGS_BACKGROUND_OUTPUT": False}
    )
    assert alone.returncode == 0
    assert _files(tmp_path / "out" / "calendar") == _files(tmp_path / "alone" / "calendar")
