"""Run every content checker and collect their problems, sorted by file and line."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from contentcheck.problems import Problem

# Modules that define ``find_problems(settings) -> list[Problem]``, in report order.
# A checker whose plugin is not enabled in PLUGINS, or that has no check module, is skipped.
CHECKERS: tuple[tuple[str, str], ...] = (
    ("essays", "essays.check"),
    ("planet", "planet.check"),
    ("gatherings", "gatherings.check"),
)

Checker = Callable[[Mapping[str, Any]], list[Problem]]


def _enabled_plugins(settings: Mapping[str, Any]) -> set[str]:
    names = set()
    for plugin in settings.get("PLUGINS") or []:
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        names.add(name.rsplit(".", 1)[-1])
    return names


def find_all_problems(settings: Mapping[str, Any]) -> list[Problem]:
    """Every problem every enabled checker finds, sorted by path and line."""
    enabled = _enabled_plugins(settings)
    problems: list[Problem] = []
    for plugin, module_name in CHECKERS:
        if plugin not in enabled:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue  # this plugin has no contributor checks
        checker: Checker = module.find_problems
        problems.extend(checker(settings))
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
