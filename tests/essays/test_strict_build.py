"""A Pelican build fails, with every error and no traceback, when content cannot be read."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import pelican_build


def test_unreadable_essay_fails_the_build_without_traceback(tmp_path: Path) -> None:
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    (essays / "bad.md").write_text(
        "Title: Bad date\nDate: the day after\nCategory: x\nTags: y\nSummary: z\nAuthor: a\n\nText.\n",
        encoding="utf-8",
    )
    result = pelican_build(
        tmp_path / "out",
        overrides={
            "PATH": str(tmp_path / "content"),
            "PLUGINS": ["essays"],
            "STATIC_PATHS": [],
            "TEMPLATE_PAGES": {},
        },
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Could not process essays/bad.md" in output
    assert "Build failed: 1 error logged above." in output
    assert "Traceback" not in output


def test_valid_content_builds(tmp_path: Path) -> None:
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    (essays / "good.md").write_text(
        "Title: Good\nDate: 2026-01-02\nCategory: x\nTags: y\nSummary: z\nAuthor: a\n\nText.\n",
        encoding="utf-8",
    )
    result = pelican_build(
        tmp_path / "out",
        overrides={
            "PATH": str(tmp_path / "content"),
            "PLUGINS": ["essays"],
            "STATIC_PATHS": [],
            "TEMPLATE_PAGES": {},
        },
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "essays" / "good" / "index.html").is_file()
