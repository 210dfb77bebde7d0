"""Check every essay's metadata before Pelican sees it.

Pelican logs "Could not process x.md" without a reason and carries on; contributors
need every problem, with its line, in one run. Reads ``PATH`` and ``ARTICLE_PATHS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date, slugify

from contentcheck.problems import Problem, relative_path
from contentcheck.slugs import is_slug

REQUIRED = ("title", "date", "category", "tags", "summary", "author")
OPTIONAL = ("modified", "slug", "status", "lang", "translation", "authors", "template")
KNOWN = frozenset(REQUIRED + OPTIONAL)
STATUSES = ("published", "draft", "hidden")
TAG_PATTERN = re.compile(r"^[\w][\w .'-]*$")
MAX_TAG_LENGTH = 40
MAX_SUMMARY_LENGTH = 320
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
DEFAULT_SLUG_SUBSTITUTIONS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
# The file name endings Pelican reads as Markdown (MarkdownReader.file_extensions; written
# out, since importing pelican.readers brings docutils in; a test keeps them equal).
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


@dataclass(frozen=True)
class Field:
    """One metadata line: its key (lower-cased), value and 1-based line number."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class EssayHeader:
    path: str
    fields: tuple[Field, ...]
    body_line: int
    body: str

    def get(self, key: str) -> Field | None:
        for field in self.fields:
            if field.key == key:
                return field
        return None


def read_header(path: Path) -> EssayHeader:
    """The metadata block at the top of a Markdown file, as Pelican's reader sees it: after
    an optional byte order mark and an optional first line of ``---``, up to a blank line
    or a closing ``---`` / ``...`` (Python-Markdown's meta extension)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    fields: list[Field] = []
    index = 1 if lines and lines[0].strip() == "---" else 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            break
        if fields and line.strip() in ("---", "..."):
            index += 1
            break
        match = _FIELD.match(line)
        if match:
            fields.append(Field(match.group(1).lower(), match.group(2).strip(), index + 1))
        elif fields and line.startswith(("    ", "\t")):
            last = fields[-1]
            fields[-1] = Field(last.key, f"{last.value} {line.strip()}", last.line)
        else:
            break
        index += 1
    body = "\n".join(lines[index:]).strip()
    return EssayHeader(relative_path(path), tuple(fields), index + 1, body)


def _field_problems(header: EssayHeader) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for field in header.fields:
        where = (header.path, field.line)
        if field.key in seen:
            yield Problem(
                *where, f"{field.key}: given twice (first on line {seen[field.key]}); keep one"
            )
        seen.setdefault(field.key, field.line)
        if field.key not in KNOWN:
            yield Problem(
                *where,
                f"{field.key}: unknown metadata field; use one of {', '.join(REQUIRED + OPTIONAL)}",
            )
    first_line = header.fields[0].line if header.fields else 1
    for key in REQUIRED:
        found = header.get(key)
        if found is None:
            yield Problem(
                header.path,
                first_line,
                f"{key}: missing; add a line '{key.capitalize()}: ...' to the block at the top",
            )
        elif not found.value:
            yield Problem(header.path, found.line, f"{key}: is empty; give it a value")


def _value_problems(header: EssayHeader) -> Iterator[Problem]:
    for key in ("date", "modified"):
        field = header.get(key)
        if field and field.value:
            try:
                get_date(field.value)
            except (ValueError, OverflowError):
                yield Problem(
                    header.path,
                    field.line,
                    f"{key}: '{field.value}' is not a date; write it as YYYY-MM-DD or "
                    "YYYY-MM-DD HH:MM, for example 2026-11-22 09:30",
                )
    tags = header.get("tags")
    if tags and tags.value:
        yield from _tag_problems(header.path, tags)
    summary = header.get("summary")
    if summary and len(summary.value) > MAX_SUMMARY_LENGTH:
        yield Problem(
            header.path,
            summary.line,
            f"summary: {len(summary.value)} characters; keep it under {MAX_SUMMARY_LENGTH}, "
            "one or two sentences",
        )
    slug = header.get("slug")
    if slug and slug.value and not is_slug(slug.value):
        yield Problem(
            header.path,
            slug.line,
            f"slug: '{slug.value}' becomes the essay's URL; use lowercase letters, digits and "
            f"hyphens, like {slugify(slug.value, regex_subs=DEFAULT_SLUG_SUBSTITUTIONS)}",
        )
    status = header.get("status")
    if status and status.value.lower() not in STATUSES:
        yield Problem(
            header.path,
            status.line,
            f"status: '{status.value}' is not one of {', '.join(STATUSES)}",
        )
    if not header.body:
        yield Problem(header.path, header.body_line, "the essay has no text after its metadata")


def _tag_problems(path: str, tags: Field) -> Iterator[Problem]:
    seen: set[str] = set()
    for raw in tags.value.split(","):
        tag = raw.strip()
        if not tag:
            yield Problem(
                path, tags.line, "tags: empty tag (two commas in a row or a trailing comma)"
            )
            continue
        if len(tag) > MAX_TAG_LENGTH or not TAG_PATTERN.match(tag):
            yield Problem(
                path,
                tags.line,
                f"tags: '{tag}' is not a tag; use words, digits, spaces or hyphens, "
                f"at most {MAX_TAG_LENGTH} characters, separated by commas",
            )
        if tag.lower() in seen:
            yield Problem(path, tags.line, f"tags: '{tag}' is listed twice")
        seen.add(tag.lower())


def essay_slug(header: EssayHeader, settings: Mapping[str, Any]) -> str | None:
    """The slug Pelican will give the essay, or None when it has no title or slug."""
    slug = header.get("slug")
    if slug and slug.value:
        return slug.value
    title = header.get("title")
    if not (title and title.value):
        return None
    substitutions = settings.get(
        "SLUG_REGEX_SUBSTITUTIONS", DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    return str(slugify(title.value, regex_subs=substitutions))


def essay_paths(settings: Mapping[str, Any]) -> list[Path]:
    root = Path(settings.get("PATH", "content"))
    paths: list[Path] = []
    for folder in settings.get("ARTICLE_PATHS") or [""]:
        found = [
            path
            for extension in MARKDOWN_EXTENSIONS
            for path in (root / folder).rglob(f"*.{extension}")
        ]
        paths.extend(sorted(found))
    return paths


def find_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Every metadata problem in every essay, and slugs used by more than one essay."""
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for path in essay_paths(settings):
        try:
            header = read_header(path)
        except UnicodeDecodeError as error:
            problems.append(
                Problem(
                    relative_path(path), None, f"not UTF-8 text ({error.reason}); save it as UTF-8"
                )
            )
            continue
        problems.extend(_field_problems(header))
        problems.extend(_value_problems(header))
        slug = essay_slug(header, settings)
        if slug is None:
            continue
        if slug in slugs:
            title = header.get("slug") or header.get("title")
            problems.append(
                Problem(
                    header.path,
                    title.line if title else None,
                    f"slug '{slug}' is already used by {slugs[slug]}; change the title "
                    "or add a 'Slug:' line",
                )
            )
        else:
            slugs[slug] = header.path
    return problems
