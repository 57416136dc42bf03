"""The JSON Schema of the scheme format, generated from the models.

The models in :mod:`dutyscore.scheme` and in each registered rule kind are the one
description of the format; this module turns them into the published JSON
Schema (``dutyscore schema``; a committed copy, ``schemes/scheme.schema.json``,
serves editors and a test keeps it in step). Tagged unions become
``if kind is X then …`` branches, so that an error in a rule is reported against
its own kind's fields instead of against every kind at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, get_args

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from ..kinds.base import RULE_KINDS
from .model import Scheme
from .obligations import OBLIGATION_MODELS
from .parts import EVENT_OR_EVENTS, SHARED_DEFS
from .rows import RowsEntry

FORMAT = "dutyscore/1"
SCHEMA_ID = "https://dutyscore.invalid/scheme.schema.json"
_DEF = "x-dutyscore-def"
_SCHEMA_MAPS = ("properties", "$defs", "patternProperties")


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, minus what a scheme file never holds: null for an absent key."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])


def _tagged(tag: str, branches: dict[str, str]) -> dict[str, Any]:
    """``{tag: X}`` selects the branch of X: one ``if … then`` per value, and an enum of values."""
    return {
        "type": "object",
        "required": [tag],
        "properties": {tag: {"enum": sorted(branches)}},
        "allOf": [
            {"if": {"properties": {tag: {"const": name}}, "required": [tag]}, "then": {"$ref": ref}}
            for name, ref in sorted(branches.items())
        ],
    }


def _tidy(node: Any, defs: dict[str, Any]) -> Any:
    """Shared-def placeholders become ``$ref``; null defaults and class-name titles go."""
    if isinstance(node, list):
        return [_tidy(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if _DEF in node:
        extra = {k: v for k, v in node.items() if k != _DEF and not (k == "default" and v is None)}
        return {"$ref": f"#/$defs/{node[_DEF]}", **extra}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: _tidy(v, defs) for k, v in value.items()}
        elif key == "title" and isinstance(value, str) and node.get("type") == "object":
            continue  # pydantic's class-name titles say nothing to an author
        elif key == "default" and value is None:
            continue
        else:
            out[key] = _tidy(value, defs)
    return out


def _kind_of(model: type[BaseModel]) -> str:
    """The one value of a model's ``kind: Literal[...]``."""
    (value,) = get_args(model.model_fields["kind"].annotation)
    return str(value)


def generate_scheme_schema() -> dict[str, Any]:
    """The JSON Schema of the scheme format with every rule kind registered now."""
    kinds = list(RULE_KINDS.values())
    models: list[type[BaseModel]] = [Scheme, RowsEntry, *OBLIGATION_MODELS, *(k.model for k in kinds)]
    keys, top = models_json_schema(
        [(m, "validation") for m in models],
        ref_template="#/$defs/{model}",
        schema_generator=_Generator,
    )
    raw_defs: dict[str, Any] = top["$defs"]
    scheme_def = raw_defs.pop(keys[(Scheme, "validation")]["$ref"].rsplit("/", 1)[1])
    defs: dict[str, Any] = {}
    for name, value in raw_defs.items():
        defs[name] = _tidy(value, defs)
    defs.update(SHARED_DEFS)
    defs["obligation"] = _tagged(
        "kind", {_kind_of(m): keys[(m, "validation")]["$ref"] for m in OBLIGATION_MODELS}
    )
    defs["rule"] = _tagged("kind", {k.name: keys[(k.model, "validation")]["$ref"] for k in kinds})
    defs["rule_entry"] = {
        "description": "A rule, or {rows: …}: rules written as a table (one row per rule).",
        "if": {"type": "object", "required": ["rows"]},
        "then": {"$ref": keys[(RowsEntry, "validation")]["$ref"]},
        "else": {"$ref": "#/$defs/rule"},
    }
    defs["rule"]["description"] = "A rule; 'kind' says which fields it takes. " + "; ".join(
        f"{k.name}: {k.summary}" for k in sorted(kinds, key=lambda k: k.name)
    )
    body = _tidy(scheme_def, defs)
    used = _reachable(body, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dutyscore scheme",
        **body,
        "$defs": {name: defs[name] for name in sorted(used)},
    }


def _reachable(root: Any, defs: dict[str, Any]) -> set[str]:
    """The names of the definitions ``root`` refers to, directly or through others."""
    found: set[str] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in found:
                    found.add(name)
                    todo.append(defs[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


_CACHE: dict[tuple[tuple[str, int], ...], tuple[dict[str, Any], Any]] = {}


def _registry_key() -> tuple[tuple[str, int], ...]:
    return tuple((name, id(kind)) for name, kind in RULE_KINDS.items())


def _cached() -> tuple[dict[str, Any], Any]:
    key = _registry_key()
    if key not in _CACHE:
        schema = generate_scheme_schema()
        validator = _Validator(schema, format_checker=jsonschema.FormatChecker())
        _CACHE.clear()
        _VALID_ENTRIES.clear()
        _CACHE[key] = (schema, validator)
    return _CACHE[key]


def scheme_json_schema() -> dict[str, Any]:
    """The published JSON Schema of the scheme format (a copy; rule kinds registered now included)."""
    schema: dict[str, Any] = json.loads(json.dumps(_cached()[0]))
    return schema


def schema_text() -> str:
    """The JSON Schema as the committed ``schemes/scheme.schema.json`` holds it."""
    return json.dumps(_cached()[0], ensure_ascii=False, indent=2) + "\n"


def _is_number(checker: Any, instance: Any) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int | float | Decimal)


_TYPE_CHECKER = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("number", _is_number)
_Validator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, type_checker=_TYPE_CHECKER
)


#: Entries (of a top-level list such as ``rules``) found valid, by their frozen value. A scheme
#: loaded again with a few entries changed — the next version, an overlay, a what-if, a fuzzer's
#: mutant — checks only the changed ones. Bounded; cleared with the validator.
_VALID_ENTRIES: dict[tuple[str, object], None] = {}
_VALID_ENTRIES_MAX = 20_000


def _entry_wise(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Top-level keys whose list entries validate one by one: an array of a subschema and nothing
    that looks across entries (no ``uniqueItems``, no bounds on the count)."""
    out = {}
    for key, prop in schema.get("properties", {}).items():
        if (
            prop.get("type") == "array"
            and "items" in prop
            and set(prop) <= {"type", "items", "default", "description"}
        ):
            out[key] = prop["items"]
    return out


def _frozen(value: object) -> object:
    """A hashable stand-in that two values share only when the JSON Schema cannot tell them apart."""
    if isinstance(value, dict):
        return ("m", tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("l", tuple(_frozen(v) for v in value))
    if isinstance(value, str):
        return value
    return (type(value).__name__, repr(value))


def iter_schema_errors(instance: Any) -> list[ValidationError]:
    """Every JSON Schema error of a scheme document, in document order."""
    schema, validator = _cached()
    found: list[ValidationError] = []
    if isinstance(instance, dict):
        entry_wise = _entry_wise(schema)
        lists = {k: v for k, v in instance.items() if k in entry_wise and isinstance(v, list)}
        found.extend(validator.iter_errors({**instance, **{key: [] for key in lists}}))
        for key, entries in lists.items():
            entry_validator = validator.evolve(schema=entry_wise[key])
            for index, entry in enumerate(entries):
                memo = (key, _frozen(entry))
                if memo in _VALID_ENTRIES:
                    continue
                errors = list(entry_validator.iter_errors(entry))
                for error in errors:
                    error.path.extendleft((index, key))
                found.extend(errors)
                if not errors:
                    if len(_VALID_ENTRIES) >= _VALID_ENTRIES_MAX:
                        _VALID_ENTRIES.clear()
                    _VALID_ENTRIES[memo] = None
    else:
        found.extend(validator.iter_errors(instance))
    return sorted(found, key=lambda e: [str(p) for p in e.absolute_path])


def schema_message(error: ValidationError) -> tuple[tuple[str | int, ...], str]:
    """The path and the sentence an author should read for a JSON Schema error."""
    if error.context:
        deepest = best_match(error.context)
        if deepest is not None and deepest.validator not in ("oneOf", "anyOf", "const"):
            return tuple(deepest.absolute_path), deepest.message
    path = tuple(error.absolute_path)
    handler = _MESSAGES.get(str(error.validator))
    found = handler(error, path) if handler is not None else None
    return found if found is not None else (path, error.message)


def _one_of(error: ValidationError, path: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str] | None:
    if error.validator_value != EVENT_OR_EVENTS["oneOf"]:
        # a mapping where one branch takes a mapping: that branch's own complaint says most
        for sub in error.context or ():
            if isinstance(error.instance, dict) and sub.validator in ("additionalProperties", "required"):
                return schema_message(sub)
        return None
    if isinstance(error.instance, dict):
        keys = set(error.instance)
        if not keys & {"event", "events"}:
            return path, "a rule needs 'event' or 'events'"
        if {"event", "events"} <= keys:
            return path, "give 'event' or 'events', not both"
    return None


def _required(
    error: ValidationError, path: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], str] | None:
    if isinstance(error.validator_value, list) and isinstance(error.instance, dict):
        missing = [k for k in error.validator_value if k not in error.instance]
        if missing:
            why = " (every rule cites the clause it encodes)" if missing[0] == "source" else ""
            return path, f"missing required key {missing[0]!r}{why}"
    return None


def _additional(
    error: ValidationError, path: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], str] | None:
    if isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = set(schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in allowed)
        if len(extra) == 1:
            return (*path, extra[0]), f"unknown key {extra[0]!r}"
        return path, f"unknown keys {', '.join(map(repr, extra))}"
    return None


_MESSAGES: dict[
    str, Callable[[ValidationError, tuple[str | int, ...]], tuple[tuple[str | int, ...], str] | None]
] = {"oneOf": _one_of, "required": _required, "additionalProperties": _additional}
