"""The public façade: a sorted ``__all__`` of names that exist, and a typed package."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import dutyscore


def test_all_is_sorted_and_complete() -> None:
    assert dutyscore.__all__ == sorted(dutyscore.__all__)
    for name in dutyscore.__all__:
        assert hasattr(dutyscore, name), name


def test_import_is_lazy_and_every_public_name_resolves() -> None:
    """``import dutyscore`` loads nothing heavy (``dutyscore --help`` answers at once); each public
    name is found where the package says, and ``compliance`` stays the function even after its
    subpackage is imported."""
    code = (
        "import sys, dutyscore, dutyscore.cli\n"
        "heavy = sorted(m for m in ('pydantic', 'jsonschema', 'holidays', 'yaml') if m in sys.modules)\n"
        "print(heavy)\n"
        "import dutyscore.compliance.report\n"
        "print(callable(dutyscore.compliance), dutyscore.Scheme.__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "True Scheme"]
    assert set(dutyscore._WHERE) == set(dutyscore.__all__) - {"__version__"}
    assert all(getattr(dutyscore, name) is not None for name in dutyscore.__all__)


def test_package_ships_types_schema_and_schemes() -> None:
    assert resources.files("dutyscore").joinpath("py.typed").is_file()
    assert resources.files("dutyscore.schemes").joinpath("scheme.schema.json").is_file()
    assert dutyscore.bundled_scheme_ids() == [
        "dangjian-county-2021",
        "jiangsu-platform-2018",
        "jiangsu-two-duties-2015",
        "puyang-two-duties-2017",
        "qinglian-jiguan",
    ]
    for sid in dutyscore.bundled_scheme_ids():
        problems = list(dutyscore.iter_scheme_problems(dutyscore.scheme.load.read_scheme_text(sid)[0]))
        if sid == "dangjian-county-2021":  # the annex is cut off after (十七)
            assert [(p.severity, p.message) for p in problems] == [
                (
                    "warning",
                    "section 'index' declares 100 points but its items sum to 80 "
                    "(the scheme is marked partial)",
                )
            ]
        else:
            assert problems == []
