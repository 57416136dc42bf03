"""Safe YAML loading that remembers where every node came from.

Schemes and record files are data written by people, so errors must point at a
line and column. We read the parser's events (``yaml.CSafeLoader`` when PyYAML
has libyaml, else the pure-Python ``SafeLoader``; only the core schema's tags,
nothing can run) and build plain Python values ourselves, without recursion.
That lets us refuse duplicate keys, turn floats into ``Decimal`` (0.1 stays 0.1),
keep numbers that are not plainly written as their text (``0123`` is an id, not
83), and bound the work: nesting depth, alias expansion and an alias that
contains itself are refused with their position instead of a crash.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from ._problems import Problem

Path = tuple[str | int, ...]

#: Most nodes that aliases may add to a document (each use counts its anchor's nodes).
ALIAS_BUDGET = 1_000_000
#: Deepest nesting of mappings and sequences a document may have (schemes need about 8).
MAX_DEPTH = 100

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Mark:
    """1-based line and column of a node in its file."""

    line: int
    column: int


#: The core schema's tag of a sequence (index 0) and of a mapping (index 1).
_COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


@dataclass(slots=True)
class Located:
    """A parsed document with the position of each node, by path."""

    value: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    problems: list[tuple[Mark, Path, str]] = field(default_factory=list)

    def problems_in(self, file: str | None) -> list[Problem]:
        """The loader's own findings (duplicate keys, merge keys, mappings as keys), located."""
        return [Problem(msg, path, file, m.line, m.column) for m, path, msg in self.problems]

    def problem_at(self, path: Path, message: str, file: str | None) -> Problem:
        """``message`` about the node at ``path``, located at it (or its nearest ancestor)."""
        mark = self.mark_for(path)
        return Problem(message, path, file, mark.line if mark else None, mark.column if mark else None)

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

    def problem(self, file: str | None) -> Problem:
        """The located problem ``not valid YAML: …`` of ``file``."""
        mark = self.mark
        return Problem(
            f"not valid YAML: {self}", (), file, mark.line if mark else None, mark.column if mark else None
        )


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"
#: An integer as people write a number; YAML 1.1's octal, hex, binary, sexagesimal and
#: underscored forms stay text (``0123``, ``0x1F``, ``1:30``, ``1_000`` are codes, not numbers).
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_UNSET = object()


@dataclass(slots=True)
class _Open:
    """A mapping or sequence being built: its value, path, anchor and pending key."""

    value: Any
    path: Path
    anchor: str | None
    start: int
    key: Any = _UNSET
    skip: bool = False


class _Builder:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        #: The stubs type PyYAML's parser loosely (and libyaml's marks not at all).
        self.loader: Any = loader
        self.nodes = 0
        self.aliased = 0
        self.out = Located(None)
        self.anchors: dict[str, tuple[Any, int]] = {}

    def document(self) -> Located:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return self.out
        loader.get_event()  # document start
        self.out.value = self.value(loader.get_event())
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise YamlSyntaxError("expected a single document", _mark(loader.peek_event()))
        return self.out

    def value(self, event: Any) -> Any:
        """The value that starts with ``event``, built with a stack of open collections."""
        get = self.loader.get_event
        stack: list[_Open] = []
        opened: set[str] = set()
        path: Path = ()
        while True:
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                is_map = isinstance(event, yaml.MappingStartEvent)
                if event.tag is not None and event.tag not in ("!", _COLLECTION_TAGS[is_map]):
                    raise YamlSyntaxError(
                        f"tag {event.tag!r} is not allowed (plain YAML data only)", _mark(event)
                    )
                if len(stack) >= MAX_DEPTH:
                    raise YamlSyntaxError(f"nesting deeper than {MAX_DEPTH} levels", _mark(event))
                self.nodes += 1
                self.out.marks.setdefault(path, _mark(event))
                if event.anchor:
                    opened.add(event.anchor)
                stack.append(_Open({} if is_map else [], path, event.anchor, self.nodes))
                event = get()
                path = self._child_path(stack[-1])
                continue
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                done = stack.pop()
                result = done.value
                if done.anchor:
                    opened.discard(done.anchor)
                    self.anchors[done.anchor] = (result, self.nodes - done.start + 1)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in opened:
                    raise YamlSyntaxError(
                        f"alias *{event.anchor} refers to a node that contains it", _mark(event)
                    )
                if event.anchor not in self.anchors:
                    raise YamlSyntaxError(f"alias *{event.anchor} names no anchor before it", _mark(event))
                anchored, size = self.anchors[event.anchor]
                self.nodes += size  # an anchor that holds this alias holds its expansion too
                self.aliased += size
                if self.aliased > ALIAS_BUDGET:
                    raise YamlSyntaxError(
                        f"aliases expand to more than {ALIAS_BUDGET} nodes (an alias bomb?)", _mark(event)
                    )
                self.out.marks.setdefault(path, _mark(event))
                result = copy.deepcopy(anchored)
            else:
                self.nodes += 1
                self.out.marks.setdefault(path, _mark(event))
                result = self.scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (result, 1)
            if not stack:
                return result
            self._place(stack[-1], event, result)
            event = get()
            path = self._child_path(stack[-1]) if stack else ()

    def _child_path(self, parent: _Open) -> Path:
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        if parent.key is _UNSET:
            return (*parent.path, "<key>")
        return (*parent.path, parent.key)

    def _place(self, parent: _Open, event: Any, result: Any) -> None:
        if isinstance(parent.value, list):
            parent.value.append(result)
            return
        if parent.key is _UNSET:  # ``result`` is a key
            mark = self.out.marks.pop((*parent.path, "<key>"), None) or _mark(event)
            if isinstance(result, dict | list):
                # a mapping or list as a key (``? [a, b]``, ``{{a: 1}: 2}``): no dutyscore file has
                # one, and spelling it out as text grows exponentially with nesting
                key: str | int = f"<key at {mark.line}:{mark.column}>"
                self.out.problems.append(
                    (mark, parent.path, "a key must be text or a number, not a mapping or list")
                )
                parent.key, parent.skip = key, True
                return
            key = result if isinstance(result, str | int) and not isinstance(result, bool) else str(result)
            if isinstance(event, yaml.ScalarEvent) and self._tag(event) == _MERGE:
                self.out.problems.append((_mark(event), parent.path, "merge keys ('<<') are not supported"))
                parent.skip = True
            elif key in parent.value:
                self.out.problems.append((_mark(event), (*parent.path, key), f"duplicate key {key!r}"))
                parent.skip = True
            else:
                self.out.marks[(*parent.path, key)] = _mark(event)
            parent.key = key
            return
        if not parent.skip:
            parent.value[parent.key] = result
        parent.key, parent.skip = _UNSET, False

    def _tag(self, event: Any) -> str:
        if event.tag is None or event.tag == "!":
            return str(self.loader.resolve(yaml.ScalarNode, event.value, event.implicit))
        return str(event.tag)

    def scalar(self, event: Any) -> Any:
        tag = self._tag(event)
        text = event.value
        if tag == _FLOAT:
            try:
                return Decimal(text.replace("_", ""))
            except InvalidOperation:
                return text  # .inf/.nan: leave as text, validation rejects it
        if tag == _INT and not _PLAIN_INT.fullmatch(text):
            return text
        loader = self.loader
        construct = loader.yaml_constructors.get(tag) or loader.yaml_constructors[None]
        try:
            return construct(
                loader, yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
            )
        except ValueError:
            return text  # 2018-02-30, or an integer beyond Python's digit limit: validation says why


def _mark(item: Any) -> Mark:
    """The 1-based position where an event or node starts (libyaml's marks and PyYAML's alike)."""
    return Mark(item.start_mark.line + 1, item.start_mark.column + 1)


def load_yaml(text: str) -> Located:
    """Parse one YAML document into plain values, ``Decimal`` for floats, with marks."""
    try:
        loader = _LOADER(text)
    except yaml.reader.ReaderError as exc:
        raise YamlSyntaxError(_reader_message(exc), _position(text, exc.position)) from None
    try:
        return _Builder(loader).document()
    except yaml.reader.ReaderError as exc:
        raise YamlSyntaxError(_reader_message(exc), _position(text, exc.position)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        problem = f"{exc.problem or exc}"
        if problem == "exceeded maximum nesting depth":  # libyaml ≥ 0.2.6 stops at 1,000 levels itself
            problem = f"nesting deeper than {MAX_DEPTH} levels"
        raise YamlSyntaxError(problem, where) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from None
    finally:
        loader.dispose()


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return f"the character U+{character:04X} is not allowed in YAML ({exc.reason})"


def _position(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    return Mark(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
