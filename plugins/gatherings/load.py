"""Read every gathering file of the content folder: gatherings plus every problem found.

Settings read: ``PATH`` and ``GATHERINGS_PATH`` (where the files are).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contentcheck import Problem, ShownPaths
from contentcheck.yamlfields import Report
from gatherings.model import Gathering
from gatherings.parse import read_gathering
from gatherings.settings import content_folder

logger = logging.getLogger(__name__)

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Loaded:
    gatherings: tuple[Gathering, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def gathering_files(folder: str | os.PathLike[str]) -> list[Path]:
    root = Path(folder)
    if not root.is_dir():
        return []
    # Any case: a file saved as .YAML is read (its slug check then names the problem)
    # rather than silently left out of the calendar.
    return sorted(
        path for path in root.rglob("*") if path.suffix.lower() in SUFFIXES and path.is_file()
    )


def load_folder(folder: str | os.PathLike[str]) -> Loaded:
    """Every gathering in ``folder`` (sorted by start) and every problem of every file."""
    gatherings: list[Gathering] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    first_file: dict[str, str] = {}
    shown_as = ShownPaths()
    for path in gathering_files(folder):
        shown = shown_as(path)
        report = Report(shown)
        slug = path.stem
        if slug.lower() in first_file:
            report.error(
                None,
                "file name",
                f"the id {slug!r} is already used by {first_file[slug.lower()]}; "
                "rename one file (the file name is the gathering's permanent id)",
            )
        else:
            first_file[slug.lower()] = shown
        try:
            data = path.read_bytes()
        except OSError as error:
            report.error(None, "file", f"cannot be read ({error.strerror})")
            data = None
        gathering = _read_safely(data, slug, report) if data is not None else None
        errors.extend(report.errors)
        warnings.extend(report.warnings)
        if gathering is not None and not report.errors:
            gatherings.append(gathering)
    gatherings.sort(key=sort_key)
    return Loaded(tuple(gatherings), tuple(errors), tuple(warnings))


def _read_safely(data: bytes, slug: str, report: Report) -> Gathering | None:
    """read_gathering, with anything it did not foresee reported against the file."""
    try:
        return read_gathering(data, slug, report)
    except (ArithmeticError, LookupError, ValueError, TypeError) as error:
        logger.debug("gatherings: reading %s failed", report.path, exc_info=True)
        report.error(
            None,
            "file",
            f"could not be read ({type(error).__name__}: {error}); check its dates and "
            "times, and report this message if they look right",
        )
        return None


def sort_key(gathering: Gathering) -> tuple[str, str]:
    from gatherings.times import start_utc

    return (start_utc(gathering.start).isoformat(), gathering.slug)


def load(settings: Mapping[str, Any]) -> Loaded:
    return load_folder(content_folder(settings))
