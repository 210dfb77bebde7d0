"""Read one contributor YAML file into a small tree that remembers the line of every value.

Shared by every content type whose files are YAML (gatherings, planet members): ``decode``
checks size and encoding, ``parse`` composes the tree; ``contentcheck.yamlfields`` turns its
values into typed fields with contributor-facing messages.

The file is composed, never constructed: no tag is ever run, and every scalar keeps its
source text, so the model decides what ``19:30`` or ``NO`` means instead of YAML 1.1.
Refused with a located message: bytes that are not UTF-8, syntax errors, aliases (the
way into "billion laughs" bombs), explicit tags such as ``!!python/object``, duplicate
keys, keys that are not plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_FILE_BYTES = 256 * 1024
# Lists and mappings inside each other: content files need a few levels. Deeper documents
# are refused before they are composed, since composing recurses (libyaml's composer in
# C: a 120 KB file of brackets overflows its stack).
MAX_DEPTH = 64
SHOWN_CHARS = 80  # the most of a contributor's value any message repeats
_STANDARD_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "timestamp", "map", "seq"}


@dataclass(frozen=True)
class Scalar:
    """A scalar as written: ``text`` is the source text, ``plain`` is False when quoted."""

    text: str
    line: int
    plain: bool
    yaml_type: str  # what YAML 1.1 would have made of it: str, int, float, bool, null, timestamp

    def yaml_value(self) -> Any:
        """What a plain ``yaml.safe_load`` would have returned, for explaining surprises."""
        try:
            return yaml.safe_load(self.text) if self.plain else self.text
        except (yaml.YAMLError, ValueError):
            return self.text


@dataclass(frozen=True)
class Mapping:
    entries: tuple[tuple[Scalar, Node], ...]
    line: int

    def line_of(self, key: str) -> int:
        """The line of ``key`` itself (the mapping's line when the key is absent)."""
        for name, _value in self.entries:
            if name.text == key:
                return name.line
        return self.line

    def get(self, key: str) -> Node | None:
        for name, value in self.entries:
            if name.text == key:
                return value
        return None


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int


Node = Scalar | Mapping | Sequence


# Control characters written out (\x01, \n...), so a message stays one readable line.
_VISIBLE = {code: repr(chr(code))[1:-1] for code in (*range(0x20), 0x7F)}


def shown(value: str) -> str:
    """``value`` for messages: control characters written out, cut to ``SHOWN_CHARS``
    characters (ending in … when cut)."""
    value = value.translate(_VISIBLE)
    if len(value) <= SHOWN_CHARS:
        return value
    return value[: SHOWN_CHARS - 1] + "…"


class YamlFileError(Exception):
    """A file that cannot be read as a tree; ``line`` is 1-based or None for the whole file."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that stops at the first alias, before any expansion can happen."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlFileError(
                event.start_mark.line + 1,
                "aliases (*name) are not supported here; write the value out in full",
            )
        return super().compose_node(parent, index)


def decode(data: bytes) -> str:
    """The text of the file, or a YamlFileError naming the line of the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlFileError(
            None, f"file is {len(data)} bytes; a content file must stay under {MAX_FILE_BYTES}"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlFileError(
            line,
            f"byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in most editors: Save with encoding, UTF-8)",
        ) from None


# libyaml's parser is about ten times faster; it composes aliases as shared nodes, which
# _convert refuses on the first reuse, before anything is expanded.
_Loader: Any = getattr(yaml, "CSafeLoader", None) or _NoAliasLoader


def parse(text: str) -> tuple[Node | None, list[YamlFileError]]:
    """The tree of the document in ``text`` (None when empty) and the problems that did not
    stop reading (duplicate keys: the first value is kept)."""
    loader = _Loader(text)
    try:
        _check_depth(text)
        root = loader.get_single_node()
    except YamlFileError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlFileError(
            line, f"not valid YAML ({reason}); check indentation, colons and quotes"
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses anywhere
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise YamlFileError(
            text[: error.position].count("\n") + 1,
            f"contains the invisible character U+{code:04X}, which YAML does not allow; "
            "delete it (retyping the line removes it)",
        ) from None
    except yaml.YAMLError as error:
        raise YamlFileError(None, f"not valid YAML ({error})") from None
    finally:
        loader.dispose()
    if root is None:
        return None, []
    problems: list[YamlFileError] = []
    return _convert(root, problems, set(), root.start_mark.line + 1), problems


def _check_depth(text: str) -> None:
    """A YamlFileError at the first list or mapping nested deeper than MAX_DEPTH."""
    # Every level of nesting opens with one of these characters ("key:", "- ", "? ", "[",
    # "{"), so a document with fewer of them cannot be too deep: most files stop here.
    if sum(text.count(opener) for opener in "[{-:?") <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlFileError(
                    mark.line + 1 if mark is not None else None,
                    f"lists and mappings nested more than {MAX_DEPTH} levels deep; "
                    "a content file needs only a few levels",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _convert(node: yaml.Node, problems: list[YamlFileError], seen: set[int], where: int) -> Node:
    """Our tree for ``node``; ``where`` is the line that refers to it (for alias messages)."""
    if id(node) in seen:
        raise YamlFileError(
            where, "aliases (*name) are not supported here; write the value out in full"
        )
    seen.add(id(node))
    line = node.start_mark.line + 1
    tag = node.tag or ""
    short = tag[len(_STANDARD_TAG) :] if tag.startswith(_STANDARD_TAG) else None
    if short == "merge" and isinstance(node, yaml.ScalarNode):
        short = "str"  # a plain <<: refused below when it is a key, plain text otherwise
    if short not in _PLAIN_TAGS:
        raise YamlFileError(
            line,
            f"the tag {shown(tag)!r} is not allowed (tags are never run); "
            "remove it and write plain text",
        )
    if isinstance(node, yaml.ScalarNode):
        plain = node.style in (None, "")
        return Scalar(text=str(node.value), line=line, plain=plain, yaml_type=short or "str")
    if isinstance(node, yaml.SequenceNode):
        return Sequence(
            items=tuple(_convert(item, problems, seen, line) for item in node.value), line=line
        )
    if isinstance(node, yaml.MappingNode):
        key_lines: dict[str, int] = {}
        entries: list[tuple[Scalar, Node]] = []
        for key_node, value_node in node.value:
            key = _convert(key_node, problems, seen, line)
            if not isinstance(key, Scalar):
                raise YamlFileError(key.line, "a key must be plain text, not a list or mapping")
            if key.text == "<<":
                raise YamlFileError(key.line, "merge keys (<<) are not supported; write it out")
            if key.text in key_lines:
                problems.append(
                    YamlFileError(
                        key.line,
                        f"{shown(key.text)}: duplicate key (first on line {key_lines[key.text]}); "
                        "YAML would silently keep the last one: keep only one",
                    )
                )
                continue
            key_lines[key.text] = key.line
            entries.append((key, _convert(value_node, problems, seen, key.line)))
        return Mapping(entries=tuple(entries), line=line)
    raise YamlFileError(line, "unsupported YAML node")
