"""Safe YAML loading that remembers where every node came from.

Schemes and record files are data written by people, so errors must point at a
line and column. We compose the node graph with ``yaml.SafeLoader`` (no tags
beyond the core schema, nothing can run) and build plain Python values
ourselves, which lets us refuse duplicate keys, turn floats into ``Decimal``
(0.1 stays 0.1) and stop alias expansion before a YAML bomb eats the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Path = tuple[str | int, ...]

#: Most nodes a document may expand to (aliases included) before we refuse it.
NODE_BUDGET = 2_000_000


@dataclass(frozen=True, slots=True)
class Mark:
    """1-based line and column of a node in its file."""

    line: int
    column: int


_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


@dataclass(slots=True)
class Located:
    """A parsed document with the position of each node, by path."""

    value: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    problems: list[tuple[Mark, Path, str]] = field(default_factory=list)

    def mark_for(self, path: Path) -> Mark | None:
        """The mark of ``path`` or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if p in self.marks:
                return self.marks[p]
            if not p:
                return None
            p = p[:-1]


class YamlSyntaxError(ValueError):
    """The text is not YAML at all; carries the position the parser stopped at."""

    def __init__(self, message: str, mark: Mark | None) -> None:
        super().__init__(message)
        self.mark = mark


class _Builder:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.count = 0
        self.out = Located(None)

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > NODE_BUDGET:
            raise YamlSyntaxError(
                f"document expands to more than {NODE_BUDGET} nodes (alias bomb?)",
                _mark(node),
            )
        self.out.marks.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _COLLECTION_TAGS:
            raise YamlSyntaxError(f"tag {node.tag!r} is not allowed (plain YAML data only)", _mark(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.out.problems.append((_mark(key_node), path, "merge keys ('<<') are not supported"))
                    continue
                key = self.build(key_node, (*path, "<key>"))
                if not isinstance(key, str | int):
                    key = str(key)
                if key in result:
                    self.out.problems.append((_mark(key_node), (*path, key), f"duplicate key {key!r}"))
                    continue
                self.out.marks[(*path, key)] = _mark(key_node)
                result[key] = self.build(value_node, (*path, key))
            self.out.marks.pop((*path, "<key>"), None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:float":
            text = str(node.value).replace("_", "")
            try:
                return Decimal(text)
            except InvalidOperation:
                return text  # .inf/.nan: leave as text, validation rejects it
        return self.loader.construct_object(node, deep=True)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml(text: str) -> Located:
    """Parse one YAML document into plain values, ``Decimal`` for floats, with marks."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = Mark(mark.line + 1, mark.column + 1) if mark else None
            raise YamlSyntaxError(f"{exc.problem or exc}", where) from None
        except yaml.YAMLError as exc:
            raise YamlSyntaxError(str(exc), None) from None
        builder = _Builder(loader)
        if node is None:
            builder.out.value = None
            return builder.out
        try:
            builder.out.value = builder.build(node, ())
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark
            where = Mark(mark.line + 1, mark.column + 1) if mark else None
            raise YamlSyntaxError(str(exc.problem), where) from None
        return builder.out
    finally:
        loader.dispose()
