"""Helpers for the gatherings tests: write gathering files into a temporary folder and
read back what the loader says about them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from contentcheck import relative_path
from gatherings.load import Loaded, load_folder


@pytest.fixture
def load_text(tmp_path: Path) -> Callable[..., tuple[Loaded, str]]:
    """Write ``text`` (str or bytes) as <name>.yaml and load the folder.

    Returns the result and the file's path as problems show it.
    """

    def write_and_load(text: str | bytes, name: str = "test-gathering") -> tuple[Loaded, str]:
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return load_folder(tmp_path), relative_path(path)

    return write_and_load
