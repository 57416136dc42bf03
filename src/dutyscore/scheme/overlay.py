"""Overlays: a scheme that starts from another and adds, replaces or removes parts by id.

A city's yearly plan is mostly the province's scheme; ``extends`` says so, and the
file holds only what differs::

    extends: dangjian-county-2021          # an id, id@version, or a path from this file's folder
    id: dangjian-county-2021-complete
    version: "2021.1+placeholders"
    add:
      items: [{under: index, item: {id: d-vii, title: 七、…, total: 20, children: [...]}}]
    remove:
      rules: [d01-8b]

Any other top-level key replaces the base's (``documents``, ``event_kinds`` and
``consequences`` are merged key by key). ``add``, ``replace`` and ``remove`` take
``items`` (anywhere in the tree; ``add`` names the section ``under`` which to add,
or none for the top), ``rules``, ``caps``, ``dedup``, ``obligations`` and ``vetoes``.
The result is checked like any scheme; a misused operation is a located problem.
"""

from __future__ import annotations

from typing import Any

from .._problems import Problem, SchemeInvalid
from .._yamlsrc import Located, YamlSyntaxError, load_yaml
from .resolve import SchemeFiles
from .rows import expand_rule_rows

OPS = ("add", "replace", "remove")
MERGED = ("documents", "event_kinds", "consequences")
#: Listed parts an operation may name, and where they live in a scheme.
LISTS: dict[str, tuple[str, ...]] = {
    "rules": ("rules",),
    "caps": ("caps",),
    "dedup": ("dedup",),
    "obligations": ("obligations",),
    "vetoes": ("grading", "vetoes"),
}
MAX_DEPTH = 8


def resolve_extends(
    doc: dict[str, Any], file: str | None, files: SchemeFiles, sources: list[str], depth: int = 0
) -> list[Problem]:
    """Replace ``doc`` (in place) by its base with the overlay applied; the problems of the overlay.

    The base is found through ``files`` (:mod:`.resolve`: beside ``file``, in the scheme folders,
    or bundled) and its name appended to ``sources``. A base that is not a scheme is refused
    without quoting any of its text: ``extends:`` must not become a way to print another file."""
    if "extends" not in doc:
        return []
    ref = doc.pop("extends")
    if not isinstance(ref, str):
        return [Problem("'extends' names a scheme: a bundled id, id@version or a file path", ("extends",))]
    if depth >= MAX_DEPTH:
        return [Problem(f"'extends' goes deeper than {MAX_DEPTH} schemes (a loop?)", ("extends",))]
    shown = ref if len(ref) <= 200 else f"{ref[:40]}…"
    try:
        text, name = files.find(ref, referrer=file)
        base_doc = load_yaml(text).value
    except SchemeInvalid as exc:
        return [
            Problem(
                f"cannot extend {shown!r}: {exc.problems[0].message if exc.problems else exc}", ("extends",)
            )
        ]
    except YamlSyntaxError as exc:
        where = f" at line {exc.mark.line}, column {exc.mark.column}" if exc.mark else ""
        return [Problem(f"cannot extend {shown!r}: {name} is not valid YAML{where}", ("extends",))]
    if not isinstance(base_doc, dict) or not str(base_doc.get("format", "")).startswith("dutyscore/"):
        return [
            Problem(
                f"cannot extend {shown!r}: {name} is not a scheme (no 'format: dutyscore/1')", ("extends",)
            )
        ]
    sources.append(name)
    base_problems = resolve_extends(base_doc, name, files.inside(name), sources, depth + 1)
    if base_problems:
        return [Problem(f"cannot extend {shown!r}: {base_problems[0]}", ("extends",))]
    expand_rule_rows(base_doc, Located(base_doc))
    overlay = dict(doc)
    doc.clear()
    doc.update(base_doc)
    problems: list[Problem] = []
    for key, value in overlay.items():
        if key in OPS:
            continue
        if key in MERGED and isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    for op in OPS:
        part = overlay.get(op)
        if part is None:
            continue
        if not isinstance(part, dict):
            problems.append(Problem(f"'{op}' is a mapping of parts (items, rules, caps, …)", (op,)))
            continue
        for what, entries in part.items():
            problems.extend(_apply(doc, op, str(what), entries))
    return problems


def _apply(doc: dict[str, Any], op: str, what: str, entries: Any) -> list[Problem]:
    here: tuple[str | int, ...] = (op, what)
    if what != "items" and what not in LISTS:
        known = ", ".join(["items", *LISTS])
        return [Problem(f"unknown part {what!r} (parts: {known})", here)]
    if not isinstance(entries, list):
        return [Problem(f"'{op}.{what}' is a list", here)]
    if what == "items":
        return _apply_items(doc, op, entries, here)
    holder: Any = doc
    for key in LISTS[what][:-1]:
        holder = holder.setdefault(key, {}) if isinstance(holder, dict) else None
    if not isinstance(holder, dict):
        return [Problem(f"the base has no {'.'.join(LISTS[what][:-1])} to change", here)]
    listed = holder.setdefault(LISTS[what][-1], [])
    if not isinstance(listed, list):  # a base whose list is empty (null) or not a list
        return [Problem(f"the base's {'.'.join(LISTS[what])} is not a list to change", here)]
    problems: list[Problem] = []
    for j, entry in enumerate(entries):
        if op == "add" and what == "rules" and isinstance(entry, dict) and "rows" in entry:
            listed.append(entry)  # rules as rows: expanded (and their ids checked) after the merge
            continue
        ident = entry if op == "remove" else (entry.get("id") if isinstance(entry, dict) else None)
        at = next((k for k, x in enumerate(listed) if isinstance(x, dict) and x.get("id") == ident), None)
        if not isinstance(ident, str):
            problems.append(Problem(f"each entry of '{op}.{what}' names an id", (*here, j)))
        elif op == "add" and at is not None:
            problems.append(Problem(f"the base already has {what[:-1]} {ident!r}: use 'replace'", (*here, j)))
        elif op != "add" and at is None:
            problems.append(Problem(f"the base has no {what[:-1]} {ident!r}", (*here, j)))
        elif op == "add":
            listed.append(entry)
        elif op == "replace" and at is not None:
            listed[at] = entry
        elif at is not None:
            del listed[at]
    return problems


def _find(items: list[Any], ident: str) -> tuple[list[Any], int] | None:
    """The list holding the item with this id, anywhere in the tree, and its position."""
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        if item.get("id") == ident:
            return items, k
        children = item.get("children")
        if isinstance(children, list):
            found = _find(children, ident)
            if found is not None:
                return found
    return None


def _apply_items(
    doc: dict[str, Any], op: str, entries: list[Any], here: tuple[str | int, ...]
) -> list[Problem]:
    items = doc.setdefault("items", [])
    if not isinstance(items, list):
        return [Problem("the base's items is not a list to change", here)]
    problems: list[Problem] = []
    for j, entry in enumerate(entries):
        if op == "remove":
            found = _find(items, entry) if isinstance(entry, str) else None
            if found is None:
                problems.append(Problem(f"the base has no item {entry!r}", (*here, j)))
            else:
                del found[0][found[1]]
            continue
        item = entry.get("item") if op == "add" and isinstance(entry, dict) else entry
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            what = "{under: SECTION, item: {...}}" if op == "add" else "an item with an id"
            problems.append(Problem(f"each entry of '{op}.items' is {what}", (*here, j)))
            continue
        if op == "replace":
            found = _find(items, ident)
            if found is None:
                problems.append(Problem(f"the base has no item {ident!r}", (*here, j)))
            else:
                found[0][found[1]] = item
            continue
        if _find(items, ident) is not None:
            problems.append(
                Problem(f"the base already has item {ident!r}: use 'replace'", (*here, j, "item"))
            )
            continue
        under = entry.get("under")
        if under is None:
            items.append(item)
            continue
        section = _find(items, under) if isinstance(under, str) else None
        target = section[0][section[1]] if section is not None else None
        if not isinstance(target, dict) or not isinstance(target.get("children"), list):
            problems.append(Problem(f"the base has no section {under!r} to add under", (*here, j, "under")))
            continue
        target["children"].append(item)
    return problems
