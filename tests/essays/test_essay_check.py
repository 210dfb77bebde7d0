"""The essay metadata check: every problem, with file and line, in one run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from contentcheck import Problem, find_all_problems
from essays import reading_minutes, word_count
from essays.check import find_problems

GOOD = """\
Title: Coffee first
Date: 2026-03-14 09:00
Category: First meetings
Tags: coffee, first-meeting
Summary: Why one coffee beats a hundred follows.
Author: Ada Example

Body text.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "essays").mkdir(parents=True)
    return tmp_path


def problems(site: Path) -> list[str]:
    settings = {"PATH": "content", "ARTICLE_PATHS": ["essays"]}
    found = find_problems(settings)
    return [str(p) for p in sorted(found, key=lambda p: (p.path, p.line or 0, p.message))]


def test_a_good_essay_has_no_problems(site: Path) -> None:
    write(site / "content/essays", "good.md", GOOD)
    assert problems(site) == []


def test_bad_date_names_file_line_and_fix(site: Path) -> None:
    write(site / "content/essays", "bad.md", GOOD.replace("2026-03-14 09:00", "next tuesday"))
    assert problems(site) == [
        "content/essays/bad.md:2: date: 'next tuesday' is not a date; write it as YYYY-MM-DD "
        "or YYYY-MM-DD HH:MM, for example 2026-11-22 09:30"
    ]


def test_missing_title_and_summary_are_both_reported(site: Path) -> None:
    text = GOOD.replace("Title: Coffee first\n", "").replace(
        "Summary: Why one coffee beats a hundred follows.\n", ""
    )
    write(site / "content/essays", "untitled.md", text)
    assert problems(site) == [
        "content/essays/untitled.md:1: summary: missing; add a line 'Summary: ...' "
        "to the block at the top",
        "content/essays/untitled.md:1: title: missing; add a line 'Title: ...' to the block at the top",
    ]


def test_every_problem_of_every_file_in_one_run(site: Path) -> None:
    write(site / "content/essays", "a.md", GOOD.replace("Author: Ada Example", "Author:"))
    write(site / "content/essays", "b.md", GOOD.replace("coffee, first-meeting", "coffee,, #hash"))
    found = problems(site)
    assert found == [
        "content/essays/a.md:6: author: is empty; give it a value",
        "content/essays/b.md:1: slug 'coffee-first' is already used by content/essays/a.md; "
        "change the title or add a 'Slug:' line",
        "content/essays/b.md:4: tags: '#hash' is not a tag; use words, digits, spaces or hyphens, "
        "at most 40 characters, separated by commas",
        "content/essays/b.md:4: tags: empty tag (two commas in a row or a trailing comma)",
    ]


def test_unknown_and_repeated_fields(site: Path) -> None:
    write(
        site / "content/essays",
        "typo.md",
        GOOD.replace("Author:", "Autor: x\nTags: again\nAuthor:"),
    )
    assert problems(site) == [
        "content/essays/typo.md:6: autor: unknown metadata field; use one of title, date, category, "
        "tags, summary, author, modified, slug, status, lang, translation, authors, template",
        "content/essays/typo.md:7: tags: given twice (first on line 4); keep one",
    ]


def test_explicit_slug_avoids_collision(site: Path) -> None:
    write(site / "content/essays", "a.md", GOOD)
    write(site / "content/essays", "b.md", GOOD.replace("Author:", "Slug: coffee-again\nAuthor:"))
    assert problems(site) == []


def test_empty_body_and_non_utf8(site: Path) -> None:
    write(site / "content/essays", "empty.md", GOOD.replace("\nBody text.\n", ""))
    (site / "content/essays/latin1.md").write_bytes(GOOD.replace("Ada", "Zoë").encode("latin-1"))
    found = problems(site)
    assert "content/essays/empty.md:7: the essay has no text after its metadata" in found
    assert any(p.startswith("content/essays/latin1.md: not UTF-8 text") for p in found)


def test_runner_sorts_and_skips_disabled_plugins(site: Path) -> None:
    write(site / "content/essays", "b.md", GOOD.replace("Author: Ada Example", "Author:"))
    settings = {"PATH": "content", "ARTICLE_PATHS": ["essays"], "PLUGINS": ["essays"]}
    assert find_all_problems(settings) == [
        Problem("content/essays/b.md", 6, "author: is empty; give it a value")
    ]
    assert find_all_problems({**settings, "PLUGINS": []}) == []


def test_reading_time() -> None:
    assert word_count("<p>One <em>two</em> three's</p>") == 3
    assert reading_minutes(0, 230) == 1
    assert reading_minutes(231, 230) == 2


def test_invoke_check_and_render_exit_nonzero_with_messages(site: Path) -> None:
    """`invoke check` on a broken essay: exit 1, path:line: message, no traceback."""
    root = Path(__file__).resolve().parents[2]
    write(site / "content/essays", "bad.md", GOOD.replace("Title: Coffee first\n", ""))
    (site / "pelicanconf.py").write_text(
        "PATH = 'content'\nARTICLE_PATHS = ['essays']\nPLUGIN_PATHS = ['plugins']\n"
        "PLUGINS = ['essays']\n",
        encoding="utf-8",
    )
    (site / "tasks.py").write_text((root / "tasks.py").read_text(encoding="utf-8"))
    (site / "plugins").symlink_to(root / "plugins")
    # `make check` and `make build` (which renders) share the gate; render stops before Pelican.
    for task in ("check", "render"):
        result = subprocess.run(
            [sys.executable, "-m", "invoke", task],
            cwd=site,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1, task
        assert "content/essays/bad.md:1: title: missing" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    assert not (site / "output").exists()


def test_a_byte_order_mark_and_fenced_metadata_are_read_as_pelican_reads_them(
    site: Path,
) -> None:
    (site / "content/essays/bom.md").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    fenced = GOOD.replace("Coffee first", "Coffee second").replace(
        "Author: Ada Example\n\n", "Author: Ada Example\n---\n"
    )
    write(site / "content/essays", "fenced.md", "---\n" + fenced)
    assert problems(site) == []


def test_every_markdown_ending_pelican_reads_is_checked(site: Path) -> None:
    from pelican.readers import MarkdownReader

    from essays.check import MARKDOWN_EXTENSIONS

    assert set(MARKDOWN_EXTENSIONS) == set(MarkdownReader.file_extensions)
    write(site / "content/essays", "old.markdown", GOOD.replace("2026-03-14 09:00", "soon"))
    assert problems(site) == [
        "content/essays/old.markdown:2: date: 'soon' is not a date; write it as YYYY-MM-DD "
        "or YYYY-MM-DD HH:MM, for example 2026-11-22 09:30"
    ]


def test_a_slug_that_is_not_a_url_part_is_refused(site: Path) -> None:
    write(site / "content/essays", "slug.md", GOOD.replace("Author:", "Slug: My Essay\nAuthor:"))
    assert problems(site) == [
        "content/essays/slug.md:6: slug: 'My Essay' becomes the essay's URL; use lowercase "
        "letters, digits and hyphens, like my-essay"
    ]
