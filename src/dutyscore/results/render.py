"""Renderers of the output models (a rubric today) into what people read: Markdown and one
self-contained HTML page (inline style, nothing fetched: government intranets have no
internet). Templates are files in ``dutyscore/templates``, rendered by Jinja2 with
autoescaping on for HTML, so text from a scheme can never become markup."""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

Format = Literal["md", "html"]


def _cell(text: Any) -> str:
    """Text as one Markdown table cell: a pipe or a line break would end it."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


@cache
def _environment(autoescape: bool) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dutyscore", "templates"),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = _cell
    return env


def render(model: BaseModel, name: str, fmt: Format) -> str:
    """``model`` through the template ``<name>.<fmt>.j2``."""
    template = _environment(fmt == "html").get_template(f"{name}.{fmt}.j2")
    return str(template.render(r=model))
