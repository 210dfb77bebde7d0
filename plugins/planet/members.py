"""Member files (``<slug>.yaml`` in ``PLANET_MEMBER_PATHS``) read into validated members.

Every problem of every file is collected as a :class:`contentcheck.Problem`; a file with a
problem yields no member, so fetching skips it and ``invoke check`` reports it.
Reads PLANET_MEMBER_PATHS, PLANET_ALLOW_LOCAL_FEEDS and PATH (for avatars under content).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from contentcheck import Problem, ShownPaths, relative_path
from planet.settings import CONTENT_POLICIES, PlanetSettings
from planet.yamlfields import YamlField, YamlFileError, YamlMapping, read_mapping

REQUIRED = ("name", "feed")
OPTIONAL = ("site", "avatar", "tags", "content")
KNOWN = REQUIRED + OPTIONAL


@dataclass(frozen=True)
class Member:
    slug: str
    name: str
    feed: str  # an http(s) URL, or a path relative to the project root when local feeds are allowed
    site: str | None
    avatar: str | None  # an http(s) URL, or a path relative to the content folder
    tags: tuple[str, ...]
    content: str | None  # full | summary | title, None for the site's default
    source: str  # the member file, as a contributor would type it

    @property
    def is_local(self) -> bool:
        return not is_http_url(self.feed)


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def member_files(settings: PlanetSettings) -> list[Path]:
    files: list[Path] = []
    for folder in settings.member_paths:
        if folder.is_dir():
            files.extend(sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]))
    return files


def _text(field: YamlField, path: str) -> Iterator[Problem]:
    if not isinstance(field.value, str):
        shown = (
            "nothing" if field.value is None else f"{field.value!r} ({type(field.value).__name__})"
        )
        yield Problem(
            path,
            field.line,
            f"{field.key}: must be text; YAML read {shown}, put the value in quotes",
        )
    elif not field.value.strip():
        yield Problem(path, field.line, f"{field.key}: is empty; give it a value")


def _url_problems(field: YamlField, path: str) -> Iterator[Problem]:
    if not is_http_url(field.value):
        yield Problem(
            path,
            field.line,
            f"{field.key}: '{field.value}' is not a web address; write a full http:// or "
            "https:// URL",
        )


def _local_path_problems(value: str, root: Path) -> str | None:
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts:
        return "must be a path inside the project, relative to its root"
    if not (root / pure).is_file():
        return f"no file at {pure.as_posix()} (paths are relative to the project root)"
    return None


def _feed_problems(field: YamlField, path: str, settings: PlanetSettings) -> Iterator[Problem]:
    value = field.value
    if is_http_url(value):
        return
    if "://" in value or value.lower().startswith(("javascript:", "data:", "file:")):
        yield Problem(path, field.line, f"feed: '{value}' must be an http:// or https:// address")
        return
    if not settings.allow_local_feeds:
        yield Problem(
            path,
            field.line,
            f"feed: '{value}' is not a web address; write the feed's full http:// or "
            "https:// URL (local files are only allowed when PLANET_ALLOW_LOCAL_FEEDS is true)",
        )
        return
    reason = _local_path_problems(value, settings.project_root)
    if reason:
        yield Problem(path, field.line, f"feed: '{value}': {reason}")


def _avatar_problems(field: YamlField, path: str, settings: PlanetSettings) -> Iterator[Problem]:
    value = field.value
    if is_http_url(value):
        return
    if "://" in value or ":" in value.split("/")[0]:
        yield Problem(
            path,
            field.line,
            f"avatar: '{value}' must be an http(s) URL or a file under {settings.content_root}",
        )
        return
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or not (settings.content_root / pure).is_file():
        yield Problem(
            path,
            field.line,
            f"avatar: no file '{value}' under {settings.content_root}/; give a path relative "
            f"to {settings.content_root}/ (for example images/avatars/you.png) or an https:// URL",
        )


def _tags_problems(field: YamlField, path: str) -> Iterator[Problem]:
    value = field.value
    if not isinstance(value, list) or not value:
        yield Problem(
            path, field.line, "tags: must be a list of tags, for example [meetups, walking]"
        )
        return
    for tag in value:
        if not isinstance(tag, str) or not tag.strip():
            yield Problem(
                path, field.line, f"tags: {tag!r} is not a tag; write each tag as text in quotes"
            )


def _field_problems(
    document: YamlMapping, path: str, settings: PlanetSettings
) -> Iterator[Problem]:
    for field, first_line in document.duplicates:
        yield Problem(
            path, field.line, f"{field.key}: given twice (first on line {first_line}); keep one"
        )
    for key in REQUIRED:
        if document.get(key) is None:
            yield Problem(path, document.first_line, f"{key}: missing; add a line '{key}: ...'")
    for field in document.fields:
        if field.key not in KNOWN:
            yield Problem(
                path,
                field.line,
                f"{field.key}: unknown field (a typo?); use one of {', '.join(KNOWN)}",
            )
            continue
        if field.error is not None:
            yield Problem(path, field.line, f"{field.key}: cannot read the value: {field.error}")
            continue
        if field.key == "tags":
            yield from _tags_problems(field, path)
            continue
        text_problems = list(_text(field, path))
        if text_problems:
            yield from text_problems
            continue
        if field.key == "feed":
            yield from _feed_problems(field, path, settings)
        elif field.key == "site":
            yield from _url_problems(field, path)
        elif field.key == "avatar":
            yield from _avatar_problems(field, path, settings)
        elif field.key == "content" and field.value not in CONTENT_POLICIES:
            yield Problem(
                path,
                field.line,
                f"content: '{field.value}' is not one of {', '.join(CONTENT_POLICIES)}",
            )


def _value(document: YamlMapping, key: str) -> Any:
    field = document.get(key)
    return None if field is None else field.value


def read_member(
    file: Path, settings: PlanetSettings, shown_as: Callable[[Path], str] = relative_path
) -> tuple[Member | None, list[Problem]]:
    """One member file: the member when it is valid, and every problem found in it."""
    path = shown_as(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(path, None, f"not UTF-8 text ({error.reason}); save it as UTF-8")]
    except OSError as error:
        return None, [Problem(path, None, f"cannot read the file: {error.strerror}")]
    try:
        document = read_mapping(text)
    except YamlFileError as error:
        return None, [Problem(path, error.line, error.message)]
    problems = list(_field_problems(document, path, settings))
    if problems:
        return None, problems
    tags = _value(document, "tags") or []
    member = Member(
        slug=file.stem,
        name=str(_value(document, "name")).strip(),
        feed=str(_value(document, "feed")).strip(),
        site=_value(document, "site"),
        avatar=_value(document, "avatar"),
        tags=tuple(str(tag).strip() for tag in tags),
        content=_value(document, "content"),
        source=path,
    )
    return member, []


def load_members(settings: PlanetSettings) -> tuple[list[Member], list[Problem]]:
    """Every valid member (sorted by name) and every problem in every member file."""
    members: list[Member] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    shown_as = ShownPaths()
    for file in member_files(settings):
        member, found = read_member(file, settings, shown_as)
        problems.extend(found)
        if member is None:
            continue
        if member.slug in slugs:
            problems.append(
                Problem(
                    member.source,
                    None,
                    f"member '{member.slug}' is already defined in {slugs[member.slug]}; "
                    "rename one of the files",
                )
            )
            continue
        slugs[member.slug] = member.source
        members.append(member)
    members.sort(key=lambda member: member.name.casefold())
    return members, problems
