"""Contributor check for member files, called by the contentcheck runner (``invoke check``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contentcheck.problems import Problem
from planet.members import load_members
from planet.settings import read_settings


def find_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Every problem in every member file, as ``path:line: field: message``."""
    _members, problems = load_members(read_settings(settings))
    return problems
