"""Read a YAML mapping with the line of every key, as ``yaml.safe_load`` would read it.

PyYAML keeps the last of two equal keys silently and raises on some values (``2027-02-30``)
without a line; this reader composes the node tree with ``SafeLoader`` so every field, every
duplicate and every unreadable value comes with its 1-based line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: same safe semantics, several times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlFileError(ValueError):
    """The file is not a readable YAML mapping; ``line`` is 1-based."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlField:
    key: str
    value: Any
    line: int
    error: str | None = None  # the value could not be read; value is None then


@dataclass(frozen=True)
class YamlMapping:
    fields: tuple[YamlField, ...]
    duplicates: tuple[tuple[YamlField, int], ...]  # (repeated field, line of its first use)
    first_line: int

    def get(self, key: str) -> YamlField | None:
        for field in self.fields:
            if field.key == key:
                return field
        return None


def _mark_line(error: yaml.MarkedYAMLError) -> int | None:
    mark = error.problem_mark or error.context_mark
    return mark.line + 1 if mark is not None else None


def read_mapping(text: str) -> YamlMapping:
    """The top-level mapping of ``text``; raises :class:`YamlFileError` when there is none."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlFileError(1, "the file is empty; write one 'key: value' per line")
        if not isinstance(node, yaml.MappingNode):
            raise YamlFileError(
                node.start_mark.line + 1,
                "the file must be a mapping of fields, one 'key: value' per line",
            )
        return _read_fields(loader, node)
    except yaml.MarkedYAMLError as error:
        problem = (error.problem or "invalid YAML").strip()
        raise YamlFileError(_mark_line(error), f"YAML syntax error: {problem}") from error
    except yaml.YAMLError as error:
        raise YamlFileError(None, f"YAML syntax error: {error}") from error
    finally:
        loader.dispose()


def _read_fields(loader: Any, node: yaml.MappingNode) -> YamlMapping:
    fields: list[YamlField] = []
    duplicates: list[tuple[YamlField, int]] = []
    first_use: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        try:
            value = loader.construct_object(value_node, deep=True)
            field = YamlField(key, value, line)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            field = YamlField(key, None, value_node.start_mark.line + 1, str(error).strip())
        if key in first_use:
            duplicates.append((field, first_use[key]))
            continue
        first_use[key] = line
        fields.append(field)
    return YamlMapping(tuple(fields), tuple(duplicates), node.start_mark.line + 1)
