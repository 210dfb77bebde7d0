"""Turn ``yamltree`` values into typed field values, each problem reported as ``field: message``.

Shared by every content type read with :mod:`contentcheck.yamltree` (gatherings, planet
members). Scalars arrive as their source text, so YAML 1.1 never decides that ``NO`` is
false or ``0755`` is 493: these functions notice when a contributor would have been
surprised and say how to write the value instead. A value echoed in a message is cut to
``SHOWN_CHARS`` characters, so no message can grow with the file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from contentcheck.problems import Problem
from contentcheck.yamltree import SHOWN_CHARS, Mapping, Node, Scalar, Sequence, shown

MAX_DIGITS = 9  # the most digits a whole_number field accepts

__all__ = [
    "MAX_DIGITS", "SHOWN_CHARS", "Report", "choice", "decimal", "is_empty", "items", "kind", "known_keys",
    "mapping", "shown", "text", "web_address", "whole_number",
]  # fmt: skip


class Report:
    """Collects the errors and warnings of one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, line: int | None, field: str, message: str) -> None:
        self.errors.append(Problem(self.path, line, f"{field}: {message}"))

    def warn(self, line: int | None, field: str, message: str) -> None:
        self.warnings.append(Problem(self.path, line, f"{field}: {message}"))


def kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping (key: value lines)"
    if isinstance(node, Sequence):
        return "a list"
    return f"the text {shown(node.text)!r}"


def is_empty(node: Node | None) -> bool:
    return node is None or (isinstance(node, Scalar) and node.plain and node.yaml_type == "null")


def _surprise(node: Scalar, field: str, example: str) -> str | None:
    """Explain what YAML 1.1 would have done to a plain scalar, or None when nothing odd."""
    if not node.plain or node.yaml_type in ("str", "timestamp"):
        return None
    value = node.yaml_value()
    if node.yaml_type == "bool":
        shown_value = "true" if value else "false"
    elif node.yaml_type == "null":
        return None
    else:
        if node.yaml_type == "int" and str(value) == node.text:
            return None
        if node.yaml_type == "float" and node.text == repr(value):
            return None
        shown_value = f"the number {shown(str(value))}"
    written = shown(node.text)
    return (
        f"YAML reads {written} as {shown_value}; put it in quotes: "
        f'{field}: "{shown(example) or written}"'
    )


def text(
    report: Report,
    node: Node | None,
    field: str,
    *,
    required: bool = False,
    parent_line: int | None = None,
    one_line: bool = False,
) -> str:
    """Plain text ('' when missing or empty); numbers written plainly are kept as written.

    ``parent_line``: where the mapping that should hold the field starts, the line a
    missing required field is reported on. ``one_line``: a line break is an error (a
    title written with ``|``, which keeps them)."""
    if is_empty(node):
        if required:
            line = node.line if node is not None else parent_line
            report.error(line, field, "is required")
        return ""
    assert node is not None
    if not isinstance(node, Scalar):
        report.error(node.line, field, f"must be text, not {kind(node)}")
        return ""
    surprise = _surprise(node, field.rsplit(".", 1)[-1], node.text)
    if surprise:
        report.error(node.line, field, surprise)
        return ""
    value = node.text.strip()
    if required and not value:
        report.error(node.line, field, "is required and may not be blank")
    if one_line and len(value.splitlines()) > 1:
        report.error(
            node.line,
            field,
            "must be one line; write it on one line (or after '>' with no blank line: "
            "YAML joins such lines)",
        )
        return ""
    if one_line and not value.isprintable():
        invisible = next(char for char in value if not char.isprintable())
        report.error(
            node.line,
            field,
            f"contains the invisible character U+{ord(invisible):04X}; delete it",
        )
        return ""
    return value


def whole_number(report: Report, node: Node | None, field: str, *, minimum: int = 0) -> int | None:
    if is_empty(node):
        return None
    assert node is not None
    if not isinstance(node, Scalar) or not re.fullmatch(r"[+-]?\d+", node.text.strip()):
        report.error(node.line, field, f"must be a whole number, not {kind(node)}")
        return None
    digits = node.text.strip().lstrip("+-").lstrip("0")
    if len(digits) > MAX_DIGITS:
        # int() refuses numbers of more than 4300 digits; no field needs more than 9.
        report.error(
            node.line, field, f"is too large; write a whole number of at most {MAX_DIGITS} digits"
        )
        return None
    number = int(node.text)
    if number < minimum:
        report.error(node.line, field, f"must be at least {minimum}, not {number}")
        return None
    return number


def decimal(report: Report, node: Node | None, field: str, low: float, high: float) -> float | None:
    if is_empty(node):
        return None
    assert node is not None
    try:
        if not isinstance(node, Scalar):
            raise ValueError
        number = float(node.text)
    except ValueError:
        report.error(node.line, field, f"must be a number like 52.52, not {kind(node)}")
        return None
    if not low <= number <= high:
        report.error(node.line, field, f"{number} is outside {low}..{high}")
        return None
    return number


def web_address(report: Report, node: Node | None, field: str) -> str:
    value = text(report, node, field)
    if value and not re.match(r"^https?://[^\s/]+\S*$", value):
        assert node is not None
        report.error(
            node.line, field, f"{shown(value)!r} must be a web address starting with https://"
        )
        return ""
    return value


def items(node: Node | None) -> tuple[Node, ...]:
    """A list's items; a single value counts as a one-item list."""
    if is_empty(node):
        return ()
    assert node is not None
    if isinstance(node, Sequence):
        return node.items
    return (node,)


def mapping(
    report: Report,
    node: Node | None,
    field: str,
    *,
    required: bool = False,
    parent_line: int | None = None,
) -> Mapping | None:
    if is_empty(node):
        if required:
            report.error(node.line if node else parent_line, field, "is required")
        return None
    if not isinstance(node, Mapping):
        assert node is not None
        report.error(
            node.line,
            field,
            f"must be a mapping of key: value lines (indented below {field.rsplit('.', 1)[-1]}:), "
            f"not {kind(node)}",
        )
        return None
    return node


def known_keys(
    report: Report,
    node: Mapping,
    prefix: str,
    allowed: tuple[str, ...],
    special_hint: Callable[[str], str | None] | None = None,
) -> None:
    """Report every key that is not in ``allowed``, suggesting the closest allowed one.

    ``special_hint(key)``: a content type's own advice for a key it recognises, or None.
    """
    for key, _value in node.entries:
        if key.text in allowed:
            continue
        field = f"{prefix}{shown(key.text)}"
        hint = special_hint(key.text) if special_hint is not None else None
        if hint is None:
            close = difflib.get_close_matches(key.text, allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else "allowed: " + ", ".join(allowed)
        report.error(key.line, field, f"unknown field; {hint}")


def choice(
    report: Report, node: Node | None, field: str, allowed: tuple[str, ...], default: str
) -> str:
    value = text(report, node, field)
    if not value:
        return default
    lowered = value.lower()
    if lowered in allowed:
        return lowered
    assert node is not None
    close = difflib.get_close_matches(lowered, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "use one of " + ", ".join(allowed)
    report.error(node.line, field, f"{shown(value)!r} is not one of {', '.join(allowed)}; {hint}")
    return default
