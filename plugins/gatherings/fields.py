"""Turn tree values into typed field values, each problem reported as ``field: message``.

Scalars arrive as their source text (see ``yamlfile``), so YAML 1.1 never decides that
``NO`` is false or ``19:30`` is 1170: these functions notice when a contributor would have
been surprised and say how to write the value instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from contentcheck import Problem
from gatherings.yamlfile import Mapping, Node, Scalar, Sequence

_DATE_TIME = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)
_TIME = re.compile(r"^(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?$")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
_DURATION = re.compile(r"^(?:(?P<d>\d+)\s*d)?\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?$")


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
    return f"the text {node.text!r}"


def is_empty(node: Node | None) -> bool:
    return node is None or (isinstance(node, Scalar) and node.plain and node.yaml_type == "null")


def _surprise(node: Scalar, field: str, example: str) -> str | None:
    """Explain what YAML 1.1 would have done to a plain scalar, or None when nothing odd."""
    if not node.plain or node.yaml_type in ("str", "timestamp"):
        return None
    value = node.yaml_value()
    if node.yaml_type == "bool":
        shown = "true" if value else "false"
    elif node.yaml_type == "null":
        return None
    else:
        if node.yaml_type == "int" and str(value) == node.text:
            return None
        if node.yaml_type == "float" and node.text == repr(value):
            return None
        shown = f"the number {value}"
    return f'YAML reads {node.text} as {shown}; put it in quotes: {field}: "{example or node.text}"'


def text(report: Report, node: Node | None, field: str, *, required: bool = False) -> str:
    """Plain text ('' when missing or empty); numbers written plainly are kept as written."""
    if is_empty(node):
        if required:
            line = node.line if node is not None else None
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
    return value


def whole_number(report: Report, node: Node | None, field: str, *, minimum: int = 0) -> int | None:
    if is_empty(node):
        return None
    assert node is not None
    if not isinstance(node, Scalar) or not re.fullmatch(r"[+-]?\d+", node.text.strip()):
        report.error(node.line, field, f"must be a whole number, not {kind(node)}")
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
    if value and not re.match(r"^https?://[^\s/]+", value):
        assert node is not None
        report.error(node.line, field, f"{value!r} must be a web address starting with https://")
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
    report: Report, node: Node | None, field: str, *, required: bool = False
) -> Mapping | None:
    if is_empty(node):
        if required:
            report.error(node.line if node else None, field, "is required")
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


def known_keys(report: Report, node: Mapping, prefix: str, allowed: tuple[str, ...]) -> None:
    """Report every key that is not in ``allowed``, suggesting the closest allowed one."""
    import difflib

    for key, _value in node.entries:
        if key.text in allowed:
            continue
        field = f"{prefix}{key.text}"
        if key.text.lower() in ("canceled", "cancelled", "cancel"):
            hint = "to cancel a gathering, write status: cancelled (and reason: why)"
        else:
            close = difflib.get_close_matches(key.text, allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else "allowed: " + ", ".join(allowed)
        report.error(key.line, field, f"unknown field; {hint}")


def _date_or_none(report: Report, node: Scalar, field: str, y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError as error:
        report.error(
            node.line,
            field,
            f"{node.text} is not a date in the calendar ({error}); check the day and month",
        )
        return None


def calendar_date(report: Report, node: Node | None, field: str) -> date | None:
    """A YYYY-MM-DD date, quoted or not."""
    if is_empty(node):
        return None
    assert node is not None
    if isinstance(node, Scalar):
        match = _DATE_TIME.match(node.text.strip())
        if match and match["H"] is None:
            return _date_or_none(report, node, field, match["y"], match["m"], match["d"])
    report.error(node.line, field, f'must be a date like "2027-03-13", not {kind(node)}')
    return None


def date_or_time(
    report: Report,
    node: Node | None,
    field: str,
    *,
    same_day: date | None = None,
) -> date | datetime | None:
    """A local date (all-day) or a naive local date-time.

    ``same_day``: when given, a time alone ("11:00") means that time on that day.
    """
    if is_empty(node):
        return None
    assert node is not None
    example = '"2027-03-13 19:30"'
    if not isinstance(node, Scalar):
        report.error(
            node.line, field, f"must be a date or date and time like {example}, not {kind(node)}"
        )
        return None
    raw = node.text.strip()
    time_only = _TIME.match(raw)
    if node.plain and node.yaml_type in ("int", "float") and time_only and same_day is not None:
        report.error(
            node.line,
            field,
            f"YAML reads {raw} as the number {node.yaml_value()}; put the time in quotes: "
            f'{field.rsplit(".", 1)[-1]}: "{raw}"',
        )
        return None
    if node.plain and node.yaml_type in ("int", "float") and time_only:
        report.error(
            node.line,
            field,
            f"YAML reads {raw} as the number {node.yaml_value()}; write the date and time in "
            f"quotes, like {field.rsplit('.', 1)[-1]}: {example}",
        )
        return None
    if time_only:
        if same_day is not None:
            return _combine(report, node, field, same_day, time_only)
        report.error(node.line, field, f"{raw!r} has no date; write it like {example}")
        return None
    if _OFFSET.search(raw) and len(raw) > 10:
        report.error(
            node.line,
            field,
            f"{raw!r} has a UTC offset; write the local wall time ({example}) and set timezone",
        )
        return None
    match = _DATE_TIME.match(raw)
    if not match:
        report.error(
            node.line,
            field,
            f'{raw!r} is not a date ({example[:11]}") or date and time ({example})',
        )
        return None
    day = _date_or_none(report, node, field, match["y"], match["m"], match["d"])
    if day is None or match["H"] is None:
        return day
    return _combine(report, node, field, day, match)


def _combine(
    report: Report, node: Scalar, field: str, day: date, match: re.Match[str]
) -> datetime | None:
    try:
        clock = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError:
        report.error(
            node.line, field, f"{node.text.strip()!r} is not a time of day (00:00 to 23:59)"
        )
        return None
    return datetime.combine(day, clock)


def duration_minutes(report: Report, node: Node | None, field: str) -> int | None:
    """A duration such as 90m, 2h, 1h30m or 3d, in minutes."""
    if is_empty(node):
        return None
    assert node is not None
    raw = node.text.strip() if isinstance(node, Scalar) else ""
    match = _DURATION.match(raw) if raw else None
    if not match or not any(match.groupdict().values()):
        report.error(
            node.line, field, f"must be a duration like 90m, 2h or 1h30m, not {kind(node)}"
        )
        return None
    minutes = int(match["d"] or 0) * 1440 + int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes <= 0:
        report.error(node.line, field, "must be longer than zero minutes")
        return None
    return minutes


def choice(
    report: Report, node: Node | None, field: str, allowed: tuple[str, ...], default: str
) -> str:
    value = text(report, node, field)
    if not value:
        return default
    lowered = value.lower()
    if lowered in allowed:
        return lowered
    import difflib

    assert node is not None
    close = difflib.get_close_matches(lowered, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else "use one of " + ", ".join(allowed)
    report.error(node.line, field, f"{value!r} is not one of {', '.join(allowed)}; {hint}")
    return default
