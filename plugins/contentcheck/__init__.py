"""Contributor checks shared by every content type.

Each content plugin exposes ``<plugin>.check.find_problems(settings)`` returning a list
of :class:`Problem`; :func:`find_all_problems` runs them all so one run reports every
problem in every file. ``invoke check`` and ``invoke build`` print them as
``path:line: message``.
"""

from contentcheck.problems import Problem, ShownPaths, relative_path
from contentcheck.runner import CHECKERS, find_all_problems

__all__ = ["CHECKERS", "Problem", "ShownPaths", "find_all_problems", "relative_path"]
