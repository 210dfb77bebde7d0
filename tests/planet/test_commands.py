"""`invoke fetch` and `invoke planet-status` as functions: exit codes and what they print."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from planet_feedserver import FeedServer, Route
from planet_samples import simple_rss

from planet.commands import fetch_command, status_command


def test_fetch_returns_0_when_feeds_fail_and_prints_a_summary(
    world, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/ok"] = Route(body=simple_rss(2))
    world.member("good", f"{feed_server.url}/ok", name="Good Blog")
    world.member("bad", f"{feed_server.url}/missing", name="Bad Blog")
    (world.members_dir / "broken.yaml").write_text("name: [unclosed\n")
    assert fetch_command(world.raw_settings()) == 0
    out = capsys.readouterr().out
    assert "skipping" in out and "broken.yaml: 1 problem; run `invoke check`" in out
    assert "Good Blog" in out and "fetched" in out
    assert "Bad Blog" in out and "HTTP 404 Not Found" in out
    assert "1 failed, 1 fetched; 1 bodies parsed" in out

    assert fetch_command(world.raw_settings()) == 0
    assert "0 bodies parsed" in capsys.readouterr().out

    assert status_command(world.raw_settings()) == 0
    status = capsys.readouterr().out
    assert "Good Blog" in status and "ok" in status
    assert "Bad Blog" in status and "failing" in status


def test_unusable_cache_returns_1(world, capsys: pytest.CaptureFixture[str]) -> None:
    world.member("any", "https://127.0.0.1:9/feed")
    blocker = world.root / "file"
    blocker.write_text("")
    world.overrides = {"PLANET_CACHE_PATH": str(blocker / "planet.sqlite")}
    assert fetch_command(world.raw_settings()) == 1
    assert "cannot use the cache" in capsys.readouterr().out


def test_status_without_a_cache(world, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    world.member("new", "https://127.0.0.1:9/feed", name="Newcomer")
    assert status_command(world.raw_settings()) == 0
    assert "never fetched" in capsys.readouterr().out


def test_invoke_fetch_on_the_command_line_fills_the_cache(tmp_path: Path) -> None:
    """The command a maintainer runs, end to end: the demo members' local feeds, the
    summary printed to the last line, the cache written, exit 0."""
    root = Path(__file__).resolve().parents[2]
    cache = tmp_path / "planet.sqlite"
    settings = tmp_path / "fetchconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(root)!r})\nfrom pelicanconf import *\n"
        f"PLANET_MEMBER_PATHS = ['demo/members']\nPLANET_CACHE_PATH = {str(cache)!r}\n"
    )
    command = [sys.executable, "-m", "invoke", "fetch", "--settings", str(settings)]
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    members = len(list((root / "demo" / "members").glob("*.yaml")))
    assert (
        result.stdout.rstrip()
        .splitlines()[-1]
        .startswith(f"planet: {members} fetched; {members} bodies parsed")
    ), result.stdout
    with sqlite3.connect(cache) as db:
        (count,) = db.execute("SELECT COUNT(DISTINCT member) FROM entries").fetchone()
    assert count == members


def test_names_and_server_text_are_printed_as_text_not_markup(
    world, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_server.routes["/ok"] = Route(body=simple_rss(1))
    world.member("sam", f"{feed_server.url}/ok", name="Sam [/b] [bold]Brackets")
    world.member("gone", f"{feed_server.url}/missing", name="Gone [red]")
    assert fetch_command(world.raw_settings()) == 0
    out = capsys.readouterr().out
    assert "Sam [/b] [bold]Brackets" in out and "Gone [red]" in out
    assert status_command(world.raw_settings()) == 0
    status = capsys.readouterr().out
    assert "[/b]" in status and "[bold]" in status and "Gone [red]" in status
