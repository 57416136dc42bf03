"""The bundled schemes' JSON Schema verdict, recorded so that loading one need not repeat it.

Checking a document against the JSON Schema costs most of a scheme's load time
(jsonschema walks every node through every ``if kind is …`` branch: 75 ms of the
100 ms that ``dangjian-county-2021`` took). The bundled texts ship with the package
and do not change after it is built, so the test suite checks them all and
``schemes/verified.json`` records the digest of what it checked: the committed JSON
Schema and every bundled file. A bundled scheme whose bundle still has that digest
skips only that pass; the rule checks and the model validation run as for any scheme.
A file elsewhere, or a changed bundle, is checked in full.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources

VERIFIED = "verified.json"


def bundle_digest() -> str:
    """sha256 over the committed JSON Schema and each bundled scheme file, in name order."""
    folder = resources.files("dutyscore.schemes")
    digest = hashlib.sha256(folder.joinpath("scheme.schema.json").read_bytes())
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            digest.update(b"\0" + entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


@cache
def bundle_is_verified() -> bool:
    """Whether the bundle is the one whose JSON Schema check the test suite recorded."""
    recorded = resources.files("dutyscore.schemes").joinpath(VERIFIED)
    if not recorded.is_file():
        return False
    try:
        return bool(json.loads(recorded.read_text("utf-8")).get("bundle") == bundle_digest())
    except (ValueError, AttributeError):
        return False


def verified_text() -> str:
    """The content of ``schemes/verified.json`` for the bundle as it is now."""
    return json.dumps({"bundle": bundle_digest()}, indent=2) + "\n"
