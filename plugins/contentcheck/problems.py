"""The one shape every contributor-facing problem takes: ``path:line: message``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in a content file, located as precisely as we know it.

    ``line`` is 1-based; ``None`` when the problem concerns the file as a whole.
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def relative_path(path: str | os.PathLike[str]) -> str:
    """The path as a contributor would type it: relative to the working directory."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


class ShownPaths:
    """``relative_path`` for many files in a few folders: each folder is resolved once."""

    def __init__(self) -> None:
        self.cwd = Path.cwd().resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():
            return relative_path(path)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        absolute = folder / path.name
        try:
            return absolute.relative_to(self.cwd).as_posix()
        except ValueError:
            return absolute.as_posix()
