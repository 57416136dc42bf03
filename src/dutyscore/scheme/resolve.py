"""One way to find a scheme from a reference, for ``--scheme``, ``extends:``, ``id@version`` and
``--scheme-dir`` alike.

A reference is a path (it ends in ``.yaml``/``.yml`` or holds a slash) or an id, ``id@version``
too. A relative path is taken from the folder of the file that names it (the current folder
only for a reference given on the command line or to ``load_scheme``), so totals never depend on
where a command is run. An id is looked for in the given folders first, then among the bundled
schemes. Paths named inside a scheme stay within the folders the caller allowed: the folder of
the scheme file it started from and the scheme folders; a scheme given as text
(``load_scheme_text``) reads no file unless the caller names folders. A path that leaves them is
refused before anything is asked of the file system, so the refusal says nothing of whether the
file exists. Only regular files are read, and no more of one than the scheme size limit.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .._problems import Problem, SchemeInvalid
from .._text import read_text
from .._yamlsrc import YamlSyntaxError, load_yaml

#: How the display name of a bundled scheme file begins.
BUNDLED = "<bundled>/"
#: Longest name of one folder or file, and of a whole path, in bytes (as Linux allows).
MAX_PART_BYTES, MAX_PATH_BYTES = 255, 4096


def _refused(message: str) -> SchemeInvalid:
    return SchemeInvalid([Problem(message)])


def name_problem(ref: str) -> str | None:
    """Why ``ref`` cannot name a scheme at all (a NUL byte, a name too long), or None."""
    if "\0" in ref:
        return "a scheme name cannot hold a NUL byte"
    encoded = ref.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_PATH_BYTES:
        return f"a scheme name has at most {MAX_PATH_BYTES} bytes; this one has {len(encoded):,}"
    if any(len(part) > MAX_PART_BYTES for part in encoded.replace(b"\\", b"/").split(b"/")):
        return f"each part of a scheme name has at most {MAX_PART_BYTES} bytes"
    return None


def is_path(ref: str) -> bool:
    """Whether a reference names a file rather than an id."""
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


@dataclass(frozen=True)
class SchemeFiles:
    """Where references may lead: ``folders`` searched for ids (before the bundled schemes), and
    ``roots``, the folders a path must stay in (None: any path, as the caller's own reference)."""

    folders: tuple[Path, ...] = ()
    roots: tuple[Path, ...] | None = None

    @classmethod
    def of(cls, folders: Sequence[str | Path] = (), roots: Sequence[str | Path] | None = None) -> SchemeFiles:
        """Checked: every folder must exist (a mistyped ``--scheme-dir`` silently falling back on
        the bundled scheme would score with the wrong one)."""
        for folder in [*folders, *(roots or ())]:
            why = name_problem(str(folder))
            if why is not None:
                raise _refused(why)
            if not Path(folder).is_dir():
                raise _refused(f"no such scheme folder: {folder}")
        return cls(tuple(Path(f) for f in folders), None if roots is None else tuple(Path(r) for r in roots))

    def inside(self, file: str) -> SchemeFiles:
        """What a scheme read from ``file`` may name: files in its own folder (or below) and in
        the scheme folders, unless the caller already set narrower roots."""
        if self.roots is not None or file.startswith("<"):
            return self
        return replace(self, roots=(Path(file).parent, *self.folders))

    def find(
        self,
        ref: str,
        *,
        referrer: str | None = None,
        version: str | None = None,
        as_of: dt.date | None = None,
    ) -> tuple[str, str]:
        """The text and display name of the scheme ``ref`` names (see the module's docstring)."""
        why = name_problem(ref)
        if why is not None:
            raise _refused(why)
        if is_path(ref) or (self.roots is None and "@" not in ref and Path(ref).is_file()):
            return self._file(ref, referrer)
        scheme_id, _, at = ref.partition("@")
        return _choose(scheme_id, self._versions(scheme_id), version or at or None, as_of, ref)

    def _file(self, ref: str, referrer: str | None) -> tuple[str, str]:
        path = Path(ref)
        if not path.is_absolute() and referrer is not None and not referrer.startswith("<"):
            path = Path(referrer).parent / path
        elif not path.is_absolute() and self.roots:  # a text's relative path: from its folders
            path = next((root / path for root in self.roots if (root / path).is_file()), self.roots[0] / path)
        if self.roots is not None and not self._allowed(path):
            if not self.roots:
                raise _refused(
                    f"{ref!r}: a scheme given as text reads no file; name a bundled id, or give the "
                    "folders it may read (folders=)"
                )
            raise _refused(f"{ref!r} is outside the folders this scheme may read")
        text, problem = read_text(path, what="scheme", regular_only=True)
        if text is None:
            raise SchemeInvalid([problem] if problem is not None else [])
        return text.removeprefix("\ufeff"), str(path)

    def _allowed(self, path: Path) -> bool:
        """Whether ``path``, its links and ``..`` resolved, lies in one of the roots."""
        real = Path(os.path.realpath(path))
        return any(real.is_relative_to(os.path.realpath(root)) for root in self.roots or ())

    def _versions(self, scheme_id: str) -> list[tuple[str, str]]:
        """(text, name) of every file of ``scheme_id``: in the folders first, then bundled."""
        out: list[tuple[str, str]] = []
        for folder in self.folders:
            for path in sorted(folder.glob("*.y*ml")):
                if path.stem == scheme_id or path.stem.startswith(f"{scheme_id}@"):
                    text, problem = read_text(path, what="scheme", regular_only=True)
                    if text is None:
                        raise SchemeInvalid([problem] if problem is not None else [])
                    out.append((text.removeprefix("\ufeff"), str(path)))
        bundled = resources.files("dutyscore.schemes")
        for stem, name in bundled_files():
            if stem == scheme_id or stem.startswith(f"{scheme_id}@"):
                out.append((bundled.joinpath(f"{stem}.yaml").read_text("utf-8"), name))
        return out


def bundled_files() -> list[tuple[str, str]]:
    """(file stem, display name) of each bundled scheme file: ``<id>.yaml``, ``<id>@<version>.yaml``."""
    folder = resources.files("dutyscore.schemes")
    return sorted(
        (p.name.removesuffix(".yaml"), f"{BUNDLED}{p.name}")
        for p in folder.iterdir()
        if p.name.endswith(".yaml")
    )


def bundled_scheme_ids() -> list[str]:
    """Ids of the schemes shipped inside the package (each once, whatever its versions)."""
    return sorted({stem.split("@", 1)[0] for stem, _ in bundled_files()})


def _facts(text: str) -> tuple[str, dt.date | None, dt.date | None]:
    """A candidate file's version and effective dates, read without checking the rest."""
    try:
        doc = load_yaml(text).value
    except YamlSyntaxError:
        return "", None, None
    doc = doc if isinstance(doc, dict) else {}
    eff = doc.get("effective")
    eff = eff if isinstance(eff, dict) else {}
    start, until = eff.get("from"), eff.get("until")
    return (
        str(doc.get("version", "")),
        start if isinstance(start, dt.date) else None,
        until if isinstance(until, dt.date) else None,
    )


def _choose(
    scheme_id: str, files: list[tuple[str, str]], version: str | None, as_of: dt.date | None, ref: str
) -> tuple[str, str]:
    """Of the files of one id: the ``version`` named, else the one in force ``as_of``, else the
    one that took effect last."""
    if not files:
        known = ", ".join(bundled_scheme_ids()) or "none"
        raise _refused(f"no such scheme file or bundled scheme {ref!r} (bundled: {known})")
    if len(files) == 1 and version is None and as_of is None:
        return files[0]  # nothing to choose between: no need to read its version and dates
    facts = [(text, name, *_facts(text)) for text, name in files]
    if version is not None:
        chosen = [f for f in facts if f[2] == version]
        if not chosen:
            have = ", ".join(sorted({f[2] for f in facts}))
            raise _refused(f"scheme {scheme_id!r} has no version {version!r} (versions: {have})")
    elif as_of is not None:
        chosen = [f for f in facts if f[3] is not None and f[3] <= as_of and (f[4] is None or as_of <= f[4])]
        if not chosen:
            raise _refused(f"no version of scheme {scheme_id!r} is in force on {as_of}")
    else:
        chosen = facts
    best = max(chosen, key=lambda f: (f[3] or dt.date.min, f[2]))
    return best[0], best[1]
