"""Member files (``<slug>.yaml`` in ``PLANET_MEMBER_PATHS``) read into validated members.

Files are read with ``contentcheck.yamltree`` (composed, never constructed: aliases, tags
and non-UTF-8 bytes are refused with a line) and their values checked with the shared
``contentcheck.yamlfields`` helpers, so a member file and a gathering file follow the same
YAML rules. Every problem of every file is collected as a :class:`contentcheck.Problem`; a
file with a problem yields no member, so fetching skips it and ``invoke check`` reports it.
Reads PLANET_MEMBER_PATHS, PLANET_ALLOW_LOCAL_FEEDS and PATH (for avatars under content).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from contentcheck import Problem, ShownPaths, relative_path
from contentcheck.slugs import is_slug, slug_suggestion
from contentcheck.yamlfields import Report, is_empty, known_keys, shown, text
from contentcheck.yamltree import Mapping, Node, Scalar, Sequence, YamlFileError, decode, parse
from planet.sanitize import is_http_url
from planet.settings import CONTENT_POLICIES, PlanetSettings

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


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _address_problem(value: str) -> str | None:
    """What makes an address that looks like a web address unusable, if anything."""
    if _CONTROL.search(value):
        return "contains an invisible control character; type the address again"
    try:
        parts = urlsplit(value)
    except ValueError:  # for example an unclosed IPv6 bracket: "http://[x"
        return "is not a valid address (check its [ ] brackets)"
    try:
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        return "has an impossible port; ports run from 1 to 65535"
    return None


def member_files(settings: PlanetSettings) -> list[Path]:
    files: list[Path] = []
    for folder in settings.member_paths:
        if folder.is_dir():  # any case: a file saved as .YAML is read, not left out
            files.extend(
                sorted(
                    path
                    for path in folder.iterdir()
                    if path.suffix.lower() in (".yaml", ".yml") and path.is_file()
                )
            )
    return files


def _web_address_settled(report: Report, value: str, line: int, key: str) -> bool:
    """True when ``value`` needs no further check: it is a usable web address, or it looks
    like one and what makes it unusable is now reported."""
    if is_http_url(value):
        return True
    problem = _address_problem(value)
    if problem:
        report.error(line, key, f"'{shown(value)}' {problem}")
    return problem is not None


def _url_problems(report: Report, value: str, line: int, key: str) -> None:
    if _web_address_settled(report, value, line, key):
        return
    report.error(
        line,
        key,
        f"'{shown(value)}' is not a web address; write a full http:// or https:// URL",
    )


def _local_path_problems(value: str, root: Path) -> str | None:
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts:
        return "must be a path inside the project, relative to its root"
    if not (root / pure).is_file():
        return f"no file at {shown(pure.as_posix())} (paths are relative to the project root)"
    return None


def _local_feeds_allowed(settings: PlanetSettings, folder: Path) -> bool:
    """Whether a member file in ``folder`` may name a feed file inside the project."""
    if not settings.allow_local_feeds:
        return False
    if not settings.local_feed_folders:
        return True
    here = folder.resolve()
    return any(
        here == (settings.project_root / allowed).resolve()
        for allowed in settings.local_feed_folders
    )


def _feed_problems(
    report: Report, value: str, line: int, settings: PlanetSettings, folder: Path
) -> None:
    if _web_address_settled(report, value, line, "feed"):
        return
    if "://" in value or value.lower().startswith(("javascript:", "data:", "file:")):
        report.error(line, "feed", f"'{shown(value)}' must be an http:// or https:// address")
        return
    if not _local_feeds_allowed(settings, folder):
        where = (
            "for member files in " + ", ".join(f.as_posix() for f in settings.local_feed_folders)
            if settings.allow_local_feeds
            else "when PLANET_ALLOW_LOCAL_FEEDS allows them"
        )
        report.error(
            line,
            "feed",
            f"'{shown(value)}' is not a web address; write the feed's full http:// or "
            f"https:// URL (local files are only allowed {where})",
        )
        return
    reason = _local_path_problems(value, settings.project_root)
    if reason:
        report.error(line, "feed", f"'{shown(value)}': {reason}")


def _avatar_problems(report: Report, value: str, line: int, settings: PlanetSettings) -> None:
    if is_http_url(value):
        if value.lower().startswith("http://"):
            report.error(
                line,
                "avatar",
                f"'{shown(value)}' must be an https:// address: browsers block or flag "
                "http:// pictures on an https:// page",
            )
        return
    if "://" in value or ":" in value.split("/")[0]:
        report.error(
            line,
            "avatar",
            f"'{shown(value)}' must be an http(s) URL or a file under {settings.content_root}",
        )
        return
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or not (settings.content_root / pure).is_file():
        report.error(
            line,
            "avatar",
            f"no file '{shown(value)}' under {settings.content_root}/; give a path relative "
            f"to {settings.content_root}/ (for example images/avatars/you.png) or an https:// URL",
        )


def _blank(node: Node) -> bool:
    return is_empty(node) or (isinstance(node, Scalar) and not node.text.strip())


def _required_text(report: Report, root: Mapping, key: str) -> str:
    """The text of a required field ('' after reporting it missing, empty or not text)."""
    node = root.get(key)
    if node is None:
        report.error(root.line, key, f"missing; add a line '{key}: ...'")
        return ""
    if _blank(node):
        report.error(node.line, key, "is empty; give it a value")
        return ""
    return text(report, node, key)


def _optional_text(report: Report, root: Mapping, key: str) -> str:
    """The text of an optional field ('' when absent, or after reporting it empty or not text)."""
    node = root.get(key)
    if node is None:
        return ""
    if _blank(node):
        report.error(node.line, key, "is empty; give it a value or remove the line")
        return ""
    return text(report, node, key)


def _tags(report: Report, node: Node | None) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, Sequence) or not node.items:
        report.error(node.line, "tags", "must be a list of tags, for example [meetups, walking]")
        return ()
    tags: list[str] = []
    for index, item in enumerate(node.items):
        field = f"tags[{index}]"
        if _blank(item):
            report.error(item.line, field, "is empty; write each tag as text, or remove it")
            continue
        tag = text(report, item, field)
        if tag:
            tags.append(tag)
    return tuple(tags)


def _member(
    root: Mapping, slug: str, path: str, settings: PlanetSettings, report: Report, folder: Path
) -> Member:
    """The member described by ``root``; every problem goes to ``report``."""
    known_keys(report, root, "", KNOWN)
    name = _required_text(report, root, "name")
    feed = _required_text(report, root, "feed")
    if feed:
        _feed_problems(report, feed, root.line_of("feed"), settings, folder)
    site = _optional_text(report, root, "site")
    if site:
        _url_problems(report, site, root.line_of("site"), "site")
    avatar = _optional_text(report, root, "avatar")
    if avatar:
        _avatar_problems(report, avatar, root.line_of("avatar"), settings)
    tags = _tags(report, root.get("tags"))
    content = _optional_text(report, root, "content")
    if content and content not in CONTENT_POLICIES:
        report.error(
            root.line_of("content"),
            "content",
            f"'{shown(content)}' is not one of {', '.join(CONTENT_POLICIES)}",
        )
    return Member(
        slug=slug,
        name=name,
        feed=feed,
        site=site or None,
        avatar=avatar or None,
        tags=tags,
        content=content or None,
        source=path,
    )


def read_member(
    file: Path, settings: PlanetSettings, shown_as: Callable[[Path], str] = relative_path
) -> tuple[Member | None, list[Problem]]:
    """One member file: the member when it is valid, and every problem found in it."""
    path = shown_as(file)
    try:
        data = file.read_bytes()
    except OSError as error:
        return None, [Problem(path, None, f"cannot read the file: {error.strerror}")]
    try:
        root, soft = parse(decode(data))
    except YamlFileError as error:
        return None, [Problem(path, error.line, error.message)]
    if root is None:
        return None, [Problem(path, 1, "the file is empty; write one 'key: value' per line")]
    if not isinstance(root, Mapping):
        return None, [
            Problem(
                path, root.line, "the file must be a mapping of fields, one 'key: value' per line"
            )
        ]
    report = Report(path)
    report.errors.extend(Problem(path, problem.line, problem.message) for problem in soft)
    if not is_slug(file.stem):
        suggestion = slug_suggestion(file.stem) or "your-name"
        report.errors.append(
            Problem(
                path,
                None,
                f"file name: {shown(file.stem)!r} becomes part of the planet's URLs and feed "
                f"ids; use lowercase letters, digits and hyphens: {suggestion}{file.suffix}",
            )
        )
    member = _member(root, file.stem, path, settings, report, file.parent)
    if report.errors:
        return None, report.errors
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
