"""The contributor check: ``find_problems(settings)`` for ``invoke check`` and the build.

Warnings (legacy time zone names) are logged, not returned: they do not fail a build.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from contentcheck import Problem
from gatherings.load import load

logger = logging.getLogger(__name__)


def find_problems(settings: Mapping[str, Any]) -> list[Problem]:
    loaded = load(settings)
    for warning in loaded.warnings:
        logger.warning("%s", warning)
    return list(loaded.errors)
