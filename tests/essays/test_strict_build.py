"""A Pelican build fails, with every error and no traceback, when content cannot be read."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import pelican_build

HEADER = "Title: {title}\nDate: {date}\nCategory: x\nTags: y\nSummary: z\nAuthor: a\n\nText.\n"


def build_one_essay(tmp_path: Path, title: str, date: str) -> subprocess.CompletedProcess[str]:
    """Build a site holding one essay, with only the essays plugin."""
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    slug = title.lower().replace(" ", "-")
    (essays / f"{slug}.md").write_text(HEADER.format(title=title, date=date), encoding="utf-8")
    return pelican_build(
        tmp_path / "out",
        overrides={
            "PATH": str(tmp_path / "content"),
            "PLUGINS": ["essays"],
            "STATIC_PATHS": [],
            "TEMPLATE_PAGES": {},
        },
    )


def test_unreadable_essay_fails_the_build_without_traceback(tmp_path: Path) -> None:
    result = build_one_essay(tmp_path, "Bad date", "the day after")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Could not process essays/bad-date.md" in output
    assert "Build failed: 1 error logged above." in output
    assert "Traceback" not in output


def test_valid_content_builds(tmp_path: Path) -> None:
    result = build_one_essay(tmp_path, "Good", "2026-01-02")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "essays" / "good" / "index.html").is_file()
